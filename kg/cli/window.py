"""``--since`` / ``--until`` for the commands over the store, ``--default-date`` for the
commands that read articles, and one output-format choice.

A deal's date is the one its sentence states, else its article's (see :mod:`kg.extract.dates`);
a partial date (``2025``, ``2025-10``) is in the window when any of its days is. Deals with
no date at all are left out once either bound is given. A malformed date is a usage error
(E004, exit code 2).
"""

from __future__ import annotations

import click

from ..errors import UsageError
from ..extract.dates import user_date


def _date(ctx, param, value):
    return None if value is None else user_date(value, param.opts[0])


def default_date_option(f):
    """Add ``--default-date`` (parameter ``default_date``): the date of articles that give none."""
    return click.option(
        "--default-date",
        callback=_date,
        metavar="DATE",
        help="Date the articles that give no date of their own (no metadata, front matter or dateline) "
        "as DATE (YYYY[-MM[-DD]]); their deals' date_origin is 'default'. Dated articles keep theirs.",
    )(f)


def date_options(f):
    """Add ``--since`` and ``--until`` (parameters ``since``, ``until``)."""
    f = click.option(
        "--until", callback=_date, metavar="DATE", help="Only deals dated on or before DATE (YYYY[-MM[-DD]])."
    )(f)
    return click.option(
        "--since", callback=_date, metavar="DATE", help="Only deals dated on or after DATE (YYYY[-MM[-DD]])."
    )(f)


class Window:
    """A KnowledgeGraph seen through a date window: its graph and deal queries keep the dated deals."""

    def __init__(self, kg, since: str | None, until: str | None):
        self._kg, self._since, self._until = kg, since, until

    def __getattr__(self, name):
        return getattr(self._kg, name)

    def to_networkx(self, **kw):
        return self._kg.to_networkx(since=self._since, until=self._until, **kw)

    def deals(self, **kw):
        kw.setdefault("since", self._since)
        kw.setdefault("until", self._until)
        return self._kg.deals(**kw)


def window(kg, since: str | None, until: str | None):
    """*kg* itself when no bound is given, else a :class:`Window` of it."""
    if since is None and until is None:
        return kg
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    return Window(kg, since, until)


def one_format(default: str, **chosen: bool) -> str:
    """The one output format asked for (``--json``, ``--csv``, ``--table``...), or a usage error.

    >>> one_format("table", json=True, csv=False, table=False)
    'json'
    >>> one_format("table", json=True, csv=False, table=True)
    Traceback (most recent call last):
    kg.errors.UsageError: [E004] --json and --table do not go together; choose one output format
    """
    on = [k for k, v in chosen.items() if v]
    if len(on) > 1:
        raise UsageError(f"{' and '.join('--' + k for k in on)} do not go together; choose one output format")
    return on[0] if on else default
