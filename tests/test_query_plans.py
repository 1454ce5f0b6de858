"""Queries by entity are answered by index: no full scan of deals, versions or evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import KnowledgeGraph

CORPORA = Path(__file__).resolve().parent.parent / "corpora"


@pytest.fixture(scope="module")
def kg(tmp_path_factory):
    g = KnowledgeGraph.open(tmp_path_factory.mktemp("plans") / "kg.db")
    g.ingest(CORPORA / "hans_circular_ai.txt", CORPORA / "hant_circular_ai.txt", jobs=1)
    yield g
    g.close()


def _plans(kg, call):
    seen: list[str] = []
    kg.store.conn.set_trace_callback(seen.append)
    try:
        result = call()
    finally:
        kg.store.conn.set_trace_callback(None)
    selects = [q for q in dict.fromkeys(seen) if q.lstrip().upper().startswith("SELECT")]
    plans = {q: [r[-1] for r in kg.store.conn.execute("EXPLAIN QUERY PLAN " + q)] for q in selects}
    return result, plans


@pytest.mark.parametrize(
    "call",
    [
        lambda kg: kg.deals(payer="OpenAI"),
        lambda kg: kg.deals(payee="Nvidia"),
        lambda kg: kg.deals(payer="甲骨文", kinds="purchase"),
        lambda kg: kg.entity("Oracle"),
    ],
    ids=["payer", "payee", "payer-kind", "entity"],
)
def test_lookups_by_entity_use_indexes(kg, call):
    result, plans = _plans(kg, lambda: call(kg))
    assert result  # the query found something, so the plans were exercised
    assert plans
    scans = {q: p for q, p in plans.items() if any(step.startswith("SCAN") for step in p)}
    assert scans == {}
