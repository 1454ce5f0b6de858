"""One :class:`RuleSet`: the bundled rule files plus the ``--rules`` folders, in order.

Everything kg derives from rule files (compiled patterns, the gazetteer's automaton, the
amount grammar...) is cached *on the rule set* (:func:`derived`), so two rule sets never
share a cache and nothing needs clearing. Code that analyses text runs with a rule set
made active for the call (:func:`using`, a :mod:`contextvars` variable, so threads and
nested calls stay apart); loaders read it with :func:`active`. Without one, the bundled
rules (:meth:`RuleSet.bundled`) are active. A rule set pickles as its folder list and is
rebuilt where it is unpickled (worker processes, Dask workers), so it is passed to them
explicitly.

>>> rs = RuleSet.bundled()
>>> rs.user_dirs
()
>>> "relation" in str(rs.load("relations.yaml")["relations"][0]).lower() or True
True
>>> import pickle
>>> pickle.loads(pickle.dumps(rs)) == rs
True
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import functools
import inspect
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import RuleError
from . import regex_budget
from .loading import _as_rule_error, bundled_names, merge, parse_file, rules_dir

T = TypeVar("T")


class RuleSet:
    """The bundled rule files (``base``) read with the folders *user_dirs* on top, in order.

    Each folder must exist and hold only rule files kg knows (``<bundled name>.yaml`` or
    ``entities/<any name>.yaml``); a YAML error in any of them is raised now, whichever rules
    a command turns out to need.
    """

    def __init__(self, user_dirs: Sequence[str | Path] = (), *, base: str | Path | None = None):
        self.base = Path(base) if base is not None else rules_dir()
        self.user_dirs: tuple[Path, ...] = tuple(Path(d) for d in user_dirs)
        self._ident = (str(self.base), *map(str, self.user_dirs))  # hashed on every cached look-up
        self._hash = hash(self._ident)
        self._derived: dict[Any, Any] = {}
        self._lock = threading.RLock()
        self._check_user_dirs()

    @classmethod
    def bundled(cls) -> RuleSet:
        """The bundled rules alone (one shared instance per rules folder, so its caches last).

        Asked for on every rule look-up, so the folder is found once per value of ``KG_RULES``.
        """
        env = os.environ.get("KG_RULES")
        rs = _BY_ENV.get(env)
        if rs is not None:
            return rs
        base = rules_dir()
        with _BUNDLED_LOCK:
            rs = _BUNDLED.get(base)
            if rs is None:
                rs = _BUNDLED[base] = cls(base=base)
            _BY_ENV[env] = rs
            return rs

    def with_dirs(self, dirs: Sequence[str | Path]) -> RuleSet:
        """This rule set with more ``--rules`` folders after its own."""
        if not dirs:
            return self
        return RuleSet([*self.user_dirs, *dirs], base=self.base)

    # -- identity: the folders; pickled as the folders and rebuilt
    def _key(self) -> tuple[str, ...]:
        return self._ident

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and self._ident == other._ident

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        return f"RuleSet({[str(d) for d in self.user_dirs]!r}, base={str(self.base)!r})"

    def __reduce__(self):
        return (_rebuild, (str(self.base), tuple(str(d) for d in self.user_dirs)))

    # -- files
    def _check_user_dirs(self) -> None:
        for d in self.user_dirs:
            if not d.is_dir():
                raise RuleError(
                    "--rules expects a folder of rule files (like kg's rules/), and this is "
                    + ("not a folder" if d.exists() else "not there"),
                    path=str(d),
                )
        if not self.user_dirs:
            return
        bundled = bundled_names(self.base)
        for d in self.user_dirs:
            if (d / "entities").exists() and not (d / "entities").is_dir():
                raise RuleError(
                    "entities must be a folder of entity files (entities/<name>.yaml)", path=str(d / "entities")
                )
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
                parse_file(p)

    def user_files(self, rel: str) -> list[Path]:
        """User files for the bundled file *rel* (``"relations.yaml"``), or every user entity
        file for ``"entities"``, in ``--rules`` order."""
        out: list[Path] = []
        for d in self.user_dirs:
            if rel == "entities":
                out += sorted((d / "entities").glob("*.yaml")) if (d / "entities").is_dir() else []
            elif (d / rel).is_file():
                out.append(d / rel)
        return out

    def relative(self, path: Path) -> str | None:
        """*path* relative to the bundled folder, or None when it is not in it."""
        try:
            return Path(path).resolve().relative_to(self.base.resolve()).as_posix()
        except (ValueError, OSError):
            return None

    def load_yaml(self, path: str | Path) -> Any:
        """Parse one rule file; a bundled one (not under ``entities/``) comes merged with the
        user files of the same name."""
        path = Path(path)
        data = parse_file(path)
        if self.user_dirs:
            rel = self.relative(path)
            if rel is not None and not rel.startswith("entities/"):
                for user in self.user_files(rel):
                    data = merge(data, parse_file(user), base_path=str(path), over_path=str(user))
        return data

    def load(self, name: str) -> Any:
        """``<base>/<name>`` merged with the user files of that name (cached on this rule set)."""
        try:  # asked thousands of times per article: no closure on the way to the cache
            return self._derived[("load", name)]
        except KeyError:
            return self.derived(("load", name), lambda: self.load_yaml(self.base / name))

    def derived(self, key: Any, build: Callable[[], T]) -> T:
        """The object *build* makes from these rules, made once per rule set and *key*."""
        try:
            return self._derived[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]


_BUNDLED: dict[Path, RuleSet] = {}
_BY_ENV: dict[str | None, RuleSet] = {}  # KG_RULES value -> its bundled rule set
_BUNDLED_LOCK = threading.Lock()
_ACTIVE: contextvars.ContextVar[RuleSet | None] = contextvars.ContextVar("kg_rules", default=None)


_REBUILT: dict[tuple[str, ...], RuleSet] = {}


def _rebuild(base: str, user_dirs: tuple[str, ...]) -> RuleSet:
    """Unpickle a rule set: one instance per folder list in a process, so that the tasks a
    worker receives share its caches."""
    if not user_dirs and Path(base) == rules_dir():
        return RuleSet.bundled()
    key = (base, *user_dirs)
    with _BUNDLED_LOCK:
        rs = _REBUILT.get(key)
        if rs is None:
            rs = _REBUILT[key] = RuleSet(user_dirs, base=base)
        return rs


def is_set() -> bool:
    """Has a caller chosen the rule set of the analysis under way (:func:`using`)?"""
    return _ACTIVE.get() is not None


def active() -> RuleSet:
    """The rule set of the analysis under way (:func:`using`), else the bundled rules."""
    return _ACTIVE.get() or RuleSet.bundled()


@contextlib.contextmanager
def using(rules: RuleSet | None) -> Iterator[RuleSet]:
    """Make *rules* (None: the bundled rules) the active rule set inside the ``with`` block."""
    rs = rules if rules is not None else RuleSet.bundled()
    token = _ACTIVE.set(rs)
    try:
        yield rs
    finally:
        _ACTIVE.reset(token)


def set_active(rules: RuleSet) -> None:
    """Make *rules* the active rule set for the rest of this thread (a worker process's
    initializer; elsewhere use :func:`using`)."""
    _ACTIVE.set(rules)


def derived(fn: Callable[..., T]) -> Callable[..., T]:
    """Decorate a loader that builds an object from rule files: its result is cached on the
    active rule set, per arguments (they must be hashable)."""

    module, name = fn.__module__, fn.__qualname__
    plain = (module, name, (), ())  # the key of a call without arguments, the usual one

    if not inspect.signature(fn).parameters:  # a loader of no arguments (most): nothing to pack

        @functools.wraps(fn)
        def run_plain():
            rs = _ACTIVE.get() or RuleSet.bundled()
            try:
                return rs._derived[plain]
            except KeyError:
                return rs.derived(plain, fn)

        return run_plain

    @functools.wraps(fn)
    def run(*args, **kwargs):
        if kwargs:
            key = (module, name, args, tuple(sorted(kwargs.items())))
        else:
            key = (module, name, args, ()) if args else plain
        rs = _ACTIVE.get() or RuleSet.bundled()  # active(), without a call
        try:  # called thousands of times per article: the cached object, without a closure
            return rs._derived[key]
        except KeyError:
            return rs.derived(key, lambda: fn(*args, **kwargs))

    return run


def load(name: str) -> Any:
    """The rule file *name* of the active rule set (merged with its user files)."""
    return active().load(name)


def load_yaml(path: str | Path) -> Any:
    """One rule file by path, merged with the active rule set's user files of that name."""
    return active().load_yaml(path)


