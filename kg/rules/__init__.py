"""Rule files: find, load and check them (YAML data, safe loader only).

``loading`` parses files, ``ruleset`` holds one set of rules (:class:`RuleSet`), ``checks``
validates them all (``kg rules check``).

The bundled rules are the package data ``kg.data.rules`` (in a checkout, the top-level
``rules/`` folder; see :mod:`kg.data`); set ``KG_RULES`` to use another folder. Errors name the file, the line and what was expected.

Rule files are parsed with a subclass of PyYAML's ``SafeLoader`` that also refuses
a key given twice in one mapping: tags such as ``!!python/object/apply`` are
refused, never executed. Every mapping it returns is a :class:`RuleMap` (a ``dict``)
that remembers its file and line, so checks can point at the record at fault.

User rules (``kg --rules DIR``, repeatable; :class:`RuleSet`)
--------------------------------------------------------------
A user folder has the layout of ``rules/`` and is read *on top of* the bundled
files, folders in the order given:

- ``DIR/<name>.yaml`` with the name of a bundled file (``relations.yaml``,
  ``amounts.yaml``...) is merged into it: lists are appended (bundled entries
  first), mappings are merged key by key (recursively), and a plain value
  (``max_name_chars: 10``) replaces the bundled one. A key whose value is a list
  in one file and a mapping or a plain value in the other is a :class:`RuleError`.
  A ``*.yaml`` whose name kg does not read is refused (a typo would be ignored
  silently otherwise).
- ``DIR/entities/*.yaml`` (any file name) add entities to the gazetteer. A user
  entity with the ``name`` of a known one extends it (its tickers and aliases are
  added; its ``type`` must agree); an alias that already names a *different*
  entity is a :class:`RuleError` naming both files and lines.

The merged rules are checked by the very loaders the pipeline uses, so a user
file gets the same errors as a bundled one, naming the user file when the
offending text is there. A :class:`RuleSet` (``kg.rules.ruleset``) holds the folders and
caches what is derived from them; it is passed explicitly to :func:`kg.analyze`, the
worker processes and the Dask tasks. Words taught to jieba's dictionary stay taught for
the life of the process.

``kg rules check [--rules DIR]`` (:func:`kg.rules.checks.check_all`) loads and validates all of
it and prints a one-line summary per file.
"""

from __future__ import annotations

from .loading import RuleMap, check_keys, compile_regex, merge, parse_file, rules_dir
from .ruleset import RuleSet, active, derived, is_set, load, load_yaml, loader, set_active, user_files, using

__all__ = [
    "RuleMap",
    "RuleSet",
    "active",
    "check_keys",
    "compile_regex",
    "derived",
    "is_set",
    "load",
    "load_yaml",
    "loader",
    "merge",
    "parse_file",
    "rules_dir",
    "set_active",
    "user_files",
    "using",
]
