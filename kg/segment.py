"""Segmentation: spaCy's blank Chinese pipeline with the jieba segmenter.

jieba's dictionary is extended with every gazetteer alias (in Simplified
script, since we always segment the Simplified copy) before anything is
segmented, so names come out as single tokens. Sentences are split by a
small pure function on punctuation; only sentences that can hold something
of interest are segmented at all (see :mod:`kg.pipeline`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_SENT_END = re.compile(r"[。!?！？;；\n]+|(?<=[^\d])\.(?=\s|$)")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans (start, end) of *text*, end exclusive, blank ones dropped.

    >>> [(s.start, s.end, s.paragraph) for s in split_sentences("甲乙。丙!\\n丁")]
    [(0, 3, 0), (3, 5, 0), (6, 7, 1)]
    """
    out = []
    para = 0
    pos = 0
    for m in _SENT_END.finditer(text):
        _add(out, text, pos, m.end() if m.group()[0] != "\n" else m.start(), para)
        para += m.group().count("\n")
        pos = m.end()
    _add(out, text, pos, len(text), para)
    return out


def _add(out, text, start, end, para):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, para))


def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


_added: set[str] = set()


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word -> frequency."""
    return _jieba().dt.FREQ


def taught_words() -> set[str]:
    """The words added to jieba's dictionary so far (read-only view)."""
    return _added


def add_words(words: Iterable[str], freq: int = 200000) -> None:
    """Add words to jieba's dictionary (idempotent)."""
    jb = _jieba()
    for w in words:
        if w and w not in _added:
            jb.add_word(w, freq=freq)
            _added.add(w)


@lru_cache(maxsize=1)
def nlp():
    """The spaCy pipeline: ``blank("zh")`` with ``segmenter: jieba``."""
    import spacy

    _jieba()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def token_boundaries(text: str, spans: Iterable[tuple[int, int]]) -> dict[tuple[int, int], set[int]]:
    """Offsets (into *text*) where a token starts or ends, per span; each span is segmented alone.

    >>> b = token_boundaries("投资者与投资", [(0, 6)])[(0, 6)]
    >>> 2 in b, 3 in b
    (False, True)
    """
    spans = list(spans)
    out: dict[tuple[int, int], set[int]] = {}
    for (start, end), doc in zip(spans, nlp().pipe(text[s:e] for s, e in spans), strict=True):
        bounds = out.setdefault((start, end), set())
        for tok in doc:
            bounds.add(start + tok.idx)
            bounds.add(start + tok.idx + len(tok.text))
    return out
