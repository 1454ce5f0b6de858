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
    """The named lists of a rule file (``lists:`` of relations.yaml, org_names.yaml and frames.yaml),
    each as the regex group of its items in their order. A list is a regex or a list of regexes; an
    item may hold ``{NAME}``, another list of the file, expanded here. A name that is not upper
    case, an empty list, a name no list has, lists that hold each other, or an item that does not
    compile is a RuleError (E002).

    >>> named_lists({"AGENT": ["(?<!及其)招标代理", "交易中心"]}, what="lists", path="relations.yaml")
    {'AGENT': '(?:(?<!及其)招标代理|交易中心)'}
    >>> named_lists({"TIME": "今年|去年", "MID": ["拟", "于{TIME}"]}, what="lists", path="frames.yaml")
    {'TIME': '(?:今年|去年)', 'MID': '(?:拟|于(?:今年|去年))'}
    >>> named_lists({"agent": ["x"]}, what="lists", path="relations.yaml")
    Traceback (most recent call last):
    ...
    kg.errors.RuleError: [E002] relations.yaml: lists: 'agent' is no list name; expected upper-case letters, digits and _
    >>> named_lists({"A": ["{B}"], "B": ["x{A}"]}, what="lists", path="frames.yaml")
    Traceback (most recent call last):
    ...
    kg.errors.RuleError: [E002] frames.yaml: lists.A holds itself (A -> B -> A)
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RuleError(f"{what} must be a mapping of NAME to a regex or a list of regexes", path=str(path))
    raw: dict[str, list[str]] = {}
    for name, items in value.items():
        if not isinstance(name, str) or not _LIST_NAME.fullmatch(name):
            raise RuleError(f"{what}: {name!r} is no list name; expected upper-case letters, digits and _", path=str(path))
        if isinstance(items, str):
            items = [items]
        words(items, what=f"{what}.{name}", path=path)
        if not items:
            raise RuleError(f"{what}.{name} is empty; expected at least one item", path=str(path))
        raw[name] = list(items)
    out: dict[str, str] = {}

    def group(name: str, chain: tuple[str, ...]) -> str:
        if name in out:
            return out[name]
        if name in chain:
            raise RuleError(f"{what}.{chain[0]} holds itself ({' -> '.join((*chain, name))})", path=str(path))
        items = [expand_lists(item, _Refs(raw, group, (*chain, name)), what=f"{what}.{name}", path=path) for item in raw[name]]
        for item in items:
            try:
                re.compile(item)
            except re.error as exc:
                raise RuleError(f"{what}.{name}: {item!r} does not compile: {exc}", path=str(path)) from exc
        out[name] = "(?:" + "|".join(items) + ")"
        return out[name]

    for name in raw:
        group(name, ())
    return {name: out[name] for name in raw}


class _Refs(dict):
    """The lists an item of a list may name, expanded on demand (:func:`named_lists`)."""

    def __init__(self, raw: dict, group, chain: tuple[str, ...]):
        super().__init__((k, "") for k in raw)
        self._group, self._chain = group, chain

    def __getitem__(self, name: str) -> str:
        return self._group(name, self._chain)


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
