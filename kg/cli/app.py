"""The ``kg`` command line: a thin click layer over the library.

Exit codes: 0 success; 1 some inputs failed (the others were processed);
2 usage error (bad option, bad rule file); 3 store error.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import traceback
import warnings
from pathlib import Path

import click

from .. import __version__
from ..api import KnowledgeGraph
from ..dask import ingest as dask_ingest
from ..data import corpus_folder
from ..errors import KGError, RuleError, UsageError
from ..extract.inputs import ARTICLE_SUFFIXES, _tasks, check_inputs, iter_articles, walk_paths
from ..extract.parallel import analyze_all, default_jobs
from ..extract.stream import analyze_file
from ..guard import article_failure
from ..numbers import short_number
from ..rules import RuleSet, regex_budget, using
from ..store.database import busy_timeout
from ..store.queries import reprints_of_entity
from ..store.safety import DEMO_MARK, demo_may_replace, discard_if_empty, remove_store
from ..view.export import FORMATS, export
from ..view.graph_page import write_html
from ..view.report import write_report
from ..view.report_deals import articles_cell, date_cell, date_text
from ..view.safe_text import csv_row
from . import graph as graph_commands
from . import metrics as metric_commands
from . import rules as rule_commands
from .common import KindChoice, open_graph, render_table
from .errors import coded
from .window import date_options, default_date_option, one_format
from .words import plural

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class KGGroup(click.Group):
    """Turns library errors into one-line messages and exit codes (``--debug`` shows the traceback)."""

    def invoke(self, ctx):
        with warnings.catch_warnings():  # click 8.2 deprecates protected_args; 8.1 needs it for the args
            warnings.simplefilter("ignore", DeprecationWarning)
            args = [*ctx.protected_args, *ctx.args]  # the command's arguments, to name a failing path
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (OSError, sqlite3.Error) as exc:  # a damaged store, a full disk: coded too (kg/cli/errors.py)
            err = coded(exc, args)
            if err is None:
                raise
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"kg: error: {err}", err=True)
            ctx.exit(err.exit_code)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    metavar="DIR",
    help="A folder of your own rule files, read on top of the bundled ones (repeatable).",
)
@click.pass_context
def main(ctx, debug, rule_dirs):
    """kg: companies and the money between them, from Chinese financial news.

    \b
    Examples:
      kg extract article.txt --table      who pays whom in one article
      kg extract corpora/*.txt --jsonl    kg.article/1 records, one per line
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    # one rule set for the whole command: the bundled rules and the --rules folders, active
    # until the command ends (the workers and Dask tasks are handed it explicitly)
    rs = RuleSet([Path(d) for d in rule_dirs]) if rule_dirs else RuleSet.bundled()
    if rs.user_dirs:
        regex_budget.budget()  # a bad KG_REGEX_TIMEOUT is a usage error before anything runs
    ctx.obj["rules"] = rs
    ctx.with_resource(using(rs))


def _read_inputs(paths):
    """Yield (path, bytes or None) for each path; '-' reads standard input."""
    for p in paths:
        if p == "-":
            yield "-", sys.stdin.buffer.read()
        else:
            yield p, None


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "fmt", flag_value="json", default=True, help="Print kg.article/1 JSON (default).")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="Print one JSON record per line.")
@click.option("--table", "fmt", flag_value="table", help="Print a readable table of deals.")
@click.option("--compact", is_flag=True, help="JSON without indentation.")
@default_date_option
@click.pass_context
def extract(ctx, paths, fmt, compact, default_date):
    """Extract entities, amounts, deals and facts from articles.

    PATHS are text, Markdown or HTML files (UTF-8, UTF-16, GB18030 or Big5);
    use - for standard input. One article prints one JSON object, several
    print a JSON array (or JSON Lines with --jsonl). A text or Markdown file
    may open with a front matter block (---, title:, date:, source:, url:, ---).

    \b
    Examples:
      kg extract news.txt --json | jq '.deals[] | [.payer, .payee, .kind]'
      kg extract notes.txt --default-date 2025-10-06 --table
    """

    records, failed = [], 0
    items = list(_read_inputs(paths))
    show = len(items) > 1 and sys.stderr.isatty()
    with click.progressbar(items, label="extracting", file=sys.stderr) if show else _null(items) as bar:
        for path, data in bar:
            try:
                result = analyze_file(path, data, default_date=default_date)
            except RuleError:
                raise  # broken rules fail every file: stop once, exit 2 (the group reports it)
            except KGError as exc:
                if ctx.obj.get("debug"):
                    traceback.print_exc()
                click.echo(f"kg: error: {exc}", err=True)
                failed += 1
                continue
            except Exception as exc:  # noqa: BLE001 - one article's failure does not stop the batch
                err = article_failure(exc, path)
                if ctx.obj.get("debug"):
                    click.echo(err.details, err=True, nl=False)
                click.echo(f"kg: error: {err}", err=True)
                failed += 1
                continue
            for note in result.article.notes:
                click.echo(f"kg: warning: {path}: {note}", err=True)
            if fmt == "table":
                click.echo(format_table(result))
            elif fmt == "jsonl":
                click.echo(_one_line(json.dumps(result.to_dict(), ensure_ascii=False)))
            else:
                records.append(result.to_dict())
    if fmt == "json" and records:
        out = records[0] if len(paths) == 1 else records
        click.echo(json.dumps(out, ensure_ascii=False, indent=None if compact else 2))
    if failed:
        ctx.exit(EXIT_INPUT)


DB_OPTION = click.option(
    "--db",
    default="outputs/kg.db",
    show_default=True,
    metavar="PATH",
    help="The store (a SQLite file; kg ingest creates it when missing).",
)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--force", is_flag=True, help="Re-extract articles already in the store (after a rule change).")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for extraction (default: the number of CPUs). One process writes.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=None,
    help="Extract on a Dask cluster (scheduler address, or 'local' for a local one); needs kg[dask].",
)
@default_date_option
@click.pass_context
def ingest(ctx, paths, db, force, quiet, jobs, dask_address, default_date):
    """Analyse articles and add them to the store.

    PATHS are files, folders (searched recursively), globs, or - for standard
    input. .txt, .md and .html files are one article each (a .txt or .md file may
    open with front matter: ---, title:, date:, source:, url:, ---); .jsonl files
    hold one article per line: {"text": ..., "title": ..., "date": ..., "source": ..., "url": ...}.
    The same text twice is stored once; a file that fails is reported and the
    others go on (exit code 1).

    \b
    Examples:
      kg ingest corpora/ news/*.html --db outputs/kg.db
      kg ingest news.jsonl --jobs 2
      kg ingest clippings/ --default-date 2025-10   # for articles that give no date
      kg ingest 'archive/**/*.txt' --dask tcp://scheduler:8786
    """
    if jobs is not None and dask_address:
        raise UsageError("--jobs and --dask do not go together (the cluster decides its workers)")
    busy_timeout()  # a bad KG_BUSY_TIMEOUT is a usage error before anything else
    created = not Path(db).exists()
    if created:
        check_inputs(paths)  # nothing to read: fail before a store is created (exit 1)
    kg = open_graph(db)  # an existing store is checked first (folder, not a kg store, newer schema)
    if not created:
        check_inputs(paths)

    def on_item(label, outcome, error):
        if error:
            if ctx.obj.get("debug") and getattr(error, "details", ""):
                click.echo(error.details, err=True, nl=False)
            click.echo(f"kg: error: {error}", err=True)
        for note in getattr(outcome, "notes", None) or []:
            click.echo(f"kg: warning: {label}: {note}", err=True)

    progress = sys.stderr.isatty() and not quiet
    if dask_address:

        report = dask_ingest(
            kg, paths, dask_address, force=force, on_item=on_item, progress=progress, default_date=default_date
        )
    else:

        report = kg.ingest(
            *paths,
            force=force,
            on_item=on_item,
            progress=progress,
            jobs=jobs or default_jobs(),
            default_date=default_date,
        )
    if not quiet:
        c = kg.store.counts()
        click.echo(
            f"articles: {report.new} new, {report.skipped} skipped, {report.replaced} replaced, "
            f"{report.failed} failed"
        )
        click.echo(
            f"store {db}: {plural(c['articles'], 'article')}, {plural(c['entities'], 'entity', 'entities')}, "
            f"{plural(c['deals'], 'deal')} ({c['merged_deals']} told by several articles), "
            f"{plural(c['facts'], 'fact')}"
        )
    if created and discard_if_empty(kg.store):
        click.echo(f"kg: no article could be stored; {db} was not created", err=True)
    else:
        kg.close()
    if report.failed:
        ctx.exit(EXIT_INPUT)


@main.command()
@DB_OPTION
@click.option("--payer", help="Only deals paid by this entity (any alias, either script).")
@click.option("--payee", help="Only deals paid to this entity.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=KindChoice(),
    help="Only this kind of deal (repeatable).",
)
@click.option("--min-usd", type=float, help="Only deals of at least this many US dollars.")
@click.option(
    "--status",
    multiple=True,
    type=click.Choice(["announced", "planned", "rumoured", "completed"]),
    help="Only deals with this status (repeatable).",
)
@click.option(
    "--exclude-status",
    "excluded",
    multiple=True,
    type=click.Choice(["announced", "planned", "rumoured", "completed"]),
    help="Leave out deals with this status (repeatable).",
)
@date_options
@click.option("--limit", type=click.IntRange(min=1), help="Show at most N deals (the largest).")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of deals with every article's evidence.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV, one row per deal, with its sentence and article.")
@click.option("--table", "as_table", is_flag=True, help="A readable table (default).")
def deals(db, payer, payee, kinds, min_usd, status, excluded, since, until, limit, as_json, as_csv, as_table):
    """List the deals in the store, largest first.

    A deal's date is the one its sentence states, else its article's (--since and --until
    use it). "articles" counts independent articles: a reprint of a story counts once.

    \b
    Examples:
      kg deals --payer 輝達 --kind investment --kind loan
      kg deals --since 2025-10 --exclude-status rumoured --limit 20
      kg deals --min-usd 1e9 --json > deals.json
    """
    fmt = one_format("table", json=as_json, csv=as_csv, table=as_table)
    kg = open_graph(db, readonly=True)
    found = kg.deals(
        payer=payer,
        payee=payee,
        kinds=kinds or None,
        min_usd=min_usd,
        statuses=status or None,
        exclude_statuses=excluded or None,
        since=since,
        until=until,
        limit=limit,
    )
    if fmt == "json":
        click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        import csv
        import io

        order = {d.id: i for i, d in enumerate(found)}
        rows = sorted((r for r in kg.rows("deals") if r["id"] in order), key=lambda r: order[r["id"]])
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["id"])
        w.writeheader()
        w.writerows(csv_row(r) for r in rows)  # no cell a spreadsheet runs as a formula
        click.echo(buf.getvalue(), nl=False)
        return
    rows = [("id", "payer", "payee", "kind", "amount", "USD", "status", "date", "articles")]
    for d in found:
        amount = d.to_dict()["amount"]
        rows.append(
            (
                str(d.id),
                d.payer or "(unnamed)",
                d.payee,
                d.kind,
                (amount or {}).get("text") or "-",
                _money(amount),
                d.current.status,
                date_cell(d),
                articles_cell(d),
            )
        )
    click.echo(render_table(rows))
    click.echo(plural(len(found), "deal"))


@main.command()
@click.argument("name")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def entity(name, db, as_json):
    """Show one entity: names, type, facts, mentions and counterparties.

    NAME may be any alias or ticker, in either script (輝達, 英伟达, NVDA).
    """
    kg = open_graph(db, readonly=True)
    info = kg.entity(name)
    payers = [e.name for e in kg.neighbors(info.name, direction="in")]
    payees = [e.name for e in kg.neighbors(info.name, direction="out")]
    reprints = reprints_of_entity(kg.store, kg.resolve(info.name))
    if as_json:
        click.echo(
            json.dumps(
                {**info.to_dict(), "paid_by": payers, "pays": payees, "reprints": reprints},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        f"{info.name}  ({info.type}{', ' + info.ticker if info.ticker else ''}"
        f"{', discovered' if info.discovered else ''})"
    )
    click.echo(f"  names:    {', '.join(info.aliases)}")
    click.echo(f"  mentions: {info.mentions} in {info.articles} articles")
    click.echo(f"  paid by:  {', '.join(payers) or '-'}")
    click.echo(f"  pays:     {', '.join(payees) or '-'}")
    for r in reprints:
        click.echo(
            f"  reprint:  {r['title'] or r['path']} reprints {r['original_title'] or r['original_path']} "
            f"(similarity {r['similarity']:.2f})"
        )
    for f in info.facts:
        val = f"{f['value']} {f['currency'] or f['unit']}"
        click.echo(
            f"  fact:     {f['metric']} {f['period'] or ''} {val}"
            + (f" (from {f['counterparty']})" if f["counterparty"] else "")
        )


@main.command("export")
@DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    required=True,
    help="graphml and gexf open in Gephi; csv (and parquet, with kg[parquet]) write deals, entities "
    "and facts tables into the folder --out.",
)
@click.option(
    "--out", required=True, metavar="PATH", help="The file to write (a folder for csv and parquet)."
)
def export_cmd(db, fmt, out):
    """Export the graph of the store.

    \b
    Examples:
      kg export --format graphml --out outputs/kg.graphml
      kg export --format csv --out outputs/csv/
    """

    kg = open_graph(db, readonly=True)
    for path in export(kg, fmt, out):
        click.echo(f"wrote {path}")


@main.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Folder of articles (default: the bundled sample corpus, kg.data.corpora).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="outputs/demo",
    show_default=True,
    help="The demo's own folder: its store (kg.db), records, report and graph page. A kg.db there "
    "that kg demo did not create is left untouched (exit 2).",
)
def demo(corpus, out):
    """Ingest the bundled sample articles into a fresh store and show what it found.

    Writes OUT/kg.db (the demo's store), OUT/articles.jsonl (every kg.article/1
    record), the report (OUT/report.md, OUT/report.html) and the interactive
    graph OUT/graph.html, and prints the largest deals and the deals several
    articles told. It replaces OUT/kg.db only when an earlier kg demo made it:
    your own store (kg ingest's outputs/kg.db) is never touched.
    """

    folder = Path(corpus) if corpus else corpus_folder()
    paths = [Path(p) for _, p in walk_paths([folder], suffixes=ARTICLE_SUFFIXES)]
    if not paths:
        raise UsageError(f"no articles (.txt, .md, .html) in {folder}")
    out_dir = Path(out)
    db = out_dir / "kg.db"
    ok, why = demo_may_replace(db)
    if not ok:
        raise UsageError(f"{db} {why}; kg demo leaves it untouched: choose another --out")
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_store(db)
    kg = KnowledgeGraph.open(db)
    kg.store.set_meta("created_by", DEMO_MARK)
    items = list(iter_articles(paths))
    with (out_dir / "articles.jsonl").open("w", encoding="utf-8") as fh:

        def analysed():  # each article is extracted once: its record is written, then it is stored
            for outcome in analyze_all(_tasks(items), jobs=default_jobs()):
                if outcome[2] is not None:
                    fh.write(_one_line(json.dumps(outcome[2].to_dict(), ensure_ascii=False)) + "\n")
                yield outcome

        report = kg.write_results(analysed(), total=len(items))
    c = kg.store.counts()
    click.echo(
        f"{plural(report.new, 'article')} ingested into {db}: {plural(c['entities'], 'entity', 'entities')}, "
        f"{plural(c['deals'], 'deal')} ({c['merged_deals']} told by several articles), "
        f"{plural(c['facts'], 'fact')}\n"
    )
    all_deals = kg.deals()

    def summary(deals) -> str:
        rows = [("payer", "payee", "kind", "amount", "articles")]
        for d in deals:
            amount = _money(d.to_dict()["amount"])
            rows.append((d.payer or "(unnamed)", d.payee, d.kind, amount, str(len(d.independent_articles))))
        return render_table(rows)

    click.echo("Largest deals:\n" + summary(all_deals[:15]) + "\n")
    # a reprint of a story is not a second source
    several = [d for d in all_deals if len(d.independent_articles) > 1]
    click.echo("Told by several articles:\n" + summary(several))

    for p in write_report(kg, out_dir):
        click.echo(f"wrote {p}")
    click.echo(
        f"wrote {write_html(kg, out_dir / 'graph.html')}  (the interactive graph: open it in a browser)"
    )
    click.echo(
        f"\nrecords: {out_dir / 'articles.jsonl'}   store: {db}   next: kg deals --db {db} --payer OpenAI"
    )


class _null:
    def __init__(self, items):
        self.items = items

    def __enter__(self):
        return self.items

    def __exit__(self, *exc):
        return False


def _money(d: dict | None) -> str:
    if not d:
        return "-"
    if d.get("usd") is not None:
        v = d["usd"]
    elif d.get("low_usd") is not None or d.get("high_usd") is not None:
        lo, hi = d.get("low_usd"), d.get("high_usd")
        return f"{short_number(lo) if lo is not None else '?'}–{short_number(hi) if hi is not None else '?'} USD"
    else:
        return d.get("text") or "-"
    return f"{'~' if d.get('approx') else ''}{short_number(v)} USD"




def format_table(result) -> str:
    """A plain-text table of an article's deals."""
    d = result.to_dict()
    rows = [("payer", "payee", "kind", "amount", "as written", "status", "date")]
    for deal in d["deals"]:
        rows.append(
            (
                deal["payer"] or "(unnamed)",
                deal["payee"] or "?",
                deal["kind"],
                _money(deal["amount"]),
                (deal["amount"] or {}).get("text") or "-",
                deal["status"],
                date_text(deal["date"], deal.get("date_origin")),
            )
        )
    head = (
        f"{d['article']['path'] or '-'}  ({d['article']['script']}, {d['article']['encoding']}, "
        f"{plural(len(d['entities']), 'entity', 'entities')}, {plural(len(d['deals']), 'deal')}, "
        f"{plural(len(d['facts']), 'fact')})"
    )
    return head + "\n" + render_table(rows)


# the other command groups, one module each
main.add_command(graph_commands.graph)
for _command in (metric_commands.flows, metric_commands.cycles, metric_commands.exposure, metric_commands.report):
    main.add_command(_command)
main.add_command(rule_commands.rules_group)


def _one_line(record: str) -> str:
    r"""A JSON record with the characters that end a line for :meth:`str.splitlines` but not for JSON
    (U+0085, U+2028, U+2029 in an article's text) escaped, so that one record is one line.

    >>> _one_line('{"t": "a' + chr(0x2028) + 'b"}')
    '{"t": "a\\u2028b"}'
    """
    return record.replace("\x85", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


if __name__ == "__main__":  # pragma: no cover
    main()
