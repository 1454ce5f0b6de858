"""Entities and their mentions, and the gazetteer pass: aliases found with the Aho-Corasick automaton,
checked against jieba's token boundaries, overlaps resolved by :func:`filter_spans`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from . import segment
from .gazetteer import Gazetteer
from .gazetteer import key as _key
from .literals import start_chars
from .places import is_place


@lru_cache(maxsize=16384)
def _key_short(s: str) -> str:
    return _key(s)


@lru_cache(maxsize=2)
def _key_long(s: str) -> str:
    return _key(s)


def key(s: str) -> str:
    """:func:`kg.extract.gazetteer.key`, remembered: names recur in every article, and several
    stages key the same article text."""
    return _key_short(s) if len(s) <= 64 else _key_long(s)


_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_LEGAL_FORM = re.compile(
    r"\([\u4e00-\u9fff]{2,4}\)|股份有限公司$|有限责任公司$|有限公司$|合伙企业(?:\(有限合伙\))?$"
)
_PLACE_TAIL = re.compile(
    r"\s?\([A-Z][A-Za-z .]{1,20}\)(?:\s(?:B\.V\.|Inc\.|Ltd\.|LLC|GmbH|S\.A\.|Co\., Ltd\.))?"
)
_ARM_TAIL = re.compile(r"旗下(?:的)?(?:基金|投资基金|产业基金|投资平台|资本|创投|投资公司)")
# (Mexico S.A. de C.V.: a Spanish form's de; Vietnam Co., Ltd.: a legal form after a comma)
_LATIN_TAIL = re.compile(
    r"(?: (?:[A-Z][A-Za-z0-9&.\-]*|de(?= [A-Z]))|, (?:Ltd|Inc|LLC|Limited|Corp|GmbH|L\.P|S\.A|B\.V|N\.V)\.?(?![A-Za-z])){1,6}"
)
_ACRONYM = start_chars(re.compile(
    r"(?<![A-Za-z0-9])(?P<abbr>[A-Z]{2,6})\s?\(\s?(?P<full>[A-Z][A-Za-z&.\-]*(?: [A-Z&][A-Za-z&.\-]*){1,5})\s?\)"
))
_BRACKET_OPEN = start_chars(re.compile(r"(?<=[\u4e00-\u9fff])\(\s?[A-Za-z0-9]"))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]*")  # fullmatch: every character is one (or none is there)


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
        if not taken.isdisjoint(range(m.start, m.end)):
            continue
        out.append(m)
        taken.update(range(m.start, m.end))
    return sorted(out, key=attrgetter("start"))


def _latin_ok(text: str, start: int, end: int) -> bool:
    """A Latin alias stands alone: no letter or digit glued on, and no model or band suffix (AWS-4)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if text[end : end + 2][:1] == "-" and text[end + 1 : end + 2].isdigit():
        return False
    return not _ASCII_ALNUM.match(before) and not _ASCII_ALNUM.match(after)


def gazetteer_mentions(
    simp: str, gaz: Gazetteer, low: str | None = None, suffix: re.Pattern | None = None
) -> list[Mention]:
    """Candidate mentions of known entities (boundary checks for CJK still pending).

    *low*: ``key(simp)`` when the caller has it already (a whole text's key costs a conversion).
    *suffix*: the organisation suffixes (``chinese_suffixes``) a short alias may not lie across.
    """
    if simp.isascii():
        lowered = simp.lower()
    else:
        lowered = low if low is not None else key(simp)
    out = []
    auto = gaz.automaton
    for offset, piece in _alias_pieces(gaz, lowered):
        for end_idx, (k, info) in auto.iter(piece):
            end = offset + end_idx + 1
            start = end - len(k)
            if info.latin and not _latin_ok(simp, start, end):
                continue
            if info.case_sensitive and simp[start:end] != info.alias:
                continue
            if len(k) < 3 and not info.latin and _place_straddles(lowered, start, end):
                continue  # 吴中金控: the place 吴中 starts the name, 中金 is not in it
            if len(k) < 3 and not info.latin and start and suffix and _suffix_straddles(lowered, start, end, suffix):
                continue  # 星纬创投: a name's suffix (创投) starts inside the alias (纬创), which is no mention
            needs = not info.latin and (info.weak or (len(k) < 3 and _crossed(lowered, start, end)))
            out.append(Mention(info.name, start, end, needs_boundary=needs))
    return out


