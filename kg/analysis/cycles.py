"""Cycles of money (A pays B pays ... pays A), what netting would cancel (compression) and circularity."""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import UsageError
from ..numbers import json_number
from .flows import Flow, PairFlow, _edges, _pairs, _Select
from .intervals import APPROX_BAND, ONE, ZERO, ZERO_IV, Interval, _Acc, _iratio, _isum, _ratio_iv

# ---------------------------------------------------------------------- cycles


@dataclass
class Hop:
    """One edge of a cycle: the deals from ``payer`` to ``payee`` and their sum."""

    payer: str
    payee: str
    deals: list[Flow]
    amount: Interval | None


@dataclass
class Cycle:
    """A circular money path: ``nodes[0] -> nodes[1] -> ... -> nodes[0]``."""

    nodes: tuple[str, ...]
    hops: list[Hop]

    @property
    def bottleneck(self) -> Interval | None:
        """The least amount on the way round (bound by bound), or None when a hop is unpriced."""
        if any(h.amount is None for h in self.hops):
            return None
        out = self.hops[0].amount
        for h in self.hops[1:]:
            out = out.minimum(h.amount)
        return out

    @property
    def bottleneck_usd(self) -> Decimal | None:
        b = self.bottleneck
        return b.best if b is not None else None

    @property
    def deals(self) -> list[Flow]:
        return [d for h in self.hops for d in h.deals]

    def __len__(self) -> int:
        return len(self.nodes)

    def __str__(self) -> str:
        b = self.bottleneck
        return " → ".join([*self.nodes, self.nodes[0]]) + f"  (bottleneck {b if b else 'unpriced'})"

    def to_dict(self) -> dict[str, Any]:
        b = self.bottleneck
        return {
            "nodes": list(self.nodes),
            "deals": [d.to_dict() for d in self.deals],
            "bottleneck_usd": json_number(b.best) if b else None,
            "bottleneck": b.to_dict() if b else None,
            "hops": [
                {
                    "payer": h.payer,
                    "payee": h.payee,
                    "amount": h.amount.to_dict() if h.amount else None,
                    "deals": [d.deal_id for d in h.deals],
                }
                for h in self.hops
            ],
        }


class CycleList(list):
    """A list of :class:`Cycle`, with ``complete`` (False when a bound cut the search short)
    and ``found`` (cycles examined)."""

    complete: bool = True
    found: int = 0


def _cycle_key(c: Cycle):
    b = c.bottleneck
    return (b is None, -(b.best if b else ZERO), len(c.nodes), c.nodes)


class _Search:
    def __init__(self):
        self.complete = True
        self.found = 0


def _digraph(pairs: Mapping[tuple[str, str], PairFlow]):
    import networkx as nx

    D = nx.DiGraph()
    D.add_nodes_from(sorted({n for pair in pairs for n in pair}))
    D.add_edges_from(sorted(e for e in pairs if e[0] != e[1]))
    return D


