"""The store under faults and concurrency: kill -9, two writers, locks, read-only files, old schemas."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg import analyze
from kg.api import KnowledgeGraph
from kg.errors import StoreError
from kg.store import database as store_mod
from kg.store.database import Store

from .conftest import CORPUS, HANS, invoke, kg_cmd, kg_env, run_kg

PER_ARTICLE = ("mentions", "amounts", "facts", "evidence", "deal_versions")


def _copies(folder: Path, copies: range) -> list[Path]:
    """Corpus articles, each copy made a distinct article by a first line of its own."""
    out = []
    for c in copies:
        sub = folder / f"copy{c}"
        sub.mkdir(parents=True, exist_ok=True)
        for p in CORPUS[:15]:  # half the corpus keeps the kill and concurrency runs short
            dst = sub / p.name
            if not dst.exists():
                dst.write_text(f"第{c}期\n" + p.read_text(encoding="utf-8"), encoding="utf-8")
            out.append(dst)
    return out


def _per_article(db: Path) -> dict[str, dict[str, int]]:
    s = Store(db, readonly=True)
    try:
        out = {r[0]: {} for r in s.conn.execute("SELECT id FROM articles")}
        for table in PER_ARTICLE:
            for aid in out:
                out[aid][table] = s.conn.execute(
                    f"SELECT count(*) FROM {table} WHERE article_id = ?", (aid,)
                ).fetchone()[0]
        return out
    finally:
        s.close()


def _check_consistent(db: Path) -> None:
    s = Store(db, readonly=True)
    try:
        assert s.integrity_errors() == []
        orphans = s.conn.execute(
            "SELECT count(*) FROM deals WHERE id NOT IN (SELECT deal_id FROM deal_versions)"
        ).fetchone()[0]
        assert orphans == 0
        for table in PER_ARTICLE:
            stray = s.conn.execute(
                f"SELECT count(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)"
            ).fetchone()[0]
            assert stray == 0, table
    finally:
        s.close()


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """Three distinct copies of the corpus and a reference store built in one go."""
    root = tmp_path_factory.mktemp("killed")
    files = _copies(root / "in", range(3))
    ref = root / "reference.db"
    with KnowledgeGraph.open(ref) as kg:
        kg.ingest(root / "in", jobs=1)
    return root / "in", files, ref


# ---------------------------------------------------------------- kill -9


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _ingest(
    folder: Path, db: Path, jobs: str, kill_after_first: float | None = None
) -> tuple[bool, float, float]:
    """Run ``kg ingest`` in its own process group, watching the store.

    Returns (killed, seconds to the first stored article, seconds in all). With
    *kill_after_first*, SIGKILL the group that many seconds after the first article is stored.
    """
    proc = subprocess.Popen(
        kg_cmd("ingest", folder, "--db", db, "--quiet", "--jobs", jobs),
        env=kg_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: pool workers die with it
    )
    t0 = time.perf_counter()
    first = None
    while proc.poll() is None:
        now = time.perf_counter() - t0
        if first is None and _count(db) > 0:
            first = now
        if first is not None and kill_after_first is not None and now >= first + kill_after_first:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            return True, first, now
        time.sleep(0.02)
        assert now < 300
    assert proc.returncode == 0, proc.stderr.read().decode()
    return False, first or 0.0, time.perf_counter() - t0


def _present_whole(db: Path, reference: dict, *, versions: bool = True) -> int:
    """Check the store, and that each article in it has exactly its reference rows; return how many."""
    _check_consistent(db)
    got = _per_article(db)
    for aid, counts in got.items():
        want = dict(reference[aid])
        if not versions:
            counts.pop("deal_versions"), want.pop("deal_versions")
        assert counts == want, (aid, counts, want)
    return len(got)


def test_kill_minus_9_of_kg_ingest_at_random_moments(articles, tmp_path):
    folder, files, ref = articles
    reference = _per_article(ref)
    assert len(reference) == len(files)
    # one whole run, timed: the kills land in the first 60 % of its writing time (a loaded
    # machine may run the later ingests faster or slower; early kills still land mid-batch)
    killed, first, whole = _ingest(folder, tmp_path / "whole.db", "2")
    assert _present_whole(tmp_path / "whole.db", reference) == len(reference)
    writing = max(whole - first, 0.2)
    rng = random.Random(20251124)
    present = []
    for round_ in range(4):
        db = tmp_path / f"killed{round_}.db"
        killed, _, _ = _ingest(
            folder, db, "2" if round_ % 2 else "1", kill_after_first=rng.uniform(0.05, 0.6) * writing
        )
        # versions=False: a version belongs to the first of its tellers in the store's canonical
        # order (article date, id), so which article holds it depends on which ones are present
        present.append(_present_whole(db, reference, versions=False) if db.exists() else 0)
        assert killed or present[-1] == len(reference)
    print(
        f"\nkg ingest (first write at {first:.1f} s, done at {whole:.1f} s) killed -9: "
        f"articles present {present} of {len(reference)}"
    )
    assert any(0 < n < len(reference) for n in present)  # some kills did land mid-batch
    # the killed store takes the rest of the batch
    res = run_kg("ingest", folder, "--db", db, "--jobs", "2")
    assert res.returncode == 0, res.stderr
    assert _present_whole(db, reference) == len(reference)


WRITER = """
import pickle, sys
from kg.store.database import Store
results = pickle.load(open(sys.argv[1], "rb"))
store = Store(sys.argv[2])
print("ready", flush=True)
while True:  # rewrite every article forever (--force): nearly all the time is inside transactions
    for r in results:
        store.ingest(r, force=True)
