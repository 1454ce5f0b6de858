"""Dates: an article's own date, and the dates its sentences give relative to it.

An article's date comes, in this order, from the metadata given with it (a JSON Lines
``date``), the HTML page's metadata (``<meta property="article:published_time">``,
``itemprop="datePublished"``, JSON-LD ``"datePublished"``, the first ``<time datetime>``),
Markdown front matter (``date:``), or a dateline with a full date near the top of the text
(``2025年10月6日``, ``2025-10-06``). Every date is ISO ``YYYY[-MM[-DD]]``.

A deal's date is the one its sentence states (``2025年10月6日``, or relative to the article's
date: ``10月1日``, ``上月``, ``今年``, ``周一``, ``昨（31）日``), with ``date_origin`` "stated",
unless it is after the article's date (a deal is made by the time it is told: ``2032年4月前``,
``明年上半年完成`` say when it is due); otherwise the article's date, with ``date_origin`` "article"; otherwise none. An article
that gives no date at all may be given one by its reader (``kg ingest --default-date``,
:func:`assume_date`): its deals' dates then have ``date_origin`` "default".

>>> resolve_relative("公司10月1日宣布", "2025-10-06"), resolve_relative("上月完成", "2025-01-15")
('2025-10-01', '2024-12')
>>> resolve_relative("昨(31)日公告", "2025-11-01"), resolve_relative("周一表示", "2025-10-09")
('2025-10-31', '2025-10-06')
>>> text_date("---\\ntitle: x\\ndate: 2025-09-22\\n---\\n正文"), html_date('<meta property="article:published_time" content="2025-10-06T08:00:00+08:00">')
('2025-09-22', '2025-10-06')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .. import rules
from ..errors import RuleError, UsageError
from .front_matter import split_front_matter
from .literals import alternation, start_chars

_ISO = re.compile(r"((?:19|20)\d{2})(?:[-/.年]\s?(1[0-2]|0?[1-9])(?:[-/.月]\s?(3[01]|[12]\d|0?[1-9])[日号]?)?)?")
_FULL = re.compile(r"((?:19|20)\d{2})\s?(?:年|-|/|\.)\s?(1[0-2]|0?[1-9])\s?(?:月|-|/|\.)\s?(3[01]|[12]\d|0?[1-9])")


def iso(y: int, m: int | None = None, d: int | None = None) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def parse_date(value: str | None) -> str | None:
    """An ISO ``YYYY[-MM[-DD]]`` from a metadata value (``2025-10-06T08:00:00Z``, ``2025/10/6``).

    >>> parse_date("2025-10-06T08:00:00Z"), parse_date("2025年10月"), parse_date("soon")
    ('2025-10-06', '2025-10', None)
    """
    if not value:
        return None
    m = _ISO.search(str(value).strip()[:40])
    if not m:
        return None
    y, mo, d = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    if mo and d:
        try:
            date(y, mo, d)
        except ValueError:
            return iso(y, mo)
    return iso(y, mo or None, d or None)


_META = [
    re.compile(
        r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"']?(?:article:published_time|datePublished|"
        r"pubdate|publishdate|publish_date|og:published_time|dc\.date|date)[\"']?[^>]*>",
        re.I,
    ),
    re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"", re.I),
    re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.I),
]
_CONTENT = re.compile(r"\b(?:content|datetime)\s*=\s*[\"']([^\"']+)[\"']", re.I)


def html_date(html: str) -> str | None:
    """The publication date an HTML page's metadata gives, or None."""
    head = html[:200_000]
    for pat in _META:
        for m in pat.finditer(head):
            raw = m.group(1) if pat.groups else (_CONTENT.search(m.group(0)) or [None, None])[1]
            found = parse_date(raw)
            if found:
                return found
    return None


def text_date(text: str) -> str | None:
    """The date of a text: its front matter's ``date:`` (:mod:`kg.extract.front_matter`), else a
    full dateline near the top (of the text after the front matter), else the date an
    announcement is signed with on one of its last lines.

    >>> text_date("青禾科技股份有限公司关于中标的公告" + "。" * 200 + "\\n青禾科技股份有限公司董事会\\n2025年11月20日\\n")
    '2025-11-20'
    """
    text, meta = split_front_matter(text)
    found = parse_date(meta.get("date"))
    if found:
        return found
    m = _FULL.search(text[:160])
    if m:
        return parse_date(f"{m[1]}-{m[2]}-{m[3]}")
    for line in [x for x in text[-300:].splitlines() if x.strip()][-3:]:
        m = _SIGNED.fullmatch(line.strip())
        if m:  # an announcement signed at its end: …董事会 / 2025年11月20日
            return parse_date(f"{m[1]}-{m[2]}-{m[3]}")
    return None


# the signature date that closes an exchange announcement: one of its last lines holds only a date
_SIGNED = re.compile(r"((?:19|20)\d{2})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日")


