"""Entity mentions: gazetteer aliases, then organisations discovered from patterns.

Matching runs on the Simplified, half-width copy. Candidates come from an
Aho-Corasick automaton over all alias keys; short or weak Chinese aliases
must also line up with jieba token boundaries (so 富国 in 富国强兵 or 投资 in
投资者 do not count). Overlaps are resolved by :func:`filter_spans`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from . import rules
from .gazetteer import Gazetteer
from .gazetteer import key as _key
from .orgnames import announcer, org_kind, org_names, trim_front


@lru_cache(maxsize=16384)
def _key_short(s: str) -> str:
    return _key(s)


@lru_cache(maxsize=2)
def _key_long(s: str) -> str:
    return _key(s)


def key(s: str) -> str:
    """:func:`kg.gazetteer.key`, remembered: names recur in every article, and several
    stages key the same article text."""
    return _key_short(s) if len(s) <= 64 else _key_long(s)


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_LEGAL_FORM = re.compile(
    r"\([\u4e00-\u9fff]{2,4}\)|股份有限公司$|有限责任公司$|有限公司$|合伙企业(?:\(有限合伙\))?$"
)
_BUSINESS_WORDS = (
    "能源",
    "电子",
    "汽车",
    "科技",
    "资本",
    "半导体",
    "云",
    "金融",
    "银行",
    "证券",
    "保险",
    "地产",
    "物流",
    "医疗",
    "健康",
    "音乐",
    "影业",
    "国际",
    "智能",
    "芯片",
    "微电子",
    "新能源",
    "动力",
    "电池",
)
_PLACE_TAIL = re.compile(
    r"\s?\([A-Z][A-Za-z .]{1,20}\)(?:\s(?:B\.V\.|Inc\.|Ltd\.|LLC|GmbH|S\.A\.|Co\., Ltd\.))?"
)
_ARM_TAIL = re.compile(r"旗下(?:的)?(?:基金|投资基金|产业基金|投资平台|资本|创投|投资公司)")
_LATIN_TAIL = re.compile(r"(?: [A-Z][A-Za-z0-9&.\-]*){1,4}")
_ACRONYM = re.compile(
    r"(?<![A-Za-z0-9])(?P<abbr>[A-Z]{2,6})\s?\(\s?(?P<full>[A-Z][A-Za-z&.\-]*(?: [A-Z&][A-Za-z&.\-]*){1,5})\s?\)"
)
_BRACKET_OPEN = re.compile(r"(?<=[\u4e00-\u9fff])\(\s?[A-Za-z0-9]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Mention:
    name: str
    start: int
    end: int
    text: str = ""
    needs_boundary: bool = False

    def to_dict(self):
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Entity:
    name: str
    type: str
    ticker: str | None = None
    discovered: bool = False
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self):
        return {
            "name": self.name,
            "type": self.type,
            "ticker": self.ticker,
            "discovered": self.discovered,
            "mentions": [m.to_dict() for m in self.mentions],
        }


def filter_spans(spans: Iterable[Mention]) -> list[Mention]:
    """Keep the longest of overlapping spans (earliest first on ties), sorted by start.

    >>> [ (m.start, m.end) for m in filter_spans([Mention("a", 0, 2), Mention("b", 0, 4), Mention("c", 3, 6)]) ]
    [(0, 4)]
    """
    out: list[Mention] = []
    taken: set[int] = set()
    for m in sorted(spans, key=lambda m: (-(m.end - m.start), m.start)):
        if any(i in taken for i in range(m.start, m.end)):
            continue
        out.append(m)
        taken.update(range(m.start, m.end))
    return sorted(out, key=lambda m: m.start)


def _latin_ok(text: str, start: int, end: int) -> bool:
    """A Latin alias stands alone: no letter or digit glued on, and no model or band suffix (AWS-4)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if text[end : end + 2][:1] == "-" and text[end + 1 : end + 2].isdigit():
        return False
    return not _ASCII_ALNUM.match(before) and not _ASCII_ALNUM.match(after)


def gazetteer_mentions(simp: str, gaz: Gazetteer) -> list[Mention]:
    """Candidate mentions of known entities (boundary checks for CJK still pending)."""
    lowered = key(simp) if not simp.isascii() else simp.lower()
    out = []
    for end_idx, (k, info) in gaz.automaton.iter(lowered):
        end = end_idx + 1
        start = end - len(k)
        if info.latin and not _latin_ok(simp, start, end):
            continue
        if info.case_sensitive and simp[start:end] != info.alias:
            continue
        needs = not info.latin and (info.weak or (len(k) < 3 and _crossed(lowered, start, end)))
        out.append(Mention(info.name, start, end, needs_boundary=needs))
    return out


