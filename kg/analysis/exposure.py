"""Vendor financing (a supplier that invests in its customer) and each entity's exposure to its counterparties."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..errors import UsageError
from ..kinds import deal_kinds
from ..numbers import json_number, to_decimal
from .flows import Flow, _edges, _pairs, _Select
from .intervals import (
    APPROX_BAND,
    ZERO,
    ZERO_IV,
    Interval,
    _cents,
    _iratio,
    _isum,
    _norm,
    _ratio,
)

# ---------------------------------------------------------------------- vendor financing


@dataclass
class VendorFinancing:
    """A vendor finances a customer (investment, warrant or loan) that buys from the vendor.

    ``recycled`` is the part of the financing that comes back as purchases:
    ``min(financing, purchases)``; ``ratio`` is ``recycled / financing``. Both are None when
    either side has no priced deal (the deals are still listed).
    """

    vendor: str
    customer: str
    financing: Interval | None
    purchases: Interval | None
    financing_deals: list[Flow]
    purchase_deals: list[Flow]

    @property
    def recycled(self) -> Interval | None:
        if self.financing is None or self.purchases is None:
            return None
        return self.financing.minimum(self.purchases)

    @property
    def ratio(self) -> Interval | None:
        r = self.recycled
        return _iratio(r, self.financing) if r is not None else None

    def to_dict(self) -> dict[str, Any]:
        r, q = self.recycled, self.ratio
        return {
            "vendor": self.vendor,
            "customer": self.customer,
            "financing": self.financing.to_dict() if self.financing else None,
            "purchases": self.purchases.to_dict() if self.purchases else None,
            "recycled": r.to_dict() if r else None,
            "ratio": q.to_dict() if q else None,
            "financing_deals": [d.deal_id for d in self.financing_deals],
            "purchase_deals": [d.deal_id for d in self.purchase_deals],
        }


def _vf_key(v: VendorFinancing):
    r = v.recycled
    return (r is None, -(r.best if r else ZERO), v.vendor, v.customer)


def _vendor_pairs(pairs_fin, pairs_buy) -> list[VendorFinancing]:
    out = []
    for (vendor, customer), fin in pairs_fin.items():
        buy = pairs_buy.get((customer, vendor))
        if buy is None:
            continue
        out.append(VendorFinancing(vendor, customer, fin.amount, buy.amount, fin.deals, buy.deals))
    out.sort(key=_vf_key)
    return out


def vendor_financing(
    G, *, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND
) -> list[VendorFinancing]:
    """Every vendor that finances its own customer, largest recycled amount first.

    A vendor finances a customer when it pays it an investment, a warrant or a loan, and the
    customer pays it for purchases or leases.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    list of VendorFinancing
        ``financing``, ``purchases``, ``recycled`` = min of the two and ``ratio`` = recycled /
        financing (None when a side has no priced deal; its deals are still listed).

    Examples
    --------
    >>> from kg.analysis.graphs import toy_graph
    >>> [(v.vendor, v.customer, v.recycled) for v in vendor_financing(toy_graph())]
    [('Nvidia', 'OpenAI', None)]
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    flows = list(sel.flows(_edges(G)))
    fin = _pairs(f for f in flows if f.kind in deal_kinds().financing)
    buy = _pairs(f for f in flows if f.kind in deal_kinds().supply)
    return _vendor_pairs(fin, buy)


# ---------------------------------------------------------------------- exposure


@dataclass
class Counterparty:
    """One counterparty of an entity: what it pays the entity (in) and is paid (out)."""

    name: str
    inflow: Interval = ZERO_IV
    outflow: Interval = ZERO_IV
    deals_in: list[Flow] = field(default_factory=list)
    deals_out: list[Flow] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    share_in: Decimal | None = None
    share_out: Decimal | None = None
    stated_share: Decimal | None = None
    stated_usd: Decimal | None = None  # the revenue the stated share implies
    stated_period: str | None = None

    @property
    def total(self) -> Interval:
        return self.inflow + self.outflow

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "roles": list(self.roles),
            "inflow": self.inflow.to_dict(),
            "outflow": self.outflow.to_dict(),
            "kinds_in": sorted({d.kind for d in self.deals_in}),
            "kinds_out": sorted({d.kind for d in self.deals_out}),
            "deals_in": [d.deal_id for d in self.deals_in],
            "deals_out": [d.deal_id for d in self.deals_out],
            "unpriced_in": sum(1 for d in self.deals_in if d.amount is None),
            "unpriced_out": sum(1 for d in self.deals_out if d.amount is None),
            "share_in": json_number(self.share_in),
            "share_out": json_number(self.share_out),
            "stated_share": json_number(self.stated_share),
            "stated_usd": json_number(self.stated_usd),
            "stated_period": self.stated_period,
        }


