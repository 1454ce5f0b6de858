"""Fields of a bid-award announcement (kg/extract/fields.py): 招标人 and 中标金额 lines."""

from __future__ import annotations

import kg

AWARD = (
    "青禾科技股份有限公司（以下简称“公司”）收到宁川市公共资源交易中心发出的《中标通知书》，"
    "确认公司为宁川市智慧水务工程设备采购项目的中标单位。\n"
)


def _deals(text):
    return [(d.payer, d.payee, d.amount.text if d.amount else None) for d in kg.analyze(text).deals]


def test_fields_name_the_tenderer_and_the_price():
    text = AWARD + "1、招标人：宁川水务集团有限公司\n2、中标金额：人民币1.2亿元\n"
    assert _deals(text) == [("宁川水务集团有限公司", "青禾科技股份有限公司", "人民币1.2亿元")]


def test_without_fields_the_award_is_as_told():
    deals = _deals(AWARD)
    assert deals and all(p != "宁川水务集团有限公司" for p, _, _ in deals)


def test_two_different_tenderers_change_nothing():
    text = AWARD + "1、招标人：宁川水务集团有限公司\n2、招标人：宁川交通投资集团有限公司\n"
    assert all(p not in ("宁川水务集团有限公司", "宁川交通投资集团有限公司") for p, _, _ in _deals(text))


def test_a_field_without_a_label_colon_is_no_field():
    text = AWARD + "招标人宁川水务集团有限公司为区属国有企业。\n"
    assert all(p != "宁川水务集团有限公司" for p, _, _ in _deals(text))
