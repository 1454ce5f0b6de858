"""Issue 14 items 3 and 8: rule files and inputs cannot make ``kg`` read forever or grow without bound.

A 400-byte YAML alias bomb in a ``--rules`` folder took 8.7 GB; ``kg extract /dev/zero`` 8.5 GB
in 15 s, a rule file linked to ``/dev/zero`` 9.4 GB, a FIFO blocked forever. Aliases are refused,
error messages are capped, and only regular files are read (rule files with a size bound).
Every run here is a subprocess with a 1.5 GB address-space limit and a timeout.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from .conftest import HANS, ROOT, kg_cmd, kg_env

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="devices, FIFOs and rlimits as on Linux")

BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    + ["extra_words: *i", ""]
)


def _limited():
    limit = 1536 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _run(*args, timeout=60):
    return subprocess.run(
        kg_cmd(*args), capture_output=True, text=True, timeout=timeout, env=kg_env(),
        cwd=ROOT, preexec_fn=_limited,
    )  # fmt: skip


def _good(tmp_path):
    p = tmp_path / "good.txt"
    p.write_text(HANS + "\n", encoding="utf-8")
    return p


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "segmentation.yaml").write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 500
    for args in (("rules", "check"), ("extract", _good(tmp_path))):
        res = _run("--rules", d, *args)
        assert res.returncode == 2, res.stderr[-2000:]
        assert "[E002]" in res.stderr and "aliases (*" in res.stderr and "not allowed" in res.stderr
        assert len(res.stderr) < 2000 and "Traceback" not in res.stderr


def test_a_huge_quoted_value_in_an_error_is_cut(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "segmentation.yaml").write_text("extra_words: [[" + "甲" * 200_000 + "]]\n", encoding="utf-8")
    res = _run("--rules", d, "rules", "check")
    assert res.returncode == 2
    assert all(len(line) < 1000 for line in res.stderr.splitlines()), len(res.stderr)


def test_devices_and_fifos_are_refused_and_the_batch_goes_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    fifo_jsonl = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo_jsonl)
    good = _good(tmp_path)
    res = _run("extract", "/dev/zero", fifo, good, "--jsonl")
    assert res.returncode == 1, res.stderr
    assert res.stderr.count("not a regular file") == 2
    assert res.stdout.count("\n") == 1 and "OpenAI" in res.stdout
    res = _run("ingest", "/dev/zero", fifo, fifo_jsonl, good, "--db", tmp_path / "kg.db", "-j", "1")
    assert res.returncode == 1 and res.stderr.count("not a regular file") == 3, res.stderr
    assert "1 new" in res.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_rule_file_that_is_not_a_regular_file_is_a_rule_error(tmp_path, target):
    d = tmp_path / "rules"
    d.mkdir()
    if target == "fifo":
        os.mkfifo(d / "segmentation.yaml")
    else:
        (d / "segmentation.yaml").symlink_to(target)
    res = _run("--rules", d, "rules", "check", timeout=30)
    assert res.returncode == 2 and "[E002]" in res.stderr and "not a regular file" in res.stderr, res.stderr
