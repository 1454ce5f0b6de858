"""Python's own regular-expression parser, read by the rule analyses (one place imports it).

kg reads the parse trees of rule patterns to find what every match must hold
(:mod:`kg.extract.literals`), what ends it (:mod:`kg.extract.anchored`) and nested unbounded
repeats (:mod:`kg.rules.regex_safety`). The parser is ``re._parser`` from Python 3.11 and
``sre_parse`` before; both are internal, so their import lives here alone, and
``tests/test_literals.py`` and the doctests of those modules hold the behaviour kg relies on.

>>> parser.parse("ab")[0] == (constants.LITERAL, ord("a"))
True
>>> constants.MAX_REPEAT in REPEATS
True
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
    from re import _compiler as compiler
    from re import _constants as constants
    from re import _parser as parser
else:  # pragma: no cover
    import sre_compile as compiler
    import sre_constants as constants
    import sre_parse as parser

# every repeat operator of the parse tree (POSSESSIVE_REPEAT from Python 3.11)
REPEATS = frozenset(
    r for r in (constants.MAX_REPEAT, constants.MIN_REPEAT, getattr(constants, "POSSESSIVE_REPEAT", None)) if r is not None
)

__all__ = ["REPEATS", "compiler", "constants", "parser"]
