"""What the command modules share: opening the store and printing aligned tables."""

from __future__ import annotations

import unicodedata

import click

from ..api import KnowledgeGraph
from ..kinds import deal_kinds


def open_graph(db: str, readonly: bool = False) -> KnowledgeGraph:
    """The corpus graph in the store *db*."""
    return KnowledgeGraph.open(db, readonly=readonly)


def render_table(rows) -> str:
    """Rows of strings as aligned columns (wide CJK characters count double).

    >>> print(render_table([("a", "bb"), ("公司", "1")]))
    a     bb
    ----  --
    公司  1
    """
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for i, r in enumerate(rows):
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(s))


def _pad(s: str, w: int) -> str:
    return str(s) + " " * (w - _width(s))


class KindChoice(click.Choice):
    """``--kind``: a deal kind of the active rule set (``rules/kinds.yaml`` and the ``--rules``
    folders' additions), looked up when the option is read, after the ``kg`` group made the
    rule set active."""

    def __init__(self) -> None:
        super().__init__((), case_sensitive=True)

    @property
    def choices(self):
        return deal_kinds().names

    @choices.setter
    def choices(self, value) -> None:  # click.Choice.__init__ sets it; the kinds come from the rules
        pass
