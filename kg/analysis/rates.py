"""Dated exchange rates to USD (:class:`RateTable`), bundled in ``rules/currencies.yaml`` or given with ``--rates``."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import rules
from ..errors import UsageError
from ..numbers import to_decimal
from .intervals import ONE

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
                items = [(str(d), to_decimal(r)) for d, r in spec.items()]
            else:
                items = [(str(as_of or ""), to_decimal(spec))]
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


@rules.derived
def _bundled_rates() -> RateTable:
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


