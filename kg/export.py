"""Exports of the knowledge graph: GraphML and GEXF (Gephi), JSON, CSV.

GraphML and GEXF take scalar attributes only, so Decimals become strings, lists
become ``"; "``-joined strings and missing values are left out; both files read
back with ``networkx.read_graphml`` / ``networkx.read_gexf``.
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

FORMATS = ("graphml", "gexf", "json", "csv")


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

    ``csv`` writes ``deals.csv``, ``entities.csv`` and ``facts.csv`` into the folder *out*;
    the other formats write the single file *out*.
    """
    import networkx as nx

    from .errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out)
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
                w.writerows(rows)
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
