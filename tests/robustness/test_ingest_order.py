"""Issue 14 item 13: the store holds the same deals and versions whatever the ingest order.

Merging a report into the deals already stored depends on what is already there; every deal
is now also kept as a record and the deals of a payer–payee pair are merged in one canonical
order (article date, then article id), replayed when an article arrives out of that order.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
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


FEWFC = Path(__file__).resolve().parents[3] / "shared" / "devdata" / "fewfc" / "fewfc.jsonl"


@pytest.fixture(scope="module")
def sample():
    """The bundled corpus and a few hundred distinct FewFC sentences (read, never copied), each
    analysed once; with dates, some repeated, so that reprints and stated dates meet."""
    results = [analyze_file(p) for p in CORPUS]
    if FEWFC.is_file():
        lines = FEWFC.read_text(encoding="utf-8").splitlines()
        texts = list(dict.fromkeys(json.loads(x)["content"] for x in lines if x.strip()))
        picked = random.Random(7).sample(texts, min(400, len(texts)))
        results += [analyze(t, path=f"fewfc:{i}") for i, t in enumerate(picked)]
    return results


def _deals_json(items) -> list[str]:
    """``kg deals --json`` of a store the *items* were ingested into, in that order (ids and
    ingest times left out: they count arrivals)."""
    kg = _load([(r, None) for r in items])
    deals, _ = _deals(kg)
    kg.close()
    return deals


@settings(
    max_examples=3,
    deadline=None,
    phases=(Phase.generate,),  # shrinking an order of 450 articles would take long and say little
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.randoms(use_true_random=False))
def test_random_orders_of_a_large_sample_give_the_same_deals_json(sample, rnd):
    reference = _deals_json(sample)
    shuffled = list(sample)
    rnd.shuffle(shuffled)
    assert _deals_json(shuffled) == reference
    assert _deals_json(sample[::-1]) == reference


def test_the_original_of_reprints_does_not_depend_on_the_order():
    base = (
        "英伟达周一宣布，将向OpenAI投资1000亿美元，用于建设新的数据中心。\n"
        "双方表示，首批算力设施预计明年下半年投入使用，后续将分阶段完成部署。\n"
        "分析人士认为，这笔交易将进一步巩固英伟达在人工智能芯片市场的地位。\n"
        "OpenAI方面称，新增算力将主要用于训练下一代模型，并向企业客户开放。\n"
    )
    a = analyze(base + "（本报记者 甲）", path="a.txt")
    b = analyze(base + "（来源：乙网）", path="b.txt")
    one, two = _deals_json([a, b]), _deals_json([b, a])
    assert one == two
    ev = json.loads(one[0])["evidence"]
    assert sum(e["reprint_of"] is None for e in ev) == 1


def test_one_name_in_two_scripts_is_called_the_same_whatever_came_first():
    hant = analyze("雷鷹科技宣布，國泰創投亦跟投3,000萬元。", path="hant.txt")
    hans = analyze("雷鹰科技宣布，国泰创投跟投3,000万元。", path="hans.txt")
    assert _deals_json([hant, hans]) == _deals_json([hans, hant])
