"""Issue 14 item 9: errors the README promises codes for come with their codes, not tracebacks.

Malformed user rules that used to crash extraction (``extra_words: [[a]]``,
``status_words: {planned: [[x]]}``) are E002 when the rules load; a store with a zeroed page
is E003 (exit 3); output to a full disk or to a device is E005 (exit 2).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import HANS, ROOT, invoke, kg_cmd, kg_env


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(HANS + "\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "name, body, key",
    [
        ("segmentation.yaml", "extra_words: [[a]]\n", "extra_words"),
        ("relations.yaml", "status_words:\n  planned: [[x]]\n", "status_words.planned"),
        ("relations.yaml", "up_to_words: {a: b}\n", "up_to_words"),
    ],
)
def test_malformed_user_word_lists_are_rule_errors_in_check_and_extract(tmp_path, good, name, body, key):
    d = tmp_path / "rules"
    d.mkdir()
    (d / name).write_text(body, encoding="utf-8")
    for args in (("rules", "check"), ("extract", good)):
        r = invoke("--rules", d, *args)
        assert r.exit_code == 2, (args, r.stderr, r.exception)
        assert "[E002]" in r.stderr and key in r.stderr


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
