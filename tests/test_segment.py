"""Segmentation of only the runs that need it gives the tokens of the whole sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import segment
from kg.extract.pipeline import _prepared

ROOT = Path(__file__).resolve().parent.parent
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


def _spacy_tokens(text):
    return [(tok.idx, tok.idx + len(tok.text)) for tok in segment.nlp()(text)]


def test_tokens_are_spacys_on_the_corpus():
    _prepared()
    for p in sorted((ROOT / "corpora").glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert list(segment.tokens(text)) == _spacy_tokens(text), p.name


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["甲骨文", "与", "辉达", "合作", " ", "  ", "\n", "\t", "AI", "1000", ",", "。", "\u3000", "(", "x"]), max_size=20))
def test_tokens_are_spacys_around_white_space(pieces):
    _prepared()
    text = "".join(pieces)
    assert list(segment.tokens(text)) == _spacy_tokens(text)


def test_hmm_cut_gives_jiebas_words_on_every_corpus_line():
    # kg's Viterbi for runs of unknown characters (pointers back, not copied paths) must keep
    # jieba's sums and ties: the words of jieba.finalseg.cut on every line of the bundled corpus
    fs = segment._jieba().finalseg
    lines = [ln for p in sorted((ROOT / "corpora").glob("*.txt")) for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) > 500
    for ln in lines:
        assert list(segment._hmm_cut(ln, fs)) == list(fs.cut(ln)), ln


def test_unit_spans_by_table_are_those_of_the_pattern():
    # segment_units reads jieba's runs from a table of _UNIT's characters (segment._unit_spans)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").glob("*.txt"))]
    for text in texts + ["", "甲", "英伟达\U00020000投资OpenAI,1000亿", "·-%"]:
        assert list(segment._unit_spans(text)) == [m.span() for m in segment._UNIT.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "纬创董事会通过对子公司Wistron Mexico, S.A. de C.V.(纬创墨西哥)增资3亿美元。",  # initials of a legal form
        "宏碁子公司Acer Vietnam Co., Ltd. (宏碁越南)取得订单。",  # a legal form's abbreviation
    ],
)
def test_a_latin_legal_forms_periods_end_no_sentence(text):
    assert len(segment.split_sentences(text)) == 1


def test_a_latin_period_before_a_space_still_ends_a_sentence():
    assert len(segment.split_sentences("The deal closed. 宁川科技表示满意。")) == 2
