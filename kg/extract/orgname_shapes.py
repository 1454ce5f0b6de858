"""Shapes of names that need no cue: a place, then a name of its own (天津澜泽, 广州澜信), and the word
tests those use (generic words, dictionary words). :mod:`kg.extract.orgnames` builds on them; the
words are in ``rules/org_names.yaml``.
"""

from __future__ import annotations

import bisect
import re
import threading

from .. import rules
from . import postag, segment
from .normalize import bmp_units
from .org_rules import only_generic
from .orgname_rules import name_rules, per_rules
from .places import is_place, place_rules

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]*")  # fullmatch: every character is one (or none is there)


@per_rules(8192)
def _only_generic(s: str) -> bool:
    """Can *s* be cut entirely into generic words (主权基金 = 主权 + 基金)?"""
    return only_generic(s, name_rules().generic_first)


def bad_ending(name: str, r) -> bool:
    """Does *name* end like a common noun phrase (bad_endings), not in a name word that ends so (控股)?

    The word keeps a short name of two to four characters before it and no verb (宁川控股, not 实现绝对控股).

    >>> r = name_rules()
    >>> bad_ending("宁川控股", r), bad_ending("科技实现绝对控股", r), bad_ending("个股", r)
    (False, True, True)
    """
    if not name.endswith(r.bad_endings):
        return False
    kept = next((w for w in r.bad_ending_kept if name.endswith(w)), None)
    rest = name[: -len(kept)] if kept else ""
    return not (2 <= len(rest) <= 4 and not any(f.startswith("v") for _, f in postag.tags(rest, hmm=False)))


@per_rules(8192)
def org_word(name: str) -> bool:
    """Is *name* one dictionary word that jieba tags as an organisation's (org_names.yaml org_word_tags), and
    no place's nor a team's (jieba tags 大阪府, 瑞士队 so too: org_word_not_end)?"""
    r = name_rules()
    toks = postag.tags(name, hmm=False)
    return len(toks) == 1 and toks[0][1] in r.org_word_tags and name[-1] not in r.org_word_not_end and not is_place(name)


def _freq() -> dict[str, int]:
    return segment.word_frequencies()


def _is_word(w: str) -> bool:
    return _freq().get(w, 0) > 0


@per_rules(8192)
def _place_first(name: str) -> bool:
    """Does *name* open with a known place (rules/places.yaml) followed by a word of its own
    (山东如意, 四川双马: a place and a trade name), not a place alone nor a place's area?

    >>> _place_first("山东如意"), _place_first("山东省"), _place_first("如意集团"), _place_first("深圳厂房")
    (True, False, False, False)
    """
    if not 4 <= len(name) <= 6 or not _ALL_CJK.fullmatch(name):
        return False
    if is_place(name) or not is_place(name[:2]) or is_place(name[2:]):
        return False
    rest, r = name[2:], name_rules()
    if _only_generic(rest) or r.place_marks.match(rest) or rest.endswith(r.bad_endings) or r.bad_parts.search(rest):
        return False  # 上海地区, 北京时间: a place's area or time
    tags = postag.tags(rest)
    if len(tags) == 1 and tags[0][1] in ("n", "vn") and _freq().get(rest, 0) >= r.rare_freq:
        return False  # 深圳厂房, 上海物业: a place and a common noun is a thing in that place
    return not any(f in r.bad_tags for _, f in tags)


@per_rules(8192)
def has_idiom(name: str) -> bool:
    """Does *name* hold a four-character idiom (jieba's ``i``: 紧锣密鼓)? Dictionary words only."""
    return len(name) >= 4 and any(f == "i" and len(w) >= 4 for w, f in postag.tags(name, hmm=False))


@per_rules(8192)
def clean(name: str) -> bool:
    """No token of *name* is a function word (adverb, preposition, pronoun, particle)."""
    ft = name_rules().function_tags
    flags = [f for _, f in postag.tags(name)]
    return not any(f in ft for f in flags) and not (len(flags) > 1 and flags[-1].startswith("v"))


@per_rules(8192)
def char_flag(c: str) -> str:
    return postag.tags(c)[0][1]


@per_rules(8192)
def noun_tags(name: str) -> bool:
    """No token of *name* is tagged as an adverb, preposition, pronoun, numeral or particle."""
    r = name_rules()
    flags = [f for _, f in postag.tags(name)]
    if any(f in r.bad_tags for f in flags):
        return False
    if len(flags) == 1 and flags[0] in ("v", "vn", "a", "ad", "an", "d"):
        return False
    return not (len(flags) > 1 and (flags[-1].startswith("v") or flags[0] == "v"))


