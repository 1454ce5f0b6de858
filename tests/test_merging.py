"""One deal told twice in an article (the summary and the body) is one deal."""

from kg import analyze


def test_stake_and_acquisition_with_one_price_are_one_deal():
    text = (
        "青禾股份拟以现金1.86亿元收购宁川远帆精密部件有限公司(以下简称“远帆精密”)60%股权。\n"
        "青禾股份以1.86亿元受让海川投资有限公司持有的远帆精密45%股权"
        "及自然人李明持有的远帆精密15%股权。"
    )
    deals = [(d.payer, d.payee, d.kind) for d in analyze(text).deals if d.payee == "远帆精密"]
    assert deals == [("青禾股份", "远帆精密", "acquisition")]


def test_two_prices_stay_two_deals():
    text = "青禾股份去年以1亿元收购远帆精密20%股权。\n今年青禾股份又以3亿元收购远帆精密40%股权。"
    deals = [d for d in analyze(text).deals if d.payee == "远帆精密"]
    assert len(deals) == 2


def test_related_kinds_at_two_prices_stay_two_deals():
    """An investment and an acquisition of one company, in two sentences at two prices, are two deals."""
    text = "青禾股份去年以1亿元入股远帆精密,持股10%。\n今年青禾股份又以3亿元收购远帆精密51%股权。"
    deals = sorted((d.kind, d.amount.value if d.amount else None) for d in analyze(text).deals if d.payee == "远帆精密")
    assert len(deals) == 2 and {v for _, v in deals} == {100000000, 300000000}, deals


def test_a_lead_told_again_with_the_rounds_total_is_one_deal():
    """甲领投N。…本轮总额M,除甲领投外,…: the lead's deal keeps its own figure; its co-investors join the round."""
    text = (
        "青禾云宣布完成新一轮融资,由远帆资本领投5亿美元。\n\n"
        "据青禾云发布的新闻稿,本轮融资总额8亿美元,除远帆资本领投外,宁川创投与德清资本也参与投资。"
    )
    deals = sorted((d.payer, d.amount.text if d.amount else None) for d in analyze(text).deals if d.payee == "青禾云")
    assert deals == [("宁川创投", None), ("德清资本", None), ("远帆资本", "5亿美元")], deals


def test_a_lead_of_two_rounds_without_a_reference_back_stays_two_deals():
    text = "青禾云去年完成A轮融资,由远帆资本领投5亿元。\n今年青禾云完成B轮融资,由远帆资本领投8亿元。"
    deals = [d for d in analyze(text).deals if d.payer == "远帆资本" and d.payee == "青禾云"]
    assert len(deals) == 2, deals


def test_a_lead_told_again_in_traditional_script_is_one_deal():
    text = (
        "青禾雲宣布完成新一輪募資，由遠帆資本領投5億美元。\n\n"
        "根據青禾雲發布的新聞稿，本輪募資總額8億美元，除遠帆資本領投外，寧川創投與德清資本也參與投資。"
    )
    deals = [d for d in analyze(text).deals if d.payer == "遠帆資本"]
    assert [d.amount.text for d in deals] == ["5億美元"], [(d.payee, d.amount) for d in deals]
