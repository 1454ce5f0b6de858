"""Headlines and announcement titles (kg/extract/pipeline.py ``_headline_only_confirms``).

A news headline sums up its body: a deal found only there is dropped. An exchange announcement's
title (XX股份有限公司关于中标…项目的公告) states the announcement's subject: its deal stands when the
body tells nothing else of its parties.
"""

from __future__ import annotations

import kg


def _deals(text):
    return [(d.payer, d.payee, d.kind, d.amount and d.amount.text) for d in kg.analyze(text).deals]


def test_an_announcement_title_award_stands_when_the_body_tells_it_in_fields():
    text = (
        "青川路桥股份有限公司关于中标临江市交通运输局公路养护项目的公告\n"
        "一、中标项目概况\n招标人：临江市交通运输局\n中标金额：2.4亿元\n"
        "二、近日，公司收到中标通知书，确认为上述项目的中标人。"
    )
    assert _deals(text) == [("临江市交通运输局", "青川路桥股份有限公司", "purchase", "2.4亿元")]


def test_a_news_headline_deal_alone_is_dropped():
    text = "青川路桥中标临江市交通运输局公路养护项目\n分析人士称，今年公路养护市场需求平稳，行业集中度有望提升。"
    assert _deals(text) == []


def test_an_announcement_title_deal_gives_way_to_the_body_deal_of_its_parties():
    text = (
        "远帆数据股份有限公司关于收购北岭云计算有限公司股权的公告\n"
        "公司拟以现金1.8亿元收购南屿投资有限公司持有的北岭云计算有限公司60%股权。"
    )
    got = _deals(text)
    assert ("远帆数据股份有限公司", "北岭云计算有限公司", "acquisition", None) not in got
    assert got and all(d[0] == "远帆数据股份有限公司" for d in got), got