@per_rules(4096)
def verb_first(name: str) -> bool:
    """Is the first word of *name* a verb (jieba.posseg), a dictionary word of two characters or more?"""
    import jieba.posseg as pseg

    toks = pseg.lcut(name, HMM=False)
    if not (toks and len(toks[0].word) >= 2 and toks[0].flag in ("v", "vd", "vi") and len(toks) > 1):
        return False
    r = name_rules()
    if name[1:].endswith(r.name_words) and _freq().get(toks[0].word, 0) < r.rare_freq:
        return False  # 加加食品: a rare "verb" before a name word is a coined name (not 储能市场需求)
    return True


@per_rules(4096)
def is_person(name: str) -> bool:
    """A person's name: a common surname first, tagged a person (org_names.yaml person_*)?"""
    if not 2 <= len(name) <= 3 or not _ALL_CJK.fullmatch(name):
        return False
    if name[0] not in name_rules().surnames:
        return False
    toks = postag.tags(name)
    if len(toks) == 1:
        return toks[0][1] in name_rules().person_tags
    # 陆|建平: a surname tagged as a person's name, then a two-character given name
    return (
        len(name) == 3
        and len(toks) == 2
        and toks[0][0] == name[0]
        and toks[0][1] in name_rules().person_tags
        and toks[1][1] not in name_rules().not_given_name_tags
    )


def foreign_place(simp: str, a: int, b: int) -> bool:
    """Is ``simp[a:b]`` a place abroad (美国俄亥俄州, 日本千叶县): a country, then a name ending in a place mark?

    The country may stand just before the span or open it.

    >>> s = "收购美国俄亥俄州的园区开发商"
    >>> foreign_place(s, 4, 8), foreign_place(s, 2, 8), foreign_place("收购海川电气", 2, 6)
    (True, True, False)
    """
    r = name_rules()
    if not r.place_marks.fullmatch(simp[b - 1 : b]):
        return False
    return simp[max(0, a - 6) : a].endswith(r.countries) or (
        simp.startswith(r.countries, a) and b - a - len(next(c for c in r.countries if simp.startswith(c, a))) >= 2
    )


class _Triggered(threading.local):
    """The deal sentences of the last text a thread asked about (:func:`trigger_sentences`), kept on
    the rule set: the clause heads, the place-first names and the 公司 names read the same ones."""

    text: str | None = None
    sentences: tuple = ()


def trigger_sentences(simp: str) -> tuple:
    """The sentences of *simp* (:func:`kg.extract.segment.split_sentences`) that hold a word of
    ``head_triggers`` (org_names.yaml), in order; remembered for the last text (the same object)."""
    last = rules.active().derived(("orgname_shapes", "triggered"), _Triggered)
    if last.text is not simp:
        found = name_rules().head_triggers.search
        last.sentences = tuple(s for s in segment.split_sentences(simp) if found(simp, s.start, s.end))
        last.text = simp
    return last.sentences


def place_names(simp: str, lefts=()) -> list[tuple[int, int]]:
    """Short names that open with a known place in deal sentences (广州证券, 天津澜泽, 山东澜信): a place
    of two characters, then two characters of a name, standing alone between cues or function words.

    The two characters after the place are a word that ends names (``name_words``: 证券, 银行,
    信托, 文化), or make the whole a place-first name (:func:`_place_first`: no common noun of
    that place, 深圳厂房). On the left no Chinese character but a one-character cue or the end
    of a left cue (收购, 、) stands; on the right a function word (``place_name_after``) or a
    right cue follows.

    *lefts*: the offsets where a left cue ends (收购广州澜信: 广州澜信 starts where 收购 ends).

    >>> s = "远帆证券收购广州澜信的进程顺利,天津澜泽与天津澜鼎各自加仓。"
    >>> [s[a:b] for a, b in place_names(s, [6])]
    ['广州澜信', '天津澜泽', '天津澜鼎']
    >>> place_names("北京时间周五,上海地区的收购市场与广州厂房的价格均上涨。"), place_names("拟在日本建设数据中心并收购资产")
    ([], [])
    >>> place_names("完成融资的企业中,其中卫澜新能源估值最高。")
    []
    """
    r = name_rules()
    out: list[tuple[int, int]] = []
    lefts = set(lefts)  # where left cues end (orgnames._left_cues)
    firsts, heads, codes = _place_heads()
    at = _head_starts(simp, codes)  # where a place's first two characters stand, in the whole text
    for sent in trigger_sentences(simp):
        i = sent.start  # where a place may start next (past the last name found)
        if at is None:
            found = [f.start() for f in firsts.finditer(simp, sent.start, sent.end - 3)]  # a first character
        else:
            found = at[bisect.bisect_left(at, sent.start) : bisect.bisect_left(at, sent.end - 3)]
        for f in found:  # (not among the last 3 characters)
            if f < i or simp[f : f + 2] not in heads:
                continue  # no place starts here
            i = f
            prev = simp[i - 1 : i]
            if (
                prev
                and "\u4e00" <= prev <= "\u9fff"  # (prev is one character)
                and (prev not in r.weak_left and i not in lefts or _is_word(simp[i - 1 : i + 1]))
                or prev in r.place_name_not_after
            ):
                i += 1
                continue  # (在日本建设…: a place after a preposition of place is where; 其中卫…: 中 ends a word)
            b = next((i + n + k for n in (4, 3, 2) if is_place(simp[i : i + n]) for k in (4, 3, 2) if _shaped(simp, i, n, k, r)), 0)
            if b:
                out.append((i, b))
            i = max(b, i + 1)
    return out


