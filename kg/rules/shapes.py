"""Shape checks for the word lists of rule files, shared by the loaders and ``kg rules check``,
and the named lists (``lists:``) a rule file can refer to by ``{NAME}``.

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

import re
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


_LIST_NAME = re.compile(r"[A-Z][A-Z0-9_]*")
_LIST_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def named_lists(value: Any, *, what: str, path: str) -> dict[str, str]:
    """The named lists of a rule file (``lists:`` of relations.yaml), each as the regex group of
    its items in their order; a name that is not upper case, an empty list or an item that does not
    compile is a RuleError (E002).

    >>> named_lists({"AGENT": ["(?<!及其)招标代理", "交易中心"]}, what="lists", path="relations.yaml")
    {'AGENT': '(?:(?<!及其)招标代理|交易中心)'}
    >>> named_lists({"agent": ["x"]}, what="lists", path="relations.yaml")
    Traceback (most recent call last):
    ...
    kg.errors.RuleError: [E002] relations.yaml: lists: 'agent' is no list name; expected upper-case letters, digits and _
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError(f"{what} must be a mapping of NAME to a list of regexes", path=str(path))
    out = {}
    for name, items in value.items():
        if not isinstance(name, str) or not _LIST_NAME.fullmatch(name):
            raise RuleError(f"{what}: {name!r} is no list name; expected upper-case letters, digits and _", path=str(path))
        words(items, what=f"{what}.{name}", path=path)
        if not items:
            raise RuleError(f"{what}.{name} is empty; expected at least one item", path=str(path))
        for item in items:
            try:
                re.compile(item)
            except re.error as exc:
                raise RuleError(f"{what}.{name}: {item!r} does not compile: {exc}", path=str(path)) from exc
        out[name] = "(?:" + "|".join(items) + ")"
    return out


def expand_lists(text: str, lists: dict[str, str], *, what: str, path: str) -> str:
    """*text* with every ``{NAME}`` replaced by the named list's group; a name no list has is a
    RuleError (E002), not a literal brace the regex would look for in vain.

    >>> expand_lists("候选|{AGENT}", {"AGENT": "(?:招标代理|交易中心)"}, what="unless", path="relations.yaml")
    '候选|(?:招标代理|交易中心)'
    >>> expand_lists("候选|{AGENTS}", {}, what="unless", path="relations.yaml")
    Traceback (most recent call last):
    ...
    kg.errors.RuleError: [E002] relations.yaml: unless: no list is called 'AGENTS' (lists: has none); expected a name from lists:
    """

    def sub(m: re.Match) -> str:
        if m.group(1) not in lists:
            known = ", ".join(sorted(lists)) or "none"
            raise RuleError(
                f"{what}: no list is called {m.group(1)!r} (lists: has {known}); expected a name from lists:", path=str(path)
            )
        return lists[m.group(1)]

    return _LIST_REF.sub(sub, text)