def _search(D, max_len, time_limit, max_cycles, state: _Search) -> Iterator[list[str]]:
    """Simple cycles of 2 to *max_len* nodes, each once, starting at its least node.

    A depth-bounded search from every node *s* in sorted order through greater nodes of its
    strongly connected component only; the last hop is a set intersection with the
    predecessors of *s*. Deterministic; stops at *time_limit* seconds or *max_cycles*.
    """
    import networkx as nx

    if max_len < 2:
        raise UsageError("max_len must be 2 or more")
    deadline = time.perf_counter() + time_limit if time_limit is not None else None
    comp: dict[str, int] = {}
    for k, scc in enumerate(nx.strongly_connected_components(D)):
        if len(scc) > 1:
            for n in scc:
                comp[n] = k
    order = sorted(comp)
    idx = {n: i for i, n in enumerate(order)}
    succ = {n: [v for v in sorted(D.successors(n)) if comp.get(v) == comp[n] and v != n] for n in order}
    succ_set = {n: set(vs) for n, vs in succ.items()}
    steps = 0
    for s in order:
        i = idx[s]
        ps = {u for u in D.predecessors(s) if comp.get(u) == comp[s] and idx[u] > i}
        if not ps:
            continue
        path, onpath = [s], {s}
        stack = [iter(succ[s])]
        while stack:
            v = next(stack[-1], None)
            if v is None:
                stack.pop()
                onpath.discard(path.pop())
                continue
            steps += 1
            if idx[v] <= i or v in onpath:
                continue
            found = []
            if v in ps:
                found.append([*path, v])
            room = max_len - len(path) - 1  # nodes that may still follow v
            if room == 1:
                found.extend([*path, v, w] for w in sorted((succ_set[v] & ps) - onpath) if w != v)
            for c in found:
                state.found += 1
                yield c
                if max_cycles is not None and state.found >= max_cycles:
                    state.complete = False
                    return
            if room >= 2:
                path.append(v)
                onpath.add(v)
                stack.append(iter(succ[v]))
            if deadline is not None and steps % 4096 == 0 and time.perf_counter() > deadline:
                state.complete = False
                return
        if deadline is not None and time.perf_counter() > deadline and s != order[-1]:
            state.complete = False
            return


def _make_cycle(nodes: list[str], pairs) -> Cycle:
    hops = []
    for u, v in zip(nodes, nodes[1:] + nodes[:1], strict=True):
        p = pairs[(u, v)]
        hops.append(Hop(u, v, list(p.deals), p.amount))
    return Cycle(tuple(nodes), hops)


def iter_cycles(
    G,
    *,
    max_len: int = 4,
    time_limit: float | None = None,
    max_cycles: int | None = None,
    statuses=None,
    kinds=None,
    rates=None,
    approx_band=APPROX_BAND,
) -> Iterator[Cycle]:
    """Yield the circular money paths of *G* (simple cycles of 2 to *max_len* entities), unranked.

    Each cycle starts at its alphabetically first entity. The search stops after *time_limit*
    seconds or *max_cycles* cycles when given. Deals between the same payer and payee are
    summed into one hop. See :func:`cycles` for the ranked list and the parameters.

    Yields
    ------
    Cycle

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> next(iter_cycles(toy_graph(), max_len=2)).nodes
    ('Nvidia', 'OpenAI')
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    pairs = _pairs(sel.flows(_edges(G)))
    for nodes in _search(_digraph(pairs), max_len, time_limit, max_cycles, _Search()):
        yield _make_cycle(nodes, pairs)


def cycles(
    G,
    *,
    max_len: int = 4,
    time_limit: float | None = None,
    max_cycles: int | None = None,
    limit: int | None = None,
    statuses=None,
    kinds=None,
    rates=None,
    approx_band=APPROX_BAND,
) -> CycleList:
    """Circular money paths ranked by the amount that goes around (the bottleneck).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    max_len : int
        The longest cycle, in entities (default 4).
    time_limit : float, optional
        Stop searching after this many seconds (the result then has ``complete == False``).
    max_cycles : int, optional
        Stop after examining this many cycles (deterministic, unlike *time_limit*).
    limit : int, optional
        Return only the first *limit* cycles of the ranking.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    CycleList
        Cycles with a priced bottleneck, largest first, then those with an unpriced hop.
        The bottleneck is the minimum over the hops, bound by bound, so it is at most each hop.

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> cs = cycles(toy_graph())
    >>> print(cs[0])
    Nvidia → OpenAI → Oracle → Nvidia  (bottleneck 40B [36B–44B])
    >>> cs[0].bottleneck_usd, [h.amount.best for h in cs[0].hops]
    (Decimal('40000000000'), [Decimal('100000000000'), Decimal('300000000000'), Decimal('40000000000')])
    >>> print(cs[1]), cs.complete
    Nvidia → OpenAI → Nvidia  (bottleneck unpriced)
    (None, True)
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    pairs = _pairs(sel.flows(_edges(G)))
    state = _Search()
    found = [_make_cycle(c, pairs) for c in _search(_digraph(pairs), max_len, time_limit, max_cycles, state)]
    found.sort(key=_cycle_key)
    out = CycleList(found[:limit] if limit is not None else found)
    out.complete, out.found = state.complete, state.found
    return out