def _crossed(low: str, start: int, end: int) -> bool:
    """Does a word taught to jieba, or a common dictionary word, straddle either end of the span?

    A short strong alias is taught to jieba with a very high frequency, so jieba cuts it out
    unless another word competes for its characters (高通膨: 通膨; 人工智慧与: 智慧). Only then
    is the sentence segmented to decide.
    """
    from . import segment

    taught = segment.taught_words()
    common = segment.word_frequencies()
    for a in range(max(0, start - 3), end):
        for b in range(max(a + 2, start + 1), min(len(low), a + 5) + 1):
            if (a < start < b or a < end < b) and not (a == start and b == end):
                w = low[a:b]
                if w in taught or common.get(w, 0) >= _COMMON_WORD_FREQ:
                    return True
    return False


_COMMON_WORD_FREQ = 300  # a dictionary word this common may win the characters (人工智慧与: 智慧, not 慧与)


# ------------------------------------------------------------ discovery


@dataclass
class OrgPatterns:
    english: re.Pattern
    english_stop: set[str]
    chinese: re.Pattern
    breakers: re.Pattern
    suffix_stop: re.Pattern
    place_suffixes: set
    generic: set[str]
    tickers: list[re.Pattern]
    products: set[str]
    model_name: re.Pattern
    industry: re.Pattern | None = None
    industry_max_freq: int = 50
    industry_bad_first: str = ""
    industry_bad_last: str = ""
    industry_generic: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
@rules.loader("org_patterns.yaml")
def org_patterns() -> OrgPatterns:
    d = rules.load("org_patterns.yaml")
    p = rules.load("products.yaml")
    suffixes = "|".join(re.escape(s) for s in sorted(d["english_suffixes"], key=len, reverse=True))
    word = r"[A-Z][A-Za-z0-9&'\-]*\.?"
    english = re.compile(rf"(?<![A-Za-z0-9])((?:{word}\s(?:&\s)?){{0,3}}{word})\s(?:{suffixes})(?![A-Za-z])")
    cs = "|".join(re.escape(s) for s in sorted(d["chinese_suffixes"], key=len, reverse=True))
    chinese = re.compile(rf"(?:{cs})")
    breakers = re.compile(
        "|".join(re.escape(b) for b in sorted(d["chinese_breakers"], key=len, reverse=True))
    )
    return OrgPatterns(
        english=english,
        english_stop=set(d["english_stopwords"]),
        chinese=chinese,
        place_suffixes=set(d.get("place_suffixes", [])),
        suffix_stop=re.compile("|".join(re.escape(w) for w in d["chinese_suffix_not_before"])),
        breakers=breakers,
        generic=set(d["chinese_generic"]),
        tickers=[re.compile(t) for t in d["ticker_patterns"]],
        products={key(n) for n in p["names"]},
        model_name=re.compile(p["model_name_pattern"]),
        industry=_alternation(d.get("industry_suffixes") or []),
        industry_max_freq=int(d.get("industry_name_max_freq", 50)),
        industry_bad_first="".join(d.get("industry_name_bad_first") or []),
        industry_bad_last="".join(d.get("industry_name_bad_last") or []),
        industry_generic=frozenset(key(w) for w in d.get("industry_name_generic") or []),
    )


