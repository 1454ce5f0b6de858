"""Names joined to a known organisation: the other item of ``甲和乙``, ``甲、乙``, ``甲或者乙``.

A word joined by a list's joiner (``sibling_joiners`` of org_names.yaml) to a known organisation
names one of the same kind when it has a name's shape. After the known name it runs to the first
right cue, ``object_end`` or clause break, and stops before a word tagged as a predicate or a
function word (``sibling_stop_tags``: 乙正面临, 乙各自增持, 乙签约); before it, it starts at a
left cue or at its clause's start and does not open with a verb. A joiner that makes a word with
the character next to it (参与, 和解) joins nothing. Items found so are known in turn (甲、乙、丙
with 甲 known).

>>> from kg.model import Mention
>>> s = "澜海资本、宁川星球与公司签署协议。"
>>> [s[a:b] for a, b in sibling_names(s, [Mention("澜海资本", 0, 4)])]
['宁川星球']
>>> s = "远帆控股全面参与宁川星球的改制。"
>>> sibling_names(s, [Mention("宁川星球", 8, 12)])
[]
"""

from __future__ import annotations

import bisect
import re

from .. import rules
from ..rules.shapes import words
from . import postag
from .literals import alternation
from .names import not_a_latin_name
from .orgname_rules import name_rules
from .orgname_shapes import _is_word, verb_first
from .orgnames import MEDIUM, WEAK, _clause_starts, _left_edge, foreign_place, name_ok, trim_front
from .people import marked_people
from .places import is_place


@rules.derived
@rules.loader("org_names.yaml")
def _sibling_rules() -> tuple[re.Pattern, re.Pattern, frozenset[str], str]:
    """(a joiner right after a name, a joiner right before one, the tags that end an item, the
    characters no item before a known name follows)."""
    d = rules.load("org_names.yaml")
    path = str(rules.active().base / "org_names.yaml")
    alt = alternation(words(d.get("sibling_joiners") or [], what="sibling_joiners", path=path)) or "(?!)"
    stop = frozenset(words(d.get("sibling_stop_tags") or [], what="sibling_stop_tags", path=path))
    return re.compile(f"(?:{alt})"), re.compile(f"(?:{alt})$"), stop, str(d.get("sibling_not_after") or "")


def _glued(simp: str, a: int, b: int) -> bool:
    """Does the one-character joiner ``simp[a:b]`` make a word with a character next to it (参与, 和解)?"""
    return b - a == 1 and (_is_word(simp[max(0, a - 1) : b]) and a > 0 or _is_word(simp[a : b + 1]))


def _right_end(simp: str, a: int, hi: int, r, stop: frozenset[str]) -> int:
    """End of the item that starts at *a*: the first right cue or object end after two characters,
    or the first word tagged as one of *stop* after the first word."""
    b = hi
    for pat in (r.obj_end, r.strong, r.medium, r.weak):
        m = pat.search(simp, a + r.min_chars, b)
        while m is not None and not m.group():
            m = pat.search(simp, m.start() + 1, b) if m.start() + 1 < b else None
        if m is not None:
            b = m.start()
    pos = a
    for word, flag in postag.tags(simp[a:b], hmm=False):
        if pos > a and flag in stop and word not in r.name_words:  # 乙控股 (控股 is tagged a verb)
            b = pos
            break
        pos += len(word)
    while b > a and simp[b - 1] == " ":
        b -= 1
    return b


def _shaped(simp: str, a: int, b: int, r) -> bool:
    part = simp[a:b]
    return (
        r.min_chars <= b - a <= r.max_chars
        and not (part.isascii() and not_a_latin_name(part))  # LLC of Wiwynn Technology Services, LLC与甲
        and name_ok(part, MEDIUM)
        and not verb_first(part)
        and not is_place(part)
        and not foreign_place(simp, a, b)
    )


def anchors(name: str, discovered: bool) -> bool:
    """May a known organisation *name* vouch for the items of its list? A listed one, a discovered
    legal name, or a discovered short name of five characters at most with a name's shape after a
    weak cue (多联机, 现场投票, 单相智能电能表 are none: products and notions get discovered too)."""
    if not discovered:
        return True
    d = rules.load("org_names.yaml")
    if name.endswith(tuple(d.get("abbreviation_legal_endings") or ())):
        return True
    return len(name) <= 5 and name_ok(name, WEAK)


def _free(simp: str, a: int, b: int, taken: set[int], known: list[str]) -> bool:
    """Is ``simp[a:b]`` clear of the known mentions, not glued to one (加拿大退休金|计划投资委员会), and
    no part of a known name (宏远 of 宏远电子 is that company's short form, found later)?"""
    if not taken.isdisjoint(range(a - 1, b + 1)):
        return False
    part = simp[a:b]
    return not any(part in k for k in known)


def sibling_names(simp: str, mentions, all_mentions=()) -> list[tuple[int, int]]:
    """``(start, end)`` of names joined by a list's joiner to one of *mentions* (organisations),
    clear of *all_mentions* (every mention found so far, *mentions* by default), sorted."""
    r = name_rules()
    after, before, stop, not_after = _sibling_rules()
    starts = _clause_starts(simp)
    taken: set[int] = set()
    for m in all_mentions or mentions:
        taken.update(range(m.start, m.end))
    known = sorted({simp[m.start : m.end] for m in all_mentions or mentions})
    people = marked_people(simp)
    todo = sorted((m.start, m.end) for m in mentions)
    out: list[tuple[int, int]] = []

    def ok(a: int, b: int) -> bool:
        return (
            a < b
            and _free(simp, a, b, taken, known)
            and _shaped(simp, a, b, r)
            and not any(x < b and a < y for x, y in people)  # 实际控制人王某某与甲: a person
        )

    while todo:
        a0, b0 = todo.pop()
        j = after.match(simp, b0)
        if j is not None and not _glued(simp, j.start(), j.end()):
            a = j.end()
            k = bisect.bisect_right(starts, a)
            hi = min(starts[k] - 1 if k < len(starts) else len(simp), a + r.max_chars + 2)
            b = _right_end(simp, a, hi, r, stop)
            c = next((c for c in r.countries if simp.startswith(c, a)), "")
            if c and re.match("[A-Za-z]", simp[a + len(c) : a + len(c) + 1]):
                a += len(c)  # 与阿联酋Masdar: the country says where the Latin name is from
            if ok(a, b):
                out.append((a, b))
                taken.update(range(a, b))
                todo.append((a, b))
        j = before.search(simp, max(0, a0 - 2), a0)
        if j is not None and j.start() > 0 and not _glued(simp, j.start(), j.end()):
            e = j.start()
            lo = starts[bisect.bisect_right(starts, e - 1) - 1]
            lo = max(lo, e - r.max_chars - 4)
            a = trim_front(simp, _left_edge(simp, lo, e, r=r), e)
            tags = postag.tags(simp[a:e], hmm=False) if a < e else []
            if len(tags) > 1 and tags[-1][1] in stop:
                continue  # 甲宣布与乙: the verb before the joiner ends a clause, not a name
            if a > lo and simp[a - 1] in not_after:
                continue  # 甲的大单和乙: what the joiner joins is a noun phrase of 甲's
            if ok(a, e):
                out.append((a, e))
                taken.update(range(a, e))
                todo.append((a, e))
    return sorted(out)
