"""A company named by its brand alone after its name (kg/extract/heads.py), on invented texts."""

from __future__ import annotations

import pytest

import kg
from kg.extract.heads import brand_of, stands_alone
from kg.rules import RuleSet

# (a name of the company, its brand or None) -- invented companies
SPEC = [
    ("宏远数据", "宏远"),
    ("澜川科技", "澜川"),
    ("江苏澜川科技股份有限公司", "澜川"),  # a place and the legal ending are no part of it
    ("中华开发资本", None),  # 中华 is a dictionary word
    ("杭州科技", None),  # a place
    ("宏远", None),  # nothing after the brand
    ("宏远Cloud", None),
]


@pytest.mark.parametrize("name,brand", SPEC)
def test_brand_spec(name, brand):
    assert brand_of(name) == brand


@pytest.mark.parametrize(
    "clause,alone",
    [("宏远表示,", True), ("宏远指出,新产线", True), ("宏远由澜川资本成立", True), ("宏远生物", False), ("宏远物业服务", False)],
)
def test_a_brand_before_a_noun_names_another_company(clause, alone):
    assert stands_alone(clause, 2) is alone


def _deals(text):
    return {(d.payer, d.payee, d.kind) for d in kg.analyze(text).deals}


def test_the_brand_alone_is_the_party_of_a_later_sentence():
    text = (
        "资料中心开发商宏远数据与青禾银行签订授信合约。\n\n"
        "宏远表示,已与澜川电讯签订十年租约,租金总额约30亿元。\n\n"
        "宏远同时向台达电采购冷却系统,金额约6亿元。"
    )
    res = kg.analyze(text)
    ent = next(e for e in res.entities if e.name == "宏远数据")
    assert [m.text for m in ent.mentions] == ["宏远数据", "宏远", "宏远"]
    assert ("宏远数据", "Delta Electronics", "purchase") in _deals(text)


def test_a_company_sharing_the_brand_is_not_given_the_mentions():
    text = "宏远数据拟收购青禾精密51%股权。宏远生物则表示不参与本次交易。"
    ent = next(e for e in kg.analyze(text).entities if e.name == "宏远数据")
    assert [m.text for m in ent.mentions] == ["宏远数据"]


def test_no_brand_mentions_when_the_rules_turn_them_off(tmp_path):
    (tmp_path / "org_names.yaml").write_text("brand_chars: 0\n", encoding="utf-8")
    text = "宏远数据与青禾银行签订授信合约。宏远同时向台达电采购冷却系统,金额约6亿元。"
    res = kg.analyze(text, rules=RuleSet.bundled().with_dirs([tmp_path]))
    ent = next(e for e in res.entities if e.name == "宏远数据")
    assert [m.text for m in ent.mentions] == ["宏远数据"]


def _entities(text):
    return {e.name: sorted(m.text for m in e.mentions) for e in kg.analyze(text).entities}


def test_a_discovered_short_form_and_brand_join_the_longer_name():
    text = (
        "数据中心营运商澜港数码基建宣布,与汇丰签订50亿港元银团贷款协议。\n\n"
        "澜港数码表示,新园区预计明年投入服务。\n\n"
        "此外,沙特公共投资基金认购澜港发行的3亿美元永续债券。"
    )
    got = _entities(text)
    assert "澜港" not in got and "澜港数码" not in got
    assert {"澜港数码", "澜港"} <= set(got["澜港数码基建"])
    assert ("Public Investment Fund", "澜港数码基建", "loan") in _deals(text)


def test_a_bare_brand_only_before_a_noun_is_the_parent_not_the_listed_company():
    text = "澜粮生化公告,拟以20亿元收购澜粮旗下三家公司100%股权。澜粮生化股价上涨。"
    got = _entities(text)
    assert "澜粮" not in got.get("澜粮生化", [])
