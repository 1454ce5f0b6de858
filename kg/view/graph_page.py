"""The interactive graph page: one self-contained HTML file of entities and the deals between them.

Three stages, each usable alone:

1. :func:`select` picks the subgraph: deal filters (kind, status, minimum USD), the
   neighbourhood of one entity (``entity``, ``depth``) and the ``top`` entities by gross flow;
2. :func:`build_page_data` turns a ``networkx.MultiDiGraph`` (as made by
   :meth:`kg.api.KnowledgeGraph.to_networkx`, or :func:`kg.analysis.graphs.add_deal`) into a plain dict:
   nodes, edges, cycles, legend, layout and stats. Node and edge records are assembled with
   pyvis (:class:`pyvis.network.Network`), amounts and cycles come from :mod:`kg.analysis.metrics`;
3. :func:`render_html` writes that dict into the bundled template with vis-network inlined.

The page references nothing outside itself: every script and style is inline, a
Content-Security-Policy allows only those scripts (by hash) and no network access at all, so it
works offline and from ``file://``. Article text (names, aliases, sentences, titles) travels
as JSON in a ``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the
page's script puts it in the DOM with ``textContent`` only.

:func:`write_html` (``kg graph``, :meth:`~kg.api.KnowledgeGraph.to_html`) runs the three
stages; :func:`notebook_html` wraps the page in an ``<iframe srcdoc>`` for Jupyter.

>>> from kg.analysis.metrics import toy_graph
>>> data = build_page_data(select(toy_graph(), kinds="investment"))
>>> [(e["kg"]["payer"], e["kg"]["payee"]) for e in data["edges"]]
[('Nvidia', 'OpenAI'), ('Nvidia', 'CoreWeave')]
>>> page = render_html(data)
>>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
(True, False, False)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from ..analysis import metrics as m
from ..errors import OutputError, UsageError
from ..kinds import deal_kinds
from ..model import STATUSES, checked_filter
from ..numbers import short_number, to_decimal
from .edge_labels import EDGE_LABELS_LARGEST, EDGE_LABELS_UP_TO, labelled_edges  # noqa: F401
from .script_fold import fold_table

__all__ = [
    "BIG_GRAPH",
    "DEFAULT_PATH",
    "TYPE_COLORS",
    "build_page_data",
    "notebook_html",
    "page_html",
    "render_html",
    "select",
    "write_html",
]

DEFAULT_PATH = Path("outputs/graph.html")
BIG_GRAPH = 300
"""Above this many nodes the layout settles once (a bounded number of iterations), then stops."""
STABILIZE_SMALL = 300


def stabilize_iterations(n_nodes: int) -> int:
    """Layout iterations before the page is ready: fewer on big graphs (each costs more).

    >>> stabilize_iterations(50), stabilize_iterations(800), stabilize_iterations(2000), stabilize_iterations(50_000)
    (300, 150, 60, 30)
    """
    if n_nodes <= BIG_GRAPH:
        return STABILIZE_SMALL
    return max(30, min(150, 120_000 // n_nodes))


MAX_EVIDENCE = 5
"""Evidence sentences kept per deal (the count of the others is given)."""

TYPE_COLORS = {
    "company": "#8fb8e8",
    "bank": "#f6c478",
    "fund": "#9fd694",
    "government": "#f2a3a3",
    "person": "#d3b5e5",
    "other": "#cfcfcf",
}
TYPE_BORDERS = {
    "company": "#3d6fa8",
    "bank": "#b77b16",
    "fund": "#3f8a35",
    "government": "#b03a3a",
    "person": "#7f4f9c",
    "other": "#7a7a7a",
}
# completed deals are solid; announced ones long dashes; planned dashes; rumoured dots
STATUS_DASHES = {"announced": [14, 4], "planned": [8, 6], "rumoured": [2, 5]}


# ---------------------------------------------------------------------- selection




def select(
    G,
    *,
    kinds: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] | None = None,
    min_usd: float | Decimal | str | None = None,
    entity: str | None = None,
    depth: int | None = None,
    top: int | None = None,
    rates=None,
):
    """The part of *G* the page shows: deal filters, then an entity's neighbourhood, then the top N.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        Deals as edges payer -> payee (:meth:`~kg.api.KnowledgeGraph.to_networkx`).
    kinds, statuses : str or iterable of str, optional
        Keep only deals of these kinds / statuses (default: all, partnerships included);
        checked (:func:`kg.model.checked_filter`).
    min_usd : number, optional
        Keep only deals worth at least this many US dollars (their best figure); deals
        without an amount are left out when it is given.
    entity : str, optional
        A node of *G*: keep only the entities within *depth* deals of it (either direction).
    depth : int, optional
        The radius around *entity* (default 2); needs *entity*.
    top : int, optional
        Keep the *top* entities with the largest gross flow (0 or None: all). *entity*,
        when given, is always kept.
    rates : RateTable, mapping or path, optional
        Exchange rates for *min_usd* (default: ``rules/currencies.yaml``).

    Returns
    -------
    networkx.MultiDiGraph
        A new graph with the nodes that keep at least one deal (and *entity*), and the kept
        deals with their attributes.

    Raises
    ------
    UsageError
        An unknown kind or status, an entity not in *G*, a negative number, or *depth*
        without *entity*.

    Examples
    --------
    >>> from kg.analysis.metrics import toy_graph
    >>> H = select(toy_graph(), statuses="planned", min_usd=5e9)
    >>> sorted((u, v) for u, v in H.edges())
    [('Nvidia', 'CoreWeave'), ('Nvidia', 'OpenAI'), ('OpenAI', 'AMD'), ('Oracle', 'Nvidia')]
    >>> sorted(select(toy_graph(), entity="AMD", depth=1).nodes)
    ['AMD', 'OpenAI']
    >>> sorted(select(toy_graph(), top=2).nodes)
    ['OpenAI', 'Oracle']
    >>> select(toy_graph(), kinds="gift")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: [E004] unknown kind gift; choose from investment, purchase, lease, warrant, loan, acquisition, partnership
    """
    import networkx as nx

    kinds = checked_filter(kinds, deal_kinds().names, "kind")
    statuses = checked_filter(statuses, STATUSES, "status")
    floor = None
    if min_usd is not None:
        try:
            floor = Decimal(str(min_usd))
        except ArithmeticError as exc:
            raise UsageError(f"min_usd must be a number, not {min_usd!r}") from exc
        if not floor.is_finite() or floor < 0:
            raise UsageError(f"min_usd must be a number of US dollars >= 0, not {min_usd!r}")
    if depth is not None and entity is None:
        raise UsageError("depth needs an entity (kg graph --entity NAME --depth N)")
    if depth is not None and depth < 0:
        raise UsageError(f"depth must be 0 or more, not {depth}")
    if top is not None and top < 0:
        raise UsageError(f"top must be 0 or more, not {top}")
    if entity is not None and entity not in G:
        raise UsageError(f"no entity called {entity!r} in the graph")
    table = m._rate_table(rates) if floor is not None else None

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for u, v, k, attrs in m._edges(G):
        if kinds is not None and attrs.get("kind", "purchase") not in kinds:
            continue
        if statuses is not None and attrs.get("status", "announced") not in statuses:
            continue
        if floor is not None:
            iv = m.deal_usd(attrs, rates=table)
            if iv is None or iv.best < floor:
                continue
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, key=k, **attrs)
    if entity is not None:
        if entity not in H:
            H.add_node(entity, **G.nodes[entity])
        radius = 2 if depth is None else depth
        near = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), entity, cutoff=radius)
        H = H.subgraph(near).copy()
    if top:
        flows = m.net_flows(H)
        order = sorted(H.nodes, key=lambda n: (-flows[str(n)].gross.best, -H.degree(n), str(n)))
        keep = order[:top]
        if entity is not None and entity not in keep:
            keep = [*order[: top - 1], entity] if top > 1 else [entity]
        H = H.subgraph(keep).copy()
    return H


# ---------------------------------------------------------------------- page data


def _num(x) -> float | None:
    return None if x is None else float(x)


def _iv(iv: m.Interval | None) -> dict[str, float] | None:
    return None if iv is None else {"low": float(iv.low), "best": float(iv.best), "high": float(iv.high)}


def _money(iv: m.Interval | None) -> str:
    return "no amount" if iv is None else f"{iv} USD"


def _native(attrs: Mapping[str, Any]) -> str | None:
    """The amount as reported, in its own currency: ``~400B CNY``, ``30B–40B HKD``, ``≥ 1B USD``."""
    value, low, high = (attrs.get(k) for k in ("value", "low", "high"))
    cur = attrs.get("currency") or ""
    tilde = "~" if attrs.get("approx") else ""

    def short(x):
        return short_number(to_decimal(x))

    if low is not None and high is not None:
        text = f"{short(low)}–{short(high)}"
    elif low is not None:
        text = f"≥ {short(low)}"
    elif high is not None:
        text = f"≤ {short(high)}"
    elif value is not None:
        text = short(value)
    else:
        return None
    if value is not None and (low is not None or high is not None):
        text = f"{short(value)} ({text})"
    return f"{tilde}{text} {cur}".strip()


def _scale(usd: float | None, lo: float, hi: float, out_lo: float, out_hi: float) -> float:
    """*usd* on a log scale from [10**lo, 10**hi] to [out_lo, out_hi] (out_lo for none or less)."""
    if not usd or usd <= 0:
        return out_lo
    t = (math.log10(usd) - lo) / (hi - lo)
    return round(out_lo + max(0.0, min(1.0, t)) * (out_hi - out_lo), 2)


class _Ids(list):
    """pyvis keeps node ids in a list and tests membership in it (quadratic on big graphs);
    this list answers ``in`` from a set."""

    def __init__(self):
        super().__init__()
        self._set = set()

    def append(self, x):
        super().append(x)
        self._set.add(x)

    def __contains__(self, x):
        return x in self._set


def _network(n_nodes: int):
    """A pyvis Network with the physics, interaction and edge options of the page."""
    from pyvis.network import Network

    net = Network(directed=True, height="100%", width="100%")
    net.node_ids = _Ids()
    net.get_nodes = lambda: net.node_ids  # what add_edge checks
    net.barnes_hut(
        gravity=-9000 if n_nodes <= BIG_GRAPH else -4000,
        central_gravity=0.25,
        spring_length=170 if n_nodes <= BIG_GRAPH else 110,
        spring_strength=0.03,
        damping=0.3,
        overlap=0.2 if n_nodes <= BIG_GRAPH else 0,
    )
    net.toggle_hide_edges_on_drag(n_nodes > BIG_GRAPH)
    net.inherit_edge_colors(False)
    net.options.edges.smooth.enabled = False  # straight by default; parallel deals curve apart
    return net


def _options(net, n_nodes: int) -> dict[str, Any]:
    opts = json.loads(net.options.to_json())
    opts["physics"].update(
        minVelocity=0.75,
        stabilization={
            "enabled": True,
            "iterations": stabilize_iterations(n_nodes),
            "updateInterval": 25,
            "fit": True,
        },
    )
    opts["layout"] = {"improvedLayout": n_nodes <= 100, "randomSeed": 7}
    opts["interaction"].update(hover=True, tooltipDelay=120, multiselect=False, navigationButtons=False)
    opts["nodes"] = {
        "shape": "dot",
        "borderWidth": 1.5,
        "font": {"size": 14, "face": "system-ui, 'Noto Sans CJK SC', sans-serif", "strokeWidth": 3},
    }
    opts["edges"].update(
        arrows={"to": {"enabled": True, "scaleFactor": 0.6}},
        font={"size": 11, "align": "top", "strokeWidth": 3, "color": "#333"},
        selectionWidth=2.5,
        hoverWidth=1.5,
    )
    opts["configure"] = {"enabled": False}
    return opts


def build_page_data(
    G,
    *,
    evidence: Mapping[Any, list[Mapping[str, Any]]] | None = None,
    title: str = "kg: companies and the money between them",
    filters: Mapping[str, Any] | None = None,
    totals: Mapping[str, int] | None = None,
    max_len: int = 4,
    max_cycles: int = 50,
    time_limit: float | None = 5.0,
    rates=None,
) -> dict[str, Any]:
    """Everything the page shows, as a plain JSON-ready dict.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The graph to show (usually :func:`select`'s result): entities as nodes (``type``,
        ``aliases``, ``ticker`` attributes when known), one edge per deal payer -> payee.
    evidence : mapping, optional
        Deal id -> evidence records (``text``, ``article``, ``title``, ``path``), shown with
        the deal; :func:`write_html` takes them from the store.
    title : str
        The page title.
    filters : mapping, optional
        The selection that made *G*, shown on the page.
    totals : mapping, optional
        ``entities`` and ``deals`` before the selection, shown on the page.
    max_len, max_cycles, time_limit
        The cycle search (:func:`kg.analysis.cycles.cycles`): the longest cycle, how many to list,
        and seconds allowed.
    rates : RateTable, mapping or path, optional
        Exchange rates (default: ``rules/currencies.yaml``).

    Returns
    -------
    dict
        ``title``, ``nodes`` and ``edges`` (vis-network records; the facts behind each are
        under its ``kg`` key), ``cycles`` (node and edge ids of each), ``legend``, ``options``
        (vis-network), ``layout`` (``big``, ``stopPhysics``) and ``stats``.

    Examples
    --------
    >>> from kg.analysis.metrics import toy_graph
    >>> data = build_page_data(toy_graph())
    >>> data["stats"]["nodes"], data["stats"]["edges"], data["stats"]["cycles"]
    (8, 10, 2)
    >>> data["cycles"][0]["label"]
    'Nvidia → OpenAI → Oracle → Nvidia'
    >>> [e["kg"]["usd"] for e in data["edges"] if e["kg"]["deal"] == 3]
    ['100B [90B–100B] USD']
    >>> sorted({(e["kg"]["status"], tuple(e["dashes"] or ())) for e in data["edges"]})
    [('announced', (14, 4)), ('planned', (8, 6))]
    """
    table = m._rate_table(rates)
    flows = m.net_flows(G, rates=table)
    n_nodes = G.number_of_nodes()
    big = n_nodes > BIG_GRAPH
    net = _network(n_nodes)
    ids: dict[Any, int] = {}
    for i, (n, attrs) in enumerate(G.nodes(data=True)):
        ids[n] = i
        name = str(n)
        f = flows[name]
        etype = attrs.get("type") or ("other" if name == m.UNNAMED else "company")
        aliases = [a for a in (attrs.get("aliases") or []) if a != name]
        ticker = attrs.get("ticker")
        gross = f.gross.best if (f.inflow.high or f.outflow.high) else None
        unpriced = len(f.unpriced_in) + len(f.unpriced_out)
        tip = [name, " · ".join(x for x in (etype, ticker) if x)]
        if aliases:
            tip.append("also: " + ", ".join(aliases[:12]) + (" …" if len(aliases) > 12 else ""))
        tip.append(f"in {f.inflow} · out {f.outflow} · net {f.net} (USD)")
        tip.append(
            f"{f.deals_in} deals in, {f.deals_out} out"
            + (f"; {unpriced} without an amount" if unpriced else "")
        )
        net.add_node(
            i,
            label=name,
            title="\n".join(tip),
            size=_scale(_num(gross), 7, 12, 9, 42),
            color={
                "background": TYPE_COLORS.get(etype, TYPE_COLORS["other"]),
                "border": TYPE_BORDERS.get(etype, TYPE_BORDERS["other"]),
                "highlight": {"background": "#ffe680", "border": "#b38f00"},
                "hover": {"background": "#fff2b3", "border": "#b38f00"},
            },
            kg={
                "name": name,
                "type": etype,
                "ticker": ticker,
                "aliases": aliases,
                "discovered": bool(attrs.get("discovered", False)),
                "inflow": str(f.inflow),
                "outflow": str(f.outflow),
                "net": str(f.net),
                "gross": str(f.gross),
                "grossUsd": None if m.is_unnamed(name) else _num(gross),  # unnamed: never ranks
                "unnamed": m.is_unnamed(name),
                "dealsIn": f.deals_in,
                "dealsOut": f.deals_out,
                "unpriced": unpriced,
            },
        )

    pair_count: dict[frozenset, int] = {}
    for u, v, _k, _attrs in m._edges(G):
        key = frozenset((u, v))
        pair_count[key] = pair_count.get(key, 0) + 1
    pair_seen: dict[frozenset, int] = {}
    edge_of: dict[tuple[str, str, Any], int] = {}
    n_edges = G.number_of_edges()
    labelled = labelled_edges(G, table)
    unpriced_deals = 0
    kinds_seen, types_seen, statuses_seen = set(), set(), set()
    for j, (u, v, k, attrs) in enumerate(m._edges(G)):
        deal_id = attrs.get("deal_id", k)
        kind = attrs.get("kind", "purchase")
        status = attrs.get("status", "announced")
        kinds_seen.add(kind)
        statuses_seen.add(status)
        iv = m.deal_usd(attrs, rates=table)
        unpriced_deals += iv is None
        best = _num(iv.best) if iv is not None else None
        native = _native(attrs)
        key = frozenset((u, v))
        nth = pair_seen.get(key, 0)
        pair_seen[key] = nth + 1
        smooth: dict[str, Any] | bool = False
        if u == v:
            smooth = False
        elif pair_count[key] > 1:
            smooth = {"enabled": True, "type": "curvedCW", "roundness": round(0.12 + 0.16 * nth, 2)}
        ev = list((evidence or {}).get(deal_id, []))
        arts = list(attrs.get("articles") or sorted({e.get("article") for e in ev if e.get("article")}))
        date = attrs.get("date")
        colour = deal_kinds().colours.get(kind, "#666")
        tip = [
            f"{u} → {v}",
            " · ".join(x for x in (kind, status, date) if x),
            (f"{attrs.get('amount_text')} · " if attrs.get("amount_text") else "")
            + (f"{native} · " if native and not (attrs.get("currency") == "USD" and iv is not None) else "")
            + _money(iv),
        ]
        n_art = len(arts) or attrs.get("evidence") or 0
        if n_art:
            tip.append(f"{n_art} article{'s' if n_art != 1 else ''}; click for the evidence")
        net.add_edge(
            ids[u],
            ids[v],
            id=j,
            title="\n".join(tip),
            label=f"${short_number(iv.best)}" if iv is not None and j in labelled else None,
            color={
                "color": colour,
                "highlight": colour,
                "hover": colour,
                "opacity": 0.9 if iv is not None else 0.55,
            },
            width=_scale(best, 6, 12, 1, 8),
            dashes=STATUS_DASHES.get(status, False),
            smooth=smooth,
            arrows={"to": {"enabled": kind not in deal_kinds().directionless, "scaleFactor": 0.6}},
            kg={
                "deal": deal_id if isinstance(deal_id, (int, str)) else str(deal_id),
                "payer": str(u),
                "payee": str(v),
                "kind": kind,
                "status": status,
                "date": date,
                "amountText": attrs.get("amount_text"),
                "native": native,
                "currency": attrs.get("currency"),
                "approx": bool(attrs.get("approx")),
                "usd": _money(iv),
                "usdBest": best,
                "usdLow": _num(iv.low) if iv is not None else None,
                "usdHigh": _num(iv.high) if iv is not None else None,
                "articles": arts,
                "evidence": [
                    {
                        "text": e.get("text"),
                        "article": e.get("article"),
                        "title": e.get("title"),
                        "path": e.get("path"),
                        "source": e.get("source"),
                        "reprintOf": e.get("reprint_of"),
                    }
                    for e in ev[:MAX_EVIDENCE]
                ],
                "moreEvidence": max(0, len(ev) - MAX_EVIDENCE),
                # independent articles: a reprint of a story counts as its original
                "independent": attrs.get("independent_articles", len(arts)),
            },
        )
        edge_of[(str(u), str(v), deal_id)] = j
    for e in net.edges:
        if e.get("label") is None:
            e.pop("label", None)
    for n in net.nodes:
        types_seen.add(n["kg"]["type"])

    found = m.cycles(G, max_len=max_len, time_limit=time_limit, max_cycles=20000, rates=table)
    cycles = []
    for c in found[:max_cycles]:
        b = c.bottleneck
        cycles.append(
            {
                "label": " → ".join([*c.nodes, c.nodes[0]]),
                "bottleneck": f"{b} USD" if b is not None else "a hop without an amount",
                "bottleneckUsd": _num(b.best) if b is not None else None,
                "nodes": [ids[n] for n in c.nodes],
                "edges": [edge_of[(d.payer, d.payee, d.deal_id)] for d in c.deals],
            }
        )
    totals = dict(totals or {})
    return {
        "title": title,
        "nodes": net.nodes,
        "edges": net.edges,
        "cycles": cycles,
        # Find folds the script: 美图公司 finds 美圖公司 (characters of the names on the page only)
        "fold": fold_table(
            [n["kg"]["name"] for n in net.nodes] + [a for n in net.nodes for a in n["kg"]["aliases"]]
        ),
        "legend": {
            "types": [{"type": t, "color": TYPE_COLORS[t], "border": TYPE_BORDERS[t]} for t in TYPE_COLORS]
            + [
                {"type": t, "color": TYPE_COLORS["other"], "border": TYPE_BORDERS["other"]}
                for t in sorted(types_seen - set(TYPE_COLORS))
            ],
            "kinds": [{"kind": k.name, "color": k.colour} for k in deal_kinds() if k.name in kinds_seen]
            + [{"kind": k, "color": "#666"} for k in sorted(kinds_seen - set(deal_kinds().names))],
            "statuses": [
                {"status": s, "dashes": STATUS_DASHES.get(s, False)}
                for s in ("announced", "completed", "planned", "rumoured")
            ],
            "typesPresent": sorted(types_seen),
        },
        "options": _options(net, n_nodes),
        "layout": {"big": big, "stopPhysics": big},
        "filters": {k: v for k, v in (filters or {}).items() if v not in (None, (), [], "")},
        "stats": {
            "nodes": n_nodes,
            "edges": n_edges,
            "unpriced": unpriced_deals,
            "cycles": len(found),
            "cyclesShown": len(cycles),
            "cyclesComplete": bool(found.complete),
            "totalEntities": totals.get("entities", n_nodes),
            "totalDeals": totals.get("deals", n_edges),
        },
    }


# ---------------------------------------------------------------------- rendering


_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``.

    >>> json_for_script({"name": "</script><img src=x onerror=alert(1)>&"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e\\\\u0026"}'
    >>> json.loads(json_for_script(["</script>"]))
    ['</script>']
    """
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False, default=_json_default)
    return re.sub("[<>&\u2028\u2029]", lambda mo: _JSON_ESCAPES[mo.group()], text)


