"""No data-set sentence in the project's own text (the house rule: write your own examples).

Every line of rules/*.yaml (examples, negatives, comments; not rules/entities/*), of kg/**/*.py
(docstrings, doctests, comments) and of tests/**/*.py and tests/specs/* must share no run of
16 characters (whitespace removed) with a FewFC record, a FinRE sentence or a seed text under
``../shared``. ``bench/provenance.py`` prints the lines that do; the last test skips when the
shared data is absent (a checkout without ../shared).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _provenance():
    spec = importlib.util.spec_from_file_location("kg_bench_provenance", ROOT / "bench" / "provenance.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


prov = _provenance()


def test_the_finder_finds_a_shared_run_and_only_that(tmp_path):
    runs = prov.shingles(["甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"], k=16)
    f = tmp_path / "rules.yaml"
    f.write_text(
        "ok: 无关的一行\n"
        '  - {text: "前缀 甲乙丙丁戊己庚辛 壬癸子丑寅卯辰巳 后缀"}\n'  # whitespace does not hide a run
        "短: 甲乙丙丁戊己庚辛壬癸子丑寅卯辰\n",  # 15 characters: no run
        encoding="utf-8",
    )
    hits = prov.find([f], runs, k=16)
    assert [(n, run) for _, n, run in hits] == [(2, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳")]


def test_the_guarded_files_are_the_rules_code_tests_benches_and_readme():
    files = {p.relative_to(ROOT).as_posix() for p in prov.guarded_files(ROOT)}
    assert {"rules/relations.yaml", "kg/extract/pipeline.py", "tests/specs/amounts.yaml"} <= files
    assert {"README.md", "bench/quality.py"} <= files
    assert "tests/test_provenance.py" in files
    assert not any(p.startswith(("rules/entities/", "corpora/", "tests/gold/")) for p in files)


def test_no_line_shares_a_run_with_the_data_sets():
    shared = prov.shared_dir()
    if not (shared / "devdata").is_dir() and not (shared / "seeds").is_dir():
        pytest.skip(f"no shared data at {shared}")
    runs = prov.shingles(text for _, text in prov.sources(shared))
    hits = prov.find(prov.guarded_files(ROOT), runs)
    shown = [f"{p.relative_to(ROOT)}:{n}: {run}" for p, n, run in hits]
    assert not shown, (
        f"{len(shown)} line(s) share a run of {prov.K} characters with FewFC, FinRE or a seed "
        "(write your own sentence; python bench/provenance.py lists them):\n" + "\n".join(shown[:50])
    )
