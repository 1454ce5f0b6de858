"""Exit codes, one-line errors, --debug, and a fuzz run of ``kg extract`` on random byte files."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli.app import main

from .conftest import CORPUS, HANS, invoke, run_kg

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_is_a_usage_error_on_every_command(command):
    res = invoke(command, "--no-such-option")
    assert res.exit_code == 2
    assert "No such option" in res.stderr and "--no-such-option" in res.stderr
    assert "Traceback" not in res.stderr


def test_unknown_command_and_missing_arguments():
    res = invoke("extrakt", "a.txt")
    assert res.exit_code == 2 and "No such command" in res.stderr
    for cmd in ("extract", "ingest"):
        res = invoke(cmd)
        assert res.exit_code == 2 and "Missing argument" in res.stderr


def test_exit_codes_end_to_end(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(HANS, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    db = tmp_path / "kg.db"
    # 0: everything went in
    assert run_kg("ingest", good, "--db", db, "--jobs", "1").returncode == 0
    # 1: some inputs failed, the others were processed
    res = run_kg("ingest", missing, good, "--db", db, "--jobs", "1")
    assert res.returncode == 1
    (line,) = [ln for ln in res.stderr.splitlines() if ln.startswith("kg: error:")]
    assert str(missing) in line and "no such file" in line
    assert "1 skipped" in res.stdout
    # 2: usage
    assert run_kg("ingest", "--jobs", "0", good).returncode == 2
    # 3: store
    res = run_kg("deals", "--db", tmp_path / "nowhere.db")
    assert res.returncode == 3 and "no such store" in res.stderr
    for r in (res,):
        assert "Traceback" not in r.stderr


def test_debug_shows_the_traceback_of_a_store_error(tmp_path):
    res = invoke("--debug", "deals", "--db", tmp_path / "nowhere.db")
    assert res.exit_code == 3 and "Traceback" in res.stderr and "[E003]" in res.stderr
    res = invoke("deals", "--db", tmp_path / "nowhere.db")
    assert res.exit_code == 3 and "Traceback" not in res.stderr


def test_file_names_with_odd_characters_stay_one_line(tmp_path):
    odd = tmp_path / "bad\nname\x07.txt"
    odd.write_bytes(b"")
    res = invoke("extract", odd)
    assert res.exit_code == 1
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "bad\\nname\\x07.txt" in lines[0]


# ---------------------------------------------------------------- fuzz

REAL = [p.read_text(encoding="utf-8") for p in CORPUS[:10]]
ENCODINGS = ["utf-8", "gb18030", "big5", "utf-16", "utf-16-be", "latin-1"]


@st.composite
def byte_files(draw):
    kind = draw(st.sampled_from(["random", "text", "mutated", "prefixed"]))
    if kind == "random":
        return draw(st.binary(max_size=3000))
    rng = random.Random(draw(st.integers(0, 2**32)))
    text = rng.choice(REAL)
    i = rng.randrange(len(text))
    text = text[i : i + rng.randint(0, 600)]
    enc = rng.choice(ENCODINGS)
    data = (
        text.encode(enc, errors="replace") if enc != "utf-16-be" else codecs.BOM_UTF16_BE + text.encode(enc)
    )
    if kind == "mutated":
        data = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    elif kind == "prefixed":
        prefix = rng.choice(
            [b"\x89PNG", b"PK\x03\x04", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"<html>", b"\x00"]
        )
        data = prefix + data
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(byte_files(), min_size=1, max_size=3))
def test_fuzz_kg_extract_on_random_byte_files(tmp_path_factory, blobs):
    folder = tmp_path_factory.mktemp("fuzz")
    paths = []
    for n, data in enumerate(blobs):
        p = folder / f"f{n}.txt"
        p.write_bytes(data)
        paths.append(p)
    res = invoke("extract", "--jsonl", *paths)
    assert res.exit_code in (0, 1), (res.exit_code, res.stderr, res.exception)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    warnings = [ln for ln in lines if ln.startswith("kg: warning: ") and "no Chinese text" in ln]
    errors = [ln for ln in lines if ln not in warnings]
    records = res.stdout.splitlines()
    assert len(warnings) <= len(records)  # only a processed file may be said to have no Chinese text
    assert len(errors) + len(records) == len(paths)
    assert (res.exit_code == 1) == bool(errors)
    for line in errors:
        assert line.startswith("kg: error: [E001] ") and any(str(p) in line for p in paths), line
