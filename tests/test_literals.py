"""The prefilter of relation rules: required words are really required, and nothing is lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import pipeline, relations
from kg.extract.literals import required_literals
from kg.extract.relation_rules import relation_rules
from kg.extract.stream import analyze_file

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [pat for rule in relation_rules().rules for pat in rule.patterns]

SPECS = [  # pattern -> the required set (None: nothing useful is required)
    (r"收购", {"收购"}),
    (r"(?:收购|并购)了?Ⓔ", {"收购", "并购"}),
    (r"Ⓔ\s?向\s?Ⓔ\s?(?:投资|注资)", {"投资", "注资"}),
    (r"[买购]入", {"入"}),
    (r"(?:投资|\d+亿)", {"投资", "亿"}),  # one word from each branch
    (r"(?:投资|\d+)", None),  # one branch requires no literal
    (r"(?:投资)?Ⓔ", None),  # optional
    (r"(?:投资){2,}", {"投资"}),
    (r"(?i:openai)投资", {"投资"}),  # the case-insensitive part does not count
    (r"[^投]资", {"资"}),
    (r"(?=投资)\w+", None),  # look-arounds are not read
    (r"\d+", None),
]


@pytest.mark.parametrize("pattern, expected", SPECS)
def test_required_literals_table(pattern, expected):
    got = required_literals(pattern, weak="ⒺⓂ")
    assert (set(got) if got is not None else None) == expected


@pytest.fixture(scope="module")
def corpus_templates():
    """The template text of every sentence the relation rules saw on the bundled corpus."""
    seen = []
    original = relations.sentence_deals

    def spy(ctx, rr=None):
        seen.append(ctx.template.text)
        return original(ctx, rr)

    pipeline.sentence_deals = spy
    try:
        for p in sorted((ROOT / "corpora").glob("*.txt")):
            analyze_file(p)
    finally:
        pipeline.sentence_deals = original
    assert len(seen) > 500
    return seen


def test_every_match_on_the_corpus_holds_a_required_word(corpus_templates):
    matched = 0
    for pat in PATTERNS:
        need = required_literals(pat, weak="ⒺⓂ")
        for text in corpus_templates:
            if pat.search(text):
                matched += 1
                assert need is None or any(w in text for w in need), (pat.pattern, text)
    assert matched > 100  # the check saw real matches


def test_every_rule_pattern_has_a_prefilter():
    # a pattern without one runs on every sentence: allowed, but it should be a decision
    assert all(required_literals(p, weak="ⒺⓂ") is not None for p in PATTERNS)


def _pieces(pat: re.Pattern) -> list[str]:
    lits = re.findall(r"[\u4e00-\u9fffⒺⓂ]+", pat.pattern)
    return sorted({c for piece in lits for c in (piece, piece[:1], piece[-1:])}) + [" ", "，", "1"]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_random_texts_made_of_a_patterns_own_words(data):
    pat = data.draw(st.sampled_from(PATTERNS))
    text = "".join(data.draw(st.lists(st.sampled_from(_pieces(pat)), max_size=12)))
    need = required_literals(pat, weak="ⒺⓂ")
    if pat.search(text):
        assert need is None or any(w in text for w in need)
