"""Entity decisions that change who pays: input -> the deals expected (data table)."""

from __future__ import annotations

import pytest

from kg.pipeline import analyze

CASES = [
    # X投资 followed by a party or an amount is the verb, not X's investment arm
    ("英伟达投资OpenAI 1000亿美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    ("輝達投資OpenAI 1000億美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    ("英伟达将投资OpenAI 1000亿美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    # ... while an arm acting on its own stays a party of its own
    ("由腾讯投资和红杉中国共同领投。", [], {"腾讯投资"}),
    ("腾讯投资领投了这轮融资。", [], {"腾讯投资"}),
]


@pytest.mark.parametrize("text, deals, names", CASES)
def test_entity_case(text, deals, names):
    r = analyze(text)
    assert [(d.payer, d.payee, d.kind) for d in r.deals] == deals
    assert names <= {e.name for e in r.entities}
