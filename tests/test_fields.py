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


TWO = (
    "青禾科技股份有限公司（以下简称“公司”）全资子公司宁川环保有限公司收到招标代理机构宁川招标咨询有限公司"
    "发出的《中标通知书》，确定宁川环保为下列两个项目的中标单位。\n"
    "（一）项目一\n1、项目名称：宁川市东区管网改造项目\n2、招标人：宁川水务集团有限公司\n3、中标金额：人民币8,000.00万元\n"
    "（二）项目二\n1、项目名称：德清县污泥处置设备采购项目\n2、招标人：德清城建发展有限公司\n3、中标金额：人民币2,500.00万元\n"
)


def test_one_award_per_project_when_fields_list_several():
    got = sorted(_deals(TWO))
    assert got == [
        ("宁川水务集团有限公司", "宁川环保有限公司", "人民币8,000.00万元"),
        ("德清城建发展有限公司", "宁川环保有限公司", "人民币2,500.00万元"),
    ]


def test_projects_without_a_price_each_change_nothing():
    text = TWO.replace("3、中标金额：人民币2,500.00万元\n", "")
    assert all(p not in ("宁川水务集团有限公司", "德清城建发展有限公司") for p, _, _ in _deals(text))