def _json_default(o):
    if isinstance(o, Decimal):
        return float(o)
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    return str(o)


def _asset(folder: str, name: str) -> str:
    return resources.files("kg.view").joinpath(folder, name).read_text(encoding="utf-8")


def _script_safe(code: str, what: str) -> str:
    if re.search(r"</script|<!--", code, re.IGNORECASE):  # pragma: no cover - a bad vendored file
        raise ValueError(f"{what} cannot be inlined: it contains </script or <!--")
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def render_html(data: Mapping[str, Any]) -> str:
    """The page: the template with vis-network, the page script, its style and *data* inlined.

    Nothing outside the page is referenced; a Content-Security-Policy allows exactly the two
    inline scripts (by hash), inline styles, ``data:`` images, and no connection anywhere.

    >>> from kg.analysis.metrics import toy_graph
    >>> page = render_html(build_page_data(toy_graph()))
    >>> "default-src 'none'" in page and "connect-src 'none'" in page
    True
    """
    vis_js = _script_safe(_asset("vendor", "vis-network.min.js"), "vis-network.min.js")
    app_js = _script_safe(_asset("templates", "graph.js"), "graph.js")
    csp = (
        "default-src 'none'; "
        f"script-src {_sha256(vis_js)} {_sha256(app_js)}; "
        "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    parts = {
        "title": html.escape(str(data.get("title", "kg graph"))),
        "csp": html.escape(csp, quote=False),  # only ' inside: fine in a "-quoted attribute
        "css": _asset("templates", "graph.css"),
        "vis_js": vis_js,
        "app_js": app_js,
        "data": json_for_script(data),
    }
    template = _asset("templates", "graph.html")
    return _PLACEHOLDER.sub(lambda mo: parts[mo.group(1)], template)


