"""Deals as directed money flows in USD intervals: per deal, per entity (net) and per pair."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any

from ..errors import UsageError
from ..kinds import deal_kinds
from ..model import STATUSES, checked_filter
from ..numbers import json_number, to_decimal
from .intervals import APPROX_BAND, ONE, ZERO, ZERO_IV, Interval, _Acc, _cents
from .rates import RateTable, _rate_table

# ---------------------------------------------------------------------- deals as flows


def deal_usd(
    attrs: Mapping[str, Any], *, rates=None, approx_band: Decimal | str = APPROX_BAND
) -> Interval | None:
    """The US-dollar interval of one deal (edge attributes), or None when it states no amount.

    >>> deal_usd({"value": Decimal(100), "currency": "USD"})
    Interval(low=Decimal('100'), high=Decimal('100'), best=Decimal('100'))
    >>> print(deal_usd({"value": Decimal(400), "currency": "USD", "approx": True}))
    400 [360–440]
    >>> print(deal_usd({"low": Decimal(30), "high": Decimal(40), "currency": "CNY"}, rates={"CNY": "0.14"}))
    4.9 [4.2–5.6]
    >>> deal_usd({"value": None, "currency": None}) is None
    True
    """
    value, low, high = to_decimal(attrs.get("value")), to_decimal(attrs.get("low")), to_decimal(attrs.get("high"))
    if value is None and low is None and high is None:
        usd = attrs.get("usd")
        return Interval.exact(_cents(to_decimal(usd))) if usd is not None and not attrs.get("currency") else None
    table = rates if isinstance(rates, RateTable) else _rate_table(rates)
    rate = table.rate(attrs.get("currency"), attrs.get("date"))
    if rate is None:
        return None
    if low is None and high is None and not attrs.get("approx"):  # the common case: one exact figure
        return Interval.exact(_cents(value * rate))
    band = to_decimal(approx_band)
    if low is not None and high is not None:
        lo, hi = low, high
    elif low is not None:
        lo, hi = low, low * (1 + band)
    elif high is not None:
        lo, hi = high * (1 - band), high
    elif attrs.get("approx"):
        lo, hi = value * (1 - band), value * (1 + band)
    else:
        lo = hi = value
    if hi < lo:
        lo, hi = hi, lo
    best = value if value is not None else (lo + hi) / 2
    best = min(max(best, lo), hi)
    return Interval(
        _cents(lo * rate, ROUND_FLOOR), _cents(hi * rate, ROUND_CEILING), _cents(best * rate, ROUND_HALF_EVEN)
    )


@dataclass(slots=True)
class Flow:
    """One deal as a flow of money: ``amount`` is None when the deal is unpriced."""

    payer: str
    payee: str
    deal_id: Any
    kind: str
    status: str
    amount: Interval | None
    reason: str | None = None  # why it is unpriced

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.deal_id,
            "payer": self.payer,
            "payee": self.payee,
            "kind": self.kind,
            "status": self.status,
            "usd": json_number(self.amount.best) if self.amount else None,
            "low_usd": json_number(self.amount.low) if self.amount else None,
            "high_usd": json_number(self.amount.high) if self.amount else None,
            "unpriced": self.reason,
        }


class _Select:
    """The filters and money model shared by every function."""

    def __init__(self, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND):
        self.statuses = checked_filter(statuses, STATUSES, "status")
        table = deal_kinds()
        self.kinds = checked_filter(kinds, table.names, "kind") or frozenset(table.flow)
        self.rates = _rate_table(rates)
        self.band = to_decimal(approx_band)
        if not (ZERO <= self.band < ONE):
            raise UsageError("approx_band must be in [0, 1)")

    def accepts(self, attrs: Mapping[str, Any]) -> bool:
        if self.statuses is not None and attrs.get("status", "announced") not in self.statuses:
            return False
        return attrs.get("kind", "purchase") in self.kinds

    def flow(self, u, v, k, attrs) -> Flow:
        amount = deal_usd(attrs, rates=self.rates, approx_band=self.band)
        reason = None
        if amount is None:
            has = any(attrs.get(x) is not None for x in ("value", "low", "high"))
            reason = (
                f"no USD rate for {attrs.get('currency') or 'an unknown currency'}" if has else "no amount"
            )
        return Flow(
            str(u),
            str(v),
            attrs.get("deal_id", k),
            attrs.get("kind", "purchase"),
            attrs.get("status", "announced"),
            amount,
            reason,
        )

    def flows(self, edges) -> Iterator[Flow]:
        for u, v, k, attrs in edges:
            if self.accepts(attrs):
                yield self.flow(u, v, k, attrs)




def _edges(G, nbunch=None, direction="out"):
    if not G.is_multigraph():
        src = G.out_edges if direction == "out" else G.in_edges
        for u, v, attrs in src(nbunch, data=True):
            yield u, v, attrs.get("deal_id", (u, v)), attrs
        return
    src = G.out_edges if direction == "out" else G.in_edges
    yield from src(nbunch, keys=True, data=True)


def deal_flows(G, *, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND) -> list[Flow]:
    """Every deal of *G* that passes the filters, as a :class:`Flow` in US dollars.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    list of Flow
        In edge order; ``amount`` is None (and ``reason`` says why) for an unpriced deal.

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> [(f.payer, f.payee, f.reason) for f in deal_flows(toy_graph()) if f.amount is None]
    [('OpenAI', 'Nvidia', 'no amount')]
    >>> len(deal_flows(toy_graph(), statuses=["announced", "completed"]))
    5
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    return list(sel.flows(_edges(G)))


