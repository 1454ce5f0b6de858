"""Issue 14 item 13: the store holds the same deals and versions whatever the ingest order.

Merging a report into the deals already stored depends on what is already there; every deal
is now also kept as a record and the deals of a payer–payee pair are merged in one canonical
order (article date, then article id), replayed when an article arrives out of that order.
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import KnowledgeGraph
from kg.extract.pipeline import analyze
from kg.extract.stream import analyze_file

from .conftest import CORPUS

DATES = [None, "2025-09", "2025-09-22", "2025-10-06"]


def _generated() -> list:
    """Reports of a few deals written for this test: figures, ranges, none, restated, other dates."""
    texts = [
        "英伟达宣布向OpenAI投资1000亿美元。",
        "英伟达宣布向OpenAI投资。",
        "英伟达计划向OpenAI投资最高1000亿美元。",
        "英伟达宣布向OpenAI投资1005亿美元，用于建设数据中心。",
        "英伟达宣布向OpenAI投资400亿美元。",
        "微软宣布向Anthropic投资50亿美元。",
        "微软与Anthropic达成合作。",
        "微软宣布向Anthropic投资约50亿美元，双方同时扩大合作。",
        "甲骨文与OpenAI签署3000亿美元算力合同。",
        "甲骨文与OpenAI签署合同，总额约3000亿美元。",
    ]
    return [analyze(t, path=f"gen:{i}") for i, t in enumerate(texts)]


@pytest.fixture(scope="module")
def articles():
    results = [analyze_file(p) for p in CORPUS] + _generated()
    rnd = random.Random(3)
    return [(r, rnd.choice(DATES)) for r in results]


def _load(items, kg=None) -> KnowledgeGraph:
    kg = kg or KnowledgeGraph.open(":memory:")
    for r, date in items:
        kg.store.ingest(r, date=date or "2025-01-01")  # undated would be stamped with the ingest time
    return kg


def _snapshot(items) -> tuple[list[str], dict]:
    return _deals(_load(items))


def _deals(kg) -> tuple[list[str], dict]:
    out = []
    for d in kg.deals():
        rec = d.to_dict()
        rec.pop("id", None)
        for v in rec["versions"]:
            v.pop("reported", None)
        out.append(json.dumps(rec, sort_keys=True, ensure_ascii=False))
    return sorted(out), kg.store.counts()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False))
def test_any_order_gives_the_same_deals_and_versions(articles, rnd):
    reference = _snapshot(articles)
    shuffled = list(articles)
    rnd.shuffle(shuffled)
    assert _snapshot(shuffled) == reference
    assert _snapshot(articles[::-1]) == reference


def test_a_forced_reingest_leaves_the_store_a_fresh_ingest_gives(articles):
    kg = _load(articles)
    for r, date in articles[:3]:
        kg.store.ingest(r, date=date or "2025-01-01", force=True)
    assert _deals(kg) == _snapshot(articles)
