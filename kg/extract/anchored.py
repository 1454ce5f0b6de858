"""Patterns that end at the end of what is searched (``…$``): a cheap test before the search.

A pattern such as ``(?:本次|拟|将)+$`` searched in ``text[pos:endpos]`` finds the run of words
that ends right at *endpos* (the adverbs before a verb). ``re`` tries it at every character of
the window, and each try walks the words to the end; yet a match can only exist when the last
character of the window is one a match can end with. :func:`end_anchored` wraps such a pattern
so that a search first looks at that one character (:func:`last_chars`): the same matches, and
most searches over in one step.
"""

from __future__ import annotations

import re
import sys

from .literals import compile_quick
from .sre import REPEATS as _REPEATS
from .sre import constants as _c
from .sre import parser as _p


def last_chars(items) -> tuple[set[str], bool]:
    """The characters a parsed sequence can end with and whether it can match nothing;
    ValueError when they are not known (classes other than literals, ranges and digits).

    >>> chars, empty = last_chars(list(_p.parse("(?:拟|将已)+份?")))
    >>> sorted(chars), empty
    (['份', '已', '拟'], False)
    """
    out: set[str] = set()
    for op, av in reversed(items):
        if op is _c.LITERAL:
            out.add(chr(av))
            return out, False
        if op is _c.IN:
            for iop, iav in av:
                if iop is _c.LITERAL:
                    out.add(chr(iav))
                elif iop is _c.RANGE and iav[1] - iav[0] <= 64:
                    out.update(chr(c) for c in range(iav[0], iav[1] + 1))
                elif iop is _c.CATEGORY and iav is _c.CATEGORY_DIGIT:
                    out.add("\\d")
                else:
                    raise ValueError
            return out, False
        if op is _c.BRANCH:
            empty = False
            for alt in av[1]:
                chars, e = last_chars(list(alt))
                out |= chars
                empty |= e
            if not empty:
                return out, False
            continue
        if op is _c.SUBPATTERN:
            if (av[1] | av[2]) & re.IGNORECASE:
                raise ValueError
            chars, e = last_chars(list(av[3]))
            out |= chars
            if not e:
                return out, False
            continue
        if op in _REPEATS:
            chars, e = last_chars(list(av[2]))
            out |= chars
            if av[0] > 0 and not e:
                return out, False
            continue
        if op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue  # zero width: what it looks at is not consumed
        raise ValueError
    return out, True


class EndAnchored:
    """A pattern ending in ``$``, compiled with :func:`~kg.extract.literals.compile_quick`, whose
    ``search(text, pos, endpos)`` first checks the last character of the window (see the module).

    >>> p = end_anchored("(?:拟|将|已)+$")
    >>> p.search("甲拟将", 0, 3).group(), p.search("甲拟将收购", 0, 5), p.search("甲拟将收购", 0, 3).span()
    ('拟将', None, (1, 3))
    """

    def __init__(self, pattern: re.Pattern, ends: str, digits: bool):
        self._pattern = pattern
        self._ends = ends
        self._digits = digits
        self.pattern = pattern.pattern

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        end = min(endpos, len(text))
        if end > max(pos, 0):
            c = text[end - 1]
            if c not in self._ends and c != "\n" and not (self._digits and c.isdigit()):
                return None  # no match ends with this character ("\n": $ may match before it)
        return self._pattern.search(text, pos, endpos)


def end_anchored(source: str) -> re.Pattern | EndAnchored:
    """*source* compiled (:func:`~kg.extract.literals.compile_quick`), in an :class:`EndAnchored`
    when every match ends at ``$`` and the characters it ends with are known (else as it is)."""
    pattern = compile_quick(source)
    try:
        items = list(_p.parse(source))
        if not items or items[-1] != (_c.AT, _c.AT_END) or pattern.flags & (re.IGNORECASE | re.MULTILINE):
            return pattern
        chars, empty = last_chars(items[:-1])
    except (ValueError, TypeError, AttributeError, re.error):
        return pattern
    if empty or not chars:
        return pattern
    digits = "\\d" in chars
    return EndAnchored(pattern, "".join(sorted(c for c in chars if c != "\\d")), digits)
