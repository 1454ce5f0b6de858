"""The numeric core: net flows, circular financing and exposure over the deal graph.

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

import heapq
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..model import KINDS, STATUSES

__all__ = [
    "APPROX_BAND",
    "DIRECTIONLESS_KINDS",
    "FINANCING_KINDS",
    "FLOW_KINDS",
    "SUPPLY_KINDS",
    "UNNAMED",
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

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
RATIO = Decimal("0.000001")
APPROX_BAND = Decimal("0.1")
UNNAMED = "(unnamed)"
DIRECTIONLESS_KINDS = ("partnership",)
FLOW_KINDS = tuple(k for k in KINDS if k not in DIRECTIONLESS_KINDS)
FINANCING_KINDS = ("investment", "warrant", "loan")
SUPPLY_KINDS = ("purchase", "lease")

# The role a counterparty plays, by the kind of deal and the direction of the money as seen
# from the entity: "in" when the counterparty pays the entity, "out" when the entity pays it.
ROLES = {
    ("investment", "in"): "investor",
    ("investment", "out"): "investee",
    ("purchase", "in"): "customer",
    ("purchase", "out"): "supplier",
    ("lease", "in"): "customer",
    ("lease", "out"): "supplier",
    ("loan", "in"): "lender",
    ("loan", "out"): "borrower",
    ("acquisition", "in"): "acquirer",
    ("acquisition", "out"): "acquired",
    ("warrant", "in"): "warrant issuer",
    ("warrant", "out"): "warrant holder",
    ("partnership", "in"): "partner",
    ("partnership", "out"): "partner",
}


# ---------------------------------------------------------------------- intervals


def _dec(x: Any) -> Decimal | None:
    if x is None:
        return None
    if isinstance(x, Decimal):
        return x
    if isinstance(x, float):
        return Decimal(repr(x))
    return Decimal(str(x))


def _cents(x: Decimal, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """*x* to the cent (an integer Decimal when whole)."""
    try:
        q = x.quantize(CENT, rounding=rounding)
    except InvalidOperation:  # beyond the context precision: leave it as it is
        return x
    return q.quantize(ONE) if q == q.to_integral_value() else q


def _ratio(x: Decimal) -> Decimal:
    q = x.quantize(RATIO, rounding=ROUND_HALF_EVEN)
    return q.normalize() if q else ZERO


@dataclass(frozen=True, slots=True)
class Interval:
    """An amount known to lie in ``[low, high]``, with a ``best`` figure inside.

    ``best`` defaults to the middle. Sums and differences carry the bounds.

    >>> a = Interval(Decimal(30), Decimal(40))
    >>> a.best, a.is_exact
    (Decimal('35'), False)
    >>> b = Interval.exact(Decimal(10))
    >>> print(a + b, a - b, sep="; ")
    45 [40–50]; 25 [20–30]
    >>> Interval(Decimal(2), Decimal(1))
    Traceback (most recent call last):
    ...
    ValueError: not an interval: low 2 > high 1 (best 1.5)
    """

    low: Decimal
    high: Decimal
    best: Decimal = None  # type: ignore[assignment]

    def __post_init__(self):
        if self.best is None:
            object.__setattr__(self, "best", (self.low + self.high) / 2)
        if not (self.low <= self.best <= self.high):
            raise ValueError(f"not an interval: low {self.low} > high {self.high} (best {self.best})")

    @classmethod
    def exact(cls, x: Decimal) -> Interval:
        return cls(x, x, x)

    @property
    def is_exact(self) -> bool:
        return self.low == self.high

    @property
    def width(self) -> Decimal:
        return self.high - self.low

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.low + other.low, self.high + other.high, self.best + other.best)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.low - other.high, self.high - other.low, self.best - other.best)

    def __neg__(self) -> Interval:
        return Interval(-self.high, -self.low, -self.best)

    def positive(self) -> Interval:
        """The positive part ``max(x, 0)``, bound by bound."""
        return Interval(max(self.low, ZERO), max(self.high, ZERO), max(self.best, ZERO))

    def minimum(self, other: Interval) -> Interval:
        """``min(x, y)`` bound by bound."""
        return Interval(min(self.low, other.low), min(self.high, other.high), min(self.best, other.best))

    def to_dict(self) -> dict[str, int | float]:
        return {"low": _num(self.low), "best": _num(self.best), "high": _num(self.high)}

    def __str__(self) -> str:
        if self.low == self.high:
            return _short(self.best)
        return f"{_short(self.best)} [{_short(self.low)}–{_short(self.high)}]"


ZERO_IV = Interval(ZERO, ZERO, ZERO)


class _Acc:
    """A running sum of intervals (cheaper than adding Interval objects in a hot loop)."""

    __slots__ = ("lo", "hi", "best")

    def __init__(self):
        self.lo = self.hi = self.best = ZERO

    def add(self, iv: Interval) -> None:
        self.lo += iv.low
        self.hi += iv.high
        self.best += iv.best

    def sub(self, iv: Interval) -> None:
        self.lo -= iv.high
        self.hi -= iv.low
        self.best -= iv.best

    def interval(self) -> Interval:
        return Interval(self.lo, self.hi, self.best)


def _isum(items: Iterable[Interval]) -> Interval:
    lo = hi = best = ZERO
    for iv in items:
        lo += iv.low
        hi += iv.high
        best += iv.best
    return Interval(lo, hi, best)


def _iratio(num: Interval, den: Interval, *, cap: bool = True) -> Interval | None:
    """``num / den`` as a conservative interval (clamped to [0, 1] when *cap*); None when den is 0."""
    if den.best <= 0:
        return None
    best = num.best / den.best
    low = num.low / den.high if den.high > 0 else ZERO
    high = num.high / den.low if den.low > 0 else (ONE if cap else best)
    if cap:
        best = min(best, ONE)
        low = max(min(low, best), ZERO)
        high = max(min(high, ONE), best)
    return _ratio_iv(min(low, best), best, max(high, best))


def _ratio_iv(low: Decimal, best: Decimal, high: Decimal) -> Interval:
    lo = low.quantize(RATIO, rounding=ROUND_FLOOR)
    hi = high.quantize(RATIO, rounding=ROUND_CEILING)
    b = best.quantize(RATIO, rounding=ROUND_HALF_EVEN)
    b = min(max(b, lo), hi)
    return Interval(_norm(lo), _norm(hi), _norm(b))


def _norm(x: Decimal) -> Decimal:
    return x.normalize() if x else ZERO


def _num(d: Decimal | None) -> int | float | None:
    if d is None:
        return None
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def _short(v: Decimal) -> str:
    """A figure for people: one decimal in its unit (``101.2B``, ``66.1B``, ``1.5B``, ``300B``)."""
    f = float(v)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(f) >= div:
            return f"{f / div:.1f}".removesuffix(".0") + suffix
    return f"{f:.6g}"


# ---------------------------------------------------------------------- exchange rates


class RateTable:
    """US dollars per unit of each currency, by date.

    For a deal dated *d*, the rate is the latest one dated on or before *d* (partial dates such
    as ``2023`` or ``2023-04`` count from their first day), else the earliest; an undated deal
    takes the latest rate. Currencies missing from a user table fall back to the bundled rates
    (``rules/currencies.yaml``).

    A rate file is YAML::

        rates:
          CNY: {"2024-01-02": "0.1408", "2025-10-01": "0.1404"}
          EUR: "1.17"            # one rate for every date

    >>> t = RateTable({"CNY": {"2024-01-01": "0.14", "2025-01-01": "0.15"}})
    >>> t.rate("CNY", "2024-06"), t.rate("CNY", "2025-10-06"), t.rate("CNY", "2023"), t.rate("CNY")
    (Decimal('0.14'), Decimal('0.15'), Decimal('0.14'), Decimal('0.15'))
    >>> t.rate("USD"), t.rate("XXX")
    (Decimal('1'), None)
    """

    def __init__(self, rates: Mapping[str, Any], *, fallback: RateTable | None = None, as_of: str = ""):
        self._rates: dict[str, list[tuple[str, Decimal]]] = {}
        for code, spec in rates.items():
            if isinstance(spec, Mapping):
                items = [(str(d), _dec(r)) for d, r in spec.items()]
            else:
                items = [(str(as_of or ""), _dec(spec))]
            for d, r in items:
                if r is None or r <= 0:
                    raise UsageError(f"rate for {code} on {d or 'any date'} must be a positive number")
            self._rates[str(code).upper()] = sorted(items)
        self.fallback = fallback

    @classmethod
    def bundled(cls) -> RateTable:
        """The rates of ``rules/currencies.yaml`` (dated by its ``as_of``)."""
        return _bundled_rates()

    @classmethod
    def load(cls, path: str | Path) -> RateTable:
        """A rate file (see the class docstring), falling back to the bundled rates."""
        import yaml

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"cannot read the rate file: {exc}", path=str(path)) from exc
        if not isinstance(data, Mapping) or not isinstance(data.get("rates"), Mapping):
            raise UsageError("a rate file needs a `rates:` mapping of currency codes", path=str(path))
        return cls(data["rates"], fallback=cls.bundled(), as_of=str(data.get("as_of") or ""))

    @property
    def as_of(self) -> str:
        """The latest date in the table."""
        dates = [d for items in self._rates.values() for d, _ in items if d]
        fb = self.fallback.as_of if self.fallback else ""
        return max([*dates, fb]) if dates or fb else ""

    def rate(self, currency: str | None, date: str | None = None) -> Decimal | None:
        if not currency:
            return None
        items = self._rates.get(currency.upper())
        if not items:
            if self.fallback is not None:
                return self.fallback.rate(currency, date)
            return ONE if currency.upper() == "USD" else None
        if not date:
            return items[-1][1]
        key = _date_key(date)
        chosen = items[0][1]
        for d, r in items:
            if d <= key:
                chosen = r
            else:
                break
        return chosen


def _date_key(date: str) -> str:
    s = str(date)[:10]
    if len(s) == 4 and s.isdigit():
        return s + "-01-01"
    if len(s) == 7 and s[4] == "-":
        return s + "-01"
    return s


@lru_cache(maxsize=1)
def _bundled_rates() -> RateTable:
    from .. import rules

    data = rules.load("currencies.yaml")
    as_of = str(data.get("as_of") or "")
    rates: dict[str, dict[str, str]] = {}
    for c in data["currencies"]:
        if c.get("usd_rate") is not None and c["code"] not in rates:
            rates[c["code"]] = {as_of: str(c["usd_rate"])}
    return RateTable(rates, as_of=as_of)


def _rate_table(rates) -> RateTable:
    if rates is None:
        return RateTable.bundled()
    if isinstance(rates, RateTable):
        return rates
    if isinstance(rates, (str, Path)):
        return RateTable.load(rates)
    return RateTable(rates, fallback=RateTable.bundled())


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
    value, low, high = _dec(attrs.get("value")), _dec(attrs.get("low")), _dec(attrs.get("high"))
    if value is None and low is None and high is None:
        usd = attrs.get("usd")
        return Interval.exact(_cents(_dec(usd))) if usd is not None and not attrs.get("currency") else None
    table = rates if isinstance(rates, RateTable) else _rate_table(rates)
    rate = table.rate(attrs.get("currency"), attrs.get("date"))
    if rate is None:
        return None
    if low is None and high is None and not attrs.get("approx"):  # the common case: one exact figure
        return Interval.exact(_cents(value * rate))
    band = _dec(approx_band)
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
            "usd": _num(self.amount.best) if self.amount else None,
            "low_usd": _num(self.amount.low) if self.amount else None,
            "high_usd": _num(self.amount.high) if self.amount else None,
            "unpriced": self.reason,
        }


class _Select:
    """The filters and money model shared by every function."""

    def __init__(self, statuses=None, kinds=None, rates=None, approx_band=APPROX_BAND):
        self.statuses = _choice(statuses, STATUSES, "status")
        self.kinds = _choice(kinds, KINDS, "kind") if kinds is not None else frozenset(FLOW_KINDS)
        self.rates = _rate_table(rates)
        self.band = _dec(approx_band)
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


def _choice(values, known, what) -> frozenset[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [x.strip() for x in values.split(",") if x.strip()]
    out = frozenset(values)
    unknown = sorted(out - set(known))
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(unknown)}; choose from {', '.join(known)}")
    return out


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
    >>> [(p.payer, p.payee, str(p.amount)) for p in pair_flows(toy_graph())[:2]]
    [('OpenAI', 'Oracle', '300B'), ('Nvidia', 'OpenAI', '100B [90B–100B]')]
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    pairs = list(_pairs(sel.flows(_edges(G))).values())
    pairs.sort(key=lambda p: (p.amount is None, -(p.amount.best if p.amount else ZERO), p.payer, p.payee))
    return pairs


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
            "bottleneck_usd": _num(b.best) if b else None,
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
    >>> [(v.vendor, v.customer, v.recycled) for v in vendor_financing(toy_graph())]
    [('Nvidia', 'OpenAI', None)]
    """
    sel = _Select(statuses, kinds, rates, approx_band)
    flows = list(sel.flows(_edges(G)))
    fin = _pairs(f for f in flows if f.kind in FINANCING_KINDS)
    buy = _pairs(f for f in flows if f.kind in SUPPLY_KINDS)
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
            "share_in": _num(self.share_in),
            "share_out": _num(self.share_out),
            "stated_share": _num(self.stated_share),
            "stated_usd": _num(self.stated_usd),
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
            "largest_share": _num(self.largest_share),
            "top2_share": _num(self.top2_share),
            "hhi": _num(self.hhi),
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
            "share": _num(self.share),
            "period": self.period,
            "implied_usd": _num(self.implied_usd),
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
        return _dec(f["usd"])
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
    partner_sel = _Select(statuses, DIRECTIONLESS_KINDS, sel.rates, sel.band)
    partners = sorted(
        {
            (v if u == entity else u)
            for u, v, _, a in [*_edges(G, [entity], "in"), *_edges(G, [entity], "out")]
            if partner_sel.accepts(a) and a.get("kind") in DIRECTIONLESS_KINDS and u != v
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
        share = _dec(f["value"]) / 100 if f.get("unit", "percent") == "percent" else _dec(f["value"])
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
        roles = {ROLES[(d.kind, "in")] for d in c.deals_in if (d.kind, "in") in ROLES}
        roles |= {ROLES[(d.kind, "out")] for d in c.deals_out if (d.kind, "out") in ROLES}
        if c.stated_share is not None:
            roles.add("customer")
        c.roles = sorted(roles)
        c.share_in = _ratio(c.inflow.best / inflow.best) if inflow.best > 0 else None
        c.share_out = _ratio(c.outflow.best / outflow.best) if outflow.best > 0 else None
    ranked = sorted(cps.values(), key=lambda c: (-max(c.total.best, c.stated_usd or ZERO), c.name))

    customers = {}
    for f in ins:
        if f.kind in SUPPLY_KINDS and f.amount is not None:
            customers[f.payer] = customers.get(f.payer, ZERO_IV) + f.amount

    ratio = None
    if revenue_usd is not None and revenue_usd > 0:
        ratio = _iratio(outflow, Interval.exact(revenue_usd), cap=False)

    fin_in = _pairs(f for f in ins if f.kind in FINANCING_KINDS)
    fin_out = _pairs(f for f in outs if f.kind in FINANCING_KINDS)
    buy_out = _pairs(f for f in outs if f.kind in SUPPLY_KINDS)
    buy_in = _pairs(f for f in ins if f.kind in SUPPLY_KINDS)
    vf = _vendor_pairs(fin_in, buy_out) + _vendor_pairs(fin_out, buy_in)
    vf.sort(key=_vf_key)

    revenue = None
    if revenue_fact is not None:
        revenue = {
            "usd": _num(revenue_usd),
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
        value=_dec(value),
        low=_dec(low),
        high=_dec(high),
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