@dataclass
class Concentration:
    """How concentrated a set of amounts is: the largest share, the top two, Herfindahl (0-1)."""

    total: Interval
    counterparties: int
    largest: str | None
    largest_share: Decimal | None
    top2_share: Decimal | None
    hhi: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total.to_dict(),
            "counterparties": self.counterparties,
            "largest": self.largest,
            "largest_share": json_number(self.largest_share),
            "top2_share": json_number(self.top2_share),
            "hhi": json_number(self.hhi),
        }


def _concentration(amounts: dict[str, Interval]) -> Concentration:
    """Shares of the best figures.

    >>> c = _concentration({"A": Interval.exact(Decimal(3)), "B": Interval.exact(Decimal(1))})
    >>> c.largest, c.largest_share, c.top2_share, c.hhi
    ('A', Decimal('0.75'), Decimal('1'), Decimal('0.625'))
    """
    items = sorted(((n, iv) for n, iv in amounts.items() if iv.best > 0), key=lambda x: (-x[1].best, x[0]))
    total = _isum(iv for _, iv in items)
    if not items:
        return Concentration(total, 0, None, None, None, None)
    t = total.best
    shares = [iv.best / t for _, iv in items]
    return Concentration(
        total,
        len(items),
        items[0][0],
        _ratio(shares[0]),
        _ratio(sum(shares[:2])),
        _ratio(sum(s * s for s in shares)),
    )


@dataclass
class StatedShare:
    """A share of the entity's revenue the articles attribute to a counterparty (微軟佔營收62%)."""

    metric: str
    counterparty: str | None
    share: Decimal
    period: str | None
    implied_usd: Decimal | None
    evidence: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "counterparty": self.counterparty,
            "share": json_number(self.share),
            "period": self.period,
            "implied_usd": json_number(self.implied_usd),
            "evidence": self.evidence,
        }


