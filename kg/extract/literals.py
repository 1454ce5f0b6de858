"""Literal text a regular expression cannot match without: a cheap prefilter for rules.

Most sentences match none of the relation rules. ``required_literals(pattern)`` reads
the compiled pattern's parse tree and returns a set of strings of which **every**
match contains at least one (or None when no such set is useful). One Aho-Corasick
pass over a sentence then tells which patterns are worth running at all. The analysis
is conservative: anything it does not understand (look-arounds, back-references,
case-insensitive patterns, character ranges) simply yields no requirement.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    from re import _constants as _c
    from re import _parser as _p
else:  # pragma: no cover
    import sre_constants as _c
    import sre_parse as _p

Requirement = frozenset  # alternatives: one of these strings occurs in every match

_MAX_ALTERNATIVES = 64
_MAX_CLASS = 16


def required_literals(pattern: re.Pattern | str, *, weak: str = "") -> frozenset[str] | None:
    """The strongest set of strings one of which occurs in every match of *pattern*.

    Characters in *weak* (placeholders present in almost every input) do not count
    towards a literal's strength; a set whose every string is weak is not returned.

    >>> sorted(required_literals("Ⓔ ?(?:向|对) ?Ⓔ ?投资 ?Ⓜ", weak="ⒺⓂ"))
    ['投资']
    >>> sorted(required_literals(r"Ⓔ(?:向|对)Ⓔ投资Ⓜ", weak="ⒺⓂ"))
    ['Ⓔ投资Ⓜ']
    >>> sorted(required_literals(r"(?:收购|并购)了?Ⓔ"))
    ['并购', '收购']
    >>> required_literals(r"\\d+") is None
    True
    >>> required_literals(re.compile("abc", re.IGNORECASE)) is None
    True
    """
    if isinstance(pattern, re.Pattern):
        if pattern.flags & re.IGNORECASE:
            return None
        source = pattern.pattern
        flags = pattern.flags
    else:
        source, flags = pattern, 0
    if not isinstance(source, str):
        return None
    try:
        parsed = _p.parse(source, flags)
    except re.error:
        return None
    best = None
    best_score = 0
    for req in _requirements(list(parsed)):
        score = min(sum(ch not in weak for ch in s) for s in req)
        if score > best_score or (score == best_score and best is not None and len(req) < len(best)):
            best, best_score = req, score
    return best if best_score > 0 else None


def _requirements(items: list) -> list[Requirement]:
    """Requirements of a sequence of parsed items (each must hold for every match)."""
    out: list[Requirement] = []
    run: list[str] = []

    def flush():
        if run:
            out.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:...)
                continue
            out.extend(_requirements(list(av[-1])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                out.extend(_requirements(list(sub)))
        elif op is _c.BRANCH:
            req = _branch(av[1])
            if req is not None:
                out.append(req)
        elif op is _c.IN:
            chars = _class_chars(av)
            if chars is not None:
                out.append(frozenset(chars))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            out.extend(_requirements(list(av)))
        # anything else (AT, ANY, NOT_LITERAL, ASSERT*, GROUPREF, ...) requires nothing
    flush()
    return out


def _branch(alternatives) -> Requirement | None:
    """One requirement per alternative, joined: a match takes one of the branches."""
    union: set[str] = set()
    for alt in alternatives:
        reqs = _requirements(list(alt))
        whole = _literal_string(list(alt))
        if whole:
            reqs.append(frozenset([whole]))
        if not reqs:
            return None
        best = max(reqs, key=lambda r: (min(len(s) for s in r), -len(r)))
        union |= best
        if len(union) > _MAX_ALTERNATIVES:
            return None
    return frozenset(union)


def _literal_string(items: list) -> str | None:
    """The text of a sequence made of literals only, else None."""
    if not items or any(op is not _c.LITERAL for op, _ in items):
        return None
    return "".join(chr(av) for _, av in items)


def _class_chars(av) -> list[str] | None:
    """The characters of a small positive class made of literals only, else None."""
    chars = []
    for op, x in av:
        if op is not _c.LITERAL:
            return None
        chars.append(chr(x))
    return chars if 0 < len(chars) <= _MAX_CLASS else None


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def spans_of(text: str, word: str, *, lead: bool = False, tail: bool = False) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each occurrence of *word* in *text*, left to right, not overlapping.

    The same spans as ``re.finditer(re.escape(word), text)`` (with ``(?<![A-Za-z0-9])`` in
    front when *lead*, ``(?![A-Za-z0-9])`` behind when *tail*), without compiling a pattern
    for every name an article holds (they overflow the cache of the re module).

    >>> list(spans_of("甲乙甲乙甲", "甲乙")), list(spans_of("aaaa", "aa"))
    ([(0, 2), (2, 4)], [(0, 2), (2, 4)])
    >>> list(spans_of("ARM, ARMH and ARM", "ARM", lead=True, tail=True))
    [(0, 3), (14, 17)]
    """
    if not word:  # pragma: no cover - no caller looks for nothing
        lo = r"(?<![A-Za-z0-9])" if lead else ""
        hi = r"(?![A-Za-z0-9])" if tail else ""
        yield from (m.span() for m in re.finditer(lo + hi, text))
        return
    n = len(word)
    i = text.find(word)
    while i >= 0:
        if (lead and i > 0 and _ascii_alnum(text[i - 1])) or (
            tail and i + n < len(text) and _ascii_alnum(text[i + n])
        ):
            i = text.find(word, i + 1)
            continue
        yield i, i + n
        i = text.find(word, i + n)
