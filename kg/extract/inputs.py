"""Inputs: the files, folders, globs, JSON Lines and standard input that ``kg`` reads, walked one way
for the CLI, the API and Dask (:func:`walk_paths`), each article behind a loader so that one bad
file fails alone (:func:`iter_articles`), and a check that a batch has anything to read at all
(:func:`check_inputs`).
"""

from __future__ import annotations

import glob
import json
import sys
from collections.abc import Callable, Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import MESSAGES, InputError, KGError

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def walk_paths(paths: Iterable[str | Path], suffixes: Collection[str] | None = None) -> Iterator[tuple[str, str]]:
    """The inputs that *paths* name, the one way kg reads them (the CLI, the API, Dask).

    Yields ``("stdin", "-")`` for ``-``, ``("nomatch", pattern)`` for a glob that matches
    nothing, and ``("file", path)`` for each file: a file named is taken whatever its name; a
    folder is searched recursively for files ending in one of *suffixes* (default: articles
    and ``.jsonl``), in sorted order; globs are expanded, sorted.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("b.txt", "a.md", "notes.csv"): (d / n).write_text("x")
    1
    1
    1
    >>> [(k, pathlib.Path(p).name) for k, p in walk_paths([d, d / "*.zip"])]
    [('file', 'a.md'), ('file', 'b.txt'), ('nomatch', '*.zip')]
    """
    wanted = ARTICLE_SUFFIXES | JSONL_SUFFIXES if suffixes is None else suffixes
    for raw in paths:
        p = str(raw)
        if p == "-":
            yield "stdin", "-"
            continue
        matches = sorted(glob.glob(p, recursive=True)) if any(ch in p for ch in "*?[") else [p]
        if not matches:
            yield "nomatch", p
        for m in matches:
            path = Path(m)
            if path.is_dir():
                for f in sorted(path.rglob("*")):
                    if f.is_file() and f.suffix.lower() in wanted:
                        yield "file", str(f)
            else:
                yield "file", str(path)


def iter_articles(paths: Iterable[str | Path]) -> Iterator[tuple[str, Callable[[], tuple[str, Any, dict]]]]:
    """Expand paths (files, folders, globs, ``-``; :func:`walk_paths`) to ``(label, loader)``
    per article.

    A loader returns ``("file", bytes_or_None, meta)`` or ``("text", text, meta)``; errors
    surface when it is called, so one bad file does not stop the others.
    """
    for kind, p in walk_paths(paths):
        if kind == "stdin":
            data = sys.stdin.buffer.read()
            yield "-", (lambda data=data: ("file", data, {}))
        elif kind == "nomatch":
            yield p, _raiser(InputError("no file matches this pattern", path=p))
        else:
            yield from _file_items(Path(p))


def check_inputs(paths: Iterable[str | Path]) -> None:
    """Refuse inputs that hold no article at all, before a store is opened or created.

    Raises :class:`~kg.errors.InputError` (exit code 1) when every path is missing, or when
    the paths that exist are folders or globs with no article file (``.txt``, ``.md``,
    ``.html``, ``.jsonl``) in them. Standard input (``-``) always counts as an input. Some
    inputs missing among others is not an error here: those are reported per article.

    >>> check_inputs(["/nonexistent/x.txt"])
    Traceback (most recent call last):
    kg.errors.InputError: [E001] /nonexistent/x.txt: no such file or folder; nothing was ingested
    """
    missing, empty, found = [], [], False
    for raw in paths:
        p = str(raw)
        if p == "-":
            found = True
            continue
        matches = sorted(glob.glob(p, recursive=True)) if any(ch in p for ch in "*?[") else [p]
        files = []
        for m in matches:
            path = Path(m)
            if path.is_dir():
                files += [
                    f
                    for f in path.rglob("*")
                    if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES | JSONL_SUFFIXES
                ]
            elif path.exists():
                files.append(path)
        if files:
            found = True
        elif matches and Path(matches[0]).is_dir():
            empty.append(p)
        else:
            missing.append(p)
    if found:
        return
    if empty:
        suffixes = ", ".join(sorted(ARTICLE_SUFFIXES | JSONL_SUFFIXES))
        raise InputError(f"no article files ({suffixes}) in this folder; nothing was ingested", path=empty[0])
    raise InputError("no such file or folder; nothing was ingested", path=", ".join(missing))


def _tasks(items) -> Iterator[tuple[str, str, Any, dict]]:
    """Run each loader; a loader's input error travels on as an "error" task, in order."""
    for label, loader in items:
        try:
            kind, payload, meta = loader()
        except KGError as exc:
            yield label, "error", str(exc), {}
            continue
        yield label, kind, payload, meta


def _raiser(exc: Exception):
    def load():
        raise exc

    return load


def _file_items(path: Path):
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            if path.exists() and not path.is_file():  # a FIFO would block, a device never end
                raise InputError(MESSAGES["not_regular"], path=str(path))
            # "\n" only: str.splitlines() also splits on U+2028, U+0085..., valid inside JSON strings
            lines = path.read_text(encoding="utf-8").split("\n")
        except InputError as exc:
            yield str(path), _raiser(exc)
            return
        except (OSError, UnicodeDecodeError) as exc:
            yield str(path), _raiser(InputError(f"cannot read JSON Lines: {exc}", path=str(path)))
            return
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            label = f"{path}:{n}"
            yield label, (lambda line=line, label=label: _jsonl_item(line, label))
    else:
        yield str(path), (lambda: ("file", None, {}))


def _jsonl_item(line: str, label: str):
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path=label) from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        raise InputError('each line needs a non-empty "text" field', path=label)
    meta = {k: obj.get(k) for k in ("title", "date", "source", "url") if obj.get(k) is not None}
    bad = sorted(k for k, v in meta.items() if not isinstance(v, str))
    if bad:
        raise InputError(f"{', '.join(repr(k) for k in bad)} must be a string", path=label)
    return "text", obj["text"], meta
