"""Word sets asked like regular expressions: the longest word of a large set at a position.

A compiled alternation of thousands of words (``re.compile(alternation(words))``) tries every word
in turn at each position it is asked about; :class:`LongestWord` answers the same questions with one
set look-up per word length (kg/extract/places.py: the known places).
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from .literals import alternation


class LongestWord:
    """A set of words asked like ``re.compile(alternation(words))``: :meth:`match` gives the longest
    word at a position, :meth:`sub` drops or replaces them (a plain replacement). The same
    matches, with one set look-up per word length where ``re`` tries every word of the
    alternation in turn (thousands of places at every position asked about). :attr:`pattern` is
    the alternation's text, to put in other patterns.

    >>> w = LongestWord(["江西", "江西省", "瑞金"])
    >>> w.match("江西省瑞金市").group(), w.match("江西省瑞金市", 3).span(), w.match("江西省", 0, 2).group()
    ('江西省', (3, 5), '江西')
    >>> w.match("甲江西", 0) is None, w.sub("", "江西省瑞金甲"), w.pattern
    (True, '甲', '江西省|江西|瑞金')
    """

    def __init__(self, words):
        self.words = frozenset(words)
        if "" in self.words:
            raise ValueError("LongestWord: an empty word matches everywhere")
        self.pattern = alternation(self.words)
        self._lengths = sorted({len(w) for w in self.words}, reverse=True)
        self._literal: dict[str, re.Pattern] = {}

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        pos = max(pos, 0)
        end = min(endpos, len(text))
        words = self.words
        for n in self._lengths:
            if pos + n <= end and text[pos : pos + n] in words:
                word = text[pos : pos + n]
                lit = self._literal.get(word)
                if lit is None:
                    lit = self._literal.setdefault(word, re.compile(re.escape(word)))
                return lit.match(text, pos, endpos)
        return None

    def sub(self, repl: str, text: str) -> str:
        if "\\" in repl:
            raise ValueError("LongestWord.sub: a plain replacement only")
        out, last, i, n = [], 0, 0, len(text)
        while i < n:
            m = self.match(text, i)
            if m is None:
                i += 1
                continue
            out += (text[last:i], repl)
            i = last = m.end()
        out.append(text[last:])
        return "".join(out)


def first_at(text: str, words: tuple[str, ...], pos: int = 0) -> str | None:
    """The first of *words* that *text* holds at *pos*: what ``next((w for w in words if
    text.startswith(w, pos)), None)`` gives, found with one call when none is there (most often).

    >>> first_at("甲集团有限公司", ("集团有限公司", "集团"), 1), first_at("甲乙", ("集团",), 1)
    ('集团有限公司', None)
    """
    if not text.startswith(words, pos):
        return None
    return next(w for w in words if text.startswith(w, pos))


@lru_cache(maxsize=256)
def any_of(words: tuple[str, ...]) -> re.Pattern:
    """A pattern finding any of *words* (a rule set's tuple of them; none: a pattern that finds
    nothing), to ask once whether a text holds one before looking for each in turn.

    >>> bool(any_of(("收购", "并购")).search("甲并购乙")), bool(any_of(()).search("甲"))
    (True, False)
    """
    return re.compile(alternation(words) if words else "(?!)")
