"""Exports of the knowledge graph: GraphML and GEXF (Gephi), JSON, CSV, Parquet.

GraphML and GEXF take scalar attributes only, so Decimals become strings, lists
become ``"; "``-joined strings and missing values are left out; both files read
back with ``networkx.read_graphml`` / ``networkx.read_gexf``.

Parquet (the ``parquet`` extra, pyarrow) writes the tables of the CSV export with
typed columns: money as ``decimal128(38, 12)`` (:data:`DECIMAL`), exact (a figure
that would need more than 12 decimals or 26 integer digits is an error, never
rounded), ints as int64, flags as bool, the rest as strings.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal, localcontext
from pathlib import Path

from ..errors import OutputError, UsageError
from ..store import queries
from .safe_text import csv_row

FORMATS = ("graphml", "gexf", "json", "csv", "parquet")
PARQUET_HINT = "pip install 'kg[parquet]'"


def scalar_graph(g):
    """A copy of *g* whose node and edge attributes are str, int, float or bool only.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("A", "B", key=1, value=Decimal("1.5"), articles=["x", "y"], date=None)
    >>> dict(scalar_graph(g).edges["A", "B", 1])
    {'value': '1.5', 'articles': 'x; y'}
    """
    h = g.__class__()
    for n, attrs in g.nodes(data=True):
        h.add_node(str(n), **_scalars(attrs))
    for u, v, k, attrs in g.edges(keys=True, data=True):
        h.add_edge(str(u), str(v), key=str(k) if not isinstance(k, int) else k, **_scalars(attrs))
    return h


def _scalars(attrs: dict) -> dict:
    out = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, Decimal):
            v = str(v)
        elif isinstance(v, (list, tuple, set)):
            v = "; ".join(str(x) for x in v)
        elif isinstance(v, dict):
            v = json.dumps(v, ensure_ascii=False, default=str)
        out[k] = v
    return out


def export(kg, fmt: str, out: str | Path) -> list[Path]:
    """Write the graph of *kg* (a :class:`~kg.api.KnowledgeGraph`) as *fmt*; return the files written.

    ``csv`` writes ``deals.csv``, ``entities.csv`` and ``facts.csv`` into the folder *out*,
    ``parquet`` the same tables (and ``articles``) as ``.parquet`` files (see
    :func:`write_parquet`); the other formats write the single file *out*.
    """

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
    try:
        return _export(kg, fmt, out)
    except OSError as exc:
        raise OutputError(f"cannot write the {fmt} export: {exc.strerror or exc}", path=str(out)) from exc


def _export(kg, fmt: str, out: Path) -> list[Path]:
    import networkx as nx

    if fmt == "parquet":
        return write_parquet(kg, out)
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in ("deals", "entities", "facts"):
            rows = kg.rows(table)
            path = out / f"{table}.csv"
            with path.open("w", newline="", encoding="utf-8") as fh:
                fields = list(rows[0]) if rows else ["id"]
                w = csv.DictWriter(fh, fieldnames=fields)
                w.writeheader()
                w.writerows(csv_row(r) for r in rows)  # no cell a spreadsheet runs as a formula
            written.append(path)
        return written
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        g = kg.to_networkx()
        data = {
            "schema": "kg.graph/1",
            "entities": [
                {"name": n, **_scalars(a)} | {"aliases": a.get("aliases", [])} for n, a in g.nodes(data=True)
            ],
            "deals": [d.to_dict() for d in kg.deals()],
        }
        out.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        return [out]
    g = scalar_graph(kg.to_networkx())
    if fmt == "graphml":
        nx.write_graphml(g, out)
    else:
        nx.write_gexf(g, out)
    return [out]


# ---------------------------------------------------------------------- Parquet

DECIMAL_PRECISION, DECIMAL_SCALE = 38, 12
# column -> type name: "str", "int", "bool", "decimal" (exact money), "strings" (list of str)
# the columns a stored deal and a deal of a record share
_DEAL_COLUMNS: dict[str, str] = {
    "payer": "str",
    "payee": "str",
    "kind": "str",
    "status": "str",
    "date": "str",
    "value": "decimal",
    "low": "decimal",
    "high": "decimal",
}
PARQUET_COLUMNS: dict[str, dict[str, str]] = {
    "deals": {
        "id": "int",
        **_DEAL_COLUMNS,
        "currency": "str",
        "usd": "decimal",
        "approx": "bool",
        "amount_text": "str",
        "versions": "int",
        "articles": "int",
        "evidence": "int",
    },
    "entities": {"name": "str", "type": "str", "ticker": "str", "discovered": "bool", "aliases": "str"},
    "facts": {
        "entity": "str",
        "metric": "str",
        "value": "decimal",
        "unit": "str",
        "currency": "str",
        "usd": "decimal",
        "period": "str",
        "counterparty": "str",
        "article": "str",
    },
    "articles": {
        "id": "str",
        "path": "str",
        "source": "str",
        "url": "str",
        "title": "str",
        "date": "str",
        "script": "str",
        "encoding": "str",
        "chars": "int",
        "ingested_at": "str",
    },
}
# one row per deal of a kg.article/1 record (kg.dask.to_parquet)
DEAL_RECORD_COLUMNS: dict[str, str] = {
    "article": "str",
    "path": "str",
    "title": "str",
    "article_date": "str",
    "source": "str",
    "index": "int",
    **_DEAL_COLUMNS,
    "approx": "bool",
    "currency": "str",
    "usd": "decimal",
    "low_usd": "decimal",
    "high_usd": "decimal",
    "amount_text": "str",
    "up_to": "bool",
    "joint": "bool",
    "rule": "str",
    "evidence": "strings",
}


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(f"Parquet export needs pyarrow: {PARQUET_HINT}") from exc
    return pa, pq


def exact_decimal(v, column: str = "value") -> Decimal | None:
    """A money figure (decimal string, int, float or Decimal) as a Decimal of scale 12, exactly.

    >>> exact_decimal("4422600000.0000")
    Decimal('4422600000.000000000000')
    >>> exact_decimal(0.1)  # a JSON float stands for its shortest repr
    Decimal('0.100000000000')
    >>> exact_decimal("0.0000000000001")
    Traceback (most recent call last):
    ...
    ValueError: value 0.0000000000001 does not fit decimal128(38, 12) exactly
    """
    if v is None:
        return None
    d = Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
    with localcontext() as ctx:
        ctx.prec = DECIMAL_PRECISION + 2
        q = d.quantize(Decimal(1).scaleb(-DECIMAL_SCALE)) if d.is_finite() else d
    if not q.is_finite() or q != d or len(q.as_tuple().digits) > DECIMAL_PRECISION:
        raise ValueError(
            f"{column} {v} does not fit decimal128({DECIMAL_PRECISION}, {DECIMAL_SCALE}) exactly"
        )
    return q


def parquet_table(rows: list[dict], columns: dict[str, str]):
    """A ``pyarrow.Table`` of *rows* with the typed *columns* (missing keys are nulls)."""
    pa, _ = _pyarrow()
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "decimal": pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE),
        "strings": pa.list_(pa.string()),
    }
    arrays, fields = [], []
    for name, kind in columns.items():
        values = [r.get(name) for r in rows]
        if kind == "decimal":
            values = [exact_decimal(v, name) for v in values]
        elif kind == "bool":
            values = [None if v is None else bool(v) for v in values]
        arrays.append(pa.array(values, type=types[kind]))
        fields.append(pa.field(name, types[kind]))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(kg, out: str | Path) -> list[Path]:
    """Write ``deals``, ``entities``, ``facts`` and ``articles`` ``.parquet`` files into the folder *out*.

    The rows are those of :meth:`kg.api.KnowledgeGraph.rows` (and the store's articles);
    the column types are in :data:`PARQUET_COLUMNS`. Money columns (``value``, ``low``,
    ``high``, ``usd``) are ``decimal128(38, 12)``: pandas reads them as ``decimal.Decimal``,
    ``.astype(float)`` when you want floats.
    """
    _, pq = _pyarrow()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, columns in PARQUET_COLUMNS.items():
        if table == "articles":
            rows = [dict(r) for r in queries.article_table(kg.store.conn, columns)]
        else:
            rows = kg.rows(table)
        path = out / f"{table}.parquet"
        try:
            data = parquet_table(rows, columns)
        except ValueError as exc:

            raise OutputError(f"{table}: {exc}", path=str(path)) from exc
        pq.write_table(data, path)
        written.append(path)
    return written


def deal_rows_of_record(record: dict) -> list[dict]:
    """One flat row per deal of a ``kg.article/1`` record (none for an error record)."""
    if "error" in record:
        return []
    a = record["article"]
    rows = []
    for i, d in enumerate(record.get("deals", [])):
        am = d.get("amount") or {}
        rows.append(
            {
                "article": a["id"],
                "path": a.get("path"),
                "title": a.get("title"),
                "article_date": a.get("date"),
                "source": a.get("source"),
                "index": i,
                "payer": d.get("payer"),
                "payee": d.get("payee"),
                "kind": d.get("kind"),
                "status": d.get("status"),
                "date": d.get("date"),
                **{k: am.get(k) for k in ("value", "low", "high", "currency", "usd", "low_usd", "high_usd")},
                "approx": am.get("approx") if am else None,
                "amount_text": am.get("text"),
                "up_to": bool(am.get("up_to", False)),
                "joint": bool(am.get("joint", False)),
                "rule": d.get("rule"),
                "evidence": [e["text"] for e in d.get("evidence", [])],
            }
        )
    return rows


def write_deal_rows(rows: list[dict], path: str | Path) -> str:
    """Write rows of :func:`deal_rows_of_record` as one Parquet file; return its path."""
    _, pq = _pyarrow()
    pq.write_table(parquet_table(rows, DEAL_RECORD_COLUMNS), str(path))
    return str(path)