# ---------------------------------------------------------------------- entry points


def _source_graph(source, filters: dict[str, Any]):
    """(graph, evidence by deal id, entity name as in the graph, store totals) of a KnowledgeGraph or graph."""
    entity = filters.get("entity")
    if hasattr(source, "to_networkx"):  # a KnowledgeGraph
        if entity is not None:
            entity = source.entity(entity).name
        G = source.to_networkx()
        if entity is not None and entity not in G:
            raise UsageError(f"{entity!r} has no deals in the store")
        evidence = {
            d.id: [
                {
                    "text": e.text,
                    "article": e.article_id,
                    "title": e.title,
                    "path": e.path,
                    "source": e.source,
                    "reprint_of": e.reprint_of,
                }
                for e in d.evidence
            ]
            for d in source.deals()
        }
        return G, evidence, entity
    return source, None, entity


def page_html(
    source,
    *,
    kinds: str | Iterable[str] | None = None,
    statuses: str | Iterable[str] | None = None,
    min_usd: float | Decimal | str | None = None,
    entity: str | None = None,
    depth: int | None = None,
    top: int | None = None,
    title: str | None = None,
    max_len: int = 4,
    rates=None,
) -> str:
    """The page of a :class:`~kg.api.KnowledgeGraph` or a ``networkx.MultiDiGraph``, as a string.

    The filters are those of :func:`select`. With a KnowledgeGraph, *entity* may be any alias
    or ticker in either script, and each deal shows its evidence sentences and articles.

    >>> from kg.analysis.metrics import toy_graph
    >>> "Nvidia" in page_html(toy_graph(), entity="Nvidia", depth=1)
    True
    """
    filters = {
        "kinds": kinds,
        "statuses": statuses,
        "min_usd": min_usd,
        "entity": entity,
        "depth": depth,
        "top": top,
    }
    G, evidence, filters["entity"] = _source_graph(source, filters)
    H = select(G, rates=rates, **filters)
    shown = {
        k: (sorted(v) if isinstance(v, (list, tuple, set, frozenset)) else v) for k, v in filters.items()
    }
    if title is None:
        title = "kg: " + (
            f"{filters['entity']} and its counterparties" if filters["entity"] else "money flows"
        )
    data = build_page_data(
        H,
        evidence=evidence,
        title=title,
        filters=shown,
        totals={"entities": G.number_of_nodes(), "deals": G.number_of_edges()},
        max_len=max_len,
        rates=rates,
    )
    return render_html(data)