def _ref(article_date: str | None) -> tuple[int, int | None, int | None] | None:
    if not article_date:
        return None
    parts = [int(x) for x in article_date.split("-")]
    return parts[0], (parts[1] if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


@dataclass(frozen=True)
class DateRules:
    """The words of relative dates (rules/dates.yaml) and the pattern built from them."""

    pattern: re.Pattern  # a date a sentence states, absolute (ends the search) or relative
    years: dict[str, int]
    months: dict[str, int]
    days: dict[str, int]
    weeks: dict[str, int]
    weekdays: dict[str, int]
    future_marks: tuple[str, ...]
    examples: tuple[dict, ...]
    negatives: tuple[dict, ...]


@rules.derived
@rules.loader("dates.yaml")
def date_rules() -> DateRules:
    """rules/dates.yaml read once per rule set: its word lists and the date pattern they make."""
    d = rules.load("dates.yaml")
    path = str(rules.active().base / "dates.yaml")

    def offsets(key: str) -> dict[str, int]:
        v = d.get(key)
        if not isinstance(v, dict) or not v or not all(isinstance(n, int) for n in v.values()):
            raise RuleError(f"{key}: expected a mapping of word to a whole number", path=path)
        return {str(k): n for k, n in v.items()}

    def group(name: str, ws) -> str:
        return f"(?P<{name}>{alternation([str(w) for w in ws])})"

    years, months, days, weeks, weekdays = (
        offsets(k) for k in ("relative_years", "relative_months", "relative_days", "relative_weeks", "weekdays")
    )
    pattern = start_chars(re.compile(
        r"(?P<ymd>(?:19|20)\d{2}\s?年)"  # an absolute date: not relative, stop here
        + "|" + group("rday", d["bracket_day_marks"]) + r"\s?[(（]\s?(?P<rdn>3[01]|[12]\d|0?[1-9])\s?[)）]\s?日"
        + r"|(?<![\d年])(?P<md_m>1[0-2]|0?[1-9])\s?月\s?(?:(?P<md_d>3[01]|[12]\d|0?[1-9])\s?[日号])?(?![\d份])"
        + "|" + group("mon", months)
        + "|" + group("year", years)
        + "|" + group("wk", weeks) + "?(?:" + alternation([str(w) for w in d["week_words"]]) + ")" + group("wd", weekdays)
        + "|" + group("day", days)
    ))  # searched only where a date can start (kg/extract/literals.py)
    return DateRules(
        pattern=pattern, years=years, months=months, days=days, weeks=weeks, weekdays=weekdays,
        future_marks=tuple(str(w) for w in d.get("future_marks") or ()),
        examples=tuple(d.get("examples") or ()), negatives=tuple(d.get("negatives") or ()),
    )


def resolve_relative(simp: str, article_date: str | None) -> str | None:
    """The first date a (Simplified) sentence states relative to *article_date*, as ISO, or None.

    An absolute date with a year in the sentence ends the search (the caller reads it).
    Precision never exceeds the article date's: against ``2025-10`` a weekday gives nothing.
    """
    ref = _ref(article_date)
    if ref is None:
        return None
    y, m, d = ref
    r = date_rules()
    for g in r.pattern.finditer(simp):
        if g["ymd"]:
            return None
        if g["rday"]:
            if m is None:
                continue
            day = int(g["rdn"])
            yy, mm = y, m
            if d is not None and day > d:  # 昨(31)日 in a paper of the 1st: last month's 31st
                yy, mm = _shift_month(y, m, -1)
            try:
                return date(yy, mm, day).isoformat()
            except ValueError:
                continue
        if g["md_m"]:
            mm = int(g["md_m"])
            dd = int(g["md_d"]) if g["md_d"] else None
            yy = y
            if m is not None and mm - m > 6:  # 12月 in a January paper: last year
                yy -= 1
            elif m is not None and m - mm > 6 and any(w in simp[: g.start()] for w in r.future_marks):
                yy += 1
            if dd is not None:
                try:
                    date(yy, mm, dd)
                except ValueError:
                    continue
            return iso(yy, mm, dd)
        if g["mon"]:
            if m is None:
                continue
            return iso(*_shift_month(y, m, r.months[g["mon"]]))
        if g["year"]:
            return iso(y + r.years[g["year"]])
        if g["wd"]:
            if m is None or d is None:
                continue
            today = date(y, m, d)
            want = r.weekdays[g["wd"]]
            monday = today - timedelta(days=today.weekday())
            week = r.weeks.get(g["wk"] or "", 0)
            if g["wk"]:
                return (monday + timedelta(days=7 * week + want)).isoformat()
            back = (today.weekday() - want) % 7  # a bare weekday: the latest one on or before the date
            return (today - timedelta(days=back)).isoformat()
        if g["day"]:
            if m is None or d is None:
                continue
            return (date(y, m, d) + timedelta(days=r.days[g["day"]])).isoformat()
    return None


ASSUMED_ORIGINS = ("article", "default")
"""``date_origin`` values of a date the deal's text does not state: its article's date, or the
date a reader gave an undated article. Such dates never keep two reports of one deal apart."""


def date_deals(deals, article_date: str | None, simplify=lambda s: s, origin: str = "article") -> None:
    """Give every deal a date and its origin: stated (absolute or relative) or the article's.

    *simplify* maps an evidence sentence to Simplified script (the rules are written in it).
    *origin*: the ``date_origin`` of a date that comes from *article_date* ("article", or
    "default" for a date the reader gave, relative dates resolved against it included).
    """
    for deal in deals:
        if deal.date and not _after(deal.date, article_date):
            deal.date_origin = deal.date_origin or "stated"
            continue
        deal.date = deal.date_origin = None  # a date after the article's says when a deal is due
        found = None
        for ev in deal.evidence:
            found = resolve_relative(simplify(ev.text), article_date) if article_date else None
            if found and not _after(found, article_date):
                break
            found = None
        if found:
            deal.date, deal.date_origin = found, ("stated" if origin == "article" else origin)
        elif article_date:
            deal.date, deal.date_origin = article_date, origin


def _after(value: str, article_date: str | None) -> bool:
    """Whether *value* is wholly after *article_date*: a deal is made by the time it is reported,
    so such a date (2032年4月前, 明年上半年完成交割, a bond due 2029) says when it is due.

    >>> _after("2026", "2025-10-23"), _after("2025-10", "2025-10-01"), _after("2032-04", None)
    (True, False, False)
    """
    return bool(article_date) and date_bounds(value)[0] > date_bounds(article_date)[1]


_USER_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def user_date(value: str, option: str = "date") -> str:
    """A date a user typed (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), as ISO; anything else is a
    :class:`~kg.errors.UsageError` naming *option*.

    >>> user_date("2025-9-3"), user_date(" 2025-10 ")
    ('2025-09-03', '2025-10')
    >>> user_date("2025-02-30", "--default-date")
    Traceback (most recent call last):
    kg.errors.UsageError: [E004] --default-date: '2025-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)
    """
    m = _USER_DATE.fullmatch(str(value).strip())
    try:
        y, mo, d = (int(g) if g else None for g in m.groups())  # type: ignore[union-attr]
        date(y, mo or 1, d or 1)
    except (AttributeError, TypeError, ValueError):
        raise UsageError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", path=option) from None
    return iso(y, mo, d)


def assume_date(result, default: str | None, simplify=lambda s: s) -> None:
    """Date an article that gives no date of its own (no metadata, no dateline) with *default*.

    The article takes *default* as its date; its deals that state none take it too (or resolve
    their relative dates against it), all with ``date_origin`` "default". An article with a
    date of its own is left as it is. *default*: ``YYYY[-MM[-DD]]`` (:func:`user_date`);
    *simplify*: as for :func:`date_deals` (:func:`kg.extract.normalize.to_simplified`).

    >>> from kg import analyze
    >>> r = analyze("腾讯宣布向美团投资25亿元。")
    >>> assume_date(r, "2025-10-06")
    >>> r.article.date, [(d.date, d.date_origin) for d in r.deals]
    ('2025-10-06', [('2025-10-06', 'default')])
    """
    if not default or result.article.date:
        return
    result.article.date = user_date(default)
    date_deals(result.deals, result.article.date, simplify, origin="default")


def date_bounds(value: str) -> tuple[str, str]:
    """The first and last day a partial ISO date covers: ``2025-10`` -> (2025-10-01, 2025-10-31).

    >>> date_bounds("2025"), date_bounds("2024-02"), date_bounds("2025-10-06")
    (('2025-01-01', '2025-12-31'), ('2024-02-01', '2024-02-29'), ('2025-10-06', '2025-10-06'))
    """
    parts = value.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    m = int(parts[1])
    if len(parts) == 2:
        ny, nm = _shift_month(y, m, 1)
        last = date(ny, nm, 1) - timedelta(days=1)
        return f"{y:04d}-{m:02d}-01", last.isoformat()
    return value[:10], value[:10]


def in_range(value: str | None, since: str | None = None, until: str | None = None) -> bool:
    """Whether a (partial) date may fall within [since, until]; undated is out when a bound is set.

    >>> in_range("2025-10", since="2025-10-15"), in_range("2025-10", until="2025-09-30"), in_range(None, since="2000")
    (True, False, False)
    """
    if since is None and until is None:
        return True
    if not value:
        return False
    lo, hi = date_bounds(value)
    if since is not None and hi < date_bounds(since)[0]:
        return False
    if until is not None and lo > date_bounds(until)[1]:
        return False
    return True
