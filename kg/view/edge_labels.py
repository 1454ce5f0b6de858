"""Which arrows of the graph page show their amount as a label (``$100B``).

A page of at most :data:`EDGE_LABELS_UP_TO` deals labels every priced arrow; a bigger one (the
full store's page) only its :data:`EDGE_LABELS_LARGEST` largest by USD, so that the labels stay
readable; every amount stays in its arrow's tooltip and panel.
"""

from __future__ import annotations

from ..analysis import metrics as m

EDGE_LABELS_UP_TO = 250
"""Edges show their amount as a label when the page has at most this many."""
EDGE_LABELS_LARGEST = 40
"""On a page with more edges, only this many, the largest by USD, show their amount."""


def labelled_edges(G, table) -> set[int]:
    """The positions (in ``metrics._edges(G)`` order) of the edges that show their amount.

    >>> from kg.analysis.metrics import toy_graph
    >>> len(labelled_edges(toy_graph(), None))  # every priced deal of a small graph
    8
    """
    priced = []
    for j, (_u, _v, _k, attrs) in enumerate(m._edges(G)):
        iv = m.deal_usd(attrs, rates=table)
        if iv is not None:
            priced.append((-iv.best, j))
    if G.number_of_edges() <= EDGE_LABELS_UP_TO:
        return {j for _b, j in priced}
    return {j for _b, j in sorted(priced)[:EDGE_LABELS_LARGEST]}
