"""Who 公司 is when a sentence does not say: its own paragraph first, then the article's company.

An unnamed subject (公司以5亿元收购…) stands for a company named before it in the same paragraph, or
for the company the article is about (named in two paragraphs or more). A company that only one
earlier paragraph named (a digest, a roundup, an unrelated item) is not it. Invented texts.
"""

from __future__ import annotations

import pytest

import kg

DEAL = "2023年,公司以5亿元现金收购青禾之链65%股权。"

CASES = [
    # the article is about 星河控股: it is named in two paragraphs, and 公司 is it
    ("星河控股宣布战略调整。\n\n星河控股表示将聚焦物流主业。\n\n" + DEAL, "星河控股"),
    # the same paragraph names the company before 公司
    ("消息称,星河控股近日召开董事会。" + DEAL, "星河控股"),
    # one earlier paragraph of another item names 星河控股 (twice): 公司 is not it
    ("星河控股完成对岚桥物流的收购,岚桥物流此前由星河控股托管。\n\n" + DEAL, None),
    # a roundup: each item's 公司 is the company of its own paragraph
    ("1、星河控股:拟出售物流资产。\n\n2、澄远科技:" + DEAL, "澄远科技"),
]


@pytest.mark.parametrize("text,payer", CASES)
def test_unnamed_subject(text, payer):
    deals = [(d.payer, d.payee) for d in kg.analyze(text).deals if d.payee == "青禾之链"]
    if payer is None:
        assert deals == []
    else:
        assert deals == [(payer, "青禾之链")]


@pytest.mark.parametrize("marker", ["以下简称", "以下简称：", "下称"])
def test_a_sender_defined_by_a_short_name_is_not_the_company(marker):
    """收到甲（以下简称“乙”）发出的中标通知书，确认公司为…: 公司 is the receiver, not 乙 (甲 again)."""
    text = (
        "青禾科技股份有限公司（以下简称“青禾科技”）公告称，公司近日收到宁川经济技术开发区管理委员会"
        f"（{marker}“宁川经开区管委会”）发出的《中标通知书》，确认公司为宁川经开区智慧园区项目的中标单位，"
        "中标金额为1.2亿元。"
    )
    deals = [(d.payer, d.payee) for d in kg.analyze(text).deals]
    assert ("宁川经济技术开发区管理委员会", "青禾科技") in deals
    assert all(payee == "青禾科技" for _, payee in deals)
