"""The money commands of the ``kg`` command line: ``kg flows``, ``kg cycles``, ``kg exposure`` and
``kg report`` (added to :func:`kg.cli.app.main` with ``add_command``).

Every command opens the store read-only. Amounts are US dollars (``best [low–high]`` when not
exact); deals without an amount are counted and listed, never added as zero.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import click

from ..analysis import metrics as m
from ..api import KnowledgeGraph
from ..numbers import short_number
from ..view.report import _pct as pct
from ..view.report import exposure_blocks, write_report
from .common import KindChoice, render_table
from .window import date_options, window

STATUS_CHOICE = click.Choice(list(m.STATUSES))
KIND_CHOICE = KindChoice()


def _band(ctx, param, value) -> Decimal:
    try:
        band = Decimal(str(value))
    except ArithmeticError:
        band = Decimal(-1)
    if not (0 <= band < 1):
        raise click.BadParameter("a fraction in [0, 1), e.g. 0.1")
    return band


def _money_options(f):
    """--db, --status, --exclude-status, --kind, --rates and --approx-band."""
    options = [
        click.option(
            "--db",
            default="outputs/kg.db",
            show_default=True,
            metavar="PATH",
            help="The store (a SQLite file), opened read-only.",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=STATUS_CHOICE,
            help="Only deals with this status (repeatable; default: all).",
        ),
        click.option(
            "--exclude-status",
            "excluded",
            multiple=True,
            type=STATUS_CHOICE,
            help="Leave out deals with this status (repeatable), e.g. --exclude-status rumoured.",
        ),
        click.option(
            "--kind",
            "kinds",
            multiple=True,
            type=KIND_CHOICE,
            help="Only deals of this kind (repeatable; default: every kind but partnership).",
        ),
        click.option(
            "--rates",
            type=click.Path(exists=True, dir_okay=False),
            default=None,
            help="A YAML file of dated exchange rates (default: rules/currencies.yaml).",
        ),
        click.option(
            "--approx-band",
            default="0.1",
            callback=_band,
            show_default=True,
            help="Relative width given to approximate amounts (約, 左右) and open bounds (逾, 最高).",
        ),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def _selection(statuses, excluded, kinds, rates, approx_band) -> dict:
    chosen = set(statuses) if statuses else set(m.STATUSES)
    chosen -= set(excluded)
    return {
        "statuses": sorted(chosen) if (statuses or excluded) else None,
        "kinds": sorted(kinds) if kinds else None,
        "rates": rates,
        "approx_band": approx_band,
    }


def _open(db: str):
    return KnowledgeGraph.open(db, readonly=True)


def _fmt_option(f):
    f = click.option("--csv", "fmt", flag_value="csv", help="CSV.")(f)
    f = click.option("--json", "fmt", flag_value="json", help="JSON.")(f)
    return click.option(
        "--table", "fmt", flag_value="table", default=True, help="A readable table (default)."
    )(f)


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["entity"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _iv_cols(prefix: str, iv: m.Interval | None) -> dict:
    if iv is None:
        return {f"{prefix}_low": "", f"{prefix}_usd": "", f"{prefix}_high": ""}
    return {f"{prefix}_low": str(iv.low), f"{prefix}_usd": str(iv.best), f"{prefix}_high": str(iv.high)}


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def _text(blocks: list[tuple]) -> str:
    """Report blocks as plain text for the terminal."""
    out = []
    for blk in blocks:
        kind = blk[0]
        if kind in ("h1", "h2", "h3"):
            out.append(("\n" if out else "") + blk[1])
        elif kind == "p":
            out.append(blk[1])
        elif kind == "ul":
            out.extend(f"  - {x}" for x in blk[1])
        elif kind == "table" and blk[2]:
            out.append("")
            out.append(render_table([tuple(blk[1]), *[tuple(r) for r in blk[2]]]))
    return "\n".join(out)


@click.command()
@_money_options
@click.option(
    "--top", default=20, show_default=True, help="Show the N entities with the largest gross flow (0: all)."
)
@_fmt_option
@date_options
def flows(db, statuses, excluded, kinds, rates, approx_band, top, fmt, since, until):
    """Money in and out of each entity: inflow, outflow, net and gross, in US dollars.

    Ranges and approximate amounts are carried as intervals (`best [low–high]`); deals without
    an amount are counted in their own column, never as zero. Over all the entities the nets
    sum to zero. The footer gives the gross volume and how much of it multilateral netting
    would cancel.

    \b
    Examples:
      kg flows                                   every entity, largest gross first
      kg flows --exclude-status rumoured --exclude-status planned
      kg flows --kind investment --json          by kind, with intervals
      kg flows --top 0 --csv > flows.csv
    """
    opts = _selection(statuses, excluded, kinds, rates, approx_band)
    G = window(_open(db), since, until).to_networkx()
    table = m.net_flows(G, **opts)
    ranked = sorted(table.values(), key=lambda f: (-f.gross.best, f.entity))
    ranked = [f for f in ranked if f.deals_in or f.deals_out]
    shown = ranked[:top] if top else ranked
    if fmt == "json":
        click.echo(_json([f.to_dict() for f in shown]))
        return
    if fmt == "csv":
        rows = [
            {
                "entity": f.entity,
                **_iv_cols("inflow", f.inflow),
                **_iv_cols("outflow", f.outflow),
                **_iv_cols("net", f.net),
                **_iv_cols("gross", f.gross),
                "deals_in": f.deals_in,
                "deals_out": f.deals_out,
                "unpriced_in": len(f.unpriced_in),
                "unpriced_out": len(f.unpriced_out),
            }
            for f in shown
        ]
        click.echo(_csv(rows), nl=False)
        return
    rows = [("entity", "inflow USD", "outflow USD", "net USD", "deals in/out", "no amount in/out")]
    for f in shown:
        rows.append(
            (
                f.entity,
                str(f.inflow),
                str(f.outflow),
                str(f.net),
                f"{f.deals_in}/{f.deals_out}",
                f"{len(f.unpriced_in)}/{len(f.unpriced_out)}",
            )
        )
    click.echo(render_table(rows))
    comp = m.compression(G, **opts)
    net_sum = sum((f.net.best for f in table.values()), Decimal(0))
    click.echo(
        f"{len(shown)} of {len(ranked)} entities; {comp.deals} deals, {comp.unpriced} without an amount; "
        f"gross {comp.gross} USD; nets sum to {short_number(net_sum)}; "
        f"multilateral netting cancels {_pct(comp.ratio)}"
    )


def _pct(iv) -> str:
    return pct(iv)


@click.command()
@_money_options
@click.option("--max-len", default=4, show_default=True, help="The longest cycle, in entities.")
@click.option(
    "--time-limit",
    default=10.0,
    show_default=True,
    help="Stop searching after this many seconds (0: no limit).",
)
@click.option("--top", default=20, show_default=True, help="Show the N largest cycles (0: all).")
@_fmt_option
@date_options
def cycles(db, statuses, excluded, kinds, rates, approx_band, max_len, time_limit, top, fmt, since, until):
    """Circular money paths (A pays B, B pays C, C pays A), largest bottleneck first.

    The bottleneck is the least amount on the way round: what can go all the way around.
    Deals between the same payer and payee are summed into one hop; a cycle with a hop of
    unknown amount is listed after the priced ones.

    \b
    Examples:
      kg cycles                                  e.g. Nvidia → OpenAI → Oracle → Nvidia
      kg cycles --max-len 3 --status announced --status completed
      kg cycles --json     a list of {"nodes": [...], "deals": [...], "bottleneck_usd": ...}
      kg cycles --csv > cycles.csv
    """
    opts = _selection(statuses, excluded, kinds, rates, approx_band)
    G = window(_open(db), since, until).to_networkx()
    found = m.cycles(G, max_len=max_len, time_limit=time_limit or None, limit=top or None, **opts)
    if fmt == "json":
        click.echo(_json([c.to_dict() for c in found]))
        return
    if fmt == "csv":
        rows = [
            {
                "rank": i,
                "nodes": " > ".join(c.nodes),
                "length": len(c.nodes),
                **_iv_cols("bottleneck", c.bottleneck),
                "deals": " ".join(str(d.deal_id) for d in c.deals),
            }
            for i, c in enumerate(found, 1)
        ]
        click.echo(
            _csv(rows) if rows else "rank,nodes,length,bottleneck_low,bottleneck_usd,bottleneck_high,deals\n",
            nl=False,
        )
        return
    if not found:
        click.echo(f"no circular money path of at most {max_len} entities")
        return
    rows = [("#", "cycle", "bottleneck USD", "hops (USD)", "deals")]
    for i, c in enumerate(found, 1):
        rows.append(
            (
                str(i),
                " → ".join([*c.nodes, c.nodes[0]]),
                str(c.bottleneck) if c.bottleneck else "unpriced hop",
                "; ".join(f"{h.payer}→{h.payee} {h.amount if h.amount else 'no amount'}" for h in c.hops),
                ",".join(str(d.deal_id) for d in c.deals),
            )
        )
    click.echo(render_table(rows))
    note = "" if found.complete else " (search stopped at the time limit; raise --time-limit for more)"
    click.echo(f"{len(found)} of {found.found} cycles{note}")


@click.command()
@click.argument("name")
@_money_options
@_fmt_option
@date_options
def exposure(name, db, statuses, excluded, kinds, rates, approx_band, fmt, since, until):
    """How exposed one entity is to its counterparties.

    NAME may be any alias or ticker, in either script (輝達, 英伟达, NVDA). Shows the
    counterparties ranked by money in and out with their roles (investor, customer, supplier,
    lender, ...), concentration (largest share, top two, Herfindahl index), revenue shares the
    articles state (微軟佔營收62%), commitments against the entity's stated revenue, and vendor
    financing: an investor putting money into a company that buys from it.

    \b
    Examples:
      kg exposure CoreWeave
      kg exposure 輝達 --exclude-status rumoured
      kg exposure OpenAI --json
      kg exposure OpenAI --csv > openai_counterparties.csv
    """

    opts = _selection(statuses, excluded, kinds, rates, approx_band)
    kg = window(_open(db), since, until)
    info = kg.entity(name)
    G = kg.to_networkx()
    e = m.exposure(G, info.name, facts=info.facts, **opts)
    if fmt == "json":
        click.echo(_json(e.to_dict()))
        return
    if fmt == "csv":
        rows = [
            {
                "counterparty": c.name,
                "roles": "; ".join(c.roles),
                **_iv_cols("inflow", c.inflow),
                **_iv_cols("outflow", c.outflow),
                "deals_in": " ".join(str(d.deal_id) for d in c.deals_in),
                "deals_out": " ".join(str(d.deal_id) for d in c.deals_out),
                "share_in": "" if c.share_in is None else str(c.share_in),
                "share_out": "" if c.share_out is None else str(c.share_out),
                "stated_share": "" if c.stated_share is None else str(c.stated_share),
            }
            for c in e.counterparties
        ]
        click.echo(_csv(rows), nl=False)
        return
    click.echo(_text(exposure_blocks(e, top=10**6)))


@click.command()
@_money_options
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="outputs",
    show_default=True,
    help="The folder to write report.md, report.html and the charts into.",
)
@click.option("--top", default=15, show_default=True, help="Rows per table.")
@click.option(
    "--exposures", default=5, show_default=True, help="Exposure tables for the N most connected entities."
)
@click.option("--max-len", default=4, show_default=True, help="The longest cycle, in entities.")
@click.option(
    "--time-limit", default=10.0, show_default=True, help="Seconds allowed for the cycle search (0: none)."
)
@date_options
def report(
    db, statuses, excluded, kinds, rates, approx_band, out, top, exposures, max_len, time_limit, since, until
):
    """Write a report of the store: Markdown and a self-contained HTML page, with charts.

    The report has the top flows by entity and by pair, the circular money paths and how
    much of each entity's inflow comes back around, vendor financing, the exposure tables of
    the most connected entities and the deals without an amount. report.html needs nothing
    else (charts are embedded); report.md refers to the PNG files written next to it.

    \b
    Examples:
      kg report                                  writes outputs/report.md and outputs/report.html
      kg report --out /tmp/kg --exclude-status rumoured
    """

    opts = _selection(statuses, excluded, kinds, rates, approx_band)
    kg = window(_open(db), since, until)
    paths = write_report(
        kg, out, top=top, exposures=exposures, max_len=max_len, time_limit=time_limit or None, **opts
    )
    for p in paths:
        click.echo(f"wrote {p}")
