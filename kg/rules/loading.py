"""Reading rule files: YAML with the safe loader (a key given twice is refused), mappings that
remember their file and line (:class:`RuleMap`), user files merged onto bundled ones
(:func:`merge`), and the checks every loader shares (:func:`check_keys`, :func:`compile_regex`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from ..data import rules_folder
from ..errors import RuleError
from .regex_budget import compile_rule_pattern
from .regex_safety import nested_unbounded


def rules_dir() -> Path:
    """The folder rule files are read from."""
    env = os.environ.get("KG_RULES")
    if env and not Path(env).is_dir():  # a mistyped KG_RULES would silently give the bundled rules
        raise RuleError(
            "KG_RULES names " + ("something that is not a folder" if Path(env).exists() else "no such folder")
            + "; set it to a copy of kg's rules/ folder, or unset it for the bundled rules",
            path=env,
        )
    candidates = [Path(env)] if env else []
    candidates.append(rules_folder())
    for c in candidates:
        if c.is_dir():
            return c
    raise RuleError("cannot find the rules folder; set KG_RULES to the path of kg's rules/ directory")


def bundled_names(base: Path) -> set[str]:
    """The rule files kg reads (``relations.yaml``...), as named in the folder *base*."""
    return {p.relative_to(base).as_posix() for p in base.glob("*.yaml")}


# ---------------------------------------------------------------- parsing


class RuleMap(dict):
    """A mapping read from a rule file: a ``dict`` that knows where it was written.

    ``source`` is the file, ``line`` the 1-based line of its first key and
    ``key_lines`` the line of each key.
    """

    source: str = ""
    line: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}
        self.key_sources: dict[Any, str] = {}  # keys a user file added: that file

    def source_of(self, key: Any, default: str) -> str:
        """The file that gave *key* (a user file merged in), else *default*."""
        return self.key_sources.get(key, default)

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


class RuleList(list):
    """A list merged from several rule files: ``origins[i]`` is the file item *i* came from
    and its 1-based position there, so a bad item is reported in the user's file, not in the
    bundled file it extends."""

    def __init__(self, *args, origins: list[tuple[str, int]] | None = None):
        super().__init__(*args)
        self.origins: list[tuple[str, int]] = origins or []

    def origin(self, i: int, default: str) -> tuple[str, int]:
        """The file and 1-based position in it of item *i* (0-based here)."""
        if 0 <= i < len(self.origins):
            return self.origins[i]
        return default, i + 1


def _origins(items: list, path: str) -> list[tuple[str, int]]:
    if isinstance(items, RuleList) and len(items.origins) == len(items):
        return list(items.origins)
    return [(path, i) for i in range(1, len(items) + 1)]


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a key that appears twice in one mapping, and aliases."""

    source = ""

    def compose_node(self, parent, index):
        # an alias (*x) repeats a node: nested ones grow a 400-byte file into gigabytes
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"aliases (*{event.anchor[:40]}) are not allowed in rule files", event.start_mark
            )
        return super().compose_node(parent, index)


def _no_duplicate_keys(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        k = loader.construct_object(key_node, deep=deep)
        try:
            if k in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {k!r} (first at line {seen[k] + 1})", key_node.start_mark
                )
        except TypeError:  # an unhashable key ({[a]: 1}): let PyYAML say so
            break
        seen[k] = key_node.start_mark.line
    out = RuleMap(loader.construct_mapping(node, deep=deep))
    out.source = loader.source
    out.line = node.start_mark.line + 1
    out.key_lines = {k: v + 1 for k, v in seen.items()}
    return out


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)

_CLoader = getattr(yaml, "CSafeLoader", None)  # PyYAML built with libyaml (the wheels are)

if _CLoader is not None:

    class _FastStrictLoader(_CLoader):
        """libyaml's parser under the same constructors: about nine times faster than
        :class:`_StrictLoader` (the bundled rules parse in 0.3 s of CPU, not 2.6 s: every ``kg``
        process pays it once). libyaml resolves an alias to the node it names, so a node met
        twice is an alias; any error is left to the pure-Python loader, whose words and
        positions the project's messages are built on."""

        source = ""

        def get_single_data(self):
            node = self.get_single_node()
            if node is None:
                return None
            _refuse_shared_nodes(node)
            return self.construct_document(node)

    _FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


class _Alias(yaml.YAMLError):
    """A node reached twice: the file holds an alias (the pure-Python loader names it)."""


def _refuse_shared_nodes(root) -> None:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _Alias()
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _load_text(text: str, source: str) -> Any:
    """The one document of *text*, parsed by libyaml when it is there and the text is printable
    to PyYAML; on any error, by the pure-Python loader, which raises it in the project's words."""
    if _CLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        fast = _FastStrictLoader(text)
        fast.source = source
        try:
            return fast.get_single_data()
        except yaml.YAMLError:
            pass
        finally:
            fast.dispose()
    loader = _StrictLoader(text)
    loader.source = source
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


MAX_RULE_FILE = 32 * 1024 * 1024
"""Bytes of one rule file read at most (the bundled gazetteer files are well under 1 MB)."""