def _alternation(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _only_generic(s: str, generic: set[str]) -> bool:
    """True when *s* can be cut entirely into generic words."""
    if not s:
        return True
    return any(s.startswith(g) and _only_generic(s[len(g) :], generic) for g in generic)


def _org_type(name: str) -> str:
    low = name.lower()
    if any(w in name for w in ("银行", "銀行")) or low.endswith(" bank"):
        return "bank"
    if any(w in name for w in ("基金", "资本", "資本", "创投", "創投")) or any(
        low.endswith(w)
        for w in (" capital", " ventures", " partners", " fund", " management", " investments")
    ):
        return "fund"
    if low.endswith(" research"):
        return "other"
    if any(
        w in name
        for w in ("高新区", "高新區", "开发区", "開發區", "国资委", "國資委", "管委会", "管委會", "政府")
    ):
        return "government"
    return "company"


def discover(
    simp: str, text: str, known: list[Mention], gaz: Gazetteer, boundaries=None, unit_of=None
) -> list[tuple[str, str, int, int]]:
    """Organisations found by pattern: ``(name, type, start, end)``, not overlapping *known*."""
    pats = org_patterns()
    taken = set()
    for m in known:
        taken.update(range(m.start, m.end))
    found = []

    def add(name, start, end):
        if any(i in taken for i in range(start, end)):
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
    hits = [
        m
        for m in pats.chinese.finditer(simp)
        if m.start() > 0
        and _CJK.match(simp[m.start() - 1])
        and not any(i in taken for i in range(m.start(), m.end()))
    ]
    if hits and boundaries is not None and unit_of is not None:
        bounds = sorted(boundaries(sorted({unit_of(m.start()) for m in hits})))
        for m in hits:
            p, q = m.start(), m.end()
            nxt = pats.chinese.match(simp, q)
            while nxt:  # 创投 + 集团, 资本 + 控股
                q = nxt.end()
                nxt = pats.chinese.match(simp, q)
            if pats.suffix_stop.match(simp, q):
                continue  # 资本支出, 银行股: not a name
            name_start = name_before(simp, p, bounds)
            if name_start is None:
                continue
            part = simp[name_start:p]
            if not all(_CJK.match(c) for c in part):
                continue
            if is_generic_name(part) and m.group() not in pats.place_suffixes:
                continue
            if gaz.resolve(part) is not None:
                continue  # 辉达公司: the known entity already covers it
            if any(i in taken for i in range(name_start, q)):
                continue
            add(text[name_start:q], name_start, q)
    for name_start, q in _industry_names(simp, taken, gaz, boundaries, unit_of):
        add(text[name_start:q], name_start, q)
    return found


def industry_hits(simp: str) -> list[re.Match]:
    """Industry words that may end a company name (晶泰科技, 三生制药): candidates only."""
    pats = org_patterns()
    if pats.industry is None:
        return []
    return [m for m in pats.industry.finditer(simp) if m.start() > 1 and _CJK.match(simp[m.start() - 1])]


def _industry_names(simp, taken, gaz, boundaries, unit_of):
    """``(start, end)`` of names made of a short rare word and an industry word (晶泰科技).

    Stricter than the corporate suffixes (集团, 有限公司): the name part is the one or two
    jieba tokens just before the industry word, 2-4 characters, none of them a common
    dictionary word (认购, 大型, 人工), and the whole is not itself a dictionary word
    (人工智能, 可再生能源).
    """
    from . import segment

    pats = org_patterns()
    hits = [m for m in industry_hits(simp) if not any(i in taken for i in range(m.start(), m.end()))]
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
        if not 2 <= len(part) <= 4 or not all(_CJK.match(c) for c in part):
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
        out.append((start, q))
    return out


def find_tickers(simp: str) -> list[tuple[str, int, int]]:
    """Tickers in explicit ticker notation: ``(ticker, start, end)``."""
    out = []
    for pat in org_patterns().tickers:
        for m in pat.finditer(simp):
            out.append((m["ticker"], m.start("ticker"), m.end("ticker")))
    return out


def link_entities(
    simp: str,
    text: str,
    gaz: Gazetteer,
    boundaries: Callable[[list[tuple[int, int]]], set[int]],
    unit_of: Callable[[int], tuple[int, int]],
) -> list[Entity]:
    """All entities of an article with their mentions.

    *boundaries* segments the given spans and returns token boundary offsets;
    *unit_of* maps an offset to the span to segment for it (the run of text jieba
    segments on its own, see :func:`kg.segment.segment_units`, else the sentence).
    Segmentation is asked for once, only where a boundary decides something.
    """
    pats = org_patterns()
    cands = gazetteer_mentions(simp, gaz)
    need = {unit_of(p) for m in cands if m.needs_boundary for p in (m.start, m.end - 1)}
    covered = sorted((m.start, m.end) for m in cands)
    need |= {
        unit_of(m.start()) for m in pats.chinese.finditer(simp) if not _inside(covered, m.start(), m.end())
    }  # 软银集团: the known name already has its suffix
    need |= {unit_of(m.start() - 1) for m in _BRACKET_OPEN.finditer(simp)}
    need |= {unit_of(m.start()) for m in industry_hits(simp) if not _inside(covered, m.start(), m.end())}
    bounds_set = boundaries(sorted(need)) if need else set()
    bounds = sorted(bounds_set)
    cands = [m for m in cands if not m.needs_boundary or (m.start in bounds_set and m.end in bounds_set)]
    mentions = filter_spans(cands)
    entities: dict[str, Entity] = {}

    def entity_for(name: str, etype: str, discovered: bool, ticker: str | None = None) -> Entity:
        if name not in entities:
            rec = gaz.records.get(name)
            entities[name] = Entity(
                name=name,
                type=rec.type if rec else etype,
                ticker=(rec.tickers[0] if rec and rec.tickers else ticker),
                discovered=discovered,
            )
        return entities[name]

    def add_mention(name: str, start: int, end: int, etype="company", discovered=False, ticker=None):
        m = Mention(name, start, end, text[start:end])
        mentions.append(m)
        entity_for(name, etype, discovered, ticker).mentions.append(m)
        return m

    for m in mentions:
        m.text = text[m.start : m.end]
        entity_for(m.name, "company", False).mentions.append(m)

    def taken(start, end):
        return any(x.start < end and start < x.end for x in mentions)

    # tickers in explicit notation: link to known entities
    for ticker, start, end in find_tickers(simp):
        rec_name = gaz.tickers.get(ticker)
        if rec_name and not taken(start, end):
            add_mention(rec_name, start, end)

    def drop_inside(start, end):
        """Remove known mentions strictly inside a longer name (腾讯 in 腾讯音乐)."""
        inner = [
            m for m in mentions if start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
        ]
        if not inner or any(
            start > m.start or m.end > end
            for m in mentions
            if m.start < end and start < m.end and m not in inner
        ):
            return False
        for m in inner:
            mentions.remove(m)
            ent = entities.get(m.name)
            if ent and m in ent.mentions:
                ent.mentions.remove(m)
        return True

    def extend(m: Mention, end: int, etype: str) -> None:
        """Replace mention *m* by a discovered organisation spanning up to *end* (蔚来 -> 蔚来能源)."""
        mentions.remove(m)
        ent = entities.get(m.name)
        if ent and m in ent.mentions:
            ent.mentions.remove(m)
        add_mention(" ".join(text[m.start : end].split()), m.start, end, etype, True)

    # Wiwynn Technology Service Malaysia after 子公司: a subsidiary, not the parent
    for m in list(mentions):
        if not m.text.isascii() and not _ASCII_ALNUM.match(simp[m.start : m.start + 1] or " "):
            continue
        ext = _LATIN_TAIL.match(simp, m.end) or _PLACE_TAIL.match(simp, m.end)
        if ext and any(
            w in simp[max(0, m.start - 12) : m.start] for w in ("子公司", "旗下", "分公司", "孙公司")
        ):
            words = ext.group().split()
            bd = _bracket_data()
            if all(w in bd["latin_generic"] for w in words) or k_is_product(ext.group().strip()):
                continue
            place = _PLACE_TAIL.match(
                simp, ext.end()
            )  # Compal USA (Texas), Delta Electronics (Netherlands) B.V.
            if place:
                ext = place
            extend(m, ext.end(), "company")

    # 蔚来旗下的蔚来能源: a subsidiary named after its parent
    for m in list(mentions):
        if not simp[max(0, m.start - 4) : m.start].endswith(("旗下", "旗下的", "子公司", "旗下子公司")):
            continue
        word = next((w for w in _BUSINESS_WORDS if simp.startswith(w, m.end)), None)
        if word is None or not _free([x for x in mentions if x is not m], m.start, m.end + len(word)):
            continue
        extend(m, m.end + len(word), "company")

    # 中国移动旗下基金: the company's own fund acts for it
    for m in list(mentions):
        tail = _ARM_TAIL.match(simp, m.end)
        if tail and _free([x for x in mentions if x is not m], m.start, tail.end()):
            m.end = tail.end()
            m.text = text[m.start : m.end]

    # 北汽产投, 吉利资本: a company's investment arm is a party of its own
    arms = sorted(rules.load("org_patterns.yaml").get("investment_arm_words", []), key=len, reverse=True)
    for m in list(mentions):
        if m.text.isascii():
            continue
        word = next((w for w in arms if simp.startswith(w, m.end)), None)
        if word is None or not _free([x for x in mentions if x is not m], m.start, m.end + len(word)):
            continue
        if word == "投资" and simp.startswith(("者", "人", "方"), m.end + 2):
            continue
        after = m.end + len(word)
        if word == "投资" and (
            _VERB_OBJECT.match(simp, after)
            or any(x.start == after + (simp[after : after + 1] == " ") for x in mentions)
        ):
            continue  # 英伟达投资OpenAI 1000亿美元, 腾讯投资5亿元: the verb, not an investment arm
        if gaz.resolve(simp[m.start : m.end + len(word)]) is not None:
            continue
        extend(m, m.end + len(word), "fund")

    # QMN (Quanta Manufacturing Nashville): an acronym and its full name
    for am in _ACRONYM.finditer(simp):
        if taken(am.start("abbr"), am.end("abbr")) or taken(am.start("full"), am.end("full")):
            continue
        full = " ".join(am["full"].split())
        if not_a_latin_name(full) or gaz.resolve(full) or gaz.resolve(am["abbr"]):
            continue
        add_mention(full, am.start("full"), am.end("full"), _org_type(full), True)
        add_mention(full, am.start("abbr"), am.end("abbr"), _org_type(full), True)
        for later in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(am['abbr'])}(?![A-Za-z0-9])", simp):
            if not taken(later.start(), later.end()):
                add_mention(full, later.start(), later.end(), _org_type(full), True)

    # registered names, with the short name the article goes on to use
    for ls, le, ss, se in legal_names(simp):
        short = simp[ss:se] if ss is not None else None
        core = _LEGAL_FORM.sub("", simp[ls:le])  # 合肥市建设投资控股(集团)有限公司 -> 合肥市建设投资控股
        known = gaz.resolve(simp[ls:le]) or gaz.resolve(core) or (gaz.resolve(short) if short else None)
        if taken(ls, le) and not drop_inside(ls, le):
            continue
        if known is not None:
            add_mention(known.name, ls, le)
            if ss is not None and not taken(ss, se):
                add_mention(known.name, ss, se)
            continue
        name = " ".join(text[ss:se].split()) if ss is not None else " ".join(text[ls:le].split())
        add_mention(name, ls, le, _org_type(simp[ls:le]), True)
        if ss is not None and (not taken(ss, se) or drop_inside(ss, se)):
            add_mention(name, ss, se, _org_type(simp[ls:le]), True)

    # 中文名(English Name) and 中文名(01686)
    for zs, ze, other, os_, oe, is_code in bracket_names(simp, text, bounds, gaz):
        zh_known = next((m for m in mentions if m.start == zs and m.end == ze), None)
        ending = next((m for m in mentions if m.end == ze and zs < m.start and gaz.records.get(m.name)), None)
        if zh_known is None and ending is not None:  # 私有化恒生银行(00011): the known name is the name
            zs, zh_known = ending.start, ending
        if zh_known is None and taken(zs, ze) and not (is_code or not gaz.resolve(other)):
            continue
        if zh_known is None and taken(zs, ze) and not drop_inside(zs, ze):
            continue
        if is_code:
            rec_name = gaz.by_ticker(other)
            if zh_known or rec_name:
                name = zh_known.name if zh_known else rec_name
                if not zh_known:
                    add_mention(name, zs, ze)
                continue
            part = simp[zs:ze]
            if is_generic_name(part):
                continue
            add_mention(" ".join(text[zs:ze].split()), zs, ze, _org_type(part), True, other)
            continue
        en_rec = gaz.resolve(other)
        en_known = next((m for m in mentions if m.start == os_), None)
        if en_rec is None and (
            not_a_latin_name(other)
            or not other[:1].isupper()
            or sum(w[:1].islower() for w in other.split()) > 1
        ):
            continue
        if zh_known and not en_known and not en_rec:
            add_mention(zh_known.name, os_, oe)
        elif en_rec and not zh_known:
            if gaz.is_party(en_rec.name) or en_rec.type == "other":
                add_mention(en_rec.name, zs, ze)
                if not en_known and not taken(os_, oe):
                    add_mention(en_rec.name, os_, oe)
        elif not en_rec and not zh_known and not en_known:
            if is_generic_name(simp[zs:ze]):
                continue
            name = " ".join(other.split())
            add_mention(name, zs, ze, _org_type(name), True)
            add_mention(name, os_, oe, _org_type(name), True)
            _add_head_mentions(simp, text, entities[name], mentions)

    for start, end, name in org_names(simp, mentions, gaz):  # short names by their context
        if not taken(start, end):
            add_mention(name, start, end, org_kind(name) or _org_type(name), True)
    ann = announcer(simp)  # XX股份有限公司关于…的公告: 公司/本公司 is XX
    owner = next((x for x in mentions if ann and (x.start, x.end) == ann[0]), None)
    for start, end in ann[1] if owner else []:
        if not taken(start, end):
            add_mention(owner.name, start, end)
    for name, etype, start, end in discover(simp, text, mentions, gaz, lambda spans: bounds_set, unit_of):
        start = trim_front(simp, start, end)  # 彼时广州证券 -> 广州证券
        name = text[start:end]
        canonical = " ".join(name.split())
        ent = None
        for e in entities.values():
            if e.discovered and key(e.name).replace(" ", "") == key(canonical).replace(" ", ""):
                ent = e
        ent = ent or entity_for(canonical, etype, True)
        m = Mention(ent.name, start, end, text[start:end])
        ent.mentions.append(m)
        mentions.append(m)
        _add_head_mentions(simp, text, ent, mentions)
    low = key(simp)
    _other_occurrences(low, text, entities, mentions)
    _short_forms(low, text, entities, mentions)
    _phases(simp, text, entities, mentions)
    for name in [n for n, e in entities.items() if not e.mentions]:
        del entities[name]
    for e in entities.values():
        e.mentions.sort(key=lambda m: m.start)
    return sorted(entities.values(), key=lambda e: e.mentions[0].start)


