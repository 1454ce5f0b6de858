"""Errors that escape a command without a code, given one (the README's table) by ``kg``'s group.

- a ``sqlite3`` error (a store with flipped bytes or a zeroed page) is an E003 store error, exit 3;
- an ``OSError`` (standard output on a full disk, ``--out`` naming a device) is an E005 output
  error, exit 2; standard output is then pointed at ``/dev/null`` so that the interpreter's
  last flush of what could not be written does not fail a second time.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from ..errors import KGError, OutputError, StoreError


def db_argument(args: list[str]) -> str:
    """The value of ``--db`` in a command line (the default store when absent)."""
    for i, a in enumerate(args):
        if a == "--db" and i + 1 < len(args):
            return args[i + 1]
        if a.startswith("--db="):
            return a[5:]
    return "outputs/kg.db"


def coded(exc: BaseException, args: list[str]) -> KGError | None:
    """The coded error for *exc* raised by the command *args*, or None to let it through."""
    if isinstance(exc, sqlite3.Error):
        return StoreError(
            f"cannot read the store: {exc}; it is damaged or not a kg store "
            "(`sqlite3 FILE 'PRAGMA integrity_check'` says more)",
            path=db_argument(args),
        )
    if isinstance(exc, OSError):
        where = exc.filename if exc.filename is not None else "<standard output>"
        if exc.filename is None:
            _silence_stdout()
        return OutputError(f"cannot write: {exc.strerror or exc}", path=str(where))
    return None


def _silence_stdout() -> None:
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):  # not a real file (click's test runner)
        pass
