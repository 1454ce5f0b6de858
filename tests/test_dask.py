"""kg.dask on a real (local, multi-process) Dask cluster: the same records and store as local runs."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.bag")

import dask.bag as db  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import kg.dask  # noqa: E402
from kg import KnowledgeGraph, analyze_file  # noqa: E402
from kg.cli.app import main  # noqa: E402
from kg.errors import UsageError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
ARTICLES = sorted(CORPORA.glob("*.txt"))


@pytest.fixture(scope="module")
def client():
    """Two single-threaded worker processes, like a small real cluster (about 4 s to start and warm)."""
    with distributed.LocalCluster(**kg.dask.LOCAL_CLUSTER) as cluster, distributed.Client(cluster) as c:
        yield c


def _snapshot(g: KnowledgeGraph) -> str:
    """Every deal with its versions and evidence, without the time it was written."""
    out = []
    for d in g.deals():
        rec = d.to_dict()
        for v in rec["versions"]:
            v.pop("reported")
        out.append(rec)
    return json.dumps(out, sort_keys=True, ensure_ascii=False)


def test_extract_on_the_cluster_gives_the_local_records(client):
    bag = kg.dask.extract([CORPORA], npartitions=4)
    assert bag.npartitions == 4
    records = bag.compute()  # the client is the default scheduler
    assert records == [analyze_file(p).to_dict() for p in ARTICLES]


def test_a_bad_input_gives_an_error_record_and_the_rest_is_fine(client, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text(
        '{"text": "英伟达宣布向OpenAI投资1000亿美元。", "source": "Reuters", "date": "2025-09-22"}\n'
        "not json\n",
        encoding="utf-8",
    )
    paths = [ARTICLES[0], tmp_path / "missing.txt", empty, jsonl, tmp_path / "nothing*.txt", ARTICLES[1]]
    records = kg.dask.extract(paths, npartitions=3).compute()
    assert [("error" in r, r.get("label")) for r in records] == [
        (False, None),
        (True, str(tmp_path / "missing.txt")),
        (True, str(empty)),
        (False, None),
        (True, f"{jsonl}:2"),
        (True, str(tmp_path / "nothing*.txt")),
        (False, None),
    ]
    assert "no such file" in records[1]["error"] and "not valid JSON" in records[4]["error"]
    assert records[0] == analyze_file(ARTICLES[0]).to_dict()
    assert records[-1] == analyze_file(ARTICLES[1]).to_dict()
    line = records[3]
    assert line["article"]["path"] == f"{jsonl}:1" and line["article"]["source"] == "Reuters"
    assert [(d["payer"], d["payee"]) for d in line["deals"]] == [("Nvidia", "OpenAI")]


def test_a_bag_of_texts_and_dicts(client):
    texts = db.from_sequence(
        [
            "英伟达表示将向OpenAI投资300亿美元。",
            {"text": "輝達表示將向OpenAI投資300億美元。", "date": "2025-09-23", "path": "cna/1"},
            {"title": "no text"},
            "   ",
        ],
        npartitions=2,
    )
    records = kg.dask.extract(texts).compute()
    assert [r["article"]["path"] for r in records[:2]] == [None, "cna/1"]
    assert records[1]["article"]["date"] == "2025-09-23"
    assert records[0]["deals"][0]["amount"]["usd"] == records[1]["deals"][0]["amount"]["usd"] == 3 * 10**10
    assert "text" in records[2]["error"] and records[2]["label"] == "no text"
    assert "empty" in records[3]["error"]


def test_ingest_on_the_cluster_gives_the_local_store(client, tmp_path):
    local = KnowledgeGraph.open(tmp_path / "local.db")
    remote = KnowledgeGraph.open(tmp_path / "dask.db")
    r_local = local.ingest(CORPORA, jobs=1)
    seen = []
    r_dask = kg.dask.ingest(
        remote, [CORPORA], client, chunk=3, on_item=lambda label, outcome, error: seen.append(label)
    )
    assert r_dask.to_dict() == r_local.to_dict()
    assert r_dask.new == len(ARTICLES) and r_dask.failed == 0
    assert seen == [str(p) for p in ARTICLES]  # written in input order
    assert remote.store.counts() == local.store.counts()
    assert _snapshot(remote) == _snapshot(local)
    assert remote.rows("entities") == local.rows("entities")
    assert remote.store.integrity_errors() == []
    again = kg.dask.ingest(remote, [ARTICLES[0]], client)
    assert (again.new, again.skipped) == (0, 1)
    forced = kg.dask.ingest(remote, [ARTICLES[0]], client, force=True)
    assert forced.replaced == 1 and remote.store.counts() == local.store.counts()


def test_ingest_reports_bad_inputs_like_a_local_ingest(client, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [ARTICLES[0], empty, tmp_path / "missing.txt", ARTICLES[1]]
    local, remote = [], []
    r_local = KnowledgeGraph.open(":memory:").ingest(
        *paths, on_item=lambda label, outcome, error: local.append((label, error))
    )
    r_dask = kg.dask.ingest(
        KnowledgeGraph.open(":memory:"),
        paths,
        client,
        chunk=1,
        on_item=lambda label, outcome, error: remote.append((label, error)),
    )
    assert (r_dask.new, r_dask.failed) == (2, 2)
    assert r_dask.to_dict() == r_local.to_dict()
    assert remote == local


def test_to_parquet_one_row_per_deal(client, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    bag = kg.dask.extract(ARTICLES[:6] + [tmp_path / "missing.txt"], npartitions=3)
    files = kg.dask.to_parquet(bag, tmp_path / "deals")
    assert [f.name for f in files] == [f"part.0000{i}.parquet" for i in range(3)]
    table = pq.read_table(tmp_path / "deals")
    assert str(table.schema.field("usd").type) == "decimal128(38, 12)"
    rows = table.to_pylist()
    records = [analyze_file(p).to_dict() for p in ARTICLES[:6]]
    deals = [(r["article"]["id"], d) for r in records for d in r["deals"]]
    assert len(rows) == len(deals) > 10
    for row, (aid, d) in zip(rows, deals, strict=True):
        assert (row["article"], row["payer"], row["payee"], row["kind"]) == (
            aid,
            d["payer"],
            d["payee"],
            d["kind"],
        )
        assert row["evidence"] == [e["text"] for e in d["evidence"]]
        amount = d["amount"] or {}
        for col in ("value", "low", "high", "usd"):
            want = amount.get(col)
            assert row[col] == (None if want is None else Decimal(repr(want))), (col, row)


def test_cli_ingest_with_a_local_cluster(tmp_path):
    db = tmp_path / "kg.db"
    res = CliRunner().invoke(
        main, ["ingest", str(ARTICLES[0]), str(ARTICLES[1]), "--db", str(db), "--dask", "local"]
    )
    assert res.exit_code == 0, res.output
    assert "2 new" in res.output


def test_missing_dask_is_a_usage_error_with_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"pip install 'kg\[dask\]'"):
        kg.dask.extract(["corpora"])
    with pytest.raises(UsageError, match=r"pip install 'kg\[dask\]'"):
        kg.dask.ingest(KnowledgeGraph.open(":memory:"), ["corpora"], "local")
