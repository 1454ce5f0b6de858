"""The corpus store: ingest, merging across articles, atomicity, queries, exports, CLI."""

from __future__ import annotations

import csv
import json
import shutil
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli.app import main
from kg.errors import StoreError
from kg.extract.normalize import read_source
from kg.store.database import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
CIRCULAR = [CORPORA / "hans_circular_ai.txt", CORPORA / "hant_circular_ai.txt"]
SEED = ROOT.parent / "shared" / "seeds" / "000_2be2b2414e40e10c.txt"
INPUTS = [CORPORA] + ([SEED] if SEED.exists() else [])  # the dev seed too, when ../shared is there
LOOP = [
    ("OpenAI", "Oracle", "purchase"),
    ("Oracle", "Nvidia", "purchase"),
    ("Nvidia", "OpenAI", "investment"),
]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    """All bundled articles (and the seed) ingested once into a file store."""
    db = tmp_path_factory.mktemp("store") / "kg.db"
    kg = KnowledgeGraph.open(db)
    report = kg.ingest(*INPUTS)
    assert report.failed == 0 and report.new == len(list(CORPORA.glob("*.txt"))) + (SEED in INPUTS)
    kg.close()
    return db


def test_reingesting_is_a_no_op(corpus_db):
    kg = KnowledgeGraph.open(corpus_db)
    before = kg.store.counts()
    report = kg.ingest(*INPUTS)
    assert report.new == 0 and report.skipped == before["articles"] and report.deals == 0
    assert kg.store.counts() == before
    keys = [(d.payer, d.payee, d.kind, str(d.usd)) for d in kg.deals()]
    assert kg.store.integrity_errors() == []
    kg.close()
    assert len(keys) == before["deals"]


def test_force_replaces_an_article_and_keeps_counts(tmp_path):
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    kg.ingest(*CIRCULAR)
    before = kg.store.counts()
    report = kg.ingest(CIRCULAR[0], force=True)
    assert report.replaced == 1 and report.new == 0
    assert kg.store.counts() == before
    assert kg.store.integrity_errors() == []


def test_circular_deals_are_one_deal_each_with_two_articles_of_evidence():
    kg = KnowledgeGraph.from_articles(CIRCULAR)
    for payer, payee, kind in LOOP:
        found = kg.deals(payer=payer, payee=payee, kinds=kind)
        assert len(found) == 1, (payer, payee, found)
        deal = found[0]
        assert len(deal.articles) == 2
        assert len({e.article_id for e in deal.evidence}) == 2
        for e in deal.evidence:  # every evidence span points into its article's (visible) text
            text = read_source(next(p for p in CIRCULAR if e.path == str(p))).text
            assert text[e.start : e.end] == e.text


def test_one_entity_node_whatever_the_script_or_alias():
    kg = KnowledgeGraph.from_articles(CIRCULAR)
    for alias in ("輝達", "英伟达", "Nvidia", "NVDA"):
        assert kg.entity(alias).name == "Nvidia"
    info = kg.entity("英偉達")
    assert info.articles == 2 and {"輝達", "英伟达"} <= set(info.aliases)


def test_discovered_names_merge_across_scripts():
    kg = KnowledgeGraph.from_texts(["蜜雪集团(02097)宣布上市,募资约34亿港元。", "蜜雪集團(02097)股價大漲。"])
    rows = [r for r in kg.rows("entities") if r["discovered"]]
    assert len(rows) == 1, rows


def test_a_different_figure_becomes_a_new_version_never_an_average():
    kg = KnowledgeGraph.from_texts(
        [
            "英伟达计划向OpenAI投资最高1000亿美元。",
            "英伟达已向OpenAI投资300亿美元。",
        ]
    )
    (deal,) = kg.deals(payer="Nvidia", payee="OpenAI")
    figures = [v.amount["value"] for v in deal.versions]
    assert figures == [Decimal("100000000000"), Decimal("30000000000")]  # Decimals, as the README says
    assert deal.usd == 30_000_000_000  # the latest report is current
    assert len(deal.articles) == 2


