"""The announcing company of an exchange announcement.

An announcement names its company in a line of its own (``XX股份有限公司关于…的公告``), often after
header lines (``证券代码:… 证券简称:… 公告编号:…``); in its text 公司/本公司 is that company, and
the header's 证券简称 is its short name.
"""

from __future__ import annotations

from .orgnames import name_rules

_ANNOUNCER_HEAD = 400  # characters at the start of a text where the announcing line is looked for


def announcer(simp: str) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    r"""The company that announces (a first line ``XX股份有限公司关于…的公告``) and the spans of
    公司/本公司 that name it: ``((start, end), [(start, end), ...])``, or None.

    >>> s = "宏达建设股份有限公司关于全资子公司中标的公告\n本公司全资子公司近日中标,公司将公告进展。"
    >>> (a, b), spans = announcer(s)
    >>> s[a:b], [s[x:y] for x, y in spans]
    ('宏达建设股份有限公司', ['本公司', '公司'])
    """
    r = name_rules()
    m = r.announcer.search(simp, 0, _ANNOUNCER_HEAD)  # after a header line (证券代码:… 证券简称:…) too
    if m is None:
        return None
    return m.span("name"), [p.span() for p in r.pronoun.finditer(simp, m.end())]


def header_short(simp: str) -> tuple[int, int] | None:
    r"""The stock short name of an announcement's header line (证券简称:睿芯微), as a span.

    >>> s = "证券代码:688356 证券简称:睿芯微 公告编号:2026-033\n苏州睿芯微电子股份有限公司关于…的公告"
    >>> a, b = header_short(s)
    >>> s[a:b]
    '睿芯微'
    """
    m = name_rules().header_short.search(simp, 0, _ANNOUNCER_HEAD)
    return m.span("short") if m else None
