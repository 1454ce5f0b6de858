"""Shared helpers of the robustness suite: running ``kg`` in-process and as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.app import main

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "corpora"
CORPUS = sorted(CORPORA.glob("*.txt"))
HANS = "英伟达宣布向OpenAI投资1000亿美元，用于建设新的数据中心。"
HANT = "輝達表示將向OpenAI投資300億美元，用於擴建新的資料中心。"


def kg_env(**extra: str) -> dict[str, str]:
    """The environment for a ``kg`` subprocess: bundled rules, short busy timeout unless given."""
    env = dict(os.environ)
    env.pop("KG_RULES", None)
    env.setdefault("KG_BUSY_TIMEOUT", "30")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.update(extra)
    return env


def kg_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg", *map(str, args)]


def run_kg(*args: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    """Run ``python -m kg ARGS`` in a subprocess; text output."""
    return subprocess.run(
        kg_cmd(*args), capture_output=True, text=True, timeout=timeout, env=kg_env(**env), cwd=ROOT
    )


def invoke(*args: str, input: bytes | str | None = None):
    """Run ``kg ARGS`` in-process with click's runner (stderr kept apart)."""
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps stderr apart
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A folder with copies of the corpus articles."""
    dst = tmp_path / "corpus"
    dst.mkdir()
    for p in CORPUS:
        shutil.copy(p, dst / p.name)
    return dst
