"""Typed pandas DataFrames of the store's rows (what :meth:`kg.api.KnowledgeGraph.to_pandas` returns).

The flat rows of :meth:`~kg.api.KnowledgeGraph.rows` carry money as Decimals or decimal
strings; a DataFrame of them would hold strings, and ``df["usd"].sum()`` would silently
concatenate them. Here every money column becomes a number:

- ``usd`` is float64, for sums, plots and sorting;
- ``value``, ``low``, ``high`` and ``usd_exact`` are exact decimals: pandas' Arrow type
  ``decimal128(38, 12)`` when pyarrow is installed (figures rounded half-even to 12
  decimal places, far below a cent), otherwise ``object`` columns of ``decimal.Decimal``;
- ``date`` is a datetime64 column (a month or a year alone becomes its first day) and
  ``date_text`` keeps the date as stated (``2025``, ``2025-10``, ``2025-10-06``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

MONEY_COLUMNS = {
    "deals": ("value", "low", "high"),
    "facts": ("value",),
}
SCALE = 12


def _decimal(v: Any) -> Decimal | None:
    if v is None or v == "":
        return None
    d = v if isinstance(v, Decimal) else Decimal(str(v))
    return d.quantize(Decimal(1).scaleb(-SCALE), rounding=ROUND_HALF_EVEN)


def _decimal_column(pd, values: list[Any]):
    exact = [_decimal(v) for v in values]
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - depends on the environment
        return pd.Series(exact, dtype="object")
    return pd.Series(pd.array(exact, dtype=pd.ArrowDtype(pa.decimal128(38, SCALE))))


def _dates(pd, values: list[Any]):
    full = []
    for v in values:
        if not v:
            full.append(None)
            continue
        parts = str(v).split("-")
        full.append("-".join(parts + ["01"] * (3 - len(parts)))[:10])
    return pd.to_datetime(pd.Series(full, dtype="object"), format="%Y-%m-%d", errors="coerce")


def typed_frame(pd, table: str, rows: list[dict[str, Any]]):
    """A DataFrame of *rows* of *table* with numeric money columns and datetime dates."""
    df = pd.DataFrame(rows)
    if df.empty:
        return df
    for col in MONEY_COLUMNS.get(table, ()):
        if col in df:
            df[col] = _decimal_column(pd, list(df[col]))
    if "usd" in df:
        raw = list(df["usd"])
        df["usd"] = pd.Series([float(v) if v not in (None, "") else float("nan") for v in raw], dtype="float64")
        df["usd_exact"] = _decimal_column(pd, raw)
    if "date" in df:
        df["date_text"] = df["date"]
        df["date"] = _dates(pd, list(df["date"]))
    return df
