"""Organisations discovered from patterns: names before a corporate suffix or an industry word,
tickers and stock codes."""

from __future__ import annotations

import bisect
import re

from .. import rules
from . import postag, segment
from .gazetteer import Gazetteer
from .mentions import _ALL_CJK, Mention, key
from .names import is_generic_name, name_before, not_a_latin_name
from .org_rules import _org_type, org_patterns


def discover(
    simp: str, text: str, known: list[Mention], gaz: Gazetteer, boundaries=None, unit_of=None, short_forms=None
) -> list[tuple[str, str, int, int]]:
    """Organisations found by pattern: ``(name, type, start, end)``, not overlapping *known*.

    A name made of a rare word and an industry word that is part of a known longer name
    (深瞳半导体 after 苏州深瞳半导体有限公司) is that company's short form: it is appended to
    *short_forms* as ``(entity name, start, end)`` instead.
    """
    pats = org_patterns()
    taken = set()
    for m in known:
        taken.update(range(m.start, m.end))
    found = []

    def add(name, start, end):
        if not taken.isdisjoint(range(start, end)):
            return
        k = key(name).replace(" ", "")
        if k in pats.products or pats.model_name.match(name):
            return
        found.append((name, _org_type(name), start, end))
        taken.update(range(start, end))

    for m in pats.english.finditer(simp):
        words = m.group(0).split()
        skip = 0
        while skip < len(words) - 1 and words[skip] in pats.english_stop:
            skip += 1
        words = words[skip:]
        if len(words) < 2:
            continue
        start = m.start() + len(" ".join(m.group(0).split()[:skip])) + (1 if skip else 0)
        add(text[start : m.end()], start, m.end())
    known_ends = {k.end for k in known}  # 三星|Catalyst基金: the Latin words go on a known name
    for m in _latin_chinese().finditer(simp):  # KDB集团, 3G资本: a Latin name, then a Chinese corporate suffix
        name = m.group("name")
        if (
            m.start() not in known_ends
            and any(c.isupper() for c in name)
            and len(name) >= 2
            and not not_a_latin_name(name)
            and not pats.suffix_stop.match(simp, m.end())
            and not pats.chinese.match(simp, m.end())
        ):
            add(" ".join(text[m.start() : m.end()].split()), m.start(), m.end())
    hits = [
        m
        for m in pats.chinese.finditer(simp)
        if m.start() > 0
        and "\u4e00" <= simp[m.start() - 1] <= "\u9fff"
        and taken.isdisjoint(range(m.start(), m.end()))
    ]
    if hits and boundaries is not None and unit_of is not None:
        bounds = sorted(boundaries(sorted({unit_of(m.start()) for m in hits})))
        for m in hits:
            p, q = m.start(), m.end()
            nxt = pats.chinese.match(simp, q)
            for _ in range(8):  # 创投 + 集团, 资本 + 控股
                if not nxt:
                    break
                q = nxt.end()
                nxt = pats.chinese.match(simp, q)
            if nxt:
                continue  # 集团集团集团...: a run of suffixes is not a name (and following it is quadratic)
            if pats.suffix_stop.match(simp, q):
                continue  # 资本支出, 银行股: not a name
            name_start = name_before(simp, p, bounds)
            if name_start is None:
                continue
            part = simp[name_start:p]
            if not _ALL_CJK.fullmatch(part):
                continue
            if is_generic_name(part) and m.group() not in pats.place_suffixes and not _city_bank(part, m.group()):
                continue
            if gaz.resolve(part) is not None:
                continue  # 辉达公司: the known entity already covers it
            if m.group() in pats.verb_suffixes and _ends_in_verb(part, pats):
                continue  # 青禾电子实现控股: a clause before the suffix, no name
            if m.group() in pats.money_suffixes and _ends_in_money_kind(part, m.group(), pats):
                continue  # 甲科技注册资本, 某市属国有资本: a kind of money, no name
            if not taken.isdisjoint(range(name_start, q)):
                continue
            add(text[name_start:q], name_start, q)
    longer = {key(m.text).replace(" ", ""): m.name for m in known}
    for name_start, q in _industry_names(simp, taken, gaz, boundaries, unit_of):
        k = key(simp[name_start:q])
        owner = next((n for t, n in longer.items() if k in t), None)
        if owner is not None:  # 兴城资产 inside 成都兴城资产管理有限公司: a short form, not a company
            if short_forms is not None and taken.isdisjoint(range(name_start, q)):
                short_forms.append((owner, name_start, q))
                taken.update(range(name_start, q))
            continue
        add(text[name_start:q], name_start, q)
    return found


@rules.derived
@rules.loader("org_patterns.yaml")
def _latin_chinese() -> re.Pattern:
    """A Latin name of one to three words right before a Chinese corporate suffix (``chinese_suffixes``
    of org_patterns.yaml): the name and the suffix are one name.

    >>> [m.group() for m in _latin_chinese().finditer("调动KDB集团的资源,5K资本联手,ETF基金")]
    ['KDB集团', '5K资本', 'ETF基金']
    """
    d = rules.load("org_patterns.yaml")
    cs = "|".join(re.escape(s) for s in sorted(d["chinese_suffixes"], key=len, reverse=True))
    word = r"[A-Z0-9][A-Za-z0-9&'\-]*"
    return re.compile(rf"(?<![A-Za-z0-9&'.\-])(?P<name>{word}(?:\s{word}){{0,2}})\s?(?:{cs})")