def test_an_error_inside_an_article_leaves_no_trace_of_it(tmp_path, monkeypatch):
    db = tmp_path / "kg.db"
    kg = KnowledgeGraph.open(db)
    kg.ingest(CIRCULAR[0])
    first = kg.store.counts()

    calls = {"n": 0}
    real = Store._write_deal

    def explode(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "_write_deal", explode)
    with pytest.raises(RuntimeError):
        kg.ingest(CIRCULAR[1])
    kg.close()
    kg = KnowledgeGraph.open(db)
    assert kg.store.counts() == first
    article_ids = {r[0] for r in kg.store.conn.execute("SELECT id FROM articles")}
    for table in ("mentions", "amounts", "facts", "evidence", "deal_versions"):
        ids = {r[0] for r in kg.store.conn.execute(f"SELECT DISTINCT article_id FROM {table}")}
        assert ids <= article_ids, table
    assert kg.store.integrity_errors() == []


def test_queries(corpus_db):
    kg = KnowledgeGraph.open(corpus_db, readonly=True)
    big = kg.deals(min_usd=1e10)
    assert big and all(d.usd >= 10_000_000_000 for d in big)
    assert [d.usd for d in big] == sorted((d.usd for d in big), reverse=True)
    inv = kg.deals(payer="輝達", kinds="investment")
    assert inv and all(d.payer == "Nvidia" and d.kind == "investment" for d in inv)
    assert "Nvidia" in {n.name for n in kg.neighbors("OpenAI", direction="in")}
    assert "Oracle" in {n.name for n in kg.neighbors("OpenAI", direction="out")}
    paths = kg.path("Nvidia", "Oracle")
    assert paths and [(h.payer, h.payee) for h in paths[0]] == [("Nvidia", "OpenAI"), ("OpenAI", "Oracle")]
    facts = kg.entity("Anthropic").facts
    assert any(f["metric"] == "valuation" and f["value"] == 183_000_000_000 for f in facts), facts
    with pytest.raises(Exception, match="no entity"):
        kg.deals(payer="No Such Company Ltd")


def test_deal_json_has_article_fields_plus_id_and_all_evidence(corpus_db):
    kg = KnowledgeGraph.open(corpus_db, readonly=True)
    d = kg.deals(payer="OpenAI", payee="Oracle", kinds="purchase")[0].to_dict()
    for field in (
        "id",
        "payer",
        "payee",
        "kind",
        "amount",
        "quantities",
        "date",
        "status",
        "evidence",
        "versions",
    ):
        assert field in d
    assert {"article", "path", "text", "start", "end"} <= set(d["evidence"][0])
    json.dumps(d)  # serialisable


def test_to_networkx_is_a_multidigraph_with_documented_attributes(corpus_db):
    g = KnowledgeGraph.open(corpus_db, readonly=True).to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert (
        g.has_edge("OpenAI", "Oracle") and g.has_edge("Oracle", "Nvidia") and g.has_edge("Nvidia", "OpenAI")
    )
    _, _, attrs = next(iter(g.edges(data=True)))
    assert {"deal_id", "kind", "status", "usd", "value", "currency", "articles"} <= set(attrs)
    assert g.nodes["Nvidia"]["type"] == "company"


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_exports_round_trip(corpus_db, tmp_path, fmt, reader):
    from kg.view.export import export

    kg = KnowledgeGraph.open(corpus_db, readonly=True)
    g = kg.to_networkx()
    (path,) = export(kg, fmt, tmp_path / f"kg.{fmt}")
    h = reader(path)
    assert h.number_of_nodes() == g.number_of_nodes()
    assert h.number_of_edges() == g.number_of_edges()
    edge = next(a for u, v, a in h.edges(data=True) if u == "Nvidia" and v == "OpenAI")
    assert edge["kind"] == "investment" and float(edge["usd"]) == 100_000_000_000