@rules.derived
def _place_heads():
    """The first characters of the known places (a class, to find where one may start), and their
    first two: :func:`is_place` holds for no name of two characters or more that opens with other
    two (a place has two at least; two in a row open with the first); the first two as sorted
    numbers of two UTF-16 code units (a numpy array; None when one lies beyond the BMP)."""
    import numpy as np

    heads = frozenset(p[:2] for p in place_rules().places if len(p) >= 2)
    firsts = "".join(sorted({h[0] for h in heads}))
    bmp = all(len(h) == 2 and max(h) <= "\uffff" for h in heads)
    pairs = sorted(ord(h[0]) << 16 | ord(h[1]) for h in heads) if bmp else None
    codes = np.array(pairs or [-1], dtype=np.int64) if bmp else None
    return re.compile(f"[{re.escape(firsts)}]" if firsts else "(?!)"), heads, codes


def _head_starts(simp: str, codes) -> list[int] | None:
    """The offsets in *simp* where two characters that open a known place stand (:func:`_place_heads`),
    looked up for the whole text at once; None when that cannot be done (a character beyond the BMP)."""
    units = bmp_units(simp) if codes is not None else None
    if units is None or len(units) < 2:
        return None if units is None else []
    import numpy as np

    pairs = units[:-1].astype(np.int64) << 16 | units[1:]
    found = np.searchsorted(codes, pairs)
    return np.flatnonzero(codes[np.minimum(found, len(codes) - 1)] == pairs).tolist()


def _shaped(simp: str, i: int, n: int, k: int, r) -> bool:
    """Is ``simp[i:i+n+k]``, a place of *n* characters and *k* more, a place-first short name standing
    alone (:func:`place_names`)? Two characters after the place end names or are a word of their own
    (广州证券, 天津澜泽); three or four end in a word that ends names after a rare one (深圳澜易网络)."""
    b = i + n + k
    name, rest = simp[i:b], simp[i + n : b]
    if b > len(simp) or not _ALL_CJK.fullmatch(name):
        return False
    nxt = simp[b : b + 1]
    if nxt and "\u4e00" <= nxt <= "\u9fff" and nxt not in r.place_name_after and not r.right_cue.match(simp, b):
        return False
    if _is_word(name) or is_place(name) or is_place(rest) or _only_generic(rest) or r.place_marks.match(rest):
        return False
    if k == 2:
        return rest in r.name_words or (_place_first(name) if n == 2 else not _is_word(rest))
    if simp[i : i + n] in r.countries:
        return False  # 德国远帆科技: a country before a name of its own describes it (leading_countries)
    word = next((w for w in r.name_words if rest.endswith(w) and len(w) == 2), None) if rest.endswith(r.name_words) else None
    return word is not None and not _is_word(rest[: k - 2]) and not _only_generic(rest[: k - 2])


@per_rules(16384)
def _bad_char(name: str) -> bool:
    """Does *name* hold a character a name never holds (``bad_chars``: 的, 都, 也), outside the known
    places in it (成都, 首都 hold 都)?

    >>> _bad_char("成都高达"), _bad_char("大家都")
    (False, True)
    """
    bad = name_rules().bad_chars
    if not any(c in bad for c in name):
        return False
    rest = place_rules().first.sub("", name)
    return any(c in bad for c in rest)


def _joined_name(simp: str, a: int, b: int) -> bool:
    """Does the text after a 和/与/及 at *a* go on one name (宁川智能制造和装备产业投资中心): a common
    word first, then, before *b* or a count, an organisation's word?

    >>> s = "宁川智能制造和装备产业投资中心等4名股东"
    >>> _joined_name(s, 7, len(s)), _joined_name("甲科技和宁川股份等3家公司", 4, 13)
    (True, False)
    """
    r = name_rules()
    c = r.counted.search(simp, a, b)
    part = simp[a : c.start() if c else b]
    part = part[: part.index("等")] if "等" in part else part
    head = next((part[:k] for k in (4, 3, 2) if _freq().get(part[:k], 0) >= r.common_freq), None)
    return bool(head) and part.endswith(r.joined_name_ends)
