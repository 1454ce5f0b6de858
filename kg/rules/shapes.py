"""Shape checks for the word lists of rule files, shared by the loaders and ``kg rules check``.

A value of the wrong shape (``extra_words: [[a]]``, ``status_words: {planned: [[x]]}``) is a
:class:`~kg.errors.RuleError` naming the file and the key when the rules load, not a
``TypeError`` in the middle of an analysis.

>>> words(["领投", "跟投"], what="extra_words", path="segmentation.yaml")
['领投', '跟投']
>>> words([["a"]], what="extra_words", path="segmentation.yaml")
Traceback (most recent call last):
...
kg.errors.RuleError: [E002] segmentation.yaml: extra_words must be a list of non-empty strings; item 1 is "['a']"
"""

from __future__ import annotations

from typing import Any

from ..errors import RuleError
from .loading import RuleList, RuleMap


def words(value: Any, *, what: str, path: str) -> list[str]:
    """*value* if it is a list of non-empty strings (None is an empty list), else a RuleError."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise RuleError(f"{what} must be a list of non-empty strings, not {type(value).__name__}", path=str(path))
    for i, w in enumerate(value, 1):
        if not isinstance(w, str) or not w:
            if isinstance(value, RuleList):  # merged from a user file: name the file the item is in
                path, i = value.origin(i - 1, str(path))
            raise RuleError(
                f"{what} must be a list of non-empty strings; item {i} is {str(w)[:80]!r}"
                if not isinstance(w, str)
                else f"{what} must be a list of non-empty strings; item {i} is empty",
                path=str(path),
            )
    return value


def word_map(value: Any, *, what: str, path: str) -> dict[str, list[str]]:
    """*value* if it maps names to lists of non-empty strings (None is empty), else a RuleError."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError(f"{what} must be a mapping of names to lists of words", path=str(path))
    for k, v in value.items():
        words(v, what=f"{what}.{k}", path=value.source_of(k, path) if isinstance(value, RuleMap) else path)
    return value
