"""Known places (``rules/places.yaml``) that open a project's name in a bid award.

A tender is often named after the place that tenders it (中标安吉两库引水工程: 安吉 pays the
winner). After a winning verb (``bid_known_place_before`` of ``rules/org_names.yaml``) up to
``bid_known_place_max`` known places in a row, and the county, district or town words of
``place_name`` after them, are the tenderer; a list of them (江西瑞金、河南安阳) gives each.
When a tenderer sent the notice itself (收到甲发来的中标通知书,确认公司为“德清…”的中标单位) the
place is not the payer (``bid_place_after_notice``). An organisation that opens the project's
name (中标青岭电网输变电项目: 青岭电网; ``bid_body_words``) is the tenderer too, known or not
(:func:`tender_body_spans`).

>>> s = "海川环卫先后中标了湖南浏阳、广东清远两个项目。"
>>> [s[a:b] for a, b in known_place_spans(s, [])]
['湖南浏阳', '广东清远']
>>> is_place("安吉"), is_place("江西瑞金"), is_place("宏达建设")
(True, True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import rules
from . import segment
from .literals import alternation as _alt
from .literals import compile_quick
from .wordsets import LongestWord


@dataclass
class PlaceRules:
    places: frozenset[str]
    first: LongestWord  # a known place at a position (its match, sub and pattern: an alternation's)
    bid_known: re.Pattern  # a winning verb, then known places (group "place")
    known_run: re.Pattern  # known places alone (the next item of a list)
    join: re.Pattern
    after_notice: re.Pattern
    bid_body: re.Pattern  # a winning verb, then an organisation that opens the project (group "body")
    body_words: tuple[str, ...] = ()  # bid_body_words, the longest first
    common_freq: int = 0  # a word at least this frequent in jieba's dictionary is a common one


_NOT_TENDERERS = ("abroad", "regions")  # places.yaml lists of places that open no tenderer's name


@rules.derived
@rules.loader("places.yaml")
def regions() -> frozenset[str]:
    """The regions of the world (``regions`` of rules/places.yaml: 欧洲, 东南亚)."""
    return frozenset(str(rules.load("places.yaml").get("regions") or "").split())


@rules.derived
@rules.loader("places.yaml")
def _where_names() -> frozenset[str]:
    """Every name of rules/places.yaml, the lists of places that open no tenderer's name too."""
    return frozenset(w for v in rules.load("places.yaml").values() for w in str(v).split())


def is_where(name: str) -> bool:
    """Is *name* a place or a region, which buys, sells or raises nothing (对欧洲的并购)? (One place only:
    日本德清 is a company of a country and a name.)

    >>> is_where("欧洲"), is_where("荷兰"), is_where("宁川银行"), is_where("日本德清")
    (True, True, False, False)
    """
    return name in _where_names()


@rules.derived
@rules.loader("org_names.yaml")
def place_rules() -> PlaceRules:
    """The compiled place patterns (rules/places.yaml: each list is one string of names)."""
    d = rules.load("org_names.yaml")
    places = frozenset(w for k, v in rules.load("places.yaml").items() if k not in _NOT_TENDERERS for w in str(v).split())
    alt = _alt(places)
    body = _alt(d["bid_body_words"])
    run = (
        f"(?:{alt}){{1,{int(d['bid_known_place_max'])}}}(?:{d['place_name']})"
        f"(?=[\u4e00-\u9fff]|{d['bid_known_place_join']})(?!{d['bid_known_place_not_before']})"
    )
    return PlaceRules(
        places=places,
        first=LongestWord(places),
        bid_known=_fast(f"(?:{d['bid_known_place_before']})(?P<place>{run})"),
        known_run=re.compile(run),
        join=re.compile(d["bid_known_place_join"]),
        after_notice=re.compile(d["bid_place_after_notice"]),
        bid_body=_fast(  # the longest: 澜川水务集团, not 澜川水务
            f"(?:{d['bid_known_place_before']})(?P<body>[\u4e00-\u9fff]{{2,8}}?(?:{body})(?:[\u4e00-\u9fff]{{0,4}}?(?:{body}))?)"
            f"(?![\u4e00-\u9fff]{{0,4}}(?:{_alt(d.get('bid_body_not_before') or ['(?!)'])}))(?:{d['bid_body_project']})"
        ),
        body_words=tuple(sorted(d["bid_body_words"], key=len, reverse=True)),
        common_freq=int(d["common_word_freq"]),
    )


def _fast(pattern: str) -> re.Pattern:
    """*pattern* searched for only where a match can start (literals.fast: the same matches,
    found without trying the pattern at every character of the article)."""
    return compile_quick(pattern)  # kg/extract/literals.py


@rules.derived
def place_first_chars() -> frozenset[str]:
    """The characters a known place starts with: a text position holding none starts no place
    (:func:`is_place` holds only for names that open with a known place)."""
    return frozenset(p[0] for p in place_rules().places if p)


def is_place(name: str) -> bool:
    """Is *name* a known place, or two in a row (江西瑞金)?"""
    p = place_rules().places
    if name in p:
        return True
    for i in range(2, len(name) - 1):  # (a loop, not any() over a generator: asked for every name)
        if name[:i] in p and name[i:] in p:
            return True
    return False


