"""The report: the numbers of :mod:`kg.analysis.metrics` as Markdown and self-contained HTML, with charts.

:func:`write_report` writes ``report.md``, ``report.html`` (one file: styles inline, charts as
base64 ``data:`` URIs, no external URL) and the charts as PNG files (``flows.png``, and
``cycles.png`` when there is a priced cycle), made with matplotlib's Agg renderer.

Both documents are rendered from one list of blocks (:func:`report_blocks`), so they say the
same thing.

>>> from kg.analysis.metrics import toy_graph
>>> blocks = report_blocks(build_report(toy_graph()))
>>> [b[1] for b in blocks if b[0] == "h2"][:3]
['Summary', 'Money in and out, by entity', 'Largest flows']
"""

from __future__ import annotations

import base64
import html
import io
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..analysis import metrics as m
from ..errors import KGError
from ..numbers import short_number
from .fonts import font_family, quiet_chart_warnings
from .markdown import inline_html
from .report_deals import deal_blocks
from .safe_text import md_text

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK TC", "WenQuanYi Zen Hei", "Source Han Sans SC", "SimHei"]


@dataclass
class ReportData:
    """Everything the report shows, computed once."""

    graph: Any
    flows: dict[str, m.EntityFlows]
    pairs: list[m.PairFlow]
    cycles: m.CycleList
    compression: m.Compression
    circularity: dict[str, m.Circularity]
    vendor_financing: list[m.VendorFinancing]
    exposures: list[m.Exposure]
    unpriced: list[m.Flow]
    options: dict[str, Any] = field(default_factory=dict)


def most_connected(G, n: int = 5) -> list[str]:
    """The *n* entities with the most distinct counterparties (the unnamed payer left out).

    >>> most_connected(m.toy_graph(), 2)
    ['OpenAI', 'Nvidia']
    """
    score = {}
    for node in G.nodes:
        if m.is_unnamed(node):
            continue
        others = {v for v in G.successors(node)} | {u for u in G.predecessors(node)}
        others.discard(node)
        others = {o for o in others if not m.is_unnamed(o)}
        score[node] = len(others)
    return sorted(score, key=lambda x: (-score[x], str(x)))[:n]


def _facts_of(kg, name: str) -> list[dict]:
    if kg is None:
        return []

    try:
        return kg.entity(name).facts
    except KGError:
        return []


def build_report(
    source,
    *,
    statuses=None,
    kinds=None,
    rates=None,
    approx_band=m.APPROX_BAND,
    top: int = 15,
    exposures: int = 5,
    max_len: int = 4,
    time_limit: float | None = 10.0,
) -> ReportData:
    """Compute the report's numbers for *source*: a :class:`~kg.api.KnowledgeGraph` or a graph.

    With a KnowledgeGraph the exposure tables use each entity's facts (revenue, stated
    customer shares); with a bare graph, the node attribute ``facts`` if any.
    """
    kg = source if hasattr(source, "to_networkx") else None
    G = source.to_networkx() if kg is not None else source
    opts = dict(statuses=statuses, kinds=kinds, rates=rates, approx_band=approx_band)
    flows = m.net_flows(G, **opts)
    pairs = m.pair_flows(G, **opts)
    cyc = m.cycles(G, max_len=max_len, time_limit=time_limit, **opts)
    comp = m.compression(G, **opts)
    circ = m.circularity(G, max_len=max_len, time_limit=time_limit, **opts)
    vf = m.vendor_financing(G, **opts)
    exps = []
    for name in most_connected(G, exposures):
        facts = _facts_of(kg, name) if kg is not None else None
        exps.append(m.exposure(G, name, facts=facts, **opts))
    unpriced = [f for f in m.deal_flows(G, **opts) if f.amount is None]
    table = m._rate_table(rates)
    options = {
        "statuses": sorted(statuses) if statuses else "all",
        "kinds": sorted(kinds) if kinds else "all but partnership",
        "rates_as_of": table.as_of,
        "approx_band": str(approx_band),
        "max_len": max_len,
        "top": top,
    }
    return ReportData(G, flows, pairs, cyc, comp, circ, vf, exps, unpriced, options)