# ---------------------------------------------------------------------- circularity


@dataclass
class Compression:
    """How much of the gross volume multilateral netting would cancel.

    ``gross`` is the sum of all priced deals; ``netted`` what is left after multilateral
    netting (the sum of positive nets); ``ratio`` = (gross - netted) / gross, the share that
    cancels (the compression ratio of clearing). ``bilateral`` is what is left after netting
    each pair only; ``unpriced`` counts the deals left out.
    """

    gross: Interval
    netted: Interval
    bilateral: Interval
    ratio: Interval | None
    bilateral_ratio: Interval | None
    deals: int
    unpriced: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "gross": self.gross.to_dict(),
            "netted": self.netted.to_dict(),
            "bilateral": self.bilateral.to_dict(),
            "ratio": self.ratio.to_dict() if self.ratio else None,
            "bilateral_ratio": self.bilateral_ratio.to_dict() if self.bilateral_ratio else None,
            "deals": self.deals,
            "unpriced": self.unpriced,
        }


def _cancel_share(gross: Interval, left: Interval) -> Interval | None:
    """(gross - left) / gross as a conservative interval in [0, 1]."""
    if gross.best <= 0:
        return None
    best = (gross.best - left.best) / gross.best
    low = ONE - left.high / gross.low if gross.low > 0 else ZERO
    high = ONE - left.low / gross.high if gross.high > 0 else ONE
    low, high = max(min(low, best), ZERO), min(max(high, best), ONE)
    return _ratio_iv(low, min(max(best, ZERO), ONE), high)


def _abs_iv(iv: Interval) -> Interval:
    if iv.low >= 0:
        return iv
    if iv.high <= 0:
        return -iv
    return Interval(ZERO, max(-iv.low, iv.high), abs(iv.best))


def compression(G, *, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND) -> Compression:
    """The share of the gross volume that would cancel in multilateral netting.

    ``ratio = (gross - sum of positive nets) / gross``. Netting never raises the gross:
    ``netted <= bilateral <= gross``, bound by bound.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    Compression
        ``gross``, ``netted``, ``bilateral`` (intervals, USD), ``ratio`` and ``bilateral_ratio``
        (the share that cancels, an interval in [0, 1], or None when nothing is priced),
        ``deals`` and ``unpriced`` (counts).

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> c = compression(toy_graph())
    >>> print(c.gross, c.netted, c.ratio, sep=" | ")
    529.4B [480.4B–568.4B] | 349.4B [310.4B–388.4B] | 0.340008 [0.191507–0.453906]
    >>> c.unpriced
    1
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    flows = list(sel.flows(_edges(G)))
    priced = [f for f in flows if f.amount is not None]
    gross = _isum(f.amount for f in priced)
    net: dict[str, _Acc] = {}
    for f in priced:
        (net.get(f.payee) or net.setdefault(f.payee, _Acc())).add(f.amount)
        (net.get(f.payer) or net.setdefault(f.payer, _Acc())).sub(f.amount)
    netted = _isum(v.interval().positive() for v in net.values())
    pairs = _pairs(priced)
    bilateral = ZERO_IV
    for (u, v), p in pairs.items():
        back = pairs.get((v, u))
        if back is None:
            bilateral = bilateral + p.amount
        elif u < v:
            bilateral = bilateral + _abs_iv(p.amount - back.amount)
    # netted <= bilateral <= gross holds for the best figures; keep the bounds consistent too
    bilateral = Interval(
        max(bilateral.low, netted.low), max(bilateral.high, netted.high), max(bilateral.best, netted.best)
    )
    return Compression(
        gross,
        netted,
        bilateral,
        _cancel_share(gross, netted),
        _cancel_share(gross, bilateral),
        len(flows),
        len(flows) - len(priced),
    )


@dataclass
class Circularity:
    """How much of an entity's inflow comes back around to it through cycles."""

    entity: str
    inflow: Interval
    circulated: Interval
    share: Interval | None
    cycles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "inflow": self.inflow.to_dict(),
            "circulated": self.circulated.to_dict(),
            "share": self.share.to_dict() if self.share else None,
            "cycles": self.cycles,
        }


