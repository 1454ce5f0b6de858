"""``kg graph``: the interactive graph page (added to the ``kg`` group by :mod:`kg.cli.app`)."""

from __future__ import annotations

import click

from ..model import STATUSES
from ..view.graph_page import write_html
from .common import KindChoice, open_graph
from .window import date_options, window


@click.command("graph")
@click.option(
    "--db",
    default="outputs/kg.db",
    show_default=True,
    metavar="PATH",
    help="The store (a SQLite file), opened read-only.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    default="outputs/graph.html",
    show_default=True,
    help="The HTML file to write (its folder is created).",
)
@click.option("--min-usd", type=float, metavar="N", help="Only deals of at least N US dollars.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=KindChoice(),
    help="Only deals of this kind (repeatable; default: every kind).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(list(STATUSES)),
    help="Only deals with this status (repeatable; default: all).",
)
@click.option("--entity", metavar="NAME", help="Only this entity and those within --depth deals of it.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=None,
    help="How many deals away from --entity to go  [default: 2].",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Keep the N entities with the largest gross flow (0: all).",
)
@click.option("--title", help="The page title.")
@date_options
def graph(db, out, min_usd, kinds, statuses, entity, depth, top, title, since, until):
    """Write the interactive graph page: one HTML file that works offline.

    Entities are nodes (sized by gross flow, coloured by type); deals are arrows the way the
    money goes (coloured by kind, wider for larger amounts, solid when completed, long-dashed
    when announced, dashed when planned, dotted when rumoured). Click an entity for its deals, a deal for its evidence sentences and articles;
    find an entity by any alias, filter by kind and amount, and highlight circular money
    paths, all in the page. Every script and style is inside the file: no network needed.

    \b
    Examples:
      kg graph                                   writes outputs/graph.html
      kg graph --entity 輝達 --depth 1            Nvidia and its counterparties
      kg graph --min-usd 1e9 --status announced --status completed
      kg graph --top 300 --out /tmp/big.html     a large store: the 300 largest entities
    """

    kg = window(open_graph(db, readonly=True), since, until)
    path = write_html(
        kg,
        out,
        kinds=kinds or None,
        statuses=statuses or None,
        min_usd=min_usd,
        entity=entity,
        depth=depth,
        top=top or None,
        title=title,
    )
    click.echo(f"wrote {path}")