# ---------------------------------------------------------------------- blocks


def _usd(iv: m.Interval | None, unpriced: int = 0) -> str:
    """An amount for a table cell.

    >>> _usd(m.Interval.exact(Decimal("1.5e9"))), _usd(None, 2), _usd(m.ZERO_IV, 1)
    ('1.5B', 'no amount (2)', '0 (+1 no amount)')
    """
    if iv is None:
        return f"no amount ({unpriced})" if unpriced else "-"
    s = str(iv)
    return s + (f" (+{unpriced} no amount)" if unpriced else "")


def _pct(x: Decimal | m.Interval | None) -> str:
    """A share as a percentage.

    >>> _pct(Decimal("0.62")), _pct(None), _pct(m.Interval(Decimal("0.1"), Decimal("0.3"), Decimal("0.2")))
    ('62%', '-', '20% [10%–30%]')
    """
    if x is None:
        return "-"
    if isinstance(x, m.Interval):
        if x.is_exact:
            return _pct(x.best)
        return f"{_pct(x.best)} [{_pct(x.low)}–{_pct(x.high)}]"
    v = float(x) * 100
    return f"{v:,.0f}%" if abs(v) >= 100 else f"{v:.3g}%"


def report_blocks(data: ReportData) -> list[tuple]:
    """The report as blocks: ``("h1"|"h2"|"h3"|"p", text)``, ``("ul", [items])``,
    ``("table", headers, rows)`` and ``("img", name, caption)``."""
    o = data.options
    top = o["top"]
    comp = data.compression
    b: list[tuple] = [("h1", "kg report: who pays whom")]
    b.append(
        (
            "p",
            f"Deal statuses: {o['statuses'] if isinstance(o['statuses'], str) else ', '.join(o['statuses'])}; "
            f"kinds: {o['kinds'] if isinstance(o['kinds'], str) else ', '.join(o['kinds'])}. "
            f"Amounts in US dollars at the rates of {o['rates_as_of'] or 'the rate table'}; approximate amounts "
            f"and open bounds carry a band of ±{float(Decimal(o['approx_band'])) * 100:g}%. "
            "An amount reads `best [low–high]` when it is not exact.",
        )
    )
    b.append(("h2", "Summary"))
    items = [
        f"{comp.deals} deals among {data.graph.number_of_nodes()} entities; "
        f"{comp.deals - comp.unpriced} with an amount, {comp.unpriced} without (listed at the end, never counted as zero).",
        f"Gross volume: {_usd(comp.gross)} USD.",
        f"Multilateral netting would cancel {_pct(comp.ratio)} of it (left after netting: {_usd(comp.netted)}); "
        f"bilateral netting alone {_pct(comp.bilateral_ratio)}.",
    ]
    priced_cycles = [c for c in data.cycles if c.bottleneck is not None]
    if data.cycles:
        items.append(
            f"{len(data.cycles)} circular money paths of at most {o['max_len']} entities"
            + (f"; the largest: {data.cycles[0]}." if priced_cycles else ".")
            + ("" if data.cycles.complete else " (search cut short by its time limit)")
        )
    else:
        items.append(f"No circular money path of at most {o['max_len']} entities.")
    b.append(("ul", items))

    b.append(("h2", "Money in and out, by entity"))
    ranked = sorted(data.flows.values(), key=lambda f: (-f.gross.best, f.entity))
    ranked = [f for f in ranked if (f.deals_in or f.deals_out) and not m.is_unnamed(f.entity)][:top]
    b.append(
        ("img", "flows", "Inflow (right) and outflow (left) of the entities with the largest gross flows")
    )
    b.append(
        (
            "table",
            ["entity", "inflow USD", "outflow USD", "net USD", "deals in/out", "no amount in/out"],
            [
                [
                    f.entity,
                    _usd(f.inflow),
                    _usd(f.outflow),
                    _usd(f.net),
                    f"{f.deals_in}/{f.deals_out}",
                    f"{len(f.unpriced_in)}/{len(f.unpriced_out)}",
                ]
                for f in ranked
            ],
        )
    )
    b.append(("h2", "Largest flows"))
    b.append(
        (
            "table",
            ["payer", "payee", "USD", "kinds", "deals"],
            [
                [
                    p.payer,
                    p.payee,
                    _usd(p.amount, p.unpriced),
                    ", ".join(sorted({d.kind for d in p.deals})),
                    ", ".join(str(d.deal_id) for d in p.deals),
                ]
                for p in data.pairs
                if p.amount is not None
            ][:top],
        )
    )

    b.append(("h2", "Circular money"))
    if data.cycles:
        if priced_cycles:
            b.append(("img", "cycles", "The largest circular money paths (amounts in USD on each hop)"))
        b.append(
            (
                "table",
                ["#", "cycle", "bottleneck USD", "hops (USD)", "deals"],
                [
                    [
                        str(i),
                        " → ".join([*c.nodes, c.nodes[0]]),
                        _usd(c.bottleneck) if c.bottleneck else "unpriced hop",
                        "; ".join(
                            f"{h.payer}→{h.payee} {_usd(h.amount, sum(1 for d in h.deals if d.amount is None))}"
                            for h in c.hops
                        ),
                        ", ".join(str(d.deal_id) for d in c.deals),
                    ]
                    for i, c in enumerate(data.cycles[:top], 1)
                ],
            )
        )
        circ = sorted(
            (c for c in data.circularity.values() if c.circulated.high > 0),
            key=lambda c: (-c.circulated.best, c.entity),
        )
        if circ:
            b.append(("h3", "Inflow that comes back around"))
            b.append(
                (
                    "p",
                    "The priced flows split into cycles, the widest first; for each entity, the part of its "
                    "inflow that went round a cycle through it.",
                )
            )
            b.append(
                (
                    "table",
                    ["entity", "inflow USD", "comes back USD", "share of inflow", "cycles"],
                    [
                        [c.entity, _usd(c.inflow), _usd(c.circulated), _pct(c.share), str(c.cycles)]
                        for c in circ[:top]
                    ],
                )
            )
    else:
        b.append(("p", "No circular money path."))

    b.append(("h2", "Vendor financing"))
    b.append(
        (
            "p",
            "A vendor finances a customer (investment, warrant or loan) that buys from it; the recycled "
            "amount is the smaller of the financing and the purchases.",
        )
    )
    if data.vendor_financing:
        b.append(("table", *_vf_table(data.vendor_financing[:top])))
    else:
        b.append(("p", "None found."))

    b.append(("h2", "Exposure of the most connected entities"))
    for e in data.exposures:
        b.extend(exposure_blocks(e, top=top))

    b.append(("h2", "Deals without an amount"))
    if data.unpriced:
        b.append(
            (
                "table",
                ["deal", "payer", "payee", "kind", "status", "why"],
                [[str(f.deal_id), f.payer, f.payee, f.kind, f.status, f.reason or ""] for f in data.unpriced],
            )
        )
    else:
        b.append(("p", "None."))
    return b


