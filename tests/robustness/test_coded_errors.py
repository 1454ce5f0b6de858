"""Issue 14 item 9: errors the README promises codes for come with their codes, not tracebacks.

Malformed user rules that used to crash extraction (``extra_words: [[a]]``,
``status_words: {planned: [[x]]}``) are E002 when the rules load; a store with a zeroed page
is E003 (exit 3); output to a full disk or to a device is E005 (exit 2).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import HANS, HANT, ROOT, invoke, kg_cmd, kg_env


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(HANS + "\n", encoding="utf-8")
    return p


@pytest.fixture
def damaged(tmp_path, good):
    db = tmp_path / "kg.db"
    assert invoke("ingest", good, "--db", db, "-q").exit_code == 0
    from kg.store.database import Store

    Store(db).close()  # checkpoints the WAL: the file alone is the store
    data = bytearray(db.read_bytes())
    assert len(data) >= 4 * 4096
    data[4096:] = bytes(len(data) - 4096)  # every page but the first (the schema's root) zeroed
    db.write_bytes(bytes(data))
    return db


@pytest.mark.parametrize("cmd", [("deals",), ("deals", "--json"), ("flows",), ("entity", "Nvidia")])
def test_a_damaged_store_is_a_store_error(damaged, cmd):
    r = invoke(*cmd, "--db", damaged)
    assert r.exit_code == 3, (r.stderr, r.exception)
    assert r.stderr.startswith(f"kg: error: [E003] {damaged}:")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full is Linux's")
def test_output_to_a_full_disk_is_an_output_error(tmp_path, good):
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            kg_cmd("extract", good), stdout=full, stderr=subprocess.PIPE, text=True,
            env=kg_env(), cwd=ROOT, timeout=120,
        )  # fmt: skip
    assert p.returncode == 2, p.stderr
    assert "[E005]" in p.stderr and "No space left" in p.stderr and "Traceback" not in p.stderr
    assert p.stderr.count("\n") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/dev/full is Linux's")
def test_report_into_a_device_is_an_output_error(tmp_path, good):
    db = tmp_path / "kg.db"
    assert invoke("ingest", good, "--db", db, "-q").exit_code == 0
    r = invoke("report", "--db", db, "--out", "/dev/full")
    assert r.exit_code == 2, (r.stderr, r.exception)
    assert "[E005] /dev/full" in r.stderr


@pytest.mark.parametrize(
    "name, body, key",
    [
        ("segmentation.yaml", "extra_words: [[a]]\n", "extra_words"),
        ("relations.yaml", "status_words:\n  planned: [[x]]\n", "status_words.planned"),
        ("relations.yaml", "status_words:\n  brand_new: [[x]]\n", "status_words.brand_new"),
        ("relations.yaml", "up_to_words: {a: b}\n", "up_to_words"),
    ],
)
def test_a_malformed_user_word_list_is_a_rule_error_naming_the_users_file(tmp_path, good, name, body, key):
    """In ``kg rules check`` and in extraction alike: E002, exit 2, the user's file (not the bundled one)."""
    d = tmp_path / "rules"
    d.mkdir()
    (d / name).write_text(body, encoding="utf-8")
    for args in (("rules", "check"), ("extract", good)):
        r = invoke("--rules", d, *args)
        assert r.exit_code == 2, (args, r.stderr, r.exception)
        line = next(x for x in r.stderr.splitlines() if key in x)
        assert f"[E002] {d / name}" in line, line
        if isinstance(yaml_items(body), list):
            assert "item 1 " in line  # the position in the user's list, not in the merged one


def yaml_items(body: str):
    """The value of the one key of *body*, or of its one sub-key (what the user wrote)."""
    import yaml

    value = next(iter(yaml.safe_load(body).values()))
    return next(iter(value.values())) if isinstance(value, dict) and len(value) == 1 else value


def _break_an_index(db):
    """A store that opens and reads but fails ``PRAGMA integrity_check`` (an index that no longer
    matches its table), as a bad copy or a crashed tool can leave one."""
    import sqlite3

    from kg.store.database import Store

    Store(db).close()
    c = sqlite3.connect(db)
    c.execute("PRAGMA writable_schema = ON")
    c.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX mentions_entity ON mentions(start)' "
              "WHERE name = 'mentions_entity'")  # fmt: skip
    c.commit()
    c.close()
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    c.close()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ingest_into_a_store_failing_the_integrity_check_is_refused_untouched(tmp_path, good, jobs):
    db = tmp_path / "kg.db"
    assert invoke("ingest", good, "--db", db, "-q").exit_code == 0
    _break_an_index(db)
    before = db.read_bytes()
    other = tmp_path / "other.txt"
    other.write_text(HANT + "\n", encoding="utf-8")
    r = invoke("ingest", other, "--db", db, "-j", jobs)
    assert r.exit_code == 3, (r.stderr, r.exception)
    assert r.stderr.startswith(f"kg: error: [E003] {db}:") and "integrity check" in r.stderr
    assert "mentions_entity" in r.stderr and r.stderr.count("\n") == 1
    assert db.read_bytes() == before  # nothing written, nothing lost
    assert not (tmp_path / "kg.db-wal").exists() or (tmp_path / "kg.db-wal").stat().st_size == 0


def test_the_api_refuses_a_damaged_store_too(tmp_path, good):
    from kg import KnowledgeGraph
    from kg.errors import StoreError

    db = tmp_path / "kg.db"
    with KnowledgeGraph.open(db) as kg:
        kg.ingest(good)
    _break_an_index(db)
    before = db.read_bytes()
    with KnowledgeGraph.open(db) as kg, pytest.raises(StoreError, match="integrity check"):
        kg.ingest(good, force=True)
    assert db.read_bytes() == before
