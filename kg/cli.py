"""The ``kg`` command line: a thin click layer over the library.

Exit codes: 0 success; 1 some inputs failed (the others were processed);
2 usage error (bad option, bad rule file); 3 store error.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import KGError, RuleError, UsageError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3


class KGGroup(click.Group):
    """Turns library errors into one-line messages and exit codes (``--debug`` shows the traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KGError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"kg: error: {exc}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=KGGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def main(ctx, debug):
    """kg: companies and the money between them, from Chinese financial news.

    \b
    Examples:
      kg extract article.txt --table      who pays whom in one article
      kg extract corpora/*.txt --jsonl    kg.article/1 records, one per line
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


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
@click.pass_context
def extract(ctx, paths, fmt, compact):
    """Extract entities, amounts, deals and facts from articles.

    PATHS are text, Markdown or HTML files (UTF-8, UTF-16, GB18030 or Big5);
    use - for standard input. One article prints one JSON object, several
    print a JSON array (or JSON Lines with --jsonl).

    \b
    Example:
      kg extract news.txt --json | jq '.deals[] | [.payer, .payee, .kind]'
    """
    from .pipeline import analyze_file

    records, failed = [], 0
    items = list(_read_inputs(paths))
    show = len(items) > 1 and sys.stderr.isatty()
    with click.progressbar(items, label="extracting", file=sys.stderr) if show else _null(items) as bar:
        for path, data in bar:
            try:
                result = analyze_file(path, data)
            except RuleError:
                raise  # broken rules fail every file: stop once, exit 2 (the group reports it)
            except KGError as exc:
                if ctx.obj.get("debug"):
                    traceback.print_exc()
                click.echo(f"kg: error: {exc}", err=True)
                failed += 1
                continue
            if fmt == "table":
                click.echo(format_table(result))
            elif fmt == "jsonl":
                click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
            else:
                records.append(result.to_dict())
    if fmt == "json" and records:
        out = records[0] if len(paths) == 1 else records
        click.echo(json.dumps(out, ensure_ascii=False, indent=None if compact else 2))
    if failed:
        ctx.exit(EXIT_INPUT)


@main.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False),
    default=None,
    help="Folder of articles (default: the bundled corpora/).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="outputs",
    show_default=True,
    help="Where to write the extracted records.",
)
@click.pass_context
def demo(ctx, corpus, out):
    """Run kg on the bundled sample articles and show what it found.

    Writes every kg.article/1 record to OUT/articles.jsonl and prints the
    deals of each article as a table.
    """
    from .pipeline import analyze_file

    root = Path(__file__).resolve().parent.parent
    folder = Path(corpus) if corpus else root / "corpora"
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".txt", ".md", ".html", ".htm"))
    if not paths:
        raise UsageError(f"no articles (.txt, .md, .html) in {folder}")
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "articles.jsonl"
    n_deals = n_entities = 0
    with target.open("w", encoding="utf-8") as fh:
        for p in paths:
            result = analyze_file(p)
            fh.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            click.echo(format_table(result) + "\n")
            n_deals += len(result.deals)
            n_entities += len(result.entities)
    click.echo(f"{len(paths)} articles, {n_entities} entities, {n_deals} deals; records in {target}")


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
        return f"{_short(lo) if lo is not None else '?'}–{_short(hi) if hi is not None else '?'} USD"
    else:
        return d.get("text") or "-"
    return f"{'~' if d.get('approx') else ''}{_short(v)} USD"


def _short(v: float) -> str:
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= div:
            return f"{v / div:.4g}{suffix}"
    return f"{v:.4g}"


def format_table(result) -> str:
    """A plain-text table of an article's deals."""
    d = result.to_dict()
    rows = [("payer", "payee", "kind", "amount", "status", "date")]
    for deal in d["deals"]:
        rows.append(
            (
                deal["payer"] or "(unnamed)",
                deal["payee"] or "?",
                deal["kind"],
                _money(deal["amount"]),
                deal["status"],
                deal["date"] or "",
            )
        )
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        f"{d['article']['path'] or '-'}  ({d['article']['script']}, {d['article']['encoding']}, "
        f"{len(d['entities'])} entities, {len(d['deals'])} deals, {len(d['facts'])} facts)"
    ]
    for i, r in enumerate(rows):
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(s))


def _pad(s: str, w: int) -> str:
    return str(s) + " " * (w - _width(s))


if __name__ == "__main__":  # pragma: no cover
    main()