def _vf_table(vfs: list[m.VendorFinancing]):
    return (
        ["vendor", "customer", "financing USD", "purchases USD", "recycled USD", "ratio", "deals"],
        [
            [
                v.vendor,
                v.customer,
                _usd(v.financing, sum(1 for d in v.financing_deals if d.amount is None)),
                _usd(v.purchases, sum(1 for d in v.purchase_deals if d.amount is None)),
                _usd(v.recycled) if v.recycled else "unknown",
                _pct(v.ratio),
                ", ".join(str(d.deal_id) for d in [*v.financing_deals, *v.purchase_deals]),
            ]
            for v in vfs
        ],
    )


def _conc(label: str, c: m.Concentration) -> str:
    if not c.counterparties:
        return f"{label}: none priced"
    return (
        f"{label}: {_usd(c.total)} USD from {c.counterparties}; largest {c.largest} {_pct(c.largest_share)}, "
        f"top two {_pct(c.top2_share)}, Herfindahl {float(c.hhi):.3f}"
    )


def exposure_blocks(e: m.Exposure, *, top: int = 15) -> list[tuple]:
    """The blocks of one entity's exposure (used by the report and ``kg exposure``)."""
    b: list[tuple] = [("h3", e.entity)]
    items = [
        _conc("money in", e.concentration_in),
        _conc("customers", e.concentration_customers),
        _conc("money out", e.concentration_out),
    ]
    if e.revenue:
        items.append(
            f"stated revenue {short_number(Decimal(str(e.revenue['usd'])))} USD"
            + (f" ({e.revenue['period']})" if e.revenue.get("period") else "")
            + f"; commitments (what it pays) {_usd(e.commitments, e.commitments_unpriced)} USD = "
            f"{_pct(e.commitments_to_revenue)} of it"
        )
    else:
        items.append(
            f"commitments (what it pays): {_usd(e.commitments, e.commitments_unpriced)} USD; no stated revenue"
        )
    if e.partners:
        items.append("partners (no direction of payment): " + ", ".join(e.partners))
    b.append(("ul", items))
    b.append(
        (
            "table",
            ["counterparty", "roles", "pays it USD", "it pays USD", "share of in", "stated share of revenue"],
            [
                [
                    c.name,
                    ", ".join(c.roles),
                    _usd(c.inflow, sum(1 for d in c.deals_in if d.amount is None)),
                    _usd(c.outflow, sum(1 for d in c.deals_out if d.amount is None)),
                    _pct(c.share_in) if any(d.amount is not None for d in c.deals_in) else "-",
                    _pct(c.stated_share) + (f" ({c.stated_period})" if c.stated_period else ""),
                ]
                for c in e.counterparties[:top]
            ],
        )
    )
    if e.stated_shares:
        b.append(
            (
                "table",
                ["stated", "counterparty", "share", "period", "implied USD"],
                [
                    [
                        s.metric,
                        s.counterparty or "(top customers)",
                        _pct(s.share),
                        s.period or "",
                        short_number(s.implied_usd) if s.implied_usd is not None else "-",
                    ]
                    for s in e.stated_shares
                ],
            )
        )
    if e.vendor_financing:
        b.append(("table", *_vf_table(e.vendor_financing)))
    return b


