"""Runs of one character that never give back (:func:`tighten`): a frame slot's ``Ⓜ+`` made possessive
where that cannot change a match (split from :mod:`kg.extract.literals`, whose parse-tree readers it uses)."""

from __future__ import annotations

import re

from .literals import _POSSESSIVE, _first
from .sre import compiler as _compiler
from .sre import constants as _c
from .sre import parser as _p


def tighten(pattern: str, *, check: bool = False) -> str:
    """*pattern* with some runs of one character made possessive (``Ⓜ+`` -> ``Ⓜ++``), where that
    cannot change any match: the same matches, found without exponential backtracking.

    In ``(?:…|Ⓜ+|…)*`` a run of *n* Ⓜ can be cut into iterations in 2**(n-1) ways, and the
    engine tries them all before it gives up at a position (an amount of 20 characters costs
    seconds). A run ``c+`` in an alternative of such a repetition is made possessive when
    giving back a *c* leads only to states already tried: what follows the run in its
    alternative cannot start with *c* (and holds no assertion), every alternative that can start
    with *c* is a run of *c* behind a part that cannot, and what follows the repetition cannot
    start with *c* nor match nothing. The pattern is returned unchanged when that is not known
    (or on Python 3.10, which has no possessive repetition). *check*: parse the result again and
    return the pattern unchanged unless it compiles to the same program as the changed parse
    tree (``tests/test_literals.py`` checks every frame slot so; it doubles the cost).

    >>> tighten("(?:以|Ⓜ+|现金)*收购")
    '(?:以|Ⓜ++|现金)*收购'
    >>> tighten("(?:以|Ⓜ+)*Ⓜ")  # what follows may start with Ⓜ: unchanged
    '(?:以|Ⓜ+)*Ⓜ'
    """
    if _POSSESSIVE is None:  # pragma: no cover - Python 3.10
        return pattern
    try:
        tree = _p.parse(pattern)
        if tree.state.flags & ~re.UNICODE or _has_ref(tree):
            return pattern  # a back-reference could tell states apart that are the same here
        if not _tighten_seq(tree, []):
            return pattern
        out = _unparse(tree, {v: k for k, v in tree.state.groupdict.items()})
        if check:  # parsing and compiling both again costs more than the rest: tests do it
            again = _p.parse(out)
            same = _compiler._code(again, again.state.flags) == _compiler._code(tree, tree.state.flags)
            if not same or again.state.groupdict != tree.state.groupdict:
                return pattern
        return out
    except (ValueError, TypeError, AttributeError, IndexError, re.error, RecursionError):
        return pattern


def _is_run(item) -> int | None:
    """The character of ``c+`` (a greedy run of one literal character), else None."""
    op, av = item
    if op is _c.MAX_REPEAT and av[0] == 1 and av[1] == _c.MAXREPEAT and len(av[2]) == 1:
        iop, iav = av[2][0]
        if iop is _c.LITERAL:
            return iav
    return None


def _has_assert(items) -> bool:
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT, _c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        if op is _c.BRANCH and any(_has_assert(a) for a in av[1]):
            return True
        if op is _c.SUBPATTERN and _has_assert(av[3]):
            return True
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE) and _has_assert(av[2]):
            return True
        if op is _c.ATOMIC_GROUP and _has_assert(av):
            return True
    return False


def _has_ref(items) -> bool:
    for op, av in items:
        if op in (_c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        subs = (
            av[1] if op is _c.BRANCH
            else [av[3]] if op is _c.SUBPATTERN
            else [av[2]] if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE)
            else [av[1]] if op in (_c.ASSERT, _c.ASSERT_NOT)
            else [av] if op is _c.ATOMIC_GROUP
            else []
        )
        if any(_has_ref(x) for x in subs):
            return True
    return False


def _can_start(ch: int, firsts: list[str]) -> bool:
    return bool(firsts) and re.fullmatch("[" + "".join(firsts) + "]", chr(ch)) is not None


def _tighten_seq(seq, cont: list | None) -> bool:
    """Tighten the repetitions in *seq* (a parsed sequence, changed in place); *cont* is the list
    of sequences that follow it up to the end of the pattern (None: not known). True if any."""
    changed = False
    for i in range(len(seq)):
        op, av = seq[i]
        after = None if cont is None else [seq[i + 1 :], *cont]
        if op is _c.SUBPATTERN:
            changed |= _tighten_seq(av[3], after if not (av[1] or av[2]) else None)
        elif op is _c.BRANCH:
            for alt in av[1]:
                changed |= _tighten_seq(alt, after)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE):
            if op is _c.MAX_REPEAT and av[1] == _c.MAXREPEAT and after is not None:
                changed |= _tighten_star(av[2], after)
            changed |= _tighten_seq(av[2], None)
        elif op is _c.ATOMIC_GROUP:
            changed |= _tighten_seq(av, None)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            changed |= _tighten_seq(av[1], None)
    return changed


def _alternatives(body) -> list:
    items = list(body)
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN and items[0][1][0] is None:
        if items[0][1][1] or items[0][1][2]:
            return []
        body = items[0][1][3]
        items = list(body)
    if len(items) == 1 and items[0][0] is _c.BRANCH:
        return list(items[0][1][1])
    return [body]