@dataclass
class Exposure:
    """The counterparties of one entity and how exposed it is to them."""

    entity: str
    inflow: Interval
    outflow: Interval
    counterparties: list[Counterparty]
    concentration_in: Concentration
    concentration_out: Concentration
    concentration_customers: Concentration
    stated_shares: list[StatedShare]
    revenue: dict[str, Any] | None
    commitments: Interval
    commitments_unpriced: int
    commitments_to_revenue: Interval | None
    vendor_financing: list[VendorFinancing]
    partners: list[str]
    unpriced: list[Flow]

    def counterparty(self, name: str) -> Counterparty | None:
        return next((c for c in self.counterparties if c.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "inflow": self.inflow.to_dict(),
            "outflow": self.outflow.to_dict(),
            "counterparties": [c.to_dict() for c in self.counterparties],
            "concentration": {
                "in": self.concentration_in.to_dict(),
                "out": self.concentration_out.to_dict(),
                "customers": self.concentration_customers.to_dict(),
            },
            "stated_shares": [s.to_dict() for s in self.stated_shares],
            "revenue": self.revenue,
            "commitments": self.commitments.to_dict(),
            "commitments_unpriced": self.commitments_unpriced,
            "commitments_to_revenue": self.commitments_to_revenue.to_dict()
            if self.commitments_to_revenue
            else None,
            "vendor_financing": [v.to_dict() for v in self.vendor_financing],
            "partners": list(self.partners),
            "unpriced": [f.to_dict() for f in self.unpriced],
        }


def _fact_usd(f: Mapping[str, Any]) -> Decimal | None:
    if f.get("usd") is not None:
        return to_decimal(f["usd"])
    return None


def _pick_revenue(facts: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The revenue of the latest stated period, else the first undated one."""
    revs = [f for f in facts if f.get("metric") == "revenue" and _fact_usd(f) is not None]
    dated = [f for f in revs if f.get("period")]
    if dated:
        return max(dated, key=lambda f: str(f["period"]))
    return revs[0] if revs else None


def exposure(
    G,
    entity: str,
    *,
    facts: Iterable[Mapping[str, Any]] | None = None,
    statuses=None,
    kinds=None,
    rates=None,
    approx_band=APPROX_BAND,
) -> Exposure:
    """The counterparties of *entity*, its concentration and what it owes against its revenue.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee.
    entity : str
        A node of *G* (the canonical name; :meth:`kg.api.KnowledgeGraph.entity` resolves aliases).
    facts : iterable of dict, optional
        The entity's facts (``KnowledgeGraph.entity(name).facts``): ``customer_share`` and
        ``customer_concentration`` give stated revenue shares, ``revenue`` the revenue that
        commitments are measured against. Default: the node attribute ``facts``, if any.
    statuses, kinds, rates, approx_band
        As in :func:`net_flows`.

    Returns
    -------
    Exposure
        ``counterparties`` ranked by the amount in and out, or the revenue a stated share
        implies when that is larger (with their roles: investor,
        customer, supplier, lender, ...); ``concentration_in``/``_out``/``_customers`` (largest
        share, top two, Herfindahl); ``stated_shares``; ``revenue``, ``commitments`` (what the
        entity pays) and ``commitments_to_revenue``; ``vendor_financing`` (vendors financing it,
        or it financing its customers); ``partners``; ``unpriced`` deals.

    Examples
    --------
    >>> facts = [{"metric": "customer_share", "value": 62, "unit": "percent", "counterparty": "Microsoft",
    ...           "period": "2024"}, {"metric": "revenue", "usd": 1915000000, "period": "2024"}]
    >>> from kg.analysis.graphs import toy_graph
    >>> e = exposure(toy_graph(), "CoreWeave", facts=facts)
    >>> [(c.name, c.roles, str(c.inflow)) for c in e.counterparties]
    [('Microsoft', ['customer'], '10B'), ('Nvidia', ['customer', 'investor'], '6.4B')]
    >>> e.concentration_in.largest, e.concentration_in.largest_share, e.concentration_in.hhi
    ('Microsoft', Decimal('0.609756'), Decimal('0.524093'))
    >>> [(s.counterparty, s.share, s.implied_usd) for s in e.stated_shares]
    [('Microsoft', Decimal('0.62'), Decimal('1187300000'))]
    >>> [(v.vendor, v.customer) for v in exposure(toy_graph(), "OpenAI").vendor_financing]
    [('Nvidia', 'OpenAI')]
    """
    if entity not in G:
        raise UsageError(f"no entity called {entity!r} in the graph")
    sel = _Select(statuses, kinds, rates, approx_band)
    facts = list(facts if facts is not None else G.nodes[entity].get("facts") or [])
    # an entity paying itself (a self-loop) is not a counterparty
    ins = [f for f in sel.flows(_edges(G, [entity], "in")) if f.payer != f.payee]
    outs = [f for f in sel.flows(_edges(G, [entity], "out")) if f.payer != f.payee]
    # partnerships have no direction of payment: listed, never summed
    partner_sel = _Select(statuses, deal_kinds().directionless, sel.rates, sel.band)
    partners = sorted(
        {
            (v if u == entity else u)
            for u, v, _, a in [*_edges(G, [entity], "in"), *_edges(G, [entity], "out")]
            if partner_sel.accepts(a) and a.get("kind") in deal_kinds().directionless and u != v
        }
    )
    cps: dict[str, Counterparty] = {}
    for f in ins:
        c = cps.setdefault(f.payer, Counterparty(f.payer))
        c.deals_in.append(f)
        if f.amount is not None:
            c.inflow = c.inflow + f.amount
    for f in outs:
        c = cps.setdefault(f.payee, Counterparty(f.payee))
        c.deals_out.append(f)
        if f.amount is not None:
            c.outflow = c.outflow + f.amount
    inflow = _isum(f.amount for f in ins if f.amount is not None)
    outflow = _isum(f.amount for f in outs if f.amount is not None)

    revenue_fact = _pick_revenue(facts)
    revenue_usd = _fact_usd(revenue_fact) if revenue_fact else None
    stated = []
    for f in facts:
        if f.get("metric") not in ("customer_share", "customer_concentration") or f.get("value") is None:
            continue
        share = to_decimal(f["value"]) / 100 if f.get("unit", "percent") == "percent" else to_decimal(f["value"])
        rev = revenue_usd
        if revenue_fact is not None and f.get("period") and revenue_fact.get("period") != f.get("period"):
            same = [
                r
                for r in facts
                if r.get("metric") == "revenue" and r.get("period") == f.get("period") and _fact_usd(r)
            ]
            rev = _fact_usd(same[0]) if same else None
        implied = _cents(share * rev) if rev is not None else None
        s = StatedShare(
            f["metric"], f.get("counterparty"), _norm(share), f.get("period"), implied, f.get("evidence")
        )
        stated.append(s)
        if s.counterparty:
            c = cps.setdefault(s.counterparty, Counterparty(s.counterparty))
            if c.stated_share is None or (s.period or "", s.share) > (c.stated_period or "", c.stated_share):
                c.stated_share, c.stated_usd, c.stated_period = s.share, s.implied_usd, s.period
    stated.sort(key=lambda s: (s.counterparty is None, -s.share, s.counterparty or "", s.period or ""))

    for c in cps.values():
        role_of = deal_kinds().roles
        roles = {role_of[(d.kind, "in")] for d in c.deals_in if (d.kind, "in") in role_of}
        roles |= {role_of[(d.kind, "out")] for d in c.deals_out if (d.kind, "out") in role_of}
        if c.stated_share is not None:
            roles.add("customer")
        c.roles = sorted(roles)
        c.share_in = _ratio(c.inflow.best / inflow.best) if inflow.best > 0 else None
        c.share_out = _ratio(c.outflow.best / outflow.best) if outflow.best > 0 else None
    ranked = sorted(cps.values(), key=lambda c: (-max(c.total.best, c.stated_usd or ZERO), c.name))

    customers = {}
    for f in ins:
        if f.kind in deal_kinds().supply and f.amount is not None:
            customers[f.payer] = customers.get(f.payer, ZERO_IV) + f.amount

    ratio = None
    if revenue_usd is not None and revenue_usd > 0:
        ratio = _iratio(outflow, Interval.exact(revenue_usd), cap=False)

    fin_in = _pairs(f for f in ins if f.kind in deal_kinds().financing)
    fin_out = _pairs(f for f in outs if f.kind in deal_kinds().financing)
    buy_out = _pairs(f for f in outs if f.kind in deal_kinds().supply)
    buy_in = _pairs(f for f in ins if f.kind in deal_kinds().supply)
    vf = _vendor_pairs(fin_in, buy_out) + _vendor_pairs(fin_out, buy_in)
    vf.sort(key=_vf_key)

    revenue = None
    if revenue_fact is not None:
        revenue = {
            "usd": json_number(revenue_usd),
            "period": revenue_fact.get("period"),
            "evidence": revenue_fact.get("evidence"),
        }
    return Exposure(
        entity=str(entity),
        inflow=inflow,
        outflow=outflow,
        counterparties=ranked,
        concentration_in=_concentration({c.name: c.inflow for c in ranked}),
        concentration_out=_concentration({c.name: c.outflow for c in ranked}),
        concentration_customers=_concentration(customers),
        stated_shares=stated,
        revenue=revenue,
        commitments=outflow,
        commitments_unpriced=sum(1 for f in outs if f.amount is None),
        commitments_to_revenue=ratio,
        vendor_financing=vf,
        partners=partners,
        unpriced=[f for f in [*ins, *outs] if f.amount is None],
    )