# ---------------------------------------------------------------------- charts


def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _font_context():
    import matplotlib

    fonts = font_family()  # any installed CJK font (matplotlib's font manager), warned once when none
    return matplotlib.rc_context(
        {"font.family": "sans-serif", "font.sans-serif": fonts, "svg.hashsalt": "kg", "axes.unicode_minus": False}
    )


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _billions(x: Decimal) -> float:
    return float(x) / 1e9


def flows_chart(data: ReportData, top: int = 12) -> bytes:
    """A horizontal bar chart of inflow and outflow (billions of USD) with the bounds as error bars."""
    ranked = sorted(data.flows.values(), key=lambda f: (-f.gross.best, f.entity))
    ranked = [f for f in ranked if f.gross.high > 0 and not m.is_unnamed(f.entity)][:top][::-1]
    with _font_context(), warnings.catch_warnings():
        quiet_chart_warnings()
        fig = _figure(8, 0.45 * max(len(ranked), 2) + 1.5)
        ax = fig.add_subplot(1, 1, 1)
        y = list(range(len(ranked)))
        ins = [_billions(f.inflow.best) for f in ranked]
        outs = [-_billions(f.outflow.best) for f in ranked]
        in_err = [
            [_billions(f.inflow.best - f.inflow.low) for f in ranked],
            [_billions(f.inflow.high - f.inflow.best) for f in ranked],
        ]
        out_err = [
            [_billions(f.outflow.high - f.outflow.best) for f in ranked],
            [_billions(f.outflow.best - f.outflow.low) for f in ranked],
        ]
        ax.barh(y, ins, color="#2a9d8f", label="inflow", xerr=in_err, ecolor="#555555", capsize=2)
        ax.barh(y, outs, color="#e76f51", label="outflow", xerr=out_err, ecolor="#555555", capsize=2)
        ax.scatter(
            [_billions(f.net.best) for f in ranked], y, color="black", marker="D", s=14, zorder=3, label="net"
        )
        ax.set_yticks(y)
        ax.set_yticklabels([f.entity for f in ranked])
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.set_xlabel("billions of USD (bars: best figure; whiskers: low–high)")
        ax.set_title("Money in and out, by entity")
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        return _png(fig)