_VERB_OBJECT = re.compile(r"(?:了|约|近|逾|超过?)?\s?[\d零一二两三四五六七八九十百千万亿数几]")


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) inside one of the sorted *spans*?"""
    k = bisect.bisect_right(spans, (start, len(spans) and 1 << 60)) - 1
    for a, b in spans[max(0, k - 3) : k + 1]:
        if a <= start and end <= b:
            return True
    return False


def _free(mentions, start, end) -> bool:
    return not any(m.start < end and start < m.end for m in mentions)


def _other_occurrences(low, text, entities, mentions):
    """A discovered Chinese name found once (新世界发展(00017)) is the same company elsewhere in the text."""
    for e in list(entities.values()):
        if not e.discovered:
            continue
        for form in {key(m.text) for m in e.mentions if not m.text.isascii() and len(m.text) >= 3}:
            for mm in re.finditer(re.escape(form), low):
                inner = [x for x in mentions if x.start < mm.end() and mm.start() < x.end]
                if inner and all(
                    mm.start() <= x.start
                    and x.end <= mm.end()
                    and x.name != e.name
                    and (x.end - x.start) < len(form)
                    for x in inner
                ):
                    for x in inner:  # 蔚来中国 (a discovered subsidiary) over 蔚来 (NIO)
                        mentions.remove(x)
                        owner = entities.get(x.name)
                        if owner and x in owner.mentions:
                            owner.mentions.remove(x)
                if _free(mentions, mm.start(), mm.end()):
                    m = Mention(e.name, mm.start(), mm.end(), text[mm.start() : mm.end()])
                    e.mentions.append(m)
                    mentions.append(m)


def _short_forms(low, text, entities, mentions):
    """联想集团 is later just 联想: a name minus its corporate suffix, in the same article."""
    d = rules.load("org_patterns.yaml")
    suffixes = tuple(key(x) for x in d.get("short_form_suffixes", []))
    covered: set[int] | None = None
    for e in list(entities.values()):
        shorts = set()
        for m in e.mentions:
            k = key(m.text)
            for suf in suffixes:
                if k.endswith(suf) and len(k) - len(suf) >= 2 and not k.isascii():
                    shorts.add(k[: -len(suf)])
        for short in shorts:
            if _only_generic(short, org_patterns().generic):
                continue  # a common word is fine here: 联想 right after 联想集团 is Lenovo
            for mm in re.finditer(re.escape(short), low):
                if covered is None:  # mentions only grow here: keep their characters in a set
                    covered = {i for x in mentions for i in range(x.start, x.end)}
                if not any(i in covered for i in range(mm.start(), mm.end())):
                    m = Mention(e.name, mm.start(), mm.end(), text[mm.start() : mm.end()])
                    e.mentions.append(m)
                    mentions.append(m)
                    covered.update(range(m.start, m.end))


_PHASE = re.compile(r"[一二三四五六七八九]期")


def _phases(simp, text, entities, mentions):
    """大基金三期 is a fund of its own, not 大基金 (phase I)."""
    for m in list(mentions):
        p = _PHASE.match(simp, m.end)
        if not p or not _free([x for x in mentions if x is not m], m.start, p.end()):
            continue
        base = entities.get(m.name)
        name = f"{m.name} {simp[m.end : p.end()]}"
        ent = entities.get(name) or Entity(name=name, type=base.type if base else "fund", discovered=True)
        entities[name] = ent
        if base and m in base.mentions:
            base.mentions.remove(m)
        mentions.remove(m)
        nm = Mention(name, m.start, p.end(), text[m.start : p.end()])
        ent.mentions.append(nm)
        mentions.append(nm)


def k_is_product(name: str) -> bool:
    pats = org_patterns()
    return key(name).replace(" ", "") in pats.products or bool(pats.model_name.match(name))


def _add_head_mentions(simp: str, text: str, ent: Entity, mentions: list[Mention]) -> None:
    """'Magnetar Capital' is later just 'Magnetar': find the head word alone too."""
    words = ent.name.split()
    if len(words) < 2 or not ent.name.isascii():
        return
    head = " ".join(words[:-1])
    if len(head) < 4:
        return
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(head)}(?![A-Za-z0-9])", simp):
        if any(i in taken for i in range(m.start(), m.end())):
            continue
        mm = Mention(ent.name, m.start(), m.end(), text[m.start() : m.end()])
        ent.mentions.append(mm)
        mentions.append(mm)


# ------------------------------------------------------------ names in brackets


@lru_cache(maxsize=1)
@rules.loader("org_patterns.yaml")
def _bracket_data():
    d = rules.load("org_patterns.yaml")
    import jieba

    return {
        "max": int(d["max_name_chars"]),
        "desc": tuple(d["descriptor_endings"]),
        "countries": sorted(d["leading_countries"], key=len, reverse=True),
        "titles": tuple(d["person_titles"]),
        "code": re.compile(d["stock_code_pattern"]),
        "freq": int(d["generic_word_freq"]),
        "FREQ": jieba.dt.FREQ,
        "latin_stop": set(d["latin_not_names"]),
        "latin_generic": set(d["latin_generic_words"]),
        "given_names": set(d.get("latin_given_names", [])),
        "count_start": re.compile(d.get("name_count_start", "(?!)")),
    }


def not_a_latin_name(name: str) -> bool:
    """Acronyms and concepts (EBITDA, AIaaS, PS) and generic words are not organisation names."""
    bd = _bracket_data()
    words = re.split(r"[ &.\-]+", name.strip())
    words = [w for w in words if w]
    return (
        not words
        or any(w in bd["latin_stop"] for w in words)
        or all(w in bd["latin_generic"] for w in words)
        or k_is_product(name)
    )


_PLACE_BEFORE = ("州", "市", "省", "县", "镇", "区", "位于", "在", "于", "城")
_EN_IN_BRACKETS = re.compile(r"\(\s?(?P<en>[A-Za-z][A-Za-z0-9&.,' \-]{1,40}?)\s?\)")


@lru_cache(maxsize=1)
def _legal_pattern():
    d = rules.load("org_patterns.yaml")
    suffixes = "|".join(
        re.escape(x).replace("\\(", "\\(").replace("\\)", "\\)")
        for x in sorted(d["legal_suffixes"], key=len, reverse=True)
    )
    markers = "|".join(re.escape(x) for x in sorted(d["short_name_markers"], key=len, reverse=True))
    breakers = sorted(d["legal_name_breakers"], key=len, reverse=True)
    pat = re.compile(
        rf"(?P<run>[\u4e00-\u9fff]{{2,28}}(?:\([\u4e00-\u9fff]{{2,4}}\)[\u4e00-\u9fff]{{0,12}})?)"
        rf"(?P<suffix>{suffixes})"
        rf"(?:\s?\(\s?(?:{markers})\s?[\"“”「『]?(?P<short>[^\"“”「」『』()]{{2,16}})[\"“”」』]?\s?\))?"
    )
    return pat, re.compile("|".join(re.escape(b) for b in breakers))


def legal_names(simp: str) -> list[tuple[int, int, int | None, int | None]]:
    """Registered company names (…有限公司), with their declared short name: ``(start, end, s_start, s_end)``.

    >>> s = "据悉,安徽省高新技术产业投资有限公司(下称“安徽高新投”)将增资"
    >>> [(s[a:b], s[c:d]) for a, b, c, d in legal_names(s)]
    [('安徽省高新技术产业投资有限公司', '安徽高新投')]
    """
    pat, breakers = _legal_pattern()
    out = []
    for m in pat.finditer(simp):
        start = m.start("run")
        cut = 0
        for b in breakers.finditer(simp, start, m.end("run")):
            if b.end() < m.end("run") - 1:  # 产业投资有限公司: a word of the name, not a verb before it
                cut = b.end()
        if cut:
            start = cut
        if m.end("run") - start < 2:
            continue
        ss, se = (m.start("short"), m.end("short")) if m["short"] else (None, None)
        out.append((start, m.end("suffix"), ss, se))
    return out


def name_before(simp: str, pos: int, bounds: list[int]) -> int | None:
    """Start of the Chinese name that ends at *pos* (walking back over tokens), or None."""
    bd = _bracket_data()
    pats = org_patterns()
    k = bisect.bisect_left(bounds, pos)
    start = pos
    while k > 0:
        b = bounds[k - 1]
        tok = simp[b:start]
        if not tok or not all(_CJK.match(c) or c == "·" for c in tok):
            break
        if pats.breakers.fullmatch(tok) or (b > 0 and simp[b - 1].isdigit()):
            break  # a function word, or the unit of a number (131亿港元)
        if start < pos and tok.endswith(bd["desc"]):
            break
        if pos - b > bd["max"]:
            break
        start = b
        k -= 1
    while pos - start > 2 and pats.breakers.fullmatch(simp[start]):
        start += 1  # jieba glued a function word on: 向德弘 -> 德弘
    part = simp[start:pos]
    for c in bd["countries"]:
        if part.startswith(c) and len(part) - len(c) >= 2:
            start += len(c)
            break
    return start if pos - start >= 2 else None


def is_generic_name(part: str) -> bool:
    """A name part made of generic words only (本地, 欧洲, 投资), or a count (十多家), is not a name."""
    bd = _bracket_data()
    d = rules.load("org_patterns.yaml")
    if part[:1] in d["name_bad_first"] or any(c in d["name_count_chars"] for c in part):
        return True
    if bd["count_start"].match(part):
        return True
    if _only_generic(part, org_patterns().generic):
        return True
    return bd["FREQ"].get(part, 0) >= bd["freq"]


def bracket_names(simp: str, text: str, bounds: list[int], gaz: Gazetteer):
    """``中文名(English Name)`` and ``中文名(01686)`` pairs.

    Yields ``(zh_start, zh_end, en_or_code, en_start, en_end, is_code)``.
    """
    bd = _bracket_data()
    for m in _EN_IN_BRACKETS.finditer(simp):
        if m.start() == 0 or not _CJK.match(simp[m.start() - 1]):
            continue
        zs = name_before(simp, m.start(), bounds)
        if zs is None:
            continue
        before = simp[max(0, zs - 6) : zs]
        if "·" in simp[zs : m.start()] or before.endswith(bd["titles"]):
            continue
        yield zs, m.start(), m["en"].strip(), m.start("en"), m.start("en") + len(m["en"].strip()), False
    for m in bd["code"].finditer(simp):
        if m.start() == 0 or not _CJK.match(simp[m.start() - 1]):
            continue
        code = m["code"]
        if len(code) == 4 and code[:2] in ("19", "20"):
            continue  # a year
        zs = name_before(simp, m.start(), bounds)
        if zs is None:
            continue
        yield zs, m.start(), code, m.start("code"), m.end("code"), True


def latin_candidates(simp: str, taken: set[int]) -> list[tuple[int, int, str]]:
    """Capitalised Latin names not covered by a known mention (ICONIQ, Fluidstack, Beignet Investor)."""
    bd = _bracket_data()
    pats = org_patterns()
    out = []
    for m in re.finditer(
        r"(?<![A-Za-z0-9\u00c0-\u024f])[A-Z][A-Za-z0-9\u00c0-\u024f]*(?:(?: |&| & |-|\.)[A-Z0-9][A-Za-z0-9\u00c0-\u024f]*){0,3}(?![A-Za-z0-9\u00c0-\u024f])",
        simp
    ):
        name = m.group()
        if any(i in taken for i in range(m.start(), m.end())):
            continue
        if simp[max(0, m.start() - 2) : m.start()].endswith(_PLACE_BEFORE):
            continue  # 新泽西州Vineland, 位于Abilene: a place
        if name.split()[0] in bd["given_names"] and len(name.split()) >= 2:
            continue  # Nat Friedman: a person
        if simp[max(0, m.start() - 6) : m.start()].rstrip().endswith(bd["titles"]):
            continue  # 执行长Sam Altman
        if not_a_latin_name(name):
            continue
        if len(name) < 4 and not any(c.islower() for c in name) and "&" not in name:
            continue
        if key(name).replace(" ", "") in pats.products or pats.model_name.match(name):
            continue
        if any(c.isdigit() for c in name) and not any(c.islower() for c in name):
            continue
        out.append((m.start(), m.end(), name))
    return out


@lru_cache(maxsize=1)
def product_owners() -> dict[str, str]:
    """Product key -> maker, for the products that stand in for their maker (``stand_ins``)."""
    p = rules.load("products.yaml")
    stand = {key(x) for x in p.get("stand_ins") or []}
    return {key(k): v for k, v in (p.get("owners") or {}).items() if key(k) in stand}


def product_mentions(simp: str, taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Mentions of products with a known maker, as mentions of the maker (for relation rules only)."""
    owners = product_owners()
    if not owners:
        return []
    out = []
    low = key(simp)
    for k, owner in owners.items():
        rec = gaz.resolve(owner)
        if rec is None:
            continue
        start = 0
        while True:
            i = low.find(k, start)
            if i < 0:
                break
            start = i + 1
            j = i + len(k)
            if not _latin_ok(simp, i, j) or any(x in taken for x in range(i, j)):
                continue
            out.append(Mention(rec.name, i, j, simp[i:j]))
    return out


