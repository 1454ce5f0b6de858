"""``kg rules``: check the rule files (added to the ``kg`` group by :mod:`kg.cli.app`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..rules import active
from ..rules.checks import check_all


@click.group("rules")
def rules_group():
    """Work with the rule files (bundled, and your own with --rules DIR)."""


@rules_group.command("check")
@click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    metavar="DIR",
    help="A folder of your own rule files to check on top of the bundled ones (repeatable).",
)
@click.pass_context
def check(ctx, rule_dirs):
    """Load and validate every rule file: YAML, fields, patterns, aliases.

    Runs the same loaders as the pipeline (so every regular expression is
    compiled and every alias indexed) and prints one line per file; warns (on
    standard error, exit code unchanged) about an entry listed twice in a list and
    an entry with a space next to a Chinese character (a missing comma). Exit code 0
    when all is well, 2 with the file, line and what was expected otherwise.

    \b
    Examples:
      kg rules check
      kg rules check --rules my_rules/
      kg --rules my_rules/ rules check
    """

    rs = active().with_dirs([Path(d) for d in rule_dirs])
    report = check_all(rs)
    for f in report.files:
        click.echo(f"{'user' if f.user else 'ok  '}  {f.path}: {f.summary}")
        for w in f.warnings:
            click.echo(f"kg: warning: {f.path}: {w}", err=True)
    for e in report.errors:
        click.echo(f"kg: error: {e}", err=True)
    n = len(report.files)
    if report.ok:
        click.echo(f"{n} rule files checked, all valid")
        return
    click.echo(f"{n} rule files checked, {len(report.errors)} error(s)", err=True)
    ctx.exit(2)