def test_json_and_csv_exports_round_trip(corpus_db, tmp_path):
    from kg.view.export import export

    kg = KnowledgeGraph.open(corpus_db, readonly=True)
    (path,) = export(kg, "json", tmp_path / "kg.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema"] == "kg.graph/1" and len(data["deals"]) == kg.store.counts()["deals"]
    files = export(kg, "csv", tmp_path / "csv")
    rows = list(csv.DictReader((tmp_path / "csv" / "deals.csv").open(encoding="utf-8")))
    assert len(rows) == kg.store.counts()["deals"] and {p.name for p in files} == {
        "deals.csv",
        "entities.csv",
        "facts.csv",
    }
    loop = [r for r in rows if (r["payer"], r["payee"], r["kind"]) == LOOP[2]]
    assert loop and float(loop[0]["usd"]) == 100_000_000_000


def test_store_refuses_a_newer_schema_and_foreign_files(tmp_path):
    db = tmp_path / "kg.db"
    Store(db).close()
    import sqlite3

    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StoreError, match="not a kg store"):
        Store(other)


def test_jsonl_input_with_metadata(tmp_path):
    lines = [
        json.dumps(
            {
                "text": "輝達表示將向OpenAI投資300億美元。",
                "title": "T1",
                "date": "2025-09-22",
                "source": "wire",
                "url": "https://example.invalid/1",
            },
            ensure_ascii=False,
        ),
        "not json",
        json.dumps({"title": "no text"}),
    ]
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kg = KnowledgeGraph.from_articles([f])
    row = kg.store.conn.execute("SELECT title, date, source, url, path FROM articles").fetchone()
    assert tuple(row) == ("T1", "2025-09-22", "wire", "https://example.invalid/1", f"{f}:1")
    report = KnowledgeGraph.open(":memory:").ingest(f)
    assert report.new == 1 and report.failed == 2 and "batch.jsonl:2" in report.errors[0]


# ---------------------------------------------------------------------- CLI


def test_cli_ingest_deals_entity_export(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "kg.db")
    src = tmp_path / "articles"
    src.mkdir()
    for p in CIRCULAR:
        shutil.copy(p, src / p.name)
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = runner.invoke(main, ["ingest", str(src), "--db", db])
    assert r.exit_code == 1, r.output
    assert "2 new" in r.output and "1 failed" in r.output and "broken.txt" in r.output
    r = runner.invoke(main, ["ingest", str(src / "*.txt"), "--db", db])
    assert "0 new, 2 skipped" in r.output

    r = runner.invoke(main, ["deals", "--db", db, "--payer", "英伟达", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert any(
        d["payee"] == "OpenAI"
        and d["kind"] == "investment"
        and len({e["article"] for e in d["evidence"]}) == 2
        for d in data
    )
    r = runner.invoke(main, ["deals", "--db", db, "--min-usd", "1e11", "--csv"])
    assert r.exit_code == 0 and r.output.startswith("id,payer,payee")
    r = runner.invoke(main, ["deals", "--db", db, "--kind", "purchase"])
    assert r.exit_code == 0 and "OpenAI" in r.output and "deals" in r.output
    r = runner.invoke(main, ["entity", "甲骨文", "--db", db])
    assert r.exit_code == 0 and r.output.startswith("Oracle")
    r = runner.invoke(main, ["entity", "Nobody Inc", "--db", db])
    assert r.exit_code == 2 and "no entity" in r.output
    out = tmp_path / "kg.graphml"
    r = runner.invoke(main, ["export", "--db", db, "--format", "graphml", "--out", str(out)])
    assert r.exit_code == 0 and nx.read_graphml(out).number_of_edges() > 0


def test_cli_reading_a_missing_store_is_a_store_error(tmp_path):
    r = CliRunner().invoke(main, ["deals", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 3 and "no such store" in r.output
