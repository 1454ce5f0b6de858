"""Issue 14 item 1: one article's unexpected error fails that article (E006), never the batch.

The odd phrases the probe found (a numeral with two decimal points, a thousand 億, two hundred
thousand 億) are fixed in the amount parser; the batch immunity is tested with an article that
trips a fault injected into the extraction (the next unknown bug), in every path: ``kg extract``,
``kg ingest`` with one and two jobs, the API, and the function Dask workers run.
"""

from __future__ import annotations

import json
import multiprocessing
import threading

import pytest

from kg import KnowledgeGraph
from kg.extract import pipeline
from kg.extract.pipeline import analyze

from .conftest import HANS, HANT, invoke, run_kg

TRIGGER = "\u2603"  # the article that meets the injected fault carries a snowman
BAD = f"{TRIGGER}英伟达宣布向OpenAI投资1000亿美元。"


@pytest.mark.parametrize(
    "phrase",
    [
        "公司融資一點二點三億美元。",  # KeyError '点' before
        "公司融資三點五億三美元。",  # a magnitude then a digit after the point
        "公司融資" + "一" + "億" * 1000 + "美元。",  # RecursionError before
        "公司融資1" + "億" * 200_000 + "美元。",  # decimal.Overflow before
        "增長百分之一點二點三。",
    ],
    ids=["two-points", "digit-after-magnitude", "thousand-yi", "many-yi", "percent-two-points"],
)
def test_odd_numerals_are_not_amounts_and_do_not_raise(phrase):
    r = analyze(phrase + HANT)
    assert [(d.payer, d.payee) for d in r.deals] == [("Nvidia", "OpenAI")]
    assert all(a.value is None or a.value < 10**19 for a in r.amounts)


def test_the_reported_batch_goes_on_in_a_subprocess(tmp_path):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text("公司融資一點二點三億美元。\n" + "公司融資" + "一" + "億" * 1000 + "美元。\n", encoding="utf-8")
    good.write_text(HANT + "\n", encoding="utf-8")
    db = tmp_path / "kg.db"
    p = run_kg("ingest", bad, good, "--db", db, "-j", "1")
    assert p.returncode == 0, p.stderr
    assert "2 new" in p.stdout


@pytest.fixture
def fault(monkeypatch):
    """A fault inside extraction for articles carrying TRIGGER (workers forked after it inherit it)."""
    real = pipeline.extract_amounts

    def broken(simp, *args, **kw):
        if TRIGGER in simp:
            raise KeyError("点")
        return real(simp, *args, **kw)

    monkeypatch.setattr(pipeline, "extract_amounts", broken)


def _files(tmp_path):
    paths = []
    for name, text in [("a.txt", HANS), ("bad.txt", BAD), ("c.txt", HANT)]:
        p = tmp_path / name
        p.write_text(text + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def test_extract_names_the_article_and_goes_on(fault, tmp_path):
    a, bad, c = _files(tmp_path)
    r = invoke("extract", a, bad, c, "--jsonl")
    assert r.exit_code == 1
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["article"]["path"] for rec in records] == [str(a), str(c)]
    assert f"[E006] {bad}: internal error while analysing this article: KeyError" in r.stderr
    assert "Traceback" not in r.stderr


def test_debug_shows_the_traceback(fault, tmp_path):
    a, bad, c = _files(tmp_path)
    r = invoke("--debug", "extract", a, bad, c, "--jsonl")
    assert r.exit_code == 1 and "Traceback" in r.stderr and "[E006]" in r.stderr
    r = invoke("--debug", "ingest", a, bad, c, "--db", tmp_path / "d.db", "-j", "1")
    assert r.exit_code == 1 and "Traceback" in r.stderr and "[E006]" in r.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_ingest_stores_the_others(fault, tmp_path, jobs):
    if jobs > 1 and not ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1):
        pytest.skip("workers are not forked here, so they do not inherit the injected fault")
    a, bad, c = _files(tmp_path)
    r = invoke("ingest", a, bad, c, "--db", tmp_path / "kg.db", "-j", str(jobs))
    assert r.exit_code == 1
    assert "2 new" in r.stdout and "1 failed" in r.stdout
    assert f"[E006] {bad}" in r.stderr
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    assert kg.store.counts()["articles"] == 2


def test_api_ingest_reports_the_error_and_goes_on(fault, tmp_path):
    a, bad, c = _files(tmp_path)
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    report = kg.ingest(a, bad, c, jobs=1)
    assert (report.new, report.failed) == (2, 1)
    assert report.errors[0].startswith(f"[E006] {bad}:")


def test_the_dask_worker_function_reports_the_error_and_goes_on(fault, tmp_path):
    kg_dask = pytest.importorskip("kg.dask")
    a, bad, c = _files(tmp_path)
    out = kg_dask.analyze_items(kg_dask.expand([a, bad, c]))
    assert [err is None for _label, _meta, _rec, err in out] == [True, False, True]
    assert out[1][3].startswith(f"[E006] {bad}:")
