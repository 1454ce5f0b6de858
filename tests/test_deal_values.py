"""The figure a deal gets when the article tells it apart from the deal's own sentence, and deals
that must stay apart. Each text is invented."""

import pytest

from kg import analyze


def _deals(text):
    return {(d.payer, d.payee, d.kind): d for d in analyze(text).deals}


@pytest.mark.parametrize(
    "text,pair,value",
    [
        # a subsidiary's capital increase told before the parent that takes it all up
        (
            "董事会也通过由宁川光电百分之百持股的子公司宁川科技(越南)有限公司办理现金增资1,500万美元,全数由宁川光电认购。",
            ("宁川光电", "宁川科技(越南)有限公司", "investment"),
            15_000_000,
        ),
        # a merger's value told paragraphs later
        (
            "宁川证券拟换股吸收合并青禾证券。\n\n两家券商均以华东为主要市场,去年合计实现营业收入约40亿元。"
            "合并后,存续公司的网点将超过200家。\n\n据公司测算,本次吸收合并的交易规模约为120亿元。\n",
            ("宁川证券", "青禾证券", "acquisition"),
            12_000_000_000,
        ),
        # a transfer's total price told in a later section
        (
            "禾川控股拟通过协议转让方式向湖州产发转让其持有的宁川股份3,120万股,约占宁川股份总股本的18.6%。\n"
            "本次协议转让完成后,公司控股股东将变更为湖州产发。\n一、本次协议转让基本情况\n"
            "本次股份转让价格为9.80元/股,转让总价款为305,760,000元。\n",
            ("湖州产发", "禾川控股", "purchase"),
            305_760_000,
        ),
    ],
)
def test_a_deals_value_told_later(text, pair, value):
    d = _deals(text)[pair]
    assert d.amount is not None and d.amount.value == value


def test_plan_value_not_its_share_part():
    text = (
        "澄江电子拟向北川微电子全体股东发行股份并支付现金,购买其持有的北川微电子100%股权,"
        "标的资产预估值为9亿元,其中7亿元以股份支付、2亿元以现金支付。"
    )
    deals = _deals(text)
    assert set(deals) == {("澄江电子", "北川微电子", "acquisition")}
    assert deals[("澄江电子", "北川微电子", "acquisition")].amount.value == 900_000_000


def test_old_shareholder_new_round_apart_from_its_earlier_round():
    text = "澜星储能完成8000万元A轮融资,由禾岭资本领投,老股东远岫资本继续加码。2024年,澜星储能曾获远岫资本1000万元天使轮投资"
    rounds = [d for d in analyze(text).deals if d.payer == "远岫资本"]
    assert sorted(d.amount.value if d.amount else 0 for d in rounds) == [0, 10_000_000]


def test_an_award_price_told_next_goes_to_the_award_only():
    award = "青禾电子收到德清县水利局发出的中标通知书,确认青禾电子为德清县供水管网项目的中标单位。中标金额为8600万元。"
    d = _deals(award)[("德清县水利局", "青禾电子", "purchase")]
    assert d.amount is not None and d.amount.value == 86_000_000
    other = "远帆科技拟收购青禾电子。去年,青禾电子在电网项目上的中标金额合计约3亿元。"
    assert _deals(other)[("远帆科技", "青禾电子", "acquisition")].amount is None


def test_instalment_is_part_of_the_stake_price():
    text = (
        "澄湾锂能股份有限公司(下称“公司”)拟出资3亿元现金受让北岭矿业有限公司所持有的溪口锂材有限公司40%股权。"
        "截至目前,公司已向北岭矿业有限公司付清首期股权转让款1.5亿元。"
    )
    paid = [d for d in analyze(text).deals if d.payee == "北岭矿业有限公司"]
    assert len(paid) == 1 and paid[0].amount.value == 300_000_000


def test_transfer_price_paid_to_the_seller_not_the_company():
    # 公司 is the announcer whose shares change hands (relations.yaml holder_sells_announcer_stake); the
    # price the buyer must pay goes to the seller (pays_for_it: the counterparty of a deal of its kind)
    text = (
        "青禾电器股份有限公司关于股东协议转让部分股份的提示性公告\n"
        "德清投资拟将其持有的公司1,200万股股份转让给宁川产业投资有限公司。"
        "经双方协商一致,宁川产业投资有限公司应支付的股份转让价款为人民币1.8亿元。"
    )
    deals = _deals(text)
    assert set(deals) == {
        ("宁川产业投资有限公司", "德清投资", "purchase"),
        ("宁川产业投资有限公司", "青禾电器股份有限公司", "acquisition"),
    }
    assert deals[("宁川产业投资有限公司", "德清投资", "purchase")].amount.value == 180_000_000


def test_weak_alias_glued_to_a_rare_word_is_another_name():
    text = "澜星储能完成2亿元B轮融资,由禾岭资本领投,元禾璞华跟投。"
    payers = {d.payer for d in analyze(text).deals}
    assert "元禾璞华" in payers and "Oriza Holdings" not in payers
    assert "Oriza Holdings" in {d.payer for d in analyze("澜星储能完成2亿元B轮融资,由禾岭资本领投,元禾跟投。").deals}


