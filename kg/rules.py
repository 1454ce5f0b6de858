"""Find and load the rule files under ``rules/`` (YAML data, safe loader only).

The bundled rules live in the repository's ``rules/`` folder; set ``KG_RULES``
to use another folder. Errors name the file, the line and what was expected.

Rule files are parsed with a subclass of PyYAML's ``SafeLoader`` that also refuses
a key given twice in one mapping: tags such as ``!!python/object/apply`` are
refused, never executed. Every mapping it returns is a :class:`RuleMap` (a ``dict``)
that remembers its file and line, so checks can point at the record at fault.

User rules (``kg --rules DIR``, repeatable; :func:`use_user_dirs`)
-------------------------------------------------------------------
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
offending text is there. ``use_user_dirs`` clears every cache of loaded rules in
``kg`` (the ``functools`` caches of its modules). Words taught to jieba's
dictionary stay taught for the life of the process.

``kg rules check [--rules DIR]`` (:func:`check_all`) loads and validates all of
it and prints a one-line summary per file.
"""

from __future__ import annotations

import ast
import functools
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import RuleError

_PACKAGE_DIR = Path(__file__).resolve().parent


_USER_DIRS: list[Path] = []


def use_user_dirs(dirs: list[Path]) -> None:
    """Read the rule files in *dirs* on top of the bundled ones (``kg --rules DIR``).

    Each folder must exist and hold only rule files kg knows (see the module docstring).
    An empty list goes back to the bundled rules alone.
    """
    dirs = [Path(d) for d in dirs]
    for d in dirs:
        if not d.is_dir():
            raise RuleError(
                "--rules expects a folder of rule files (like kg's rules/), and this is "
                + ("not a folder" if d.exists() else "not there"),
                path=str(d),
            )
    bundled = _bundled_names()
    for d in dirs:
        for p in sorted(d.rglob("*.y*ml")):
            rel = p.relative_to(d).as_posix()
            if p.suffix == ".yml":
                raise RuleError("rule files end in .yaml; rename it", path=str(p))
            if rel not in bundled and not (rel.startswith("entities/") and rel.count("/") == 1):
                raise RuleError(
                    f"kg reads no rule file called {rel!r}; expected one of {sorted(bundled)} "
                    "or entities/<any name>.yaml",
                    path=str(p),
                )
            _parse(p)  # YAML errors now, whichever rules the command turns out to need
    _USER_DIRS[:] = dirs
    clear_caches()


def user_dirs() -> list[Path]:
    """The folders given with ``--rules``, in order."""
    return list(_USER_DIRS)


def user_files(rel: str) -> list[Path]:
    """User files for the bundled file *rel* (``"relations.yaml"``), or every user entity
    file for ``"entities"``, in ``--rules`` order."""
    out: list[Path] = []
    for d in _USER_DIRS:
        if rel == "entities":
            out += sorted((d / "entities").glob("*.yaml")) if (d / "entities").is_dir() else []
        elif (d / rel).is_file():
            out.append(d / rel)
    return out


def clear_caches() -> None:
    """Forget every rule-derived object cached in ``kg``'s modules (``functools`` caches)."""
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name == "kg" or name.startswith("kg.")):
            continue
        for obj in list(vars(mod).values()):
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", None) == name:
                obj.cache_clear()


def rules_dir() -> Path:
    """The folder rule files are read from."""
    env = os.environ.get("KG_RULES")
    candidates = [Path(env)] if env else []
    candidates += [_PACKAGE_DIR / "rules", _PACKAGE_DIR.parent / "rules"]
    for c in candidates:
        if c.is_dir():
            return c
    raise RuleError("cannot find the rules folder; set KG_RULES to the path of kg's rules/ directory")


