"""Guards that keep a user's store safe: what ``kg demo`` may replace, what ``kg ingest`` may leave.

- ``kg demo`` writes its store into its own folder and marks it (``meta.created_by``);
  it replaces a store only when that mark says the demo made it (:func:`demo_may_replace`),
  never a store of ``kg ingest`` nor any other file.
- ``kg ingest`` that could store no article removes the store it had just created
  (:func:`discard_if_empty`), so a typo in a path leaves no empty ``new.db`` behind.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import StoreError
from .database import Store

DEMO_MARK = "kg demo"
SIDE_FILES = ("", "-wal", "-shm", "-journal")


def demo_may_replace(db: str | Path) -> tuple[bool, str]:
    """``(True, "")`` when *db* is missing or a store ``kg demo`` created; else ``(False, why)``."""
    p = Path(db)
    if not p.exists():
        return True, ""
    if p.is_dir():
        return False, "is a folder"
    try:
        s = Store(p, readonly=True)
    except StoreError as exc:
        return False, exc.reason
    try:
        made_by = s.get_meta("created_by")
    finally:
        s.close()
    if made_by != DEMO_MARK:
        return False, "is a store that kg demo did not create (your own articles may be in it)"
    return True, ""


def remove_store(db: str | Path) -> None:
    """Delete a store file and SQLite's side files next to it."""
    for suffix in SIDE_FILES:
        Path(str(db) + suffix).unlink(missing_ok=True)


def discard_if_empty(store: Store) -> bool:
    """Close *store* and delete it when it holds no article; True when it was deleted."""
    if store.path == ":memory:":
        return False
    empty = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    store.close()
    if empty:
        remove_store(store.path)
    return empty
