"""``kg export --format parquet``: the tables of the CSV export, typed, read back unchanged."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli.app import main
from kg.errors import UsageError
from kg.view.export import FORMATS, PARQUET_COLUMNS, exact_decimal, export

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    db = tmp_path_factory.mktemp("parquet") / "kg.db"
    g = KnowledgeGraph.open(db)
    g.ingest(CORPORA, jobs=1)
    yield g
    g.close()


@pytest.fixture(scope="module")
def written(graph, tmp_path_factory):
    out = tmp_path_factory.mktemp("out") / "pq"
    return out, export(graph, "parquet", out)


def test_parquet_is_a_format_and_writes_four_tables(written):
    out, files = written
    assert "parquet" in FORMATS
    assert [f.name for f in files] == [
        "deals.parquet",
        "entities.parquet",
        "facts.parquet",
        "articles.parquet",
    ]
    assert all(f.parent == out and f.stat().st_size > 0 for f in files)


@pytest.mark.parametrize("table", ["deals", "entities", "facts"])
def test_tables_read_back_as_kg_rows(graph, written, table):
    out, _ = written
    t = pq.read_table(out / f"{table}.parquet")
    assert t.column_names == list(PARQUET_COLUMNS[table])
    rows = graph.rows(table)
    back = t.to_pylist()
    assert len(back) == len(rows) > 0
    for got, want in zip(back, rows, strict=True):
        for col, kind in PARQUET_COLUMNS[table].items():
            if kind == "decimal":  # exact: the same number, with the column's 12 decimals
                assert (got[col] is None) == (want[col] is None), (col, want)
                if want[col] is not None:
                    assert got[col] == Decimal(want[col]), (col, want)
                    assert got[col].as_tuple().exponent == -12
            else:
                assert got[col] == want[col], (col, want)


def test_column_types(written):
    out, _ = written
    deals = pq.read_schema(out / "deals.parquet")
    money = pa.decimal128(38, 12)
    assert [deals.field(c).type for c in ("value", "low", "high", "usd")] == [money] * 4
    assert deals.field("id").type == pa.int64() and deals.field("versions").type == pa.int64()
    assert deals.field("approx").type == pa.bool_() and deals.field("payer").type == pa.string()
    facts = pq.read_schema(out / "facts.parquet")
    assert facts.field("value").type == money and facts.field("usd").type == money
    assert pq.read_schema(out / "entities.parquet").field("discovered").type == pa.bool_()


def test_pandas_reads_exact_decimals(written):
    pd = pytest.importorskip("pandas")
    out, _ = written
    df = pd.read_parquet(out / "deals.parquet")
    top = df.sort_values("usd", ascending=False, key=lambda s: s.map(lambda d: d or Decimal(-1))).iloc[0]
    assert isinstance(top["usd"], Decimal) and top["usd"] >= Decimal("1e11")
    assert df["usd"].dropna().map(float).sum() > 0  # floats when you want them


def test_articles_table(graph, written):
    out, _ = written
    arts = pq.read_table(out / "articles.parquet").to_pylist()
    assert len(arts) == graph.store.counts()["articles"]
    assert {a["path"] for a in arts} == {str(p) for p in CORPORA.glob("*.txt")}
    assert all(a["chars"] > 0 and len(a["id"]) == 64 for a in arts)


def test_an_empty_store_writes_empty_typed_tables(tmp_path):
    files = export(KnowledgeGraph.open(":memory:"), "parquet", tmp_path / "empty")
    t = pq.read_table(files[0])
    assert t.num_rows == 0 and t.schema.field("usd").type == pa.decimal128(38, 12)


def test_money_is_never_rounded_silently():
    assert exact_decimal("4422600000.0000") == Decimal("4422600000")
    assert exact_decimal(12.35) == Decimal("12.35")
    assert exact_decimal(10**25) == Decimal(10**25)
    with pytest.raises(ValueError, match="exactly"):
        exact_decimal("0.0000000000001")
    with pytest.raises(ValueError, match="exactly"):
        exact_decimal(10**27)


def test_cli_export_parquet(graph, tmp_path):
    res = CliRunner().invoke(
        main, ["export", "--db", graph.store.path, "--format", "parquet", "--out", str(tmp_path / "pq")]
    )
    assert res.exit_code == 0, res.output
    assert "deals.parquet" in res.output
    assert pq.read_table(tmp_path / "pq" / "deals.parquet").num_rows == len(graph.rows("deals"))


def test_missing_pyarrow_is_a_usage_error_with_the_install_hint(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(UsageError, match=r"pip install 'kg\[parquet\]'"):
        export(KnowledgeGraph.open(":memory:"), "parquet", tmp_path / "x")
