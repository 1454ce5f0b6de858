"""Graphs and stores for the graph page tests (shared by the fast and the browser tests)."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from kg import KnowledgeGraph
from kg.analysis.metrics import add_deal

ROOT = Path(__file__).resolve().parents[2]
CORPORA = ROOT / "corpora"
CIRCULAR = [CORPORA / "hans_circular_ai.txt", CORPORA / "hant_circular_ai.txt"]

PWN = "<script>window.__pwned=1</script>"
IMG = "<img src=x onerror=window.__pwned=1>"
EVIL_NAME = f"甲骨文{PWN}\"Evil' & Co</script>"
EVIL_ARTICLE = f"""{PWN}英伟达"投资"</script>
英伟达宣布向OpenAI投资1000亿美元{IMG}，消息人士称"这是'闭环'"</script>{PWN}。
甲骨文{PWN}公司将向英伟达采购价值400亿美元的芯片。
OpenAI同意向甲骨文购买价值3000亿美元的算力{IMG}。
"""


def evil_store(folder: Path) -> Path:
    """A store whose article title, sentences, an entity name and an alias carry script payloads."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / "evil.txt"
    article.write_text(EVIL_ARTICLE, encoding="utf-8")
    db = folder / "kg.db"
    kg = KnowledgeGraph.open(db)
    report = kg.ingest(article)
    assert report.new == 1 and report.deals >= 2, report
    c = kg.store.conn
    eid = kg.resolve("Oracle")
    c.execute("UPDATE entities SET name = ? WHERE id = ?", (EVIL_NAME, eid))
    c.execute("INSERT INTO aliases (entity_id, alias, norm) VALUES (?, ?, ?)", (eid, IMG, "evil-alias"))
    kg.close()
    return db


def circular_store(folder: Path) -> Path:
    """The two circular-financing articles (simplified and traditional script) in a store."""
    db = folder / "kg.db"
    kg = KnowledgeGraph.open(db)
    assert kg.ingest(*CIRCULAR).failed == 0
    kg.close()
    return db


def synthetic_graph(n_nodes: int = 2000, n_deals: int = 4000, seed: int = 1) -> nx.MultiDiGraph:
    """A random deal graph with every kind, status and entity type, some deals without amounts.

    Every node takes part in a deal (so the page shows all *n_nodes*).
    """
    rnd = random.Random(seed)
    G = nx.MultiDiGraph()
    kinds = ["investment", "purchase", "lease", "loan", "warrant", "acquisition", "partnership"]
    statuses = ["announced", "planned", "rumoured", "completed"]
    types = ["company", "bank", "fund", "government", "person", "other"]
    names = [f"Entity {i:04d}" for i in range(n_nodes)]
    for i, name in enumerate(names):
        G.add_node(name, type=rnd.choice(types), aliases=[f"實體{i}"], ticker=None, discovered=False)
    for j in range(n_deals):
        a, b = (j if j < n_nodes else rnd.randrange(n_nodes)), rnd.randrange(n_nodes - 1)  # every node pays
        b += b >= a  # never a self-loop
        value = None if rnd.random() < 0.1 else f"{rnd.uniform(1, 1000):.1f}e{rnd.randint(6, 9)}"
        add_deal(
            G,
            names[a],
            names[b],
            value,
            kind=rnd.choice(kinds),
            status=rnd.choice(statuses),
            currency=rnd.choice(["USD", "CNY", "HKD"]),
            deal_id=j + 1,
        )
    return G
