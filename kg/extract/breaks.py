"""The characters no match of a pattern can hold, for :func:`kg.extract.literals.finditer_near`.

A match that starts at *s* and holds an occurrence of its anchor at *at* or later holds every
character between: when one of them is a character no match can hold at all (the comma of
``[^,;。]{0,14}`` and nothing else in the pattern), the match cannot start at or before it, and
the search near *at* starts after the last one (``finditer_near``'s *breaks*). The characters
are read from the pattern's parsed form: those of its negated classes that no literal, range or
class of the pattern holds, or, in a pattern without a negated class, every character none of
its literals and classes holds; look-arounds hold none of the match's characters.
"""

from __future__ import annotations

import re

from .sre import constants as _c
from .sre import parser as _p

_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_WORD: r"\w"}
_REPEATS = tuple(op for op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)) if op)


class _Unknown(Exception):
    """The pattern holds a part whose characters are not read here."""


def breaks_of(pattern: re.Pattern) -> re.Pattern | None:
    r"""``(?s).*[…]`` over the characters no match of *pattern* can hold (see the module), or None
    when there are none or the pattern is not understood (``.``, a negated category, a flag).

    >>> breaks_of(re.compile("[甲乙]{1,4}[^,;]{0,6}?投资")).pattern
    '(?s).*[,;]'
    >>> breaks_of(re.compile("甲[^,;]投资|,")).pattern, breaks_of(re.compile("甲[^,]投资|,")), breaks_of(re.compile("(?s)甲.投资"))
    ('(?s).*[;]', None, None)
    >>> print(breaks_of(re.compile(r"[甲乙\d]{2,4}、投资")).pattern)
    (?s).*[^甲乙\d、投资]
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        if tree.state.flags & (re.IGNORECASE | re.VERBOSE | re.DOTALL):
            return None
        held: list = []  # (op, av) of the classes' and literals' items
        excluded: list[set[str]] = []  # the characters each negated class holds not
        _walk(list(tree), held, excluded)
    except (_Unknown, re.error):
        return None
    items = "".join(_item(op, av) for op, av in held)
    if not excluded:  # every character a match holds is in its literals and classes
        return re.compile(f"(?s).*[^{items}]") if items else None
    test = re.compile(f"[{items}]") if items else None
    out = sorted(ch for ch in set.intersection(*excluded) if not (test and test.match(ch)))
    return re.compile("(?s).*[" + "".join(re.escape(ch) for ch in out) + "]") if out else None


def _walk(items: list, held: list, excluded: list[set[str]]) -> None:
    for op, av in items:
        if op is _c.LITERAL:
            held.append((op, av))
        elif op is _c.NOT_LITERAL:
            excluded.append({chr(av)})
        elif op is _c.ANY:
            excluded.append({"\n"})
        elif op is _c.IN:
            if av and av[0][0] is _c.NEGATE:
                if any(iop not in (_c.LITERAL, _c.RANGE) for iop, _ in av[1:]):
                    raise _Unknown
                excluded.append({ch for iop, iav in av[1:] for ch in _chars(iop, iav)})
            else:
                for iop, iav in av:
                    known = iop in (_c.LITERAL, _c.RANGE) or iop is _c.CATEGORY and iav in _CATEGORIES
                    if not known:
                        raise _Unknown
                    held.append((iop, iav))
        elif op is _c.BRANCH:
            for alt in av[1]:
                _walk(list(alt), held, excluded)
        elif op is _c.SUBPATTERN:
            if (av[1] | av[2]) & re.IGNORECASE:
                raise _Unknown  # (?i:…): its letters hold their other case too
            _walk(list(av[3]), held, excluded)
        elif op in _REPEATS:
            _walk(list(av[2]), held, excluded)
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # (a look-around holds no character of the match)
        else:
            raise _Unknown


def _chars(op, av) -> list[str]:
    return [chr(av)] if op is _c.LITERAL else [chr(c) for c in range(av[0], av[1] + 1)]


def _item(op, av) -> str:
    if op is _c.LITERAL:
        return re.escape(chr(av))
    if op is _c.RANGE:
        return f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}"
    return _CATEGORIES[av]
