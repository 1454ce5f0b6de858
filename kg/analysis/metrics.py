"""The numeric core: net flows, circular financing and exposure over the deal graph.

This module gathers the public names of :mod:`kg.analysis` in one place; they live in
``intervals`` (Decimal intervals and constants), ``rates`` (dated USD rates), ``flows``
(deals as flows, net and pair flows), ``cycles`` (cycles, compression, circularity),
``exposure`` (vendor financing, exposure) and ``graphs`` (:func:`add_deal`, :func:`toy_graph`).

Plain functions in the NetworkX style: the graph first, options as keywords. The graph is
the ``networkx.MultiDiGraph`` of :meth:`kg.api.KnowledgeGraph.to_networkx` (one edge per deal,
payer -> payee, with ``kind``, ``status``, ``date``, ``value``/``low``/``high`` and
``currency``), or any graph built the same way (:func:`add_deal` helps).

The money model
---------------
* Every amount becomes US dollars through a dated rate table (:class:`RateTable`): the
  bundled one is ``rules/currencies.yaml``; pass your own with ``rates=`` (a table, a mapping
  or a YAML file). Arithmetic is :class:`~decimal.Decimal` throughout, to the cent.
* Every amount is an :class:`Interval` ``[low, high]`` with a ``best`` figure inside it. An
  exact amount is ``[v, v]``; a range (30~40億) is ``[30億, 40億]`` with its middle as best; an
  approximate amount (約400億) is ``v`` give or take ``approx_band`` (10 % by default); a bound
  (逾/最高) is closed on its open side by the same band. Sums carry the intervals through.
* A deal without an amount (or in a currency with no rate) is *unpriced*: it is counted and
  listed by id, never added as zero.
* ``statuses=`` keeps only deals of those statuses (announced, completed, planned, rumoured;
  default all); ``kinds=`` only those kinds (default every kind with a direction of payment:
  all but ``partnership``, whose payer is not stated).

>>> G = toy_graph()
>>> flows = net_flows(G)
>>> print(flows["OpenAI"].outflow)
355B [320B–390B]
>>> sum(f.net.best for f in flows.values())
Decimal('0')
>>> [c.nodes for c in cycles(G)]
[('Nvidia', 'OpenAI', 'Oracle'), ('Nvidia', 'OpenAI')]
>>> print(compression(G).ratio)
0.340008 [0.191507–0.453906]
"""

from __future__ import annotations

from ..kinds import deal_kinds
from ..model import STATUSES  # noqa: F401  (re-exported: the filters' choices)
from .cycles import (  # noqa: F401
    Circularity,
    Compression,
    Cycle,
    CycleList,
    Hop,
    circularity,
    compression,
    cycles,
    iter_cycles,
)
from .exposure import (  # noqa: F401
    Concentration,
    Counterparty,
    Exposure,
    StatedShare,
    VendorFinancing,
    exposure,
    vendor_financing,
)
from .flows import EntityFlows, Flow, PairFlow, _edges, deal_flows, deal_usd, net_flows, pair_flows  # noqa: F401
from .graphs import add_deal, toy_graph  # noqa: F401
from .intervals import (  # noqa: F401
    APPROX_BAND,
    CENT,
    ONE,
    RATIO,
    UNNAMED,
    UNNAMED_PAYER,
    ZERO,
    ZERO_IV,
    Interval,
    is_unnamed,
)
from .rates import RateTable, _bundled_rates, _rate_table  # noqa: F401

__all__ = [
    "APPROX_BAND",
    "UNNAMED",
    "UNNAMED_PAYER",
    "is_unnamed",
    "Circularity",
    "Compression",
    "Concentration",
    "Counterparty",
    "Cycle",
    "CycleList",
    "EntityFlows",
    "Exposure",
    "Flow",
    "Hop",
    "Interval",
    "PairFlow",
    "RateTable",
    "StatedShare",
    "VendorFinancing",
    "add_deal",
    "circularity",
    "compression",
    "cycles",
    "deal_flows",
    "deal_usd",
    "exposure",
    "iter_cycles",
    "net_flows",
    "pair_flows",
    "toy_graph",
    "vendor_financing",
]

_KIND_GROUPS = {
    "KINDS": "names",
    "FLOW_KINDS": "flow",
    "DIRECTIONLESS_KINDS": "directionless",
    "FINANCING_KINDS": "financing",
    "SUPPLY_KINDS": "supply",
    "ROLES": "roles",
}


def __getattr__(name: str):
    # the kind groups are data (rules/kinds.yaml, kg.kinds): read from the active rule set
    if name in _KIND_GROUPS:
        return getattr(deal_kinds(), _KIND_GROUPS[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
