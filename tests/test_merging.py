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