@lru_cache(maxsize=1)
def _round_data():
    d = rules.load("org_patterns.yaml")
    pat = re.compile(r"(?<![\u4e00-\u9fffA-Za-z0-9·])" + d["round_subject_pattern"])
    desc = sorted(d.get("round_subject_descriptors", []), key=len, reverse=True)
    return pat, desc


_TRAILING_FUNCTION = "则也亦还又将已即便就均都"


def round_subjects(simp: str, taken: set[int]) -> list[tuple[int, int]]:
    """Unknown companies that complete a funding round: ``银河通用完成11亿元融资`` -> 银河通用.

    >>> round_subjects("具身智能公司银河通用完成11亿元融资,宁德时代领投。", set())
    [(6, 10)]
    """
    pat, desc = _round_data()
    out = []
    for m in pat.finditer(simp):
        start, end = m.span("name")
        part = simp[start:end]
        cut = max((part.rfind(w) + len(w) for w in desc if w in part), default=0)
        start += cut
        while end - start > 2 and simp[end - 1] in _TRAILING_FUNCTION:
            end -= 1  # 剂泰医药则完成...: the conjunction is not part of the name
        part = simp[start:end]
        if len(part) < 2 or any(i in taken for i in range(start, end)):
            continue
        if part in desc or is_generic_name(part) or any(c.isdigit() for c in part):
            continue
        out.append((start, end))
    return out