# ---------------------------------------------------------------------- net flows


@dataclass
class EntityFlows:
    """Money in and out of one entity (priced deals; unpriced ones listed by id)."""

    entity: str
    inflow: Interval = ZERO_IV
    outflow: Interval = ZERO_IV
    by_kind: dict[str, dict[str, Interval]] = field(default_factory=dict)
    deals_in: int = 0
    deals_out: int = 0
    unpriced_in: list = field(default_factory=list)
    unpriced_out: list = field(default_factory=list)

    @property
    def net(self) -> Interval:
        """Inflow minus outflow (positive: a net receiver)."""
        return self.inflow - self.outflow

    @property
    def gross(self) -> Interval:
        """Inflow plus outflow."""
        return self.inflow + self.outflow

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "inflow": self.inflow.to_dict(),
            "outflow": self.outflow.to_dict(),
            "net": self.net.to_dict(),
            "gross": self.gross.to_dict(),
            "by_kind": {k: {d: iv.to_dict() for d, iv in v.items()} for k, v in sorted(self.by_kind.items())},
            "deals_in": self.deals_in,
            "deals_out": self.deals_out,
            "unpriced_in": list(self.unpriced_in),
            "unpriced_out": list(self.unpriced_out),
        }


def net_flows(G, *, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND) -> dict[str, EntityFlows]:
    """Inflow, outflow, net and gross of every entity, by kind, as intervals in USD.

    Returns a dict keyed by node, in the graph's node order. Over all the nodes (a closed set)
    the best nets sum to exactly zero and the net intervals sum to an interval holding zero.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee (see :func:`add_deal`).
    statuses : iterable of str, optional
        Keep only deals of these statuses (default: all).
    kinds : iterable of str, optional
        Keep only deals of these kinds (default: every kind but ``partnership``).
    rates : RateTable, mapping or path, optional
        Exchange rates (default: ``rules/currencies.yaml``).
    approx_band : Decimal
        The relative width given to approximate amounts and open bounds.

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> f = net_flows(toy_graph())["Oracle"]
    >>> print(f.inflow, f.outflow, f.net, sep=" | ")
    318B | 40B [36B–44B] | 278B [274B–282B]
    >>> {k: str(v["in"]) for k, v in f.by_kind.items()}
    {'purchase': '300B', 'loan': '18B'}
    >>> net_flows(toy_graph())["Nvidia"].unpriced_in
    [9]
    >>> print(net_flows(toy_graph(), statuses=["announced"])["Oracle"].outflow)
    0
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    out = {str(n): EntityFlows(str(n)) for n in G.nodes}
    acc: dict[str, tuple[_Acc, _Acc, dict[str, tuple[_Acc, _Acc]]]] = {}
    for f in sel.flows(_edges(G)):
        p, q = out[f.payer], out[f.payee]
        p.deals_out += 1
        q.deals_in += 1
        if f.amount is None:
            p.unpriced_out.append(f.deal_id)
            q.unpriced_in.append(f.deal_id)
            continue
        pa = acc.get(f.payer) or acc.setdefault(f.payer, (_Acc(), _Acc(), {}))
        qa = acc.get(f.payee) or acc.setdefault(f.payee, (_Acc(), _Acc(), {}))
        pa[1].add(f.amount)
        qa[0].add(f.amount)
        (pa[2].get(f.kind) or pa[2].setdefault(f.kind, (_Acc(), _Acc())))[1].add(f.amount)
        (qa[2].get(f.kind) or qa[2].setdefault(f.kind, (_Acc(), _Acc())))[0].add(f.amount)
    for name, (a_in, a_out, kinds_) in acc.items():
        e = out[name]
        e.inflow, e.outflow = a_in.interval(), a_out.interval()
        e.by_kind = {k: {"in": i.interval(), "out": o.interval()} for k, (i, o) in kinds_.items()}
    return out


@dataclass
class PairFlow:
    """Everything one payer pays one payee."""

    payer: str
    payee: str
    amount: Interval | None  # the priced deals; None when none is priced
    deals: list[Flow]

    @property
    def unpriced(self) -> int:
        return sum(1 for d in self.deals if d.amount is None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "payee": self.payee,
            "amount": self.amount.to_dict() if self.amount else None,
            "kinds": sorted({d.kind for d in self.deals}),
            "deals": [d.deal_id for d in self.deals],
            "unpriced": self.unpriced,
        }


def _pairs(flows: Iterable[Flow]) -> dict[tuple[str, str], PairFlow]:
    pairs: dict[tuple[str, str], PairFlow] = {}
    for f in flows:
        p = pairs.get((f.payer, f.payee))
        if p is None:
            p = pairs[(f.payer, f.payee)] = PairFlow(f.payer, f.payee, None, [])
        p.deals.append(f)
        if f.amount is not None:
            p.amount = f.amount if p.amount is None else p.amount + f.amount
    return pairs


def pair_flows(G, *, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND) -> list[PairFlow]:
    """Money from each payer to each payee (deals summed), largest first; unpriced pairs last.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    list of PairFlow
        ``amount`` sums the priced deals of the pair (None when none is priced).

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> [(p.payer, p.payee, str(p.amount)) for p in pair_flows(toy_graph())[:2]]
    [('OpenAI', 'Oracle', '300B'), ('Nvidia', 'OpenAI', '100B [90B–100B]')]
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    pairs = list(_pairs(sel.flows(_edges(G))).values())
    pairs.sort(key=lambda p: (p.amount is None, -(p.amount.best if p.amount else ZERO), p.payer, p.payee))
    return pairs


