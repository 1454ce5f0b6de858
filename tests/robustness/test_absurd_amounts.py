"""Issue 14 item 2: amounts beyond a plausible bound are not money; store-wide commands never break.

``1`` followed by forty ``億`` was stored as a figure of 10^321, and then ``kg deals`` and
``extract --table`` raised ``OverflowError``, ``kg graph`` met out-of-range floats, the Parquet
export ``InvalidOperation``, the report printed ``infT USD`` and the JSON writers hit Python's
4,300-digit limit. Figures are now parsed only when their parts have the sizes of a written
number and their value is within :data:`kg.extract.bounds.MAX_AMOUNT` (10^18 of the unit); the deal
is kept without a figure.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.extract.bounds import MAX_AMOUNT

from .conftest import HANT, invoke

INF = re.compile(r"(?<![A-Za-z])[-+]?inf(?![a-z])|Infinity|NaN")  # infT USD, inf, JSON's Infinity

ABSURD = [
    "輝達宣佈向OpenAI投資1" + "億" * 40 + "美元。",
    "微軟宣佈向Anthropic投資1" + "億" * 540 + "美元。",
    "甲骨文宣佈向OpenAI支付" + "9" * 10_000 + "美元。",
    "亞馬遜宣佈向Anthropic投資" + ",".join(["999"] * 10_000) + "美元。",
    "谷歌宣佈向Anthropic投資一" + "萬億" * 30 + "美元。",
    "軟銀宣佈向OpenAI投資1" + "萬" * 300 + "日圓。",
    "英特爾的毛利率為百分之" + "9" * 5000 + "。",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("absurd")
    files = []
    for i, text in enumerate(ABSURD):
        p = root / f"a{i}.txt"
        p.write_text(text + "\n" + HANT + "\n", encoding="utf-8")
        files.append(p)
    db = root / "kg.db"
    r = invoke("ingest", *files, "--db", db, "-j", "1")
    assert r.exit_code == 0, r.stderr
    return root, files, db


def test_absurd_figures_are_not_amounts(store):
    _root, files, _db = store
    r = invoke("extract", *files, "--jsonl")
    assert r.exit_code == 0, r.stderr
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        for a in rec["amounts"]:
            for k in ("value", "low", "high", "usd"):
                assert a.get(k) is None or abs(a[k]) <= MAX_AMOUNT
        assert ("Nvidia", "OpenAI") in {(d["payer"], d["payee"]) for d in rec["deals"]}


# every command that writes what the whole store holds
WRITERS = [
    ("deals",),
    ("deals", "--json"),
    ("deals", "--csv"),
    ("flows",),
    ("graph", "--out", "{root}/g.html"),
    ("export", "--format", "json", "--out", "{root}/g.json"),
    ("export", "--format", "csv", "--out", "{root}/csv"),
    ("export", "--format", "graphml", "--out", "{root}/g.graphml"),
    ("export", "--format", "parquet", "--out", "{root}/pq"),
    ("report", "--out", "{root}/report"),
]


def _writer_id(args) -> str:
    return "-".join(x for x in args if not x.startswith("{"))


@pytest.mark.parametrize(
    "args", [a for a in WRITERS if a[-1] != "{root}/pq" and a != ("deals", "--csv")], ids=_writer_id
)
def test_store_wide_commands_handle_what_the_store_holds(store, args):
    root, _files, db = store
    r = invoke(*[a.format(root=root) for a in args], "--db", db)
    assert r.exit_code == 0, r.stderr + repr(r.exception)
    assert not INF.search(r.stdout)
    if args[0] == "report":
        assert not INF.search((root / "report" / "report.md").read_text(encoding="utf-8"))


def test_the_table_view_of_an_article(store):
    _root, files, _db = store
    r = invoke("extract", files[0], "--table")
    assert r.exit_code == 0, r.stderr
    assert "Nvidia" in r.stdout


# ---------------------------------------------------------------- stores written before the bound

DATA_INF = re.compile(r"[:\[]\s*-?(?:NaN|Infinity)\b|\binf[TBMK]?\s*USD|\\u221e")
OLD_FIGURES = ["1" + "0" * 320, "9" * 10_000, "-1" + "0" * 320, "1E+400", "Infinity", "NaN"]


@pytest.fixture(scope="module")
def old_store(tmp_path_factory):
    """A store as an older kg could leave it: absurd figures written straight into its rows with
    SQL (extraction no longer produces them), next to deals with ordinary figures."""
    import sqlite3

    from kg.store.database import Store

    from .conftest import CORPORA

    root = tmp_path_factory.mktemp("old_store")
    db = root / "kg.db"
    files = [
        CORPORA / "hans_chip_supply.txt",
        CORPORA / "hant_acquisition.txt",
        CORPORA / "z_hans_weekly_roundup.txt",
    ]
    assert invoke("ingest", *files, "--db", db, "-j", "1", "-q").exit_code == 0
    Store(db).close()
    c = sqlite3.connect(db)
    ids = [r[0] for r in c.execute("SELECT id FROM deal_versions WHERE usd IS NOT NULL ORDER BY id")]
    assert len(ids) >= 2 * len(OLD_FIGURES)
    broken = ids[::2]
    for i, (vid, fig) in enumerate(zip(broken, OLD_FIGURES * len(broken), strict=False)):
        cols = ("value", "usd") if i % 2 else ("value", "usd", "low", "high", "low_usd", "high_usd")
        c.execute(f"UPDATE deal_versions SET {', '.join(f'{k} = ?' for k in cols)} WHERE id = ?",
                  (*[fig] * len(cols), vid))  # fmt: skip
    c.execute("UPDATE facts SET value = ?, usd = ? WHERE id IN (SELECT id FROM facts ORDER BY id LIMIT 3)",
              ("9" * 10_000, "1" + "0" * 400))  # fmt: skip
    marks = ",".join("?" * len(broken))
    kept = {r[0] for r in c.execute(f"SELECT deal_id FROM deal_versions WHERE id NOT IN ({marks})", broken)}
    c.commit()
    c.close()
    return root, db, kept


@pytest.mark.parametrize("args", WRITERS, ids=_writer_id)
def test_writers_handle_absurd_figures_an_older_store_holds(old_store, args):
    root, db, _kept = old_store
    r = invoke(*[a.format(root=root) for a in args], "--db", db)
    assert r.exit_code == 0, r.stderr + repr(r.exception)
    assert not INF.search(r.stdout)
    assert "9999999999" not in r.stdout
    outs = {"graph": ["g.html"], "report": ["report/report.md"]}.get(args[0], [])
    if args[0] == "export" and args[2] != "parquet":
        out = Path(args[4].format(root=root))
        outs = [p.relative_to(root) for p in (out.rglob("*") if out.is_dir() else [out])]
    for rel in outs:
        text = (root / rel).read_text(encoding="utf-8")
        # the page's vendored scripts say isNaN: look for values and labels only
        pattern = DATA_INF if str(rel).endswith(".html") else INF
        assert not pattern.search(text), rel
        assert "9999999999" not in text, rel


def test_parquet_of_an_older_store_reads_back_with_figures_in_bounds(old_store):
    pq = pytest.importorskip("pyarrow.parquet")
    root, db, _kept = old_store
    out = root / "pq2"
    r = invoke("export", "--format", "parquet", "--out", out, "--db", db)
    assert r.exit_code == 0, r.stderr + repr(r.exception)
    deals = pq.read_table(out / "deals.parquet").to_pylist()
    assert deals
    money = [
        v for row in deals for k, v in row.items() if k in ("usd", "value", "low", "high") and v is not None
    ]
    assert money and all(abs(v) <= MAX_AMOUNT * 1000 for v in money)
    facts = pq.read_table(out / "facts.parquet").to_pylist()
    assert all(f["value"] is None or abs(f["value"]) <= MAX_AMOUNT * 1000 for f in facts)


def test_a_deal_with_an_absurd_figure_stays_listed_without_it(old_store):
    from kg import KnowledgeGraph

    _root, db, kept = old_store
    with KnowledgeGraph.open(db, readonly=True) as g:
        deals = g.deals()
        assert {d.id for d in deals} >= kept  # no deal lost
        figures = [d.usd for d in deals if d.usd is not None]
        assert figures and all(abs(u) <= MAX_AMOUNT * 1000 for u in figures)
        assert any(d.usd is None and (d.current.amount is None) for d in deals)
