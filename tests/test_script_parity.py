"""The same article in Traditional script gives the same entities and deals as in Simplified.

kg reads a Traditional article through a Simplified copy of the same length (kg/extract/normalize.py);
every name it finds must still be an entity, with its mentions, when the article is written in
Traditional script. The sentences are invented; the parties are companies no list knows, so they are
found by the deal frames and the name patterns, not the gazetteer.
"""

from __future__ import annotations

import opencc
import pytest

import kg
from kg.extract.normalize import to_simplified

SENTENCES = [
    "2024年,公司以3.2亿元现金收购青禾之链60%股权。",
    "澄远科技拟以1.5亿元收购朗川精密51%的股权。",
    "霁光能源宣布完成2亿元B轮融资,由北辰资本领投,岚山创投跟投。",
    "蓝湾建设近日收到苏州河西城投发来的中标通知书,中标金额为2.3亿元。",
    "明远控股将所持星澜医疗20%股权以8000万元转让给鹭岛投资。",
    "云杉电子向汇鑫银行申请5亿元授信。",
]
CONFIGS = ["s2t", "s2hk"]


def _view(text: str):
    res = kg.analyze(text)
    ents = sorted(to_simplified(e.name) for e in res.entities if e.mentions)
    mentions = sorted(to_simplified(m.text) for e in res.entities for m in e.mentions)
    deals = sorted((to_simplified(d.payer or ""), to_simplified(d.payee or ""), d.kind) for d in res.deals)
    return ents, mentions, deals


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("sentence", SENTENCES)
def test_traditional_copy_reads_the_same(sentence, config):
    trad = opencc.OpenCC(config).convert(sentence)
    assert trad != sentence
    simp_view = _view(sentence)
    assert simp_view[0], "the Simplified sentence itself names a company"
    assert _view(trad) == simp_view


def test_framed_name_keeps_its_traditional_mention():
    """A name only a deal frame finds (no gazetteer entry) is an entity in either script."""
    res = kg.analyze("2024年,公司以3.2億元現金收購青禾之鏈60%股權。")
    names = {e.name: [m.text for m in e.mentions] for e in res.entities}
    assert names.get("青禾之鏈") == ["青禾之鏈"]
