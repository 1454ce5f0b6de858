"""Building graphs of deals by hand (:func:`add_deal`) and the small graph the doctests use (:func:`toy_graph`)."""

from __future__ import annotations

from typing import Any

from ..numbers import to_decimal
from .intervals import UNNAMED

# ---------------------------------------------------------------------- building graphs


def add_deal(
    G,
    payer: str | None,
    payee: str,
    value=None,
    *,
    currency: str | None = "USD",
    kind: str = "purchase",
    status: str = "announced",
    low=None,
    high=None,
    approx: bool = False,
    date: str | None = None,
    deal_id=None,
) -> Any:
    """Add one deal to *G* the way :meth:`~kg.api.KnowledgeGraph.to_networkx` does; return its id.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> add_deal(G, "Nvidia", "OpenAI", "1e11", kind="investment")
    1
    >>> add_deal(G, None, "OpenAI", low=10, high=20, currency="EUR", kind="loan")
    2
    >>> sorted(G.nodes)
    ['(unnamed)', 'Nvidia', 'OpenAI']
    """
    payer = payer or UNNAMED
    if deal_id is None:
        deal_id = G.graph.get("_next_deal") or G.number_of_edges() + 1  # counting edges is O(E): once
        while G.has_edge(payer, payee, key=deal_id):
            deal_id += 1
        G.graph["_next_deal"] = deal_id + 1
    amount = value is not None or low is not None or high is not None
    G.add_edge(
        payer,
        payee,
        key=deal_id,
        deal_id=deal_id,
        kind=kind,
        status=status,
        date=date,
        value=to_decimal(value),
        low=to_decimal(low),
        high=to_decimal(high),
        currency=currency if amount else None,
        approx=approx,
        usd=None,
        amount_text=None,
        articles=[],
        evidence=0,
    )
    return deal_id


def toy_graph():
    """A small graph of the circular AI deals, for examples and tests.

    >>> G = toy_graph()
    >>> G.number_of_nodes(), G.number_of_edges()
    (8, 10)
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    add_deal(G, "OpenAI", "Oracle", "300e9", deal_id=1)
    add_deal(G, "Oracle", "Nvidia", "40e9", approx=True, status="planned", deal_id=2)
    add_deal(
        G,
        "Nvidia",
        "OpenAI",
        "100e9",
        high="100e9",
        approx=True,
        kind="investment",
        status="planned",
        deal_id=3,
    )
    add_deal(G, "OpenAI", "AMD", low="20e9", high="90e9", status="planned", deal_id=4)
    add_deal(G, "OpenAI", "Broadcom", kind="partnership", deal_id=6)
    add_deal(G, None, "Oracle", "18e9", kind="loan", deal_id=7)
    add_deal(G, "OpenAI", "Nvidia", deal_id=9)
    add_deal(G, "Nvidia", "CoreWeave", "6.3e9", status="planned", deal_id=10)
    add_deal(G, "Nvidia", "CoreWeave", "1e8", kind="investment", deal_id=11)
    add_deal(G, "Microsoft", "CoreWeave", "10e9", deal_id=12)
    return G