def write_html(source, path: str | Path | None = None, **filters: Any) -> Path:
    """Write the page of *source* (a KnowledgeGraph or a graph) to *path* and return the path.

    Parameters
    ----------
    source : KnowledgeGraph or networkx.MultiDiGraph
        What to draw.
    path : str or Path, optional
        The HTML file to write (default ``outputs/graph.html``); its folder is created.
    **filters
        ``kind``, ``status``, ``min_usd``, ``entity``, ``depth``, ``top`` (see :func:`select`),
        ``title``, ``max_len`` (longest cycle) and ``rates``.

    Examples
    --------
    >>> import tempfile
    >>> from kg.analysis.metrics import toy_graph
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_html(toy_graph(), Path(tmp) / "new" / "graph.html", top=3)
    ...     p.name, p.stat().st_size > 100_000
    ('graph.html', True)
    """
    out = Path(path) if path is not None else DEFAULT_PATH
    page = page_html(source, **filters)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    except OSError as exc:

        raise OutputError(f"cannot write the graph page: {exc.strerror or exc}", path=str(out)) from exc
    return out


def notebook_html(source, *, height: int = 640, **filters: Any) -> str:
    """The page inside an ``<iframe srcdoc>``, for Jupyter and VS Code notebooks.

    No notebook mode, no file and no server: the whole page is in the ``srcdoc`` attribute
    (HTML-escaped), sandboxed to run its own scripts only.

    >>> from kg.analysis.metrics import toy_graph
    >>> frame = notebook_html(toy_graph())
    >>> frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;'), 'sandbox="allow-scripts"' in frame
    (True, True)
    """
    page = page_html(source, **filters)
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #ddd; border-radius: 4px;" '
        'title="kg graph" loading="lazy"></iframe>'
    )


def __getattr__(name: str):
    # KIND_COLORS: the page's colour of each deal kind (rules/kinds.yaml, kg.kinds)
    if name == "KIND_COLORS":
        return deal_kinds().colours
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