def _alias_pieces(gaz: Gazetteer, low: str) -> list[tuple[int, str]]:
    """``(start, text)`` of the stretches of *low* every alias occurrence lies in: the longest runs
    of characters each two neighbours of which are two neighbours in some alias key (a key spans
    no other pair), as long as the shortest key at least. The automaton compares a character no
    key starts with with every first character of a key, so it walks a third of the characters of
    the runs of :func:`_alias_runs` (the pairs are looked up for the whole text at once, numpy).

    >>> from kg.extract.pipeline import _prepared
    >>> _alias_pieces(_prepared(), "据悉,英伟达与台积电达成合作")  # (合作: a pair of some key)
    [(3, '英伟达'), (7, '台积电'), (12, '合作')]
    """
    import numpy as np

    made = gaz.__dict__.get("_alias_pairs")
    if made is None:  # every pair of neighbours in a key, as one number each (code points < 2**21)
        codes = {ord(k[i]) << 21 | ord(k[i + 1]) for k in gaz.index for i in range(len(k) - 1)}
        made = np.array(sorted(codes) or [-1], dtype=np.int64), min(map(len, gaz.index), default=2)
        gaz.__dict__["_alias_pairs"] = made
    pairs, shortest = made
    if shortest < 2:  # a key of one character lies in no pair: the runs of its characters
        return [(m.start(), m.group()) for m in _alias_runs(gaz).finditer(low)]
    if len(low) < 2:
        return []
    chars = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    codes = chars[:-1] << 21 | chars[1:]
    at = np.searchsorted(pairs, codes)
    held = pairs[np.minimum(at, len(pairs) - 1)] == codes  # held[i]: low[i:i + 2] is a pair of a key
    # a run of k held pairs from i is the stretch low[i:i + k + 1]
    return [
        (m.start(), low[m.start() : m.end() + 1])
        for m in _HELD.finditer(held.view(np.uint8).tobytes())
        if m.end() - m.start() + 1 >= shortest
    ]


_HELD = re.compile(b"\x01+")


def _alias_runs(gaz: Gazetteer) -> re.Pattern:
    """Runs of the characters alias keys are made of, as long as the shortest key at least: every
    alias lies inside one, and the automaton need not walk the rest of a text (it compares a
    character no key starts with with every first character). Kept on *gaz*."""
    pat = gaz.__dict__.get("_alias_runs")
    if pat is None:
        chars = "".join(re.escape(c) for c in sorted(set("".join(gaz.index))))
        shortest = min(map(len, gaz.index), default=1)
        pat = re.compile(f"[{chars}]{{{shortest},}}" if chars else "(?!)")
        gaz.__dict__["_alias_runs"] = pat
    return pat


def _place_straddles(low: str, start: int, end: int) -> bool:
    """Does a known place start before the span and end inside it (吴中 over 中金 in 吴中金控)?

    >>> _place_straddles("吴中金控拟增资", 1, 3), _place_straddles("由中金公司保荐", 1, 3)
    (True, False)
    """
    for a in range(max(0, start - 3), start):
        for b in range(start + 1, min(end, a + 4) + 1):
            if is_place(low[a:b]):
                return True
    return False


def _suffix_straddles(low: str, start: int, end: int, suffix: re.Pattern) -> bool:
    """Does an organisation suffix (``chinese_suffixes`` of rules/org_patterns.yaml) start inside the
    span and end after it, with a Chinese character before the span (星纬创投: 创投 over 纬创)?

    >>> from kg.extract.org_rules import org_patterns
    >>> suffix = org_patterns().chinese
    >>> _suffix_straddles("老股东星纬创投跟投", 4, 6, suffix), _suffix_straddles("今年纬创投资10亿美元", 2, 4, suffix)
    (True, False)
    """
    if not "\u4e00" <= low[start - 1] <= "\u9fff":
        return False
    for i in range(start + 1, end):
        m = suffix.match(low, i)
        # (纬创投资: 投资 goes on from the suffix's last character, so 纬创 invests)
        if m is not None and m.end() > end and not _goes_on(low, m.end() - 1, suffix):
            return True
    return False


def _goes_on(low: str, i: int, suffix: re.Pattern) -> bool:
    """Does a common word or a suffix start at *i* and run past it (投资 from 创投's 投)?"""
    common = segment.word_frequencies()
    return suffix.match(low, i) is not None or any(
        common.get(low[i : i + k], 0) >= _COMMON_WORD_FREQ for k in (2, 3)
    )


def _crossed(low: str, start: int, end: int) -> bool:
    """Does a word taught to jieba, or a common dictionary word, straddle either end of the span?

    A short strong alias is taught to jieba with a very high frequency, so jieba cuts it out
    unless another word competes for its characters (高通膨: 通膨; 人工智慧与: 智慧). Only then
    is the sentence segmented to decide.
    """

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


