"""``ArticleResult.from_dict``: a kg.article/1 record rebuilds the result it came from."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

from kg import analyze, analyze_file
from kg.model import ArticleResult
from kg.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "corpora").glob("*.txt"))
SEED = ROOT.parent / "shared" / "seeds" / "000_2be2b2414e40e10c.txt"
if SEED.exists():
    ARTICLES.append(SEED)
# written at ingest time, so they differ between any two ingests
CLOCK = {"articles": ("ingested_at",), "deal_versions": ("reported",)}
# a record carries the content hash but not the MinHash signature (see ArticleResult.from_dict)
NOT_IN_RECORD = {"articles": ("minhash", "reprint_of", "similarity"), "article_bands": ("article_id", "band", "hash")}


@pytest.fixture(scope="module")
def results():
    return [analyze_file(p) for p in ARTICLES]


def test_every_article_round_trips_through_json(results):
    for r in results:
        record = r.to_dict()
        rebuilt = ArticleResult.from_dict(json.loads(json.dumps(record, ensure_ascii=False)))
        assert rebuilt.to_dict() == record, r.article.path


def _canon(v):
    """A decimal string by its value (the record keeps 2881000000, the pipeline 2881000000.00)."""
    if isinstance(v, str):
        try:
            return ("number", Decimal(v).normalize())
        except InvalidOperation:
            try:
                return ("json", json.loads(v, parse_float=Decimal, parse_int=Decimal))
            except ValueError:
                return v
    return v


def _tables(store: Store) -> dict[str, list[tuple]]:
    out = {}
    names = [r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for t in names:
        skip = CLOCK.get(t, ()) + NOT_IN_RECORD.get(t, ())
        cols = [r[1] for r in store.conn.execute(f"PRAGMA table_info({t})") if r[1] not in skip]
        if not cols:
            continue
        rows = store.conn.execute(f"SELECT {', '.join(map(repr, cols))} FROM {t} ORDER BY rowid")
        out[t] = [tuple(_canon(v) for v in row) for row in rows]
    return out


def test_storing_rebuilt_results_writes_the_same_store(results):
    local, rebuilt = Store(":memory:"), Store(":memory:")
    for r in results:
        local.ingest(r)
        rebuilt.ingest(ArticleResult.from_dict(json.loads(json.dumps(r.to_dict()))))
    a, b = _tables(local), _tables(rebuilt)
    assert a.keys() == b.keys()
    for t in a:
        assert len(a[t]) == len(b[t]), t
        assert a[t] == b[t], t
    assert local.counts() == rebuilt.counts()


def test_rebuilt_amounts_find_their_offsets():
    r = analyze("英伟达宣布向OpenAI投资1000亿美元。甲骨文的营收为100亿美元。")
    back = ArticleResult.from_dict(r.to_dict())
    assert back.text == ""  # the record does not carry the article
    d, d2 = r.deals[0], back.deals[0]
    assert (d2.amount.start, d2.amount.end, d2.amount.value) == (d.amount.start, d.amount.end, d.amount.value)
    assert [(f.amount.start, f.amount.end) for f in back.facts] == [
        (f.amount.start, f.amount.end) for f in r.facts
    ]


def test_a_record_of_another_schema_is_refused():
    with pytest.raises(ValueError, match="kg.article/1"):
        ArticleResult.from_dict({"schema": "kg.graph/1", "article": {}})
