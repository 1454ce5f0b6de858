"""Markdown to HTML for the report's prose, with markdown-it-py (CommonMark, raw HTML off).

Text from articles (names, titles) may hold ``<``, ``&`` or quotes: with raw HTML disabled
markdown-it escapes them, so nothing from an article becomes markup. ``://`` is written
``&#58;//`` so no URL appears in the page's source (the report links nowhere).

>>> inline_html("An amount reads `best [low–high]` <b>x</b> https://a.invalid")
'An amount reads <code>best [low–high]</code> &lt;b&gt;x&lt;/b&gt; https&#58;//a.invalid'
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def inline_html(text: str) -> str:
    """One line of Markdown (code spans, emphasis) as escaped inline HTML."""
    return _md().renderInline(str(text)).replace("://", "&#58;//")


def escape_markdown(text: str) -> str:
    """*text* with Markdown's inline markers escaped, for names and sentences put into Markdown.

    >>> escape_markdown("A*B_C `x` [y]")
    'A\\\\*B\\\\_C \\\\`x\\\\` \\\\[y\\\\]'
    """
    out = str(text)
    for ch in "\\`*_[]<>":
        out = out.replace(ch, "\\" + ch)
    return out