def test_holders_price_is_also_the_stake_price():
    # several holders sell the company's shares to one buyer: the price they are paid is also the
    # price of the stake the buyer takes in the company (sold_by_holders shares its money)
    text = (
        "青禾新材股份有限公司关于股东签署股份转让协议的公告\n"
        "公司股东澜岳控股、德清实业拟将其持有的公司全部股份转让给宁川国资,转让总价款为9.6亿元。"
    )
    deals = _deals(text)
    stake = deals[("宁川国资", "青禾新材股份有限公司", "acquisition")]
    assert stake.amount is not None and stake.amount.value == 960_000_000


def test_a_sellers_own_price_replaces_the_joint_figure_told_before():
    # 向甲、乙购买…合计作价: each seller is told the joint figure; 向甲支付对价N: 甲's own share, one deal
    text = (
        "澄湾精工股份有限公司(下称“公司”)计划购买北岭投资、溪口创投合计持有的青屿精密100%股权,交易总作价8亿元。"
        "经各方协商一致,公司向北岭投资支付对价5.6亿元,向溪口创投支付对价2.4亿元。"
    )
    deals = [d for d in analyze(text).deals if d.kind == "purchase"]
    got = sorted((d.payee, d.amount.value if d.amount else None) for d in deals)
    assert got == [("北岭投资", 560_000_000), ("溪口创投", 240_000_000)], got


def test_each_subscriber_of_a_placement_keeps_its_own_figure():
    # 應募人為甲及乙 with the total, then 甲認購N張,金額M: each subscriber's own share (subscriber_share),
    # the joint total giving way (merging)
    text = (
        "青禾精密董事會通過私募普通股案,募資總額7.23億元,應募人為台達電及宏川資本。"
        "青禾精密表示,本次私募的應募人中,台達電認購1萬張,金額4.82億元;宏川資本認購5,000張,金額2.41億元。"
    )
    got = sorted((d.payer, d.amount.value) for d in analyze(text).deals if d.payee == "青禾精密")
    assert got == [("Delta Electronics", 482_000_000), ("宏川資本", 241_000_000)], got


def test_a_buyer_defined_with_a_target_acquires_the_target():
    # 甲(「賣方」)與乙(「買方」)訂立買賣協議,同意出售丙(「目標公司」)全部股權: 乙 acquires 丙 and pays 甲
    # (fields.yaml defined_roles pairs 买方 with 目标公司); the seller read as a buyer of the target gives way
    text = (
        "青禾醫療集團昨晚公布,旗下全資附屬公司青禾投資(香港)有限公司(「賣方」)與寶川控股有限公司(「買方」)"
        "訂立買賣協議,同意出售宁川醫療器械(深圳)有限公司(「目標公司」)全部股權,代價為2.16億港元。"
    )
    got = {(d.payer, d.payee, d.kind) for d in analyze(text).deals}
    assert ("寶川控股有限公司", "宁川醫療器械(深圳)有限公司", "acquisition") in got, got
    assert ("寶川控股有限公司", "青禾投資(香港)有限公司", "purchase") in got, got


def test_two_lists_told_respectively_pair_in_order():
    # 甲和乙分别收购了丙和丁: 甲 buys 丙 and 乙 buys 丁, never 甲 丁 or 乙 丙 (relations: 分别 pairs two lists)
    got = {(d.payer, d.payee) for d in analyze("宁川资本和德清投资分别收购了远帆科技和青禾电子。").deals}
    assert got == {("宁川资本", "远帆科技"), ("德清投资", "青禾电子")}, got


def test_a_bare_yuan_in_a_hong_kong_outlet_is_hong_kong_dollars():
    """Traditional script alone says NT$ by 元; a Hong Kong outlet naming itself (【信報】) or a term of
    its market (先舊後新) says HK$, and a Taiwan one stays NT$."""
    hk = "【信報】宁川微電子（2388）昨晚公布，以先舊後新方式配售8000萬股，每股作價5.1元，集資約4.08億元。"
    tw = "【中央社】宁川微電子今日公告，將辦理現金增資發行新股8000萬股，每股5.1元，集資約4.08億元。"
    assert {d.amount.currency for d in analyze(hk).deals if d.amount} == {"HKD"}
    assert {d.amount.currency for d in analyze(tw).deals if d.amount} == {"TWD"}



