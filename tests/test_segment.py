"""Segmentation of only the runs that need it gives the tokens of the whole sentence."""

from __future__ import annotations

from kg.extract import segment
from kg.extract.pipeline import _prepared

TEXT = "投资者与投资，甲骨文与辉达合作。英伟达(NVDA)宣布向OpenAI投资1000亿美元，首期100亿美元。"


def _whole(text):
    bounds = set()
    for tok in segment.nlp()(text):
        bounds.update((tok.idx, tok.idx + len(tok.text)))
    return bounds


def test_units_segment_like_the_whole_text():
    _prepared()
    units = segment.segment_units(TEXT)
    got = segment.token_boundaries(TEXT, units)
    whole = _whole(TEXT)
    for (s, e), bounds in got.items():
        assert bounds == {b for b in whole if s <= b <= e}, TEXT[s:e]


def test_spans_beyond_spacys_document_limit_are_segmented_in_batches(monkeypatch):
    _prepared()
    text = TEXT * 40
    units = segment.segment_units(text)
    expected = segment.token_boundaries(text, units)
    monkeypatch.setattr(segment.nlp(), "max_length", 120)
    assert segment.token_boundaries(text, units) == expected