def _tighten_star(body, after: list) -> bool:
    """Make the runs ``c+`` in the alternatives of ``(?:body)*`` possessive where that is safe."""
    alts = _alternatives(body)
    if not alts:
        return False
    try:
        cont_first, cont_empty = _first([item for part in after for item in part])
    except ValueError:
        return False
    if cont_empty:
        return False
    chars = {c for alt in alts for item in alt if (c := _is_run(item)) is not None}
    changed = False
    for ch in sorted(chars):
        if _can_start(ch, cont_first) or not _starters_ok(ch, alts):
            continue
        for alt in alts:
            for k in range(len(alt)):
                if _is_run(alt[k]) != ch:
                    continue
                follow = list(alt)[k + 1 :]
                try:
                    ff, _ = _first(follow)
                except ValueError:
                    continue
                if _can_start(ch, ff) or _has_assert(follow):
                    continue
                alt[k] = (_POSSESSIVE, alt[k][1])
                changed = True
    return changed


def _starters_ok(ch: int, alts) -> bool:
    """Every alternative that can start with *ch* is ``X c+`` with an X that cannot (nor holds an
    assertion); no alternative can match nothing."""
    for alt in alts:
        items = list(alt)
        try:
            f, empty = _first(items)
        except ValueError:
            return False
        if empty:
            return False
        if not _can_start(ch, f):
            continue
        if not items or _is_run(items[-1]) != ch:
            return False
        try:
            fx, _ = _first(items[:-1])
        except ValueError:
            return False
        if _can_start(ch, fx) or _has_assert(items[:-1]):
            return False
    return True


_AT = {
    "AT_BEGINNING": "^",
    "AT_BEGINNING_STRING": "\\A",
    "AT_END": "$",
    "AT_END_STRING": "\\Z",
    "AT_BOUNDARY": "\\b",
    "AT_NON_BOUNDARY": "\\B",
}
_CATEGORY = {
    "CATEGORY_DIGIT": "\\d",
    "CATEGORY_NOT_DIGIT": "\\D",
    "CATEGORY_SPACE": "\\s",
    "CATEGORY_NOT_SPACE": "\\S",
    "CATEGORY_WORD": "\\w",
    "CATEGORY_NOT_WORD": "\\W",
}


def _unparse(items, names: dict, bare: bool = True) -> str:
    """Regex text for a parsed sequence (what :func:`tighten` writes back); *bare*: a lone
    alternation needs no group around it (not so for an alternative of another one)."""
    items = list(items)
    out = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.NOT_LITERAL:
            out.append("[^" + re.escape(chr(av)) + "]")
        elif op is _c.ANY:
            out.append(".")
        elif op is _c.IN:
            out.append(_unparse_class(av))
        elif op is _c.BRANCH:
            text = "|".join(_unparse(a, names, bare=False) for a in av[1])
            out.append(text if len(items) == 1 and bare else f"(?:{text})")
        elif op is _c.SUBPATTERN:
            group, add, delete, sub = av
            if add or delete:
                raise ValueError
            inner = _unparse(sub, names)
            if group is None:
                out.append(f"(?:{inner})")
            elif group in names:
                out.append(f"(?P<{names[group]}>{inner})")
            else:
                out.append(f"({inner})")
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE):
            lo, hi, sub = av
            sub = list(sub)
            if len(sub) == 1 and sub[0][0] in (_c.LITERAL, _c.IN, _c.ANY, _c.NOT_LITERAL):
                atom = _unparse(sub, names)
            else:
                atom = f"(?:{_unparse(sub, names)})"
            if (lo, hi) == (0, _c.MAXREPEAT):
                q = "*"
            elif (lo, hi) == (1, _c.MAXREPEAT):
                q = "+"
            elif (lo, hi) == (0, 1):
                q = "?"
            elif hi == _c.MAXREPEAT:
                q = f"{{{lo},}}"
            elif lo == hi:
                q = f"{{{lo}}}"
            else:
                q = f"{{{lo},{hi}}}"
            out.append(atom + q + ("?" if op is _c.MIN_REPEAT else "+" if op is _POSSESSIVE else ""))
        elif op is _c.AT:
            out.append(_AT[str(av)])
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, sub = av
            lead = ("(?=" if direction == 1 else "(?<=") if op is _c.ASSERT else ("(?!" if direction == 1 else "(?<!")
            out.append(lead + _unparse(sub, names) + ")")
        elif op is _c.ATOMIC_GROUP:
            out.append("(?>" + _unparse(av, names) + ")")
        else:
            raise ValueError(f"cannot write {op}")
    return "".join(out)


def _unparse_class(av) -> str:
    out, neg = [], ""
    for op, x in av:
        if op is _c.NEGATE:
            neg = "^"
        elif op is _c.LITERAL:
            out.append(re.escape(chr(x)))
        elif op is _c.RANGE:
            out.append(f"{re.escape(chr(x[0]))}-{re.escape(chr(x[1]))}")
        elif op is _c.CATEGORY:
            out.append(_CATEGORY[str(x)])
        else:
            raise ValueError(f"cannot write {op} in a class")
    return "[" + neg + "".join(out) + "]"
