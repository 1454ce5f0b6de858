"""Sentence templates: a sentence with its mentions and amounts as placeholder characters.

Relation and fact rules are regular expressions over the template, where
``{PAYER}``, ``{PAYEE}``, ``{ENTITY}`` stand for an entity mention (Ⓔ),
``{MONEY}`` for a money amount (Ⓜ), ``{QTY}`` for another quantity (Ⓠ) and
``{PCT}`` for a percentage (Ⓟ). Each placeholder is one character, and
:class:`Template` maps template positions back to the objects and to
offsets in the article.

>>> t = Template("甲向乙投资5亿", 0, [(0, 1, "E", "甲"), (2, 3, "E", "乙"), (5, 7, "M", "5亿")])
>>> t.text
'Ⓔ向Ⓔ投资Ⓜ'
>>> t.obj(0), t.offset(4)
('甲', 4)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from ..errors import RuleError
from ..rules.regex_budget import compile_rule_pattern
from ..rules.regex_safety import nested_unbounded

MARK = {"E": "Ⓔ", "M": "Ⓜ", "Q": "Ⓠ", "P": "Ⓟ"}


@dataclass
class Template:
    """A sentence ``simp[start:...]`` with placeholders."""

    text: str
    start: int
    _objs: dict[int, Any]
    _offsets: list[int]

    def __init__(self, simp_sentence: str, start: int, items: list[tuple[int, int, str, Any]]):
        """*items* are ``(abs_start, abs_end, kind, obj)`` inside the sentence, non-overlapping."""
        parts, offsets, objs = [], [], {}
        pos = start
        end_abs = start + len(simp_sentence)
        for s, e, kind, obj in sorted(items, key=itemgetter(0)):
            if s < pos or e > end_abs:
                continue
            chunk = simp_sentence[pos - start : s - start]
            parts.append(chunk)
            offsets.extend(range(pos, s))
            objs[len(offsets)] = obj
            parts.append(MARK[kind])
            offsets.append(s)
            pos = e
        parts.append(simp_sentence[pos - start :])
        offsets.extend(range(pos, end_abs))
        offsets.append(end_abs)
        self.text = "".join(parts)
        self.start = start
        self._objs = objs
        self._offsets = offsets
        self._marks: dict[str, list[int]] = {}  # positions() per mark: asked again and again per match

    def obj(self, i: int) -> Any:
        return self._objs.get(i)

    def objs_in(self, i: int, j: int, mark: str = "Ⓔ") -> list[Any]:
        return [self._objs[k] for k in range(i, j) if self.text[k] == mark and k in self._objs]

    def offset(self, i: int) -> int:
        """Article offset of template position *i*."""
        return self._offsets[i]

    def positions(self, mark: str) -> list[int]:
        """Where *mark* stands in the text, in order (the same list each time: read it, do not change it)."""
        out = self._marks.get(mark)
        if out is None:
            out, text = [], self.text
            i = text.find(mark)
            while i >= 0:
                out.append(i)
                i = text.find(mark, i + 1)
            self._marks[mark] = out
        return out


def _refuse_nested_repeats(pattern: str, expanded: str, where: str) -> None:
    if nested_unbounded(expanded):
        raise RuleError(
            f"pattern {pattern!r} has an unbounded repeat inside another (like (?:a+)+), which can take "
            "exponential time; bound the inner one ({0,8}) or write it without nesting",
            path=where or None,
        )


def party_list(joiners: Sequence[str]) -> str:
    """The regex of a list of parties in a template: names joined by one of *joiners*.

    Between two names stands a joiner (``party_joiners`` of rules/relations.yaml), maybe after a
    bracket tail ((MSFT.O)和) and before a descriptor or a short role in brackets (甲(牵头方)、乙).

    >>> pat = re.compile(party_list(["、", "和"]))
    >>> pat.fullmatch("Ⓔ、Ⓔ和Ⓔ") is not None, pat.fullmatch("Ⓔ(牵头方)、Ⓔ") is not None
    (True, True)
    >>> pat.fullmatch("Ⓔ与Ⓔ") is None
    True
    """
    if not joiners:
        return "Ⓔ"  # no words join names: a list is one name
    joiner = "(?:" + "|".join(re.escape(j) for j in sorted(joiners, key=len, reverse=True)) + ")"
    return r"Ⓔ(?:(?:\([^()Ⓔ,。、]{1,10}\)|[^Ⓔ,。、\u4e00-\u9fff]{0,4}?)" + joiner + r"\s?[^Ⓔ,。、]{0,8}?Ⓔ)*"


def compile_pattern(pattern: str, *, where: str = "", joiners: Sequence[str] = ()) -> re.Pattern:
    """Expand placeholders in a rule pattern and compile it.

    ``{PAYERS}`` and ``{PAYEES}`` are lists of parties (:func:`party_list`) and need the words
    that join them, *joiners*.

    >>> compile_pattern("{PAYER}{GAP}向{PAYEE}{C6}").pattern
    '\\\\s?(?P<payer>Ⓔ)\\\\s?[^Ⓔ]{0,30}?向\\\\s?(?P<payee>Ⓔ)\\\\s?[^Ⓔ,:;]{0,6}?'
    >>> compile_pattern("{PAYERS}投资{PAYEE}", joiners=["和"]).match("Ⓔ和Ⓔ投资Ⓔ").group("payer")
    'Ⓔ和Ⓔ'
    """
    if not joiners and ("{PAYERS}" in pattern or "{PAYEES}" in pattern):
        raise RuleError(f"pattern {pattern!r} lists parties but no words join them (party_joiners)", path=where or None)
    list_of = party_list(joiners)
    rep = {
        "{PAYER}": r"\s?(?P<payer>Ⓔ)\s?",
        "{PAYEE}": r"\s?(?P<payee>Ⓔ)\s?",
        "{PAYERS}": rf"\s?(?P<payer>{list_of})\s?",
        "{PAYEES}": rf"\s?(?P<payee>{list_of})\s?",
        "{ENTITY}": r"\s?(?P<entity>Ⓔ)\s?",
        "{MONEY}": r"\s?(?P<money>Ⓜ)\s?",
        "{QTY}": r"\s?(?P<qty>Ⓠ)\s?",
        "{PCT}": r"\s?(?P<pct>Ⓟ)\s?",
        "{GAP}": "[^Ⓔ]{0,30}?",
        "{D}": "[^Ⓔ,:;、。]{0,16}?",
    }
    out = pattern
    for k, v in rep.items():
        out = out.replace(k, v)
    out = re.sub(r"\{G(\d+)\}", lambda m: f"[^Ⓔ]{{0,{m.group(1)}}}?", out)
    out = re.sub(r"\{C(\d+)\}", lambda m: f"[^Ⓔ,:;]{{0,{m.group(1)}}}?", out)
    out = re.sub(r"\{A(\d+)\}", lambda m: f".{{0,{m.group(1)}}}?", out)
    _refuse_nested_repeats(pattern, out, where)
    unknown = re.search(r"\{[A-Za-z_][A-Za-z0-9_]*\}", out)
    if unknown:
        raise RuleError(
            f"unknown placeholder {unknown.group()} in pattern {pattern!r} "
            "(placeholders are upper case: {PAYER}, {PAYEE}, {MONEY}, {G12}...)",
            path=where,
        )
    if re.search(r"\(\?<?[!=][^)]*\(\?P<", out):
        raise RuleError(
            f"pattern {pattern!r}: a party placeholder inside a lookahead/lookbehind never fills "
            "its role; use a bare Ⓔ there",
            path=where,
        )
    try:  # a user's pattern gets a time budget (kg/rules/regex_budget.py)
        return compile_rule_pattern(out, written=pattern, where=where)
    except re.error as exc:
        raise RuleError(f"pattern {pattern!r} does not compile: {exc}", path=where) from exc