def cycles_chart(data: ReportData, n: int = 3) -> bytes | None:
    """The largest priced cycles, one panel each: the entities on a circle in cycle order, every
    hop an arrow labelled with its amount in USD."""
    import math

    chosen = [c for c in data.cycles if c.bottleneck is not None][:n]
    if not chosen:
        return None
    rad = 0.25
    with _font_context(), warnings.catch_warnings():
        quiet_chart_warnings()
        fig = _figure(4.2 * len(chosen), 4.6)
        for k, c in enumerate(chosen):
            ax = fig.add_subplot(1, len(chosen), k + 1)
            count = len(c.nodes)
            pos = {
                x: (
                    math.cos(math.pi / 2 + 2 * math.pi * i / count),
                    math.sin(math.pi / 2 + 2 * math.pi * i / count),
                )
                for i, x in enumerate(c.nodes)
            }
            for h in c.hops:
                (x1, y1), (x2, y2) = pos[h.payer], pos[h.payee]
                ax.annotate(
                    "",
                    xy=(x2, y2),
                    xytext=(x1, y1),
                    arrowprops=dict(
                        arrowstyle="-|>",
                        color="#264653",
                        lw=1.4,
                        shrinkA=16,
                        shrinkB=16,
                        connectionstyle=f"arc3,rad={rad}",
                    ),
                )
                dx, dy = x2 - x1, y2 - y1
                lx, ly = (x1 + x2) / 2 + 0.75 * rad * dy, (y1 + y2) / 2 - 0.75 * rad * dx
                label = str(h.amount) if h.amount is not None else "no amount"
                ax.text(
                    lx,
                    ly,
                    label,
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="#264653",
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
                )
            for x, (px, py) in pos.items():
                ax.text(
                    px,
                    py,
                    x,
                    ha="center",
                    va="center",
                    fontsize=9,
                    bbox=dict(boxstyle="round,pad=0.4", fc="#e9c46a", ec="#264653"),
                )
            ax.set_xlim(-1.7, 1.7)
            ax.set_ylim(-1.6, 1.6)
            ax.set_aspect("equal")
            ax.axis("off")
            ax.set_title(f"#{k + 1} bottleneck {c.bottleneck} USD", fontsize=9)
        fig.tight_layout()
        return _png(fig)


def charts(data: ReportData) -> dict[str, bytes]:
    """The report's charts as PNG bytes, by name."""
    out = {"flows": flows_chart(data)}
    cyc = cycles_chart(data)
    if cyc is not None:
        out["cycles"] = cyc
    return out


# ---------------------------------------------------------------------- rendering


def _md_cell(s: Any) -> str:
    return md_text(s).replace("|", "\\|").replace("\n", " ")


def render_markdown(blocks: list[tuple], images: dict[str, str]) -> str:
    """Markdown; *images* maps a chart name to its (relative) file name.

    >>> print(render_markdown([("h2", "T"), ("table", ["a", "b"], [["1", "x|y"]])], {}))
    ## T
    <BLANKLINE>
    | a | b |
    |---|---|
    | 1 | x\\|y |
    <BLANKLINE>
    """
    out = []
    for blk in blocks:
        kind = blk[0]
        if kind in ("h1", "h2", "h3"):  # names come from articles and rules: literal text (kg/safe_text.py)
            out.append("#" * int(kind[1]) + " " + md_text(blk[1]) + "\n")
        elif kind == "p":
            out.append(md_text(blk[1]) + "\n")
        elif kind == "ul":
            out.append("\n".join(f"- {md_text(x)}" for x in blk[1]) + "\n")
        elif kind == "table":
            headers, rows = blk[1], blk[2]
            if not rows:
                out.append("(none)\n")
                continue
            lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
            lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
            out.append("\n".join(lines) + "\n")
        elif kind == "img" and blk[1] in images:
            out.append(f"![{blk[2]}]({images[blk[1]]})\n")
    return "\n".join(out)


