"""A round told in one paragraph and broken down by investor in the next (本轮由甲领投N,…), and lenders with respective amounts."""

import kg


def _deals(text):
    return [(d.payer, d.payee, d.amount.text if d.amount else None) for d in kg.analyze(text).deals]


def test_a_paragraph_that_opens_with_the_round_is_about_the_round_before():
    """本轮 opening a paragraph refers to the round the paragraph before told: its company is the payee
    of the old holder's added money, not the lead named in the same sentence."""
    text = "青岚智能宣布完成80亿美元D轮融资,投后估值达900亿美元。\n\n本轮由红杉资本领投30亿美元,老股东百度追加投资5亿美元。\n"
    assert ("Baidu", "青岚智能", "5亿美元") in _deals(text)


def test_an_earlier_rounds_figure_compared_with_is_no_money_raised():
    """较上一轮融资时的N compares the valuation with the round before: no money raised."""
    text = "人工智能新创青岚智能宣布,完成80亿美元D轮融资,投后估值达900亿美元,较去年6月上一轮融资时的400亿美元增长逾一倍。"
    assert [a for _, _, a in _deals(text)] == ["80亿美元"]


def test_a_round_told_in_its_own_paragraph_is_not_the_one_before():
    """本轮 in a paragraph's second sentence is about the round its first sentence told."""
    text = (
        "1. 青岚智能完成8亿元新一轮融资。本轮由红杉资本领投。\n\n"
        "2. 远帆机器人完成B轮融资交割。本轮由腾讯、阿里巴巴共同领投。\n"
    )
    assert {(p, e) for p, e, _ in _deals(text) if p in ("Tencent", "Alibaba")} == {
        ("Tencent", "远帆机器人"),
        ("Alibaba", "远帆机器人"),
    }


def test_lenders_each_with_their_own_contract_take_their_amounts_in_order():
    """甲、乙已分别与丙签署贷款合同,贷款金额分别为N1和N2: 甲 lends N1, 乙 N2 (the amounts in the next clause)."""
    text = (
        "宁川城投公告,收购资金方面,中国建设银行股份有限公司宁川分行、兴业银行股份有限公司德清分行已分别与宁川城投"
        "签署并购贷款合同,贷款金额分别为5亿元和3亿元,期限均为7年。"
    )
    assert {(p, a) for p, _, a in _deals(text)} == {
        ("中国建设银行股份有限公司宁川分行", "5亿元"),
        ("兴业银行股份有限公司德清分行", "3亿元"),
    }


def test_a_headlines_next_part_is_no_valuation_of_the_leads_amount():
    """A headline's parts stand apart by spaces (甲领投30亿美元 估值冲上N): the lead's amount is no valuation."""
    text = (
        "---\ntitle: 青岚智能完成80亿美元新一轮融资 红杉资本领投30亿美元 估值冲上900亿美元\n---\n"
        "青岚智能完成80亿美元新一轮融资 红杉资本领投30亿美元 估值冲上900亿美元\n\n"
        "人工智能新创青岚智能宣布,完成80亿美元D轮融资。\n"
    )
    assert ("Sequoia Capital", "青岚智能", "30亿美元") in _deals(text)


def test_the_rest_of_a_round_whose_lead_has_its_own_figure_is_the_others_joint_amount():
    """甲领投N1,其余资金来自乙、丙: the round's total is 乙's and 丙's joint amount, not 乙's alone."""
    text = (
        "青岚智能宣布完成80亿美元D轮融资。\n\n"
        "本轮由红杉资本领投30亿美元,其余资金来自宁川产业基金、德清资本及远帆创投等机构。\n"
    )
    got = {d.payer: (d.amount.text if d.amount else None, d.joint) for d in kg.analyze(text).deals}
    assert got["Sequoia Capital"] == ("30亿美元", False)
    assert {got[n] for n in ("宁川产业基金", "德清资本", "远帆创投")} == {("80亿美元", True)}


def test_a_bridge_loan_headed_by_one_bank_and_joined_by_another_has_its_amount():
    """取得由甲主导、乙参与的N过桥贷款: the lead bank lends N (the joining bank's name stands between)."""
    text = "为支应投资,宁川资本已取得由招商银行主导、兴业银行参与的20亿美元过桥贷款。"
    assert ("China Merchants Bank", "宁川资本", "20亿美元") in _deals(text)
