"""Find and load the rule files under ``rules/`` (YAML data, safe loader only).

The bundled rules live in the repository's ``rules/`` folder; set ``KG_RULES``
to use another folder. Errors name the file, the line and what was expected.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError

_PACKAGE_DIR = Path(__file__).resolve().parent


_USER_DIRS: list[Path] = []


def use_user_dirs(dirs: list[Path]) -> None:
    """Read the rule files in *dirs* on top of the bundled ones (``kg --rules DIR``)."""
    _USER_DIRS[:] = list(dirs)
    load.cache_clear()


def rules_dir() -> Path:
    """The folder rule files are read from."""
    env = os.environ.get("KG_RULES")
    candidates = [Path(env)] if env else []
    candidates += [_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent / "rules"]
    for c in candidates:
        if c.is_dir():
            return c
    raise RuleError("cannot find the rules folder; set KG_RULES to the path of kg's rules/ directory")


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a key that appears twice in one mapping."""


def _no_duplicate_keys(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        k = loader.construct_object(key_node, deep=deep)
        if k in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {k!r} (first at line {seen[k] + 1})", key_node.start_mark
            )
        seen[k] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file with the safe loader; errors carry file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read rule file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise RuleError(
            f"line {line}: rule files must be UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
            path=str(path),
        ) from exc
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleError(f"{where}invalid YAML ({problem})", path=str(path)) from exc


def check_keys(item: dict, allowed: set[str], required: set[str], *, path: Path, what: str) -> None:
    """Reject unknown or missing fields in one rule record."""
    if not isinstance(item, dict):
        raise RuleError(f"each {what} must be a mapping, got {type(item).__name__}: {item!r}", path=str(path))
    unknown = set(item) - allowed
    if unknown:
        raise RuleError(
            f"{what} {item.get('name', '?')!r}: unknown field(s) {sorted(unknown)}; expected some of {sorted(allowed)}",
            path=str(path),
        )
    missing = required - set(item)
    if missing:
        raise RuleError(
            f"{what} {item.get('name', '?')!r}: missing field(s) {sorted(missing)}", path=str(path)
        )


def compile_regex(value: Any, *, what: str, path: Path) -> re.Pattern:
    """Compile a regex given in a rule file, or raise RuleError naming the file and the field."""
    if not isinstance(value, str):
        raise RuleError(f"{what} must be a regular expression string, got {value!r}", path=str(path))
    try:
        return re.compile(value)
    except re.error as exc:
        raise RuleError(f"{what} {value!r} does not compile: {exc}", path=str(path)) from exc


@lru_cache(maxsize=32)
def load(name: str) -> Any:
    """Load ``rules/<name>`` (cached)."""
    return load_yaml(rules_dir() / name)
