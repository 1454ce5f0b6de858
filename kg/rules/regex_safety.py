"""Refuse regular expressions that can take exponential time: an unbounded repeat inside another.

Python's ``re`` backtracks; ``(?:(?:投|资)+)+`` against eighteen such characters and one that
does not fit tries every way of cutting them into groups (over a minute at N = 18). A rule is
data anyone can write, so a pattern whose unbounded repeat (``*``, ``+``, ``{n,}``) holds
another unbounded repeat is a rule error (E002), found by ``kg rules check`` and when rules
load. Bounded inner repeats (``(?:、[^Ⓔ]{0,8}?Ⓔ)*``, the list of names) are fine: they cap the
ways a piece of text can be cut.

>>> nested_unbounded("(?:(?:投|资)+)+")
'(?:(?:投|资)+)+'
>>> nested_unbounded(r"Ⓔ(?:[^Ⓔ,]{0,4}?、\\s?Ⓔ)*") is None
True
>>> nested_unbounded(r"(a*)*b")
'(a*)*b'
"""

from __future__ import annotations

from ..extract.sre import REPEATS as _REPEATS
from ..extract.sre import constants as _c
from ..extract.sre import parser as _p


def nested_unbounded(pattern: str) -> str | None:
    """*pattern* when an unbounded repeat in it contains another unbounded repeat, else None."""
    try:
        tree = _p.parse(pattern)
    except Exception:  # noqa: BLE001 - compiling reports syntax errors better
        return None
    return pattern if _walk(tree, inside=False) else None


def _children(op, av):
    if op in _REPEATS:
        return [av[2]]
    if op is _c.SUBPATTERN:
        return [av[-1]]
    if op is _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op is _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    if hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
        return [av]
    return []


def _walk(seq, *, inside: bool) -> bool:
    for op, av in seq:
        unbounded = op in _REPEATS and av[1] == _c.MAXREPEAT
        if unbounded and inside:
            return True
        for child in _children(op, av):
            if _walk(child, inside=inside or unbounded):
                return True
    return False
