"""Amounts as Decimal intervals (low, best, high) and the numeric constants of the analysis (see :mod:`kg.analysis.metrics`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal, InvalidOperation

from ..numbers import json_number, short_number

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
RATIO = Decimal("0.000001")
APPROX_BAND = Decimal("0.1")
UNNAMED = "(unnamed)"
UNNAMED_PAYER = "(unnamed payer of {payee})"
"""The node of an unnamed payer in a store's graph: one per payee, so that unrelated deals
without a named payer do not meet in one hub."""


def is_unnamed(name) -> bool:
    """Whether a node stands for an unnamed counterparty (no entity: it never ranks as one).

    >>> is_unnamed("(unnamed)"), is_unnamed(UNNAMED_PAYER.format(payee="OpenAI")), is_unnamed("OpenAI")
    (True, True, False)
    """
    s = str(name)
    return s == UNNAMED or (s.startswith("(unnamed payer of ") and s.endswith(")"))
# ---------------------------------------------------------------------- intervals




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
        return {"low": json_number(self.low), "best": json_number(self.best), "high": json_number(self.high)}

    def __str__(self) -> str:
        if self.low == self.high:
            return short_number(self.best)
        return f"{short_number(self.best)} [{short_number(self.low)}–{short_number(self.high)}]"


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