def _h(s: Any) -> str:
    """HTML-escaped text; ``://`` is written ``&#58;//`` so no URL appears in the source.

    >>> _h("<a> https://x")
    '&lt;a&gt; https&#58;//x'
    """
    return html.escape(str(s), quote=True).replace("://", "&#58;//")


CSS = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #264653; padding-bottom: .2em; }
h2 { margin-top: 2em; color: #264653; border-bottom: 1px solid #ccc; }
h3 { margin-top: 1.5em; }
table { border-collapse: collapse; margin: .8em 0; font-size: 0.9em; }
th, td { border: 1px solid #ddd; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tr:nth-child(even) td { background: #fafafa; }
figure { margin: 1em 0; } figcaption { font-size: .85em; color: #555; }
img { max-width: 100%; }
"""


def render_html(blocks: list[tuple], images: dict[str, bytes]) -> str:
    """One self-contained HTML page; *images* maps a chart name to PNG bytes (embedded as data URIs).

    >>> page = render_html([("h1", "T"), ("img", "c", "cap")], {"c": b"PNG"})
    >>> "data:image/png;base64,UE5H" in page and "http" not in page
    True
    """
    title = next((b[1] for b in blocks if b[0] == "h1"), "kg report")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(title)}</title><style>{CSS}</style></head><body>",
    ]
    for blk in blocks:
        kind = blk[0]
        if kind in ("h1", "h2", "h3"):
            out.append(f"<{kind}>{_h(blk[1])}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{inline_html(blk[1])}</p>")  # markdown-it-py: code spans, escaped
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{inline_html(x)}</li>" for x in blk[1]) + "</ul>")
        elif kind == "table":
            headers, rows = blk[1], blk[2]
            if not rows:
                out.append("<p>(none)</p>")
                continue
            out.append(
                "<table><thead><tr>" + "".join(f"<th>{_h(x)}</th>" for x in headers) + "</tr></thead><tbody>"
            )
            out.extend("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in r) + "</tr>" for r in rows)
            out.append("</tbody></table>")
        elif kind == "img" and blk[1] in images:
            data = base64.b64encode(images[blk[1]]).decode("ascii")
            out.append(
                f'<figure><img alt="{_h(blk[2])}" src="data:image/png;base64,{data}">'
                f"<figcaption>{_h(blk[2])}</figcaption></figure>"
            )
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(source, out: str | Path = "outputs", **options) -> list[Path]:
    """Write ``report.md``, ``report.html`` and the chart PNGs into the folder *out*; return the paths.

    *source* is a :class:`~kg.api.KnowledgeGraph` or a graph; *options* go to :func:`build_report`.

    >>> import tempfile
    >>> paths = write_report(m.toy_graph(), tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['report.md', 'report.html', 'flows.png', 'cycles.png']
    >>> page = paths[1].read_text(encoding="utf-8")
    >>> "data:image/png;base64," in page, "http://" in page or "https://" in page
    (True, False)
    """
    data = build_report(source, **options)
    imgs = charts(data)
    blocks = report_blocks(data) + deal_blocks(source)  # every deal with its sentence and article
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    md = out / "report.md"
    page = out / "report.html"
    md.write_text(render_markdown(blocks, {k: f"{k}.png" for k in imgs}), encoding="utf-8")
    page.write_text(render_html(blocks, imgs), encoding="utf-8")
    written = [md, page]
    for name, png in imgs.items():
        p = out / f"{name}.png"
        p.write_bytes(png)
        written.append(p)
    return written
