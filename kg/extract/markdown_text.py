"""Markdown articles: the visible text, as for HTML (offsets then refer to it).

A party written as a link (``[腾讯控股](https://...)``) must read as ``腾讯控股`` for the rules.
Links and images keep their text, emphasis markers and heading hashes go; line breaks stay.
Front matter is read before, as for plain text (:mod:`kg.extract.front_matter`).

>>> strip_markdown("# 标题\\n[腾讯](https://x.invalid)向**美团**投资。")
'标题\\n腾讯向美团投资。'
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown")
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*\S+.*$", re.M)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_EMPHASIS = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_CODE = re.compile(r"`([^`\n]+)`")


def strip_markdown(text: str) -> str:
    """The visible text of a Markdown article (its front matter already taken off)."""
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_DEF.sub("", text)
    text = _HEADING.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _CODE.sub(r"\1", text)
    return text