def _circulate(cycle_edges: list[list[tuple[str, str]]], weight: dict[tuple[str, str], Decimal]):
    """Greedy cycle cancelling: the widest cycle first, its bottleneck taken off every hop."""
    residual = dict(weight)
    heap = []
    for i, edges in enumerate(cycle_edges):
        b = min(residual[e] for e in edges)
        if b > 0:
            heap.append((-b, i))
    heapq.heapify(heap)
    through: dict[str, Decimal] = {}
    while heap:
        nb, i = heapq.heappop(heap)
        edges = cycle_edges[i]
        b = min(residual[e] for e in edges)
        if b <= 0:
            continue
        if b < -nb:
            heapq.heappush(heap, (-b, i))
            continue
        for e in edges:
            residual[e] -= b
            through[e[1]] = through.get(e[1], ZERO) + b
    return through


def circularity(
    G,
    *,
    max_len: int = 4,
    time_limit: float | None = None,
    max_cycles: int | None = None,
    statuses=None,
    kinds=None,
    rates=None,
    approx_band=APPROX_BAND,
) -> dict[str, Circularity]:
    """Per entity, the share of its inflow that comes back around to it through cycles.

    The priced flows are split into cycles greedily, the widest cycle first (each hop can carry
    no more than its amount, so no inflow is counted twice); what goes round a cycle through an
    entity is *circulated* for it. The split is made at the low, best and high figures; the
    interval spans the three. Entities on no cycle have a circulated amount of zero.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    max_len, time_limit, max_cycles
        Bounds of the cycle search, as in :func:`cycles`.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    dict of str to Circularity
        For every node: ``inflow``, ``circulated`` (intervals, USD), ``share`` (circulated over
        inflow, an interval in [0, 1], None without inflow) and the number of ``cycles`` through it.

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> c = circularity(toy_graph())
    >>> print(c["OpenAI"].inflow, c["OpenAI"].circulated, c["OpenAI"].share, sep=" | ")
    100B [90B–100B] | 40B [36B–44B] | 0.4 [0.36–0.488889]
    >>> print(c["CoreWeave"].share)
    0
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    flows = list(sel.flows(_edges(G)))
    pairs = _pairs(f for f in flows if f.amount is not None)
    cyc = list(_search(_digraph(pairs), max_len, time_limit, max_cycles, _Search()))
    cycle_edges = [list(zip(c, c[1:] + c[:1], strict=True)) for c in cyc]
    runs = [
        _circulate(cycle_edges, {e: getattr(p.amount, attr) for e, p in pairs.items()})
        for attr in ("low", "best", "high")
    ]
    counts: dict[str, int] = {}
    for c in cyc:
        for n in c:
            counts[n] = counts.get(n, 0) + 1
    inflow: dict[str, Interval] = {}
    for f in flows:
        if f.amount is not None:
            inflow[f.payee] = inflow.get(f.payee, ZERO_IV) + f.amount
    out = {}
    for n in G.nodes:
        name = str(n)
        vals = [r.get(name, ZERO) for r in runs]
        circ = Interval(min(vals), max(vals), vals[1])
        inn = inflow.get(name, ZERO_IV)
        share = _iratio(circ, inn) if inn.best > 0 else None
        out[name] = Circularity(name, inn, circ, share, counts.get(name, 0))
    return out


