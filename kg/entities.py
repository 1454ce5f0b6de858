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
from .gazetteer import Gazetteer, key

_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
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
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
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
        needs = not info.latin and (info.weak or len(k) < 3)
        out.append(Mention(info.name, start, end, needs_boundary=needs))
    return out


# ------------------------------------------------------------ discovery


@dataclass
class OrgPatterns:
    english: re.Pattern
    english_stop: set[str]
    chinese: re.Pattern
    breakers: re.Pattern
    suffix_stop: re.Pattern
    generic: set[str]
    tickers: list[re.Pattern]
    products: set[str]
    model_name: re.Pattern


@lru_cache(maxsize=1)
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
        suffix_stop=re.compile("|".join(re.escape(w) for w in d["chinese_suffix_not_before"])),
        breakers=breakers,
        generic=set(d["chinese_generic"]),
        tickers=[re.compile(t) for t in d["ticker_patterns"]],
        products={key(n) for n in p["names"]},
        model_name=re.compile(p["model_name_pattern"]),
    )


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
    return "company"


def discover(simp: str, text: str, known: list[Mention], gaz: Gazetteer, boundaries=None,
             sentence_of=None) -> list[tuple[str, str, int, int]]:
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
    hits = [m for m in pats.chinese.finditer(simp) if m.start() > 0 and _CJK.match(simp[m.start() - 1])
             and not any(i in taken for i in range(m.start(), m.end()))]
    if hits and boundaries is not None and sentence_of is not None:
        bounds = sorted(boundaries(sorted({sentence_of(m.start()) for m in hits})))
        for m in hits:
            p, q = m.start(), m.end()
            if pats.suffix_stop.match(simp, q):
                continue  # 资本支出, 银行股: not a name
            k = bisect.bisect_left(bounds, p)
            if p in bounds:  # the suffix is a token of its own: the name is the token(s) before it
                if k == 0:
                    continue
                name_start = bounds[k - 1]
                if p - name_start < 2 and k >= 2:
                    name_start = bounds[k - 2]
            else:  # the suffix ends a longer token (招商银行)
                name_start = bounds[k - 1] if k else 0
            part = simp[name_start:p]
            cut = 0
            for b in pats.breakers.finditer(part):
                cut = b.end()
            name_start += cut
            part = simp[name_start:p]
            if len(part) < 2 or not all(_CJK.match(c) for c in part) or _only_generic(part, pats.generic):
                continue
            if gaz.resolve(part) is not None:
                continue  # 辉达公司: the known entity already covers it
            add(text[name_start:q], name_start, q)
    return found


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
    sentence_of: Callable[[int], tuple[int, int]],
) -> list[Entity]:
    """All entities of an article with their mentions.

    *boundaries* segments the given sentence spans and returns token
    boundary offsets; *sentence_of* maps an offset to its sentence span.
    """
    cands = gazetteer_mentions(simp, gaz)
    pending = [m for m in cands if m.needs_boundary]
    if pending:
        spans = sorted({sentence_of(m.start) for m in pending})
        bounds = boundaries(spans)
        cands = [m for m in cands if not m.needs_boundary or (m.start in bounds and m.end in bounds)]
    mentions = filter_spans(cands)
    entities: dict[str, Entity] = {}

    def entity_for(name: str, etype: str, discovered: bool) -> Entity:
        if name not in entities:
            rec = gaz.records.get(name)
            entities[name] = Entity(
                name=name,
                type=rec.type if rec else etype,
                ticker=(rec.tickers[0] if rec and rec.tickers else None),
                discovered=discovered,
            )
        return entities[name]

    for m in mentions:
        m.text = text[m.start : m.end]
        entity_for(m.name, "company", False).mentions.append(m)

    # tickers in explicit notation: link to known entities, else to the name before them
    for ticker, start, end in find_tickers(simp):
        if any(m.start <= start < m.end for m in mentions):
            continue
        rec_name = gaz.tickers.get(ticker)
        if rec_name:
            m = Mention(rec_name, start, end, text[start:end])
            mentions.append(m)
            entity_for(rec_name, "company", False).mentions.append(m)

    for name, etype, start, end in discover(simp, text, mentions, gaz, boundaries, sentence_of):
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
    for e in entities.values():
        e.mentions.sort(key=lambda m: m.start)
    return sorted(entities.values(), key=lambda e: e.mentions[0].start)


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