def user_files(rel: str) -> list[Path]:
    """The active rule set's user files for *rel* (see :meth:`RuleSet.user_files`)."""
    return active().user_files(rel)


def loader(name: str):
    """Decorate a function that builds data from ``rules/<name>``: a malformed value there
    (a missing key, a word where a number belongs, a pattern that does not compile) becomes a
    :class:`RuleError` naming the file, not a traceback in the middle of an analysis."""

    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            return _as_rule_error(lambda: fn(*args, **kwargs), active().base / name)()

        return run

    return wrap


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
    rs = active()
    if rs.user_dirs and p.is_file():
        rel = rs.relative(p)
        if rel is not None:
            candidates = [*rs.user_files(rel), p]  # bundled files pass their own checks
    for c in candidates:
        if c.is_file():
            line = _find_line(c, tokens)
            if line is not None:
                return f"{c}{suffix}", line
    return None


RuleError.locator = staticmethod(_locate)


# --------------------------------------------------------------- user-written patterns (time budget)


def _strings(data: Any, out: set[str]) -> None:
    if isinstance(data, str):
        out.add(data)
    elif isinstance(data, dict):
        for v in data.values():
            _strings(v, out)
    elif isinstance(data, list):
        for v in data:
            _strings(v, out)


def _user_strings(user_dirs) -> frozenset[str]:
    out: set[str] = set()
    for d in user_dirs:
        for p in sorted(Path(d).rglob("*.yaml")):
            try:
                _strings(parse_file(p), out)
            except RuleError:
                pass  # reported where the file is loaded
    return frozenset(out)


def is_user_pattern(written: str) -> bool:
    """Whether the pattern text *written* appears in a user rule file of the active rule set."""
    rs = active()
    if not rs.user_dirs:
        return False
    return written in rs.derived(("regex_budget.user_strings",), lambda: _user_strings(rs.user_dirs))


regex_budget.set_user_resolver(is_user_pattern)
