"""A time budget for matching the patterns of user rule files (``--rules``, ``KG_RULES``).

:func:`~kg.rules.regex_safety.nested_unbounded` refuses the common shape of catastrophic
backtracking (``(?:(?:投|资)+)+``), but not every one: overlapping alternatives inside one
repeat (``(?:投|投资|资)+``) cut a run of text in exponentially many ways too, and Python's
``re`` cannot be interrupted. A pattern written in a user's rule file is therefore compiled
with the `regex <https://pypi.org/project/regex/>`_ package (``VERSION0``, ``re``'s
semantics), whose matching takes a ``timeout``: each search gets :func:`budget` seconds
(``KG_REGEX_TIMEOUT``, default 2), and a pattern that runs out is a
:class:`~kg.errors.RuleError` (E002) naming its rule, so one rule cannot hang a run. The
bundled patterns are kg's own, tested on every commit, and keep ``re``.

>>> p = compile_rule_pattern("(?:投|投资|资)+向", written="(?:投|投资|资)+向", where="my.yaml (rule r)", user=True)
>>> p.search("投资投资向").group()
'投资投资向'
>>> p.search("投资" * 40 + "再向", timeout=0.05)
Traceback (most recent call last):
...
kg.errors.RuleError: [E002] my.yaml (rule r): pattern '(?:投|投资|资)+向' took longer than 0.05 s on one sentence and was stopped (catastrophic backtracking: a repeat whose alternatives can cut the same text in several ways); simplify it
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

from ..errors import RuleError, UsageError
from ..extract.literals import compile_quick

DEFAULT_TIMEOUT = 2.0


def budget() -> float:
    """Seconds one search of a user pattern may take (``KG_REGEX_TIMEOUT``, default 2)."""
    raw = os.environ.get("KG_REGEX_TIMEOUT")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise UsageError(f"KG_REGEX_TIMEOUT must be a positive number of seconds, not {raw!r}")
    return value


class BudgetedPattern:
    """A compiled pattern whose searches stop after :func:`budget` seconds (see the module)."""

    def __init__(self, expanded: str, *, written: str, where: str, flags: int = 0):
        import regex

        self._args = (expanded, written, where, flags)
        self.written = written
        self.where = where
        self._re = regex.compile(expanded, flags | regex.VERSION0)

    def __reduce__(self):
        expanded, written, where, flags = self._args
        return _rebuild, (expanded, written, where, flags)

    def __getattr__(self, name: str) -> Any:  # pattern, groupindex, groups, flags...
        if name == "_re":
            raise AttributeError(name)
        return getattr(self._re, name)

    def __repr__(self) -> str:
        return f"BudgetedPattern({self._args[0]!r})"

    def _timeout(self, seconds: float) -> RuleError:
        return RuleError(
            f"pattern {self.written[:200]!r} took longer than {seconds:g} s on one sentence and was stopped "
            "(catastrophic backtracking: a repeat whose alternatives can cut the same text in several "
            "ways); simplify it",
            path=self.where,
        )

    def _call(self, method: str, *args, timeout: float | None = None):
        seconds = budget() if timeout is None else timeout
        try:
            return getattr(self._re, method)(*args, timeout=seconds)
        except TimeoutError:
            raise self._timeout(seconds) from None

    def search(self, string, *args, timeout: float | None = None):
        return self._call("search", string, *args, timeout=timeout)

    def match(self, string, *args, timeout: float | None = None):
        return self._call("match", string, *args, timeout=timeout)

    def fullmatch(self, string, *args, timeout: float | None = None):
        return self._call("fullmatch", string, *args, timeout=timeout)

    def findall(self, string, *args, timeout: float | None = None):
        return self._call("findall", string, *args, timeout=timeout)

    def sub(self, repl, string, count=0, timeout: float | None = None):
        return self._call("sub", repl, string, count, timeout=timeout)

    def split(self, string, maxsplit=0, timeout: float | None = None):
        return self._call("split", string, maxsplit, timeout=timeout)

    def finditer(self, string, *args, timeout: float | None = None) -> Iterator:
        seconds = budget() if timeout is None else timeout
        it = self._re.finditer(string, *args, timeout=seconds)
        while True:
            try:
                m = next(it)
            except StopIteration:
                return
            except TimeoutError:
                raise self._timeout(seconds) from None
            yield m


def _rebuild(expanded, written, where, flags):
    return BudgetedPattern(expanded, written=written, where=where, flags=flags)


# Whether a pattern text was written in a user rule file of the active rule set: kg.rules.ruleset
# registers the answer (it knows the rule set's folders; this module cannot import it, ruleset
# imports loading, which imports this module).
_user_resolver: list = [lambda written: False]


def set_user_resolver(fn) -> None:
    """Install the function that tells user-written patterns (called by kg.rules.ruleset)."""
    _user_resolver[0] = fn


def is_user_pattern(written: str) -> bool:
    """Whether the pattern text *written* appears in a user rule file of the active rule set."""
    return bool(_user_resolver[0](written))


def compile_rule_pattern(
    expanded: str, *, written: str, where: str, flags: int = 0, user: bool | None = None
) -> re.Pattern | BudgetedPattern:
    """Compile a rule's pattern (*expanded* from the *written* one): with a time budget when a
    user wrote it (*user*; None: when *written* is found in a user rule file), else with ``re``.
    A pattern that does not compile raises ``re.error`` either way."""
    if user is None:
        user = is_user_pattern(written)
    if not user:  # searched for only where a match can start (kg/extract/literals.py)
        return compile_quick(expanded, flags)
    import regex

    try:
        return BudgetedPattern(expanded, written=written, where=where, flags=flags)
    except regex.error as exc:
        raise re.error(str(exc), expanded) from None