def _bundled_names() -> set[str]:
    base = rules_dir()
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

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a key that appears twice in one mapping."""

    source = ""


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


def _parse(path: Path) -> Any:
    """Parse one file as it is (no user overlay)."""
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
    loader = _StrictLoader(text)
    loader.source = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        hint = ""
        if "python/" in problem or "python/" in str(exc):
            hint = "; rule files are data: Python tags are refused, never run"
        raise RuleError(f"{where}invalid YAML ({problem}){hint}", path=str(path)) from exc
    finally:
        loader.dispose()


def _relative_to_bundled(path: Path) -> str | None:
    try:
        return path.resolve().relative_to(rules_dir().resolve()).as_posix()
    except (ValueError, RuleError, OSError):
        return None


def load_yaml(path: Path) -> Any:
    """Parse one YAML file with the safe loader; errors carry file and line.

    A bundled rule file (not under ``entities/``) comes merged with the user files of
    the same name given with ``--rules`` (see the module docstring).
    """
    path = Path(path)
    data = _parse(path)
    if _USER_DIRS:
        rel = _relative_to_bundled(path)
        if rel is not None and not rel.startswith("entities/"):
            for user in user_files(rel):
                data = merge(data, _parse(user), base_path=str(path), over_path=str(user))
    return data


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
        for k, v in over.items():
            sub = f"{key}.{k}" if key else str(k)
            if k in base:
                _same_shape(
                    base[k], v, what=f"key {sub!r}", base_path=base_path, over_path=over_path, over=over, k=k
                )
                out[k] = merge(base[k], v, base_path=base_path, over_path=over_path, key=sub)
            else:
                out[k] = v
                out.key_lines[k] = over.line_of(k) if isinstance(over, RuleMap) else None
        return out
    if isinstance(base, list) and isinstance(over, list):
        return [*base, *over]
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
    try:
        return re.compile(value)
    except re.error as exc:
        raise RuleError(f"{what} {value!r} does not compile: {exc}", path=str(path)) from exc


@lru_cache(maxsize=32)
def load(name: str) -> Any:
    """Load ``rules/<name>`` merged with the user files of that name (cached)."""
    return load_yaml(rules_dir() / name)


# ---------------------------------------------------------------- locating errors

_QUOTED = re.compile(r"'((?:[^'\\\n]|\\.){1,400})'|\"((?:[^\"\\\n]|\\.){1,400})\"")
_EXPECTED = re.compile(r"expected|is not one of|must be|; use|\(placeholders")


def _tokens(message: str) -> list[str]:
    """Quoted values of an error message, before it says what was expected."""
    cut = _EXPECTED.search(message)
    head = message[: cut.start()] if cut else message
    out = []
    for m in _QUOTED.finditer(head):
        raw = m.group(0)
        try:
            tok = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            tok = raw[1:-1]
        if isinstance(tok, str) and tok.strip():
            out.append(tok)
    return out


def _find_line(path: Path, tokens: list[str]) -> int | None:
    try:
        if path.stat().st_size > 5_000_000:
            return None
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    found, pos = None, 0
    for tok in tokens:
        variants = {tok, tok.replace("\\", "\\\\")}
        for i in range(pos, len(lines)):
            if any(v in lines[i] for v in variants):
                found, pos = i, i
                break
    return None if found is None else found + 1


def _locate(path: str, message: str) -> tuple[str, int] | None:
    """The file (a user file merged into *path*, or *path*) and line an error message is about."""
    # some loaders name the record after the file: ".../relations.yaml (rule invest)"
    m = re.fullmatch(r"(.+?\.yaml)( \((?:rule|fact) ([^)]+)\))?", path)
    if m is None:
        return None
    p, suffix = Path(m.group(1)), m.group(2) or ""
    tokens = ([m.group(3)] if m.group(3) else []) + _tokens(message)
    if not tokens:
        return None
    candidates = [p]
    if _USER_DIRS and p.is_file():
        rel = _relative_to_bundled(p)
        if rel is not None:
            candidates = [*user_files(rel), p]  # bundled files pass their own checks
    for c in candidates:
        if c.is_file():
            line = _find_line(c, tokens)
            if line is not None:
                return f"{c}{suffix}", line
    return None


RuleError.locator = staticmethod(_locate)


# ---------------------------------------------------------------- checking everything


@dataclass
class FileCheck:
    """What ``kg rules check`` says about one rule file."""

    path: str
    summary: str
    user: bool = False


@dataclass
class CheckReport:
    files: list[FileCheck]
    errors: list[RuleError]

    @property
    def ok(self) -> bool:
        return not self.errors


_COUNTED = {
    "relations.yaml": ("relations", "relation rules"),
    "facts.yaml": ("facts", "fact rules"),
    "currencies.yaml": ("currencies", "currencies"),
    "segmentation.yaml": ("extra_words", "extra words"),
    "products.yaml": ("names", "product names"),
}


def _summary(rel: str, data: Any) -> str:
    if data is None:
        return "empty"
    if rel.startswith("entities/"):
        if not isinstance(data, list):
            return "not a list"
        n_alias = sum(
            len(r.get("aliases") or []) + len(r.get("weak_aliases") or [])
            for r in data
            if isinstance(r, dict)
        )
        return f"{len(data)} entities, {n_alias} aliases"
    if isinstance(data, dict):
        if rel in _COUNTED and isinstance(data.get(_COUNTED[rel][0]), (list, dict)):
            k, noun = _COUNTED[rel]
            return f"{len(data[k])} {noun}, {_n(len(data), 'key')}"
        if rel == "roles.yaml":
            return ", ".join(f"{len(v)} {k}" for k, v in data.items() if isinstance(v, list))
        return _n(len(data), "key")
    return f"{len(data)} entries" if isinstance(data, list) else "a single value"


def check_all() -> CheckReport:
    """Load every rule file (bundled and ``--rules``) through the loaders the pipeline uses.

    Each loader runs on its own, so one broken file does not hide the errors of others.
    """
    from . import amounts, entities, facts, gazetteer, metrics, orgnames, relations

    clear_caches()
    files: list[FileCheck] = []
    errors: list[RuleError] = []

    def attempt(fn):
        try:
            return fn()
        except RuleError as exc:
            if not any(str(exc) == str(e) for e in errors):
                errors.append(exc)
            return None

    base = rules_dir()
    for p in sorted(base.rglob("*.yaml")):
        rel = p.relative_to(base).as_posix()
        data = attempt(lambda p=p: _parse(p))
        if data is not None or p.stat().st_size == 0:
            files.append(FileCheck(str(p), _summary(rel, data)))
    for d in _USER_DIRS:
        for p in sorted(d.rglob("*.yaml")):
            rel = p.relative_to(d).as_posix()
            data = attempt(lambda p=p: _parse(p))
            if data is not None:
                into = "adds entities" if rel.startswith("entities/") else f"merged into {rel}"
                files.append(FileCheck(str(p), f"{_summary(rel, data)} ({into})", user=True))

    def seg():
        words = load("segmentation.yaml").get("extra_words")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise RuleError(
                "extra_words must be a list of non-empty strings", path=str(base / "segmentation.yaml")
            )

    def roles():
        data = load("roles.yaml")
        if not isinstance(data, dict):
            raise RuleError("expected a mapping of role to a list of names", path=str(base / "roles.yaml"))
        gaz = gazetteer.load_gazetteer()
        for role, names in data.items():
            if not isinstance(names, list):
                raise RuleError(f"role {role!r} must be a list of names", path=str(base / "roles.yaml"))
            for n in names:
                if not isinstance(n, str) or gaz.resolve(n) is None:
                    raise RuleError(
                        f"role {role!r}: {n!r} is not a gazetteer name or alias; expected a known entity",
                        path=str(base / "roles.yaml"),
                    )

    def products():
        entities.org_patterns()
        entities.product_owners()

    checks = [
        (gazetteer.load_gazetteer, "entities"),
        (relations.load_relation_rules, "relations.yaml"),
        (facts.load_fact_rules, "facts.yaml"),
        (amounts.grammar, "amounts.yaml"),
        (metrics._bundled_rates, "currencies.yaml"),
        (entities.org_patterns, "org_patterns.yaml"),
        (entities._bracket_data, "org_patterns.yaml"),
        (entities._legal_pattern, "org_patterns.yaml"),
        (entities._round_data, "org_patterns.yaml"),
        (orgnames.name_rules, "org_names.yaml"),
        (products, "products.yaml"),
        (roles, "roles.yaml"),
        (seg, "segmentation.yaml"),
    ]
    for fn, rel in checks:
        attempt(_as_rule_error(fn, base / rel))
    clear_caches()
    return CheckReport(files, errors)


def loader(name: str):
    """Decorate a function that builds data from ``rules/<name>``: a malformed value there
    (a missing key, a word where a number belongs, a pattern that does not compile) becomes a
    :class:`RuleError` naming the file, not a traceback in the middle of an analysis."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            return _as_rule_error(lambda: fn(*args, **kwargs), rules_dir() / name)()

        return run

    return wrap


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