@rules.derived
@rules.loader("org_patterns.yaml")
def _city_banks() -> tuple[frozenset[str], frozenset[str]]:
    """(the suffixes of ``city_bank_suffixes``, the provinces and cities of rules/places.yaml)."""
    places = rules.load("places.yaml")
    where = frozenset(w for k in ("provinces", "cities") for w in str(places.get(k) or "").split())
    return frozenset(rules.load("org_patterns.yaml").get("city_bank_suffixes") or ()), where


def _city_bank(part: str, suffix: str) -> bool:
    """Is *part* + *suffix* a Chinese province's or city's own bank (上海银行, 天津银行)?

    >>> _city_bank("天津", "银行"), _city_bank("欧洲", "银行"), _city_bank("天津", "集团")
    (True, False, False)
    """
    suffixes, where = _city_banks()
    return suffix in suffixes and part in where


def industry_hits(simp: str) -> list[re.Match]:
    """Industry words that may end a company name (晶泰科技, 三生制药): candidates only."""
    pats = org_patterns()
    if pats.industry is None:
        return []
    not_before = rules.load("org_patterns.yaml").get("industry_suffix_not_before") or {}
    return [
        m
        for m in pats.industry.finditer(simp)
        if m.start() > 1
        and "\u4e00" <= simp[m.start() - 1] <= "\u9fff"
        and not simp.startswith(tuple(not_before.get(m.group()) or ()), m.end())  # 数据中心, 数据显示
    ]


def _industry_names(simp, taken, gaz, boundaries, unit_of):
    """``(start, end)`` of names made of a short rare word and an industry word (晶泰科技).

    Stricter than the corporate suffixes (集团, 有限公司): the name part is the one or two
    jieba tokens just before the industry word, 2-4 characters, none of them a common
    dictionary word (认购, 大型, 人工), and the whole is not itself a dictionary word
    (人工智能, 可再生能源).
    """

    pats = org_patterns()
    hits = [m for m in industry_hits(simp) if taken.isdisjoint(range(m.start(), m.end()))]
    if not hits or boundaries is None or unit_of is None:
        return []
    bounds = sorted(boundaries(sorted({unit_of(m.start()) for m in hits})))
    freq = segment.word_frequencies()
    taught = segment.taught_words()
    out = []
    for m in hits:
        p, q = m.span()
        if pats.suffix_stop.match(simp, q) or pats.chinese.match(simp, q):
            continue  # 科技股, 汽车业; 科技集团 is the corporate suffix's
        k = bisect.bisect_left(bounds, p)
        if k == 0 or bounds[k - 1] >= p:
            continue
        start = bounds[k - 1]
        tokens = [simp[start:p]]
        if p - start == 1 and k >= 2:  # 九龙|仓: a one-character token takes the one before
            start = bounds[k - 2]
            tokens.insert(0, simp[start : p - 1])
        part = simp[start:p]
        if not 2 <= len(part) <= 4 or not _ALL_CJK.fullmatch(part):
            continue
        if any(freq.get(t, 0) >= pats.industry_max_freq and t not in taught for t in tokens):
            continue
        if freq.get(part + m.group(), 0) > 0 or freq.get(part, 0) >= pats.industry_max_freq:
            continue
        if part[0] in pats.industry_bad_first or part[-1] in pats.industry_bad_last:
            continue
        if part in pats.industry_generic or is_generic_name(part) or gaz.resolve(part) is not None:
            continue
        if any(i in taken for i in range(start, q)):
            continue
        if not _industry_tags_ok(part, pats):
            continue
        out.append((start, q))
    return out


def _ends_in_verb(part: str, pats) -> bool:
    """Does the name part before a corporate suffix that is a verb too (控股) end in a verb of two characters or
    more after another word (青禾电子实现, org_patterns.yaml chinese_part_bad_last_tags), no word that ends names
    (宁川发展)?

    >>> p = org_patterns()
    >>> _ends_in_verb("青禾电子实现", p), _ends_in_verb("宁川发展", p), _ends_in_verb("青禾", p)
    (True, False, False)
    """
    toks = postag.tags(part, hmm=False)
    w, f = toks[-1]
    return len(toks) > 1 and len(w) >= 2 and f in pats.part_bad_last_tags and w not in pats.part_verb_keep


def _ends_in_money_kind(part: str, suffix: str, pats) -> bool:
    """Does the name part before *suffix* (a ``money_kind_suffixes`` word of org_patterns.yaml) end in a generic
    word that makes a kind of money with it (注册|资本, 国有|资本: in ``chinese_generic`` or a dictionary word)?

    >>> p = org_patterns()
    >>> _ends_in_money_kind("青禾科技注册", "资本", p), _ends_in_money_kind("某市属国有", "资本", p)
    (True, True)
    >>> _ends_in_money_kind("青禾", "资本", p), _ends_in_money_kind("红杉", "资本", p)
    (False, False)
    """
    freq = segment.word_frequencies()
    for k in range(min(4, len(part)), 1, -1):
        word = part[-k:]
        if word in pats.generic and (word + suffix in pats.generic or freq.get(word + suffix, 0) > 0):
            return True
    return False


def _industry_tags_ok(part: str, pats) -> bool:
    """jieba.posseg of the name part: no adverb, conjunction or preposition first (所持, 仅为,
    最具), and not one verb (甩卖, 置出)."""
    toks = postag.tags(part)
    if toks[0][1] in pats.industry_bad_tags:
        return False
    return not (len(toks) == 1 and toks[0][1] in pats.industry_verb_tags)


def find_tickers(simp: str) -> list[tuple[str, int, int]]:
    """Tickers in explicit ticker notation: ``(ticker, start, end)``."""
    out = []
    for pat in org_patterns().tickers:
        for m in pat.finditer(simp):
            out.append((m["ticker"], m.start("ticker"), m.end("ticker")))
    return out


