"""Deals a sentence must not give: a second buyer that is only the place in a project's name, an
object or a source taken for a payer. Each sentence is invented; the deal it does give is checked too."""

import pytest

from kg import analyze

CASES = [
    # 公司 on the other side of a deal verb in a story about the company that announces: that company
    (
        "宁川电子(300999)公告,青禾汽车已向公司下达约3亿元的动力电池订单。",
        {("青禾汽车", "宁川电子", "purchase")},
    ),
    # co-investors listed before 跟投 are no round's company: the old holder after them invests in the round
    (
        "宁川光电宣布完成3亿元B轮融资。本轮由青禾基金领投,其中该基金出资1亿元;远帆资本、北岭创投跟投,老股东德清创投继续追加投资。",
        {(None, "宁川光电", "investment"), ("青禾基金", "宁川光电", "investment"), ("远帆资本", "宁川光电", "investment"),
         ("北岭创投", "宁川光电", "investment"), ("德清创投", "宁川光电", "investment")},
    ),
    # a district at the head of the project's name is where the city's tenderer builds, no second tenderer
    (
        "宏川路桥公告,全资子公司宏川交通工程有限公司(下称“宏川交通”)收到芜湖市交通建设投资集团有限公司发出的《中标通知书》,"
        "确认宏川交通为芜湖江北新区滨江大道改造工程项目的中标单位,中标金额为人民币3.2亿元。",
        {("芜湖市交通建设投资集团有限公司", "宏川交通", "purchase")},
    ),
    # a region is where deals go, no company bought (对欧洲的并购); a company's family it was bought from is no seller
    (
        "宁川智能拟以2亿欧元收购德国青禾机器人有限公司100%股权。远帆资本旗下基金于2019年从青禾机器人有限公司创始家族手中取得控股权。"
        "今年以来,宁川智能对欧洲的并购有所增加。",
        {("宁川智能", "德国青禾机器人有限公司", "acquisition")},
    ),
    # the holders of the company bought, named as the ones the buyer signs with, sell; the buyer is the subject
    (
        "宁川医疗披露,公司与青禾材料有限公司(下称“青禾材料”)的股东远帆创投有限公司、北岭投资合伙企业(有限合伙)签署《股权收购意向协议》,"
        "拟以现金方式收购二者合计持有的青禾材料60%股权,交易对价暂定为6亿元。",
        {("宁川医疗", "青禾材料", "acquisition")},
    ),
    # the tenderer sent the notice; 宁川市中心城区 only names where the project is
    (
        "宏达环境公告,全资子公司青禾水务工程有限公司(以下简称“青禾水务”)收到宁川市城市建设投资集团有限公司"
        "(以下简称“宁川城投”)发出的《中标通知书》,确定青禾水务为“宁川市中心城区污水处理厂提标改造工程(EPC)”的中标单位",
        {("宁川城投", "青禾水务", "purchase")},
    ),
    # the company whose stake is held (持有的海川精密) pays no one
    (
        "青禾股份公告,公司以3亿元受让远帆投资持有的海川精密45%股权,其中向远帆投资支付2亿元",
        {("青禾股份", "远帆投资", "purchase"), ("青禾股份", "海川精密", "investment")},
    ),
    # the holder a stake comes from buys nothing
    (
        "澜沧物流拟从青禾冷链现有股东德清实业集团有限公司购买青禾冷链35%的股权,作价9.6亿元",
        {("澜沧物流", "德清实业集团有限公司", "purchase"), ("澜沧物流", "青禾冷链", "investment")},
    ),
    # a company listed with a bought stake is no buyer of the next clause
    (
        "青禾股份拟发行股份购买远帆科技40%股权和海川认证35%股权,拟支付现金购买宁川印务30%股权",
        {("青禾股份", "远帆科技", "investment"), ("青禾股份", "海川认证", "investment"), ("青禾股份", "宁川印务", "investment")},
    ),
    # the seller after 从 and a country is no buyer; the GPU maker inside the servers is no seller
    (
        "宁川云表示,将从美国超微电脑采购搭载英伟达最新GPU的服务器",
        {("宁川云", "Super Micro Computer", "purchase")},
    ),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_exact_deals(text, expected):
    got = {(d.payer, d.payee, d.kind) for d in analyze(text).deals}
    assert got == expected