"""


def test_kill_minus_9_in_the_middle_of_write_transactions(articles, tmp_path):
    """A writer that spends its time inside transactions, killed at random moments."""
    import pickle

    from kg.extract.stream import analyze_file

    folder, files, ref = articles
    reference = _per_article(ref)
    results = [analyze_file(p) for p in files[:15]]
    blob = tmp_path / "results.pickle"
    blob.write_bytes(pickle.dumps(results))
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    db = tmp_path / "kg.db"
    rng = random.Random(7)
    present = []
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(blob), str(db)],
            env=kg_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(rng.uniform(0.05, 1.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        present.append(_present_whole(db, reference, versions=False))
    print(f"\nwriter killed -9 mid-transaction: articles present {present} of {len(results)}")


# ---------------------------------------------------------------- two writers


def test_two_ingests_into_one_store_at_once(articles, tmp_path):
    folder, files, ref = articles
    a = [str(p) for p in files if p.parent.name in ("copy0", "copy1")]
    b = [str(p) for p in files if p.parent.name in ("copy1", "copy2")]
    db = tmp_path / "shared.db"
    Store(db).close()  # both start on an existing store
    procs = [
        subprocess.Popen(
            kg_cmd("ingest", *paths, "--db", db, "--jobs", "1"),
            env=kg_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in (a, b)
    ]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    for p, err in zip(procs, errs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    _check_consistent(db)
    got = _per_article(db)
    reference = _per_article(ref)
    assert set(got) == set(reference)  # every article, once (the id is the primary key)
    for aid, counts in got.items():  # each with all its rows (a version belongs to its first teller,
        del counts["deal_versions"], reference[aid]["deal_versions"]  # which depends on who wrote first)
        assert counts == reference[aid], aid
    s, r = Store(db, readonly=True), Store(ref, readonly=True)
    try:
        c, rc = s.counts(), r.counts()
        for k in ("articles", "evidence", "deals", "deal_versions", "facts", "entities"):
            assert c[k] == rc[k], (k, c[k], rc[k])
    finally:
        s.close()
        r.close()


def test_the_already_stored_check_is_made_under_the_write_lock(tmp_path):
    """Two stores on one file: the second writer of the same article skips it, no IntegrityError."""
    db = tmp_path / "kg.db"
    r = analyze(HANS)
    one, two = Store(db), Store(db)
    try:
        assert two.has_article(r.article.id) is False  # what the racing process saw before
        assert one.ingest(r).status == "new"
        assert two.ingest(r).status == "skipped"
        assert one.counts()["articles"] == 1
    finally:
        one.close()
        two.close()


# ---------------------------------------------------------------- locks and permissions


def test_a_locked_store_is_a_store_error_after_the_busy_timeout(tmp_path):
    db = tmp_path / "kg.db"
    Store(db).close()
    art = tmp_path / "a.txt"
    art.write_text(HANS, encoding="utf-8")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        s = Store(db, timeout=0.3)
        t0 = time.perf_counter()
        with pytest.raises(StoreError, match="locked by another process") as ei:
            s.ingest(analyze(HANS))
        assert time.perf_counter() - t0 >= 0.25
        assert str(db) in str(ei.value) and ei.value.exit_code == 3
        s.close()
        res = run_kg("ingest", art, "--db", db, "--jobs", "1", KG_BUSY_TIMEOUT="0.5")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.returncode == 3, res.stderr
    assert "Traceback" not in res.stderr
    (line,) = res.stderr.strip().splitlines()
    assert line.startswith("kg: error: [E003]") and str(db) in line and "locked" in line


def test_a_bad_busy_timeout_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_BUSY_TIMEOUT", "soon")
    res = invoke("ingest", tmp_path / "a.txt", "--db", tmp_path / "kg.db")
    assert res.exit_code == 2 and "KG_BUSY_TIMEOUT" in res.stderr


def test_writing_through_a_read_only_connection_is_a_store_error(tmp_path):
    db = tmp_path / "kg.db"
    Store(db).close()
    s = Store(db, readonly=True)  # SQLite's mode=ro
    try:
        with pytest.raises(StoreError, match="read-only") as ei:
            s.ingest(analyze(HANS))
        assert str(db) in str(ei.value)
    finally:
        s.close()


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.mark.skipif(_root(), reason="running as root: chmod does not stop root from writing")
def test_read_only_store_file_and_folder(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(HANS, encoding="utf-8")
    db = tmp_path / "ro" / "kg.db"
    Store(db).close()
    db.chmod(0o444)
    try:
        res = run_kg("ingest", art, "--db", db)
        assert res.returncode == 3 and "read-only" in res.stderr and str(db) in res.stderr
    finally:
        db.chmod(0o644)
    folder = tmp_path / "locked_folder"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        res = run_kg("ingest", art, "--db", folder / "kg.db")
        assert res.returncode == 3 and "read-only" in res.stderr
        assert not (folder / "kg.db").exists()
    finally:
        folder.chmod(0o755)


def test_read_only_file_message_even_as_root(tmp_path, monkeypatch):
    """The message path of a read-only file (os.access says no, as it does for other users)."""
    db = tmp_path / "kg.db"
    Store(db).close()
    real = os.access
    monkeypatch.setattr(store_mod.os, "access", lambda p, mode: False if str(p) == str(db) else real(p, mode))
    with pytest.raises(StoreError, match="read-only") as ei:
        Store(db)
    assert str(db) in str(ei.value)


def test_a_folder_given_as_the_store(tmp_path):
    res = invoke("ingest", tmp_path / "x.txt", "--db", tmp_path)
    assert res.exit_code == 3 and "folder" in res.stderr and "Traceback" not in res.stderr


def test_a_non_sqlite_file_as_the_store_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are my notes, not a database\n" * 100)
    before = db.read_bytes()
    res = invoke("ingest", tmp_path / "x.txt", "--db", db)
    assert res.exit_code == 3 and "Traceback" not in res.stderr
    assert db.read_bytes() == before


# ---------------------------------------------------------------- schema versions


NEXT = store_mod.SCHEMA_VERSION + 1  # a version this kg does not have yet, to test upgrades


def _v1_store(path: Path) -> bytes:
    s = Store(path)
    s.ingest(analyze(HANS))
    s.close()  # checkpoints the WAL: the file alone is the store
    return path.read_bytes()


def test_an_older_schema_is_migrated(tmp_path, monkeypatch):
    db = tmp_path / "kg.db"
    _v1_store(db)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
    monkeypatch.setitem(store_mod.MIGRATIONS, NEXT, ["ALTER TABLE articles ADD COLUMN lang TEXT"])
    s = Store(db)
    try:
        assert s.schema_version() == NEXT
        cols = {r[1] for r in s.conn.execute("PRAGMA table_info(articles)")}
        assert "lang" in cols
        assert s.counts()["articles"] == 1 and s.integrity_errors() == []
    finally:
        s.close()


@pytest.mark.parametrize("case", ["no_migration", "failing_migration", "newer", "foreign"])
def test_a_store_that_cannot_be_upgraded_is_refused_byte_identical(tmp_path, monkeypatch, case):
    db = tmp_path / "kg.db"
    if case == "foreign":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE notes (t TEXT)")
        con.execute("INSERT INTO notes VALUES ('mine')")
        con.commit()
        con.close()
        before = db.read_bytes()
        match = "not a kg store"
    else:
        before = _v1_store(db)
        if case == "no_migration":
            monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT + 1)
            monkeypatch.setitem(store_mod.MIGRATIONS, NEXT, ["ALTER TABLE articles ADD COLUMN lang TEXT"])
            match = "cannot upgrade it"
        elif case == "failing_migration":
            monkeypatch.setattr(store_mod, "SCHEMA_VERSION", NEXT)
            monkeypatch.setitem(
                store_mod.MIGRATIONS,
                NEXT,
                ["ALTER TABLE articles ADD COLUMN lang TEXT", "CREATE TABLE articles (oops TEXT)"],
            )
            match = "left unchanged"
        else:
            con = sqlite3.connect(db)
            con.execute("PRAGMA user_version = 99")
            con.close()
            before = db.read_bytes()
            match = "newer than this kg"
    with pytest.raises(StoreError, match=match) as ei:
        Store(db)
    assert str(db) in str(ei.value)
    assert db.read_bytes() == before
    for extra in ("-wal", "-journal"):
        side = Path(str(db) + extra)
        assert not side.exists() or side.stat().st_size == 0
    monkeypatch.undo()
    if case in ("no_migration", "failing_migration"):
        s = Store(db)  # this kg's schema: still opens, data intact
        assert s.counts()["articles"] == 1 and s.integrity_errors() == []
        s.close()


def test_cli_on_a_newer_store_exits_3_with_one_line(tmp_path):
    db = tmp_path / "kg.db"
    _v1_store(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    for args in (("ingest", tmp_path / "x.txt", "--db", db), ("deals", "--db", db)):
        res = invoke(*args)
        assert res.exit_code == 3, res.stderr
        (line,) = res.stderr.strip().splitlines()
        assert "[E003]" in line and "newer" in line and str(db) in line


def test_the_store_is_where_the_user_said(tmp_path, monkeypatch):
    """--db creates that file (and its folder) and nothing else outside it."""
    monkeypatch.chdir(tmp_path)
    art = tmp_path / "in" / "a.txt"
    art.parent.mkdir()
    art.write_text(HANS, encoding="utf-8")
    before = {p for p in tmp_path.rglob("*")}
    res = invoke("ingest", art, "--db", tmp_path / "deep" / "er" / "kg.db", "--jobs", "1")
    assert res.exit_code == 0, res.stderr
    new = {p.relative_to(tmp_path).as_posix() for p in set(tmp_path.rglob("*")) - before}
    assert new <= {"deep", "deep/er", "deep/er/kg.db", "deep/er/kg.db-wal", "deep/er/kg.db-shm"}, new
    shutil.rmtree(tmp_path / "deep")
