"""Numbers in and out of kg: exact :class:`~decimal.Decimal` inside, JSON numbers outside.

One helper each way, used by the records, the store, the API and the analysis:

>>> to_decimal(0.1), to_decimal("12.50"), to_decimal(3), to_decimal(None)
(Decimal('0.1'), Decimal('12.50'), Decimal('3'), None)
>>> json_number(Decimal("1E+3")), json_number(Decimal("0.25")), json_number("7"), json_number(None)
(1000, 0.25, 7, None)

and one way to write an amount short, for people (tables, the report, the graph page):

>>> short_number(Decimal("355000000000")), short_number(1234567), short_number(12.5)
('355B', '1.2M', '12.5')
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["json_number", "short_number", "to_decimal"]


def to_decimal(x: Any) -> Decimal | None:
    """A number (a JSON number, a numeric string, a Decimal) as a Decimal; a float through
    its shortest repr (0.1 -> 0.1, not 0.1000000000000000055...). None stays None."""
    if x is None:
        return None
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool) or not isinstance(x, (int, float, str)):
        raise ValueError(f"not a number: {x!r}")
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def json_number(x: Decimal | str | int | None) -> int | float | None:
    """A Decimal (or a numeric string) as a JSON number: an int when integral, else the
    shortest float. None stays None."""
    if x is None:
        return None
    d = x if isinstance(x, Decimal) else Decimal(x)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def short_number(v: Decimal | int | float) -> str:
    """An amount for people: thousands, millions, billions, trillions as K, M, B, T, with one
    decimal in its unit (``355B``, ``101.2B``, ``1.2M``; exact figures are in the JSON)."""
    f = float(v)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(f) >= div:
            return f"{f / div:.1f}".removesuffix(".0") + suffix
    return f"{f:.6g}"
