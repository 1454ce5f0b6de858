"""Front matter: the metadata block at the top of a plain-text or Markdown article.

A block opens on the very first line with ``---`` and closes with the next ``---`` line;
every line in between is a ``key: value`` field (YAML's simple form: also indented
continuation lines, ``#`` comments and blank lines). ``title``, ``date`` (or ``published``,
``pubdate``), ``source`` and ``url`` are read; other keys are allowed and ignored. The block
is metadata, not text: offsets refer to what follows it. A block with any other line (a
horizontal rule above a paragraph) is not front matter, and the text is left whole.

>>> split_front_matter("---\\ntitle: 标题\\ndate: 2025-09-22\\nsource: 财联社\\ntags: [a]\\n---\\n标题\\n正文")
('标题\\n正文', {'title': '标题', 'date': '2025-09-22', 'source': '财联社'})
>>> split_front_matter("---\\n公司公告\\n---\\n正文")
('---\\n公司公告\\n---\\n正文', {})
"""

from __future__ import annotations

import re

FIELDS = {"title": "title", "date": "date", "published": "date", "pubdate": "date", "source": "source", "url": "url"}
"""The keys read, and the metadata each one gives (the first key given for a metadata wins)."""

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n?^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_LINE = re.compile(r"(?:[A-Za-z_][\w-]*[ \t]*:(?:[ \t].*)?|[ \t]+\S.*|#.*|[ \t]*)")
_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """``(text after the block, {"title"?, "date"?, "source"?, "url"?})``; ``(text, {})`` without one.

    Values are stripped of spaces and of one pair of enclosing quotes; empty ones are left
    out. The date is as written (:func:`kg.extract.dates.parse_date` reads it).
    """
    m = _BLOCK.match(text)
    if not m:
        return text, {}
    lines = m.group(1).splitlines()
    if not all(_LINE.fullmatch(line) for line in lines):
        return text, {}
    meta: dict[str, str] = {}
    for line in lines:
        f = _FIELD.fullmatch(line)
        if not f or f.group(1).lower() not in FIELDS:
            continue
        value = f.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1].strip()
        if value:
            meta.setdefault(FIELDS[f.group(1).lower()], value)
    return text[m.end() :], meta
