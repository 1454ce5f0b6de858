#!/usr/bin/env python3
"""Provenance guard: no data-set sentence in the project's own text.

    python bench/provenance.py [--k 16] [--shared DIR] [PATH ...]

The house rule: examples, negatives, doctests and test sentences are written by hand, never copied
from FewFC, FinRE or the seed article (not even with the company names swapped). This script reads
``../shared`` (relative to the repository's parent; ``--shared`` or ``KG_SHARED`` overrides), builds
the set of every run of ``k`` characters (whitespace removed) of every FewFC record's content, every
FinRE sentence and every seed text, and prints each line of the guarded files that holds one of
those runs, as ``file:line: run  [source]``. Exit 1 when any line is found, 0 when none, 2 when the
shared data is absent.

Guarded by default (:func:`guarded_files`): ``rules/*.yaml`` (examples, negatives and comments;
not ``rules/entities/*``, whose names are the gazetteer), ``kg/**/*.py`` (docstrings, doctests,
comments), ``tests/**/*.py``, ``tests/specs/*``, ``bench/*.py`` and ``README.md``. Corpora and their gold files are not guarded:
their shared runs are announcement boilerplate (本次交易不构成关联交易). Paths given on the command
line are checked instead (``python bench/provenance.py README.md``).

Only the project's line and the source's id are printed, never a data-set sentence.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
K = 16
_SPACE = re.compile(r"\s+")


def shared_dir(explicit: str | None = None) -> Path:
    """The shared data directory: ``explicit``, else ``$KG_SHARED``, else ``../shared``."""
    return Path(explicit or os.environ.get("KG_SHARED") or ROOT.parent / "shared")


def sources(shared: Path) -> Iterator[tuple[str, str]]:
    """(source id, text) of every FewFC record, FinRE sentence and seed text under ``shared``."""
    fewfc = shared / "devdata" / "fewfc" / "fewfc.jsonl"
    if fewfc.is_file():
        with fewfc.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    rec = json.loads(line)
                    yield f"fewfc:{rec.get('id', '?')}", rec.get("content", "")
    finre = shared / "devdata" / "finre"
    for path in sorted(finre.glob("*.txt")) if finre.is_dir() else []:
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 4:
                    yield f"finre:{path.name}:{n}", parts[3]
    seeds = shared / "seeds"
    for path in sorted(seeds.glob("*.txt")) if seeds.is_dir() else []:
        yield f"seed:{path.name}", path.read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    """``text`` without whitespace."""
    return _SPACE.sub("", text)


def shingles(texts: Iterable[str], k: int = K) -> set[str]:
    """Every run of ``k`` characters of the whitespace-free ``texts``."""
    out: set[str] = set()
    for text in texts:
        t = squeeze(text)
        out.update(t[i : i + k] for i in range(len(t) - k + 1))
    return out


def guarded_files(root: Path = ROOT) -> list[Path]:
    """The files whose every line must share no run with the data sets (sorted)."""
    files = [p for p in (root / "rules").glob("*.yaml")]
    files += (root / "kg").rglob("*.py")
    files += (root / "tests").rglob("*.py")
    files += (root / "bench").glob("*.py")
    files += [root / "README.md"] if (root / "README.md").is_file() else []
    specs = root / "tests" / "specs"
    if specs.is_dir():
        files += (p for p in specs.rglob("*") if p.is_file())
    return sorted(p for p in files if "__pycache__" not in p.parts)


def first_run(line: str, runs: set[str], k: int = K) -> str | None:
    """The first run of ``k`` characters of ``line`` (whitespace removed) found in ``runs``."""
    t = squeeze(line)
    for i in range(len(t) - k + 1):
        if t[i : i + k] in runs:
            return t[i : i + k]
    return None


def find(files: Iterable[Path], runs: set[str], k: int = K) -> list[tuple[Path, int, str]]:
    """(file, line number, shared run) of every line of ``files`` holding a run of ``runs``."""
    hits = []
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for n, line in enumerate(lines, 1):
            run = first_run(line, runs, k)
            if run is not None:
                hits.append((path, n, run))
    return hits


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="files to check (default: the guarded files)")
    ap.add_argument("--k", type=int, default=K, help="run length in characters (default %(default)s)")
    ap.add_argument("--shared", help="shared data directory (default ../shared)")
    args = ap.parse_args(argv)
    shared = shared_dir(args.shared)
    if not (shared / "devdata").is_dir() and not (shared / "seeds").is_dir():
        print(f"provenance: no shared data at {shared}", file=sys.stderr)
        return 2
    srcs = list(sources(shared))
    runs = shingles((t for _, t in srcs), args.k)
    files = [Path(p) for p in args.paths] if args.paths else guarded_files()
    hits = find(files, runs, args.k)
    where = {}
    for _, _, run in hits:
        where.setdefault(run, None)
    for sid, text in srcs:  # name the first source of each run found (ids only, never text)
        t = squeeze(text)
        for run in where:
            if where[run] is None and run in t:
                where[run] = sid
    for path, n, run in hits:
        try:
            shown = path.resolve().relative_to(ROOT)
        except ValueError:
            shown = path
        print(f"{shown}:{n}: {run}  [{where[run]}]")
    print(
        f"provenance: {len(hits)} line(s) share a run of {args.k} characters with the data sets "
        f"({len(files)} files, {len(runs)} runs)",
        file=sys.stderr,
    )
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