_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9&·]{2,14}"
_LIST = re.compile(rf"{_LIST_ITEM}(?:、{_LIST_ITEM})+(?:(?:和|及|与|以及){_LIST_ITEM})?")
_LIST_TAIL = re.compile(
    r"(?:等|共同|联合|分别|均|也|亦|继续|相继|作为)*(?:领投|跟投|参投|参与|出资|认购|加注|入股)$"
)


_PAIR = re.compile(rf"(?P<a>{_LIST_ITEM})(?:与|和|及)(?P<b>{_LIST_ITEM}?)(?=共同|联合|分别)")


def list_members(simp: str, mentions: list) -> list[tuple[int, int]]:
    """Unknown names listed with known ones: ``国科投资、北汽产投、建信投资跟投`` -> the unknown items.

    An item between two list separators is a name of the same kind as its neighbours when at
    least one other item of the list is a known organisation.
    """
    spans = {(m.start, m.end) for m in mentions}
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    out = []
    for lm in _LIST.finditer(simp):
        items, pos = [], lm.start()
        for part in re.split(r"(、|和|及|与|以及)", lm.group()):
            if part in ("、", "和", "及", "与", "以及"):
                pos += len(part)
                continue
            items.append((pos, pos + len(part)))
            pos += len(part)
        known = [it for it in items if it in spans]
        if not known:
            continue
        for k, (a, b) in enumerate(items):
            if (a, b) in spans or any(i in covered for i in range(a, b)):
                continue
            if k == 0 and a > 0 and simp[a - 1] not in ",:;。 \n(":
                continue  # the first item may hold words before the list, unless a clause starts there
            if k == len(items) - 1:
                cut = _LIST_TAIL.search(simp, a, b)
                b = cut.start() if cut else b
            part = simp[a:b]
            if len(part) < 2 or any(c.isdigit() for c in part) or is_generic_name(part):
                continue
            out.append((a, b))
    for pm in _PAIR.finditer(simp):  # 阿里云与国科投资共同领投: a pair, one of them known
        a_span, b_span = pm.span("a"), pm.span("b")
        if a_span[1] in {e for _, e in spans} and b_span not in spans:
            a, b = b_span
            part = simp[a:b]
            if len(part) >= 2 and not any(i in covered for i in range(a, b)) and not is_generic_name(part):
                out.append((a, b))
    return out