def known_place_spans(simp: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of known places that open a project's name after a winning verb, clear of *taken*."""
    r = place_rules()
    out: list[tuple[int, int]] = []
    for m in r.bid_known.finditer(simp):
        if after_notice(simp, m.start()):
            continue
        span = m.span("place")
        while span:
            a, b = span
            if not any(x <= a < y or a <= x < b for x, y in taken + out):
                out.append((a, b))
            j = r.join.match(simp, b)
            n = r.known_run.match(simp, j.end()) if j else None
            span = n.span() if n else None
    return out


def tender_body_spans(simp: str, taken: list[tuple[int, int]], ok) -> list[tuple[int, int]]:
    """Spans of organisations that open a project's name after a winning verb, clear of *taken*
    and accepted by *ok* (the caller's name checks: no function word, no count).

    >>> s = "禾光电缆预中标4.1亿元青岭电网采购项目,汇川电气中标澜川水务集团管网改造工程。"
    >>> [s[a:b] for a, b in tender_body_spans(s, [], lambda name: True)]
    ['青岭电网', '澜川水务集团']
    >>> s = "禾光电缆成为青岭电网项目的第一中标候选人。"
    >>> tender_body_spans(s, [], lambda name: True)
    []
    >>> s = "禾光电缆中标农村电网改造项目,汇川电气中标全国移动基站工程,青山电气中标广东电网采购项目。"
    >>> [s[a:b] for a, b in tender_body_spans(s, [], lambda name: True)]
    ['广东电网']
    """
    out: list[tuple[int, int]] = []
    for m in place_rules().bid_body.finditer(simp):
        a, b = m.span("body")
        if after_notice(simp, m.start()) or not _named_head(simp[a:b]) or not ok(simp[a:b]):
            continue
        if not any(x <= a < y or a <= x < b for x, y in taken + out):
            out.append((a, b))
    return out


def _named_head(part: str) -> bool:
    """Does what comes before *part*'s organisation word name someone: a place opens it (广东电网,
    成都天府国际机场) or it holds a rare or taught word (青岭电网, 澜川水务集团)? Common words only
    (农村电网, 新建城市电网, 全国移动) describe the project won."""
    r = place_rules()
    end = next((w for w in r.body_words if part.endswith(w)), "")
    head = part[: len(part) - len(end)]
    if not head or any(is_place(head[:k]) for k in range(2, len(head) + 1)):
        return True
    freq, taught = segment.word_frequencies(), segment.taught_words()
    return any(w in taught or freq.get(w, 0) < r.common_freq for w in (head[a:b] for a, b in segment.tokens(head)))


def after_notice(simp: str, i: int) -> bool:
    """Does a tenderer that sent the notice itself stand before *i* in its sentence, and the
    notice name the winner (确定公司为…), not the project won (中标长沙市…)?"""
    if simp.startswith(("中标", "预中标", "成交"), i):
        return False
    lo = max((simp.rfind(c, 0, i) for c in "。;!?\n"), default=-1) + 1
    return bool(place_rules().after_notice.search(simp, max(lo, i - 120), i))


@rules.derived
@rules.loader("org_names.yaml")
def _where_rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, frozenset[str], frozenset[str]]:
    """``place_where_before``, ``place_described_after``, ``place_where_marks``, ``place_country_to`` of org_names.yaml,
    the countries and every place of rules/places.yaml (``abroad`` too: it opens no tenderer's name)."""
    d = rules.load("org_names.yaml")
    p = rules.load("places.yaml")
    return (
        re.compile(d["place_where_before"]),
        re.compile(d["place_described_after"]),
        re.compile(d["place_where_marks"]),
        re.compile(d["place_country_to"]),
        frozenset(str(p.get("countries") or "").split()),
        frozenset(w for v in p.values() for w in str(v).split()),
    )


def where_not_who(simp: str, a: int, b: int) -> bool:
    """Is ``simp[a:b]`` a place that says where, not who pays or is paid?

    A place after 位于/坐落 (or in a list after it), a place before the kind of body it describes
    (阿布扎比投资机构…), or a country alone after a word of destination (对日本…投资; ``place_where_before``,
    ``place_described_after``, ``place_country_to`` of rules/org_names.yaml).

    >>> s = "青禾资本拟收购位于东京都港区、大阪府和千叶县白井市的两座仓库。"
    >>> [where_not_who(s, s.index(p), s.index(p) + len(p)) for p in ("东京都港区", "大阪府", "千叶县白井市")]
    [True, True, True]
    >>> s = "澜川算力向迪拜投资机构海钧资本旗下基金配售新股,并对日本追加投资。"
    >>> where_not_who(s, 5, 7), where_not_who(s, s.index("日本"), s.index("日本") + 2), where_not_who(s, 0, 4)
    (True, True, False)
    >>> s = "新加坡宣布采购电动巴士。"
    >>> where_not_who(s, 0, 3)
    False
    >>> s = "泰国数据中心REIT拟收购两座机房。"
    >>> where_not_who(s, 0, 2), where_not_who(s, 0, 6)
    (True, True)
    """
    before, described, marks, to, countries, p = _where_rules()
    name = simp[a:b]
    if name in countries and (to.search(simp, max(0, a - 4), a) or described.match(simp, b)):
        return True  # 对日本累计投资, 日本数据中心REIT拟… (新加坡宣布采购: a buyer)
    for c in countries:
        if name.startswith(c) and described.fullmatch(name, len(c)):
            return True  # 日本数据中心: a description
    placeish = name in p or any(name[:i] in p and name[i:] in p for i in range(2, len(name) - 1)) or any(
        name[:i] in p and len(name) - i <= 6 and marks.search(name) for i in range(2, len(name) - 1)
    )
    if not placeish:
        return False
    return bool(before.search(simp, max(0, a - 40), a) or described.match(simp, b))