@pytest.mark.parametrize(
    "text,parts",
    [
        # a paragraph that breaks down the deal the paragraph before told (breakdown_refs: 其中)
        (
            "青禾化工集团公告,全资子公司宁川化工拟引入德清投资和远帆资本,合计以现金20亿元对宁川化工增资。"
            "\n\n其中,德清投资出资12亿元,远帆资本出资8亿元。",
            {("德清投资", "宁川化工"): 1_200_000_000, ("远帆资本", "宁川化工"): 800_000_000},
        ),
        # contributions after a company is set up go to that company (payee: vehicle)
        (
            "双方将共同设立项目公司宁川储能科技有限公司,注册资本10亿元。其中,青禾新能源以货币出资6亿元,持股60%;"
            "德清产业发展基金(有限合伙)(以下简称“德清产业基金”)以货币出资4亿元,持股40%。",
            {("青禾新能源", "宁川储能科技有限公司"): 600_000_000, ("德清产业基金", "宁川储能科技有限公司"): 400_000_000},
        ),
    ],
)
def test_each_part_of_a_broken_down_contribution_goes_to_its_company(text, parts):
    deals = _deals(text)
    for (payer, payee), value in parts.items():
        assert deals[(payer, payee, "investment")].amount.value == value
    assert not any(payee == "青禾化工集团" for _, payee, _ in deals)


def test_each_subscriber_pays_its_own_figure_to_the_issuer():
    # a placement's subscribers named with a shared total, then each one's figure in a paragraph of its
    # own: each pays the issuer its figure, none pays the subscriber named before it (relations.py own_share)
    text = (
        "宁川电气公告,拟向控股股东青禾控股集团有限公司(下称“青禾控股”)、德清产业基金有限公司(下称“德清基金”)"
        "以及远帆发展集团有限公司(下称“远帆集团”)三名特定对象发行股票,募集资金总额不超过8亿元。\n"
        "从认购安排看,青禾控股拟以现金认购4亿元,德清基金拟认购3亿元,远帆集团拟认购1亿元。"
    )
    deals = _deals(text)
    figures = {payer: d.amount.value for (payer, payee, kind), d in deals.items() if payee == "宁川电气"}
    assert figures == {"青禾控股": 400_000_000, "德清基金": 300_000_000, "远帆集团": 100_000_000}
    assert not [k for k in deals if k[1] in ("青禾控股", "德清基金", "远帆集团")]




def test_another_companys_stake_in_the_next_clause_makes_no_acquisition():
    # a capital increase beside another company's 100% transferred: an investment; its own majority stays one
    text = (
        "沅江市国资委日前以货币方式向沅江城市发展集团有限公司(下称“沅江城发”)增资30亿元,"
        "同时将所持沅江市公交集团有限公司100%股权无偿划转至沅江城发。"
    )
    assert ("沅江市国资委", "沅江城发", "investment") in _deals(text)
    assert ("青禾控股", "宁川科技", "acquisition") in _deals("青禾控股向宁川科技增资5亿元,取得其51%股权。")


@pytest.mark.parametrize(
    "text,wrong,right",
    [
        # a later partner of a signing, listed after 与 (及其控制的, 、), is no subject of the clause after it
        (
            "12月5日,沅江城发与湖南青禾环境科技股份有限公司(下称“青禾环境”)控股股东周立衡及其控制的沅江清泽投资有限公司"
            "(下称“清泽投资”)签署股份转让协议,以每股12.60元受让二者合计持有的青禾环境51%股份。",
            ("清泽投资", "青禾环境"),
            None,
        ),
        ("宁川半导体正与宁川银行、德清银行等行库洽谈200亿元联贷案,由宁川银行担任统筹主办行。", ("宁川银行", "德清银行"), ("宁川银行", "宁川半导体")),
    ],
)
def test_a_listed_partner_is_no_subject(text, wrong, right):
    pairs = {(p, q) for p, q, _ in _deals(text)}
    assert wrong not in pairs
    assert right is None or right in pairs


def test_a_cloud_sold_under_its_own_name_is_its_makers():
    # OCI (Oracle's cloud) is a product: no company; the money for it goes to Oracle (products.yaml stand_ins)
    res = analyze("宁川智能将在五年内采购总值约20亿美元的OCI云服务。")
    assert "OCI" not in {e.name for e in res.entities}
    assert ("宁川智能", "Oracle") in {(d.payer, d.payee) for d in res.deals}


def test_a_projects_place_gives_way_to_the_tenderer_the_sentence_names():
    text = "二、青禾水电第八工程局有限公司中标湖南沅澧市沅水下游综合治理工程第三标段,招标人为沅澧市水利建设投资有限公司,中标金额为14.87亿元。"
    payers = {p for p, q, _ in _deals(text) if q == "青禾水电第八工程局有限公司"}
    assert payers == {"沅澧市水利建设投资有限公司"}


def test_a_short_name_with_a_place_in_brackets_is_that_unit():
    text = (
        "宁海智能装备集团股份有限公司(下称“宁海智能”)公告称,公司全资子公司宁海智能(卢森堡)有限公司拟收购德国企业Kessler Robotik GmbH。\n"
        "中国银行股份有限公司法兰克福分行已承诺向宁海智能(卢森堡)提供3亿欧元的并购贷款。"
    )
    assert ("中国银行股份有限公司法兰克福分行", "宁海智能(卢森堡)有限公司", "loan") in _deals(text)
