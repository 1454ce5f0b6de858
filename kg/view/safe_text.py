"""Text from articles and user rules, made inert in the formats people open: CSV and Markdown.

An entity name comes from an article or a user rule, so it can be anything:
``=HYPERLINK("http://x","Nvidia")`` runs as a formula when a spreadsheet opens the CSV;
``<img src=x onerror=...>`` or ``[x](javascript:...)`` is live in a Markdown viewer.

>>> csv_cell('=HYPERLINK("http://x","Nvidia")')
'\\'=HYPERLINK("http://x","Nvidia")'
>>> csv_cell(-5), csv_cell("Nvidia")
(-5, 'Nvidia')
>>> md_text("[x](javascript:alert(1)) <img src=x onerror=alert(1)> a_b*c")
'\\\\[x\\\\](javascript:alert(1)) &lt;img src=x onerror=alert(1)&gt; a\\\\_b\\\\*c'
"""

from __future__ import annotations

from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: Any) -> Any:
    """*value*, with a text that a spreadsheet would read as a formula prefixed by ``'`` (OWASP)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_row(row: dict) -> dict:
    """Every cell of a CSV row through :func:`csv_cell`."""
    return {k: csv_cell(v) for k, v in row.items()}


_MD = str.maketrans(
    {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def md_text(s: Any) -> str:
    """*s* as literal Markdown text: no emphasis, link, code or raw HTML can start in it."""
    return str(s).translate(_MD)
