"""Markdown articles: the visible text, as for HTML (offsets then refer to it).

A party written as a link (``[腾讯控股](https://...)``) must read as ``腾讯控股`` for the rules;
front matter (``---`` ... ``---``) gives the article's title and date and is not text.
Links and images keep their text, emphasis markers and heading hashes go; line breaks stay.

>>> text, meta = strip_markdown("---\\ndate: 2025-10-06\\ntitle: T\\n---\\n# 标题\\n[腾讯](https://x.invalid)向**美团**投资。")
>>> text, meta
('标题\\n腾讯向美团投资。', {'date': '2025-10-06', 'title': 'T'})
"""

from __future__ import annotations

import re

from .dates import parse_date

MARKDOWN_SUFFIXES = (".md", ".markdown")
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_FIELD = re.compile(r"^(title|date|published|pubdate)\s*:\s*[\"']?([^\"'\r\n]*)", re.M | re.I)
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`\n]+)`")


def strip_markdown(text: str) -> tuple[str, dict[str, str]]:
    """``(visible text, {"title"?, "date"?})`` of a Markdown article."""
    meta: dict[str, str] = {}
    fm = _FRONT.match(text)
    if fm:
        for key, value in _FIELD.findall(fm.group(1)):
            key = key.lower()
            if key == "title" and value.strip():
                meta.setdefault("title", value.strip())
            elif parse_date(value):
                meta.setdefault("date", parse_date(value))
        text = text[fm.end() :]
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _CODE.sub(r"\1", text)
    return text, meta