def _read_rule_bytes(path: Path) -> bytes:
    """The bytes of a regular rule file of at most :data:`MAX_RULE_FILE` bytes, else a RuleError."""
    if path.exists() and not path.is_file():  # a link to /dev/zero, a FIFO
        raise RuleError("not a regular file (a device, FIFO or socket)", path=str(path))
    with open(path, "rb") as f:
        data = f.read(MAX_RULE_FILE + 1)
    if len(data) > MAX_RULE_FILE:
        raise RuleError(f"larger than {MAX_RULE_FILE // 2**20} MB: not a rule file", path=str(path))
    return data


def parse_file(path: Path) -> Any:
    """Parse one file as it is (no user overlay)."""
    try:
        text = _read_rule_bytes(path).decode("utf-8")
    except OSError as exc:
        raise RuleError(f"cannot read rule file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise RuleError(
            f"line {line}: rule files must be UTF-8 (byte {exc.object[exc.start]:#04x} at offset {exc.start})",
            path=str(path),
        ) from exc
    try:
        return _load_text(text, str(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        hint = ""
        if "python/" in problem or "python/" in str(exc):
            hint = "; rule files are data: Python tags are refused, never run"
        raise RuleError(f"{where}invalid YAML ({problem}){hint}", path=str(path)) from exc


def merge(base: Any, over: Any, *, base_path: str, over_path: str, key: str = "") -> Any:
    """*over* (a user file's data) on top of *base*: lists appended, mappings merged, values replaced."""
    if over is None:
        return base
    if base is None:
        return over
    what = f"key {key!r}" if key else "the file"
    if isinstance(base, dict) and isinstance(over, dict):
        out = RuleMap(base)
        out.source, out.line = getattr(base, "source", base_path), getattr(base, "line", None)
        out.key_lines = dict(getattr(base, "key_lines", {}))
        out.key_sources = dict(getattr(base, "key_sources", {}))
        for k, v in over.items():
            sub = f"{key}.{k}" if key else str(k)
            if k in base:
                _same_shape(
                    base[k], v, what=f"key {sub!r}", base_path=base_path, over_path=over_path, over=over, k=k
                )
                out[k] = merge(base[k], v, base_path=base_path, over_path=over_path, key=sub)
            else:
                out[k] = RuleList(v, origins=_origins(v, over_path)) if isinstance(v, list) else v
                out.key_lines[k] = over.line_of(k) if isinstance(over, RuleMap) else None
                out.key_sources[k] = over_path
        return out
    if isinstance(base, list) and isinstance(over, list):
        return RuleList([*base, *over], origins=_origins(base, base_path) + _origins(over, over_path))
    _same_shape(base, over, what=what, base_path=base_path, over_path=over_path, over=None, k=None)
    return over


def _shape(x: Any) -> str:
    return "a list" if isinstance(x, list) else "a mapping" if isinstance(x, dict) else "a single value"


def _same_shape(a, b, *, what, base_path, over_path, over, k) -> None:
    if _shape(a) != _shape(b):
        line = over.line_of(k) if isinstance(over, RuleMap) else getattr(b, "line", None)
        raise RuleError(
            f"{what} is {_shape(b)} here but {_shape(a)} in {base_path}; expected {_shape(a)} "
            "(user rule files extend the bundled ones: lists are appended, mappings merged)",
            path=over_path,
            line=line,
        )


def check_keys(item: dict, allowed: set[str], required: set[str], *, path: Path, what: str) -> None:
    """Reject unknown or missing fields in one rule record."""
    if not isinstance(item, dict):
        raise RuleError(f"each {what} must be a mapping, got {type(item).__name__}: {item!r}", path=str(path))
    src = getattr(item, "source", "") or str(path)
    unknown = set(item) - allowed
    if unknown:
        first = min(unknown, key=lambda k: item.line_of(k) or 0) if isinstance(item, RuleMap) else None
        raise RuleError(
            f"{what} {item.get('name', '?')!r}: unknown field(s) {sorted(map(str, unknown))}; "
            f"expected some of {sorted(allowed)}",
            path=src,
            line=item.line_of(first) if isinstance(item, RuleMap) else None,
        )
    missing = required - set(item)
    if missing:
        raise RuleError(
            f"{what} {item.get('name', '?')!r}: missing field(s) {sorted(missing)}",
            path=src,
            line=getattr(item, "line", None),
        )


def compile_regex(value: Any, *, what: str, path: Path) -> re.Pattern:
    """Compile a regex given in a rule file, or raise RuleError naming the file and the field."""
    if not isinstance(value, str):
        raise RuleError(f"{what} must be a regular expression string, got {value!r}", path=str(path))
    if nested_unbounded(value):
        raise RuleError(
            f"{what} {value!r} has an unbounded repeat inside another, which can take exponential time",
            path=str(path),
        )
    try:  # a user's pattern gets a time budget
        return compile_rule_pattern(value, written=value, where=f"{path} ({what})")
    except re.error as exc:
        raise RuleError(f"{what} {value!r} does not compile: {exc}", path=str(path)) from exc


def _as_rule_error(fn, path: Path):
    """Run *fn*; a KeyError, TypeError or re.error from a loader means *path* is malformed."""

    def run():
        try:
            return fn()
        except RuleError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, re.error) as exc:
            what = f"missing key {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
            if isinstance(exc, re.error) and isinstance(exc.pattern, str):
                what += f" in the pattern {exc.pattern!r}"  # lets the locator find the file and line
            raise RuleError(
                f"malformed ({what}); expected the keys and types of kg's bundled {path.name}",
                path=str(path),
            ) from exc

    return run


def _n(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
