"""Defined role terms of announcements (kg/extract/defined_terms.py): the spec tables of
``defined_roles`` in rules/fields.yaml and invented articles (the labelled fields' own run in
tests/test_fields.py)."""

from __future__ import annotations

import pytest

import kg
from kg import rules
from kg.extract.defined_terms import definitions, role_mentions, role_rules
from kg.extract.entities import link_entities  # noqa: F401  (the pipeline's own import order)
from kg.extract.mentions import Mention
from kg.extract.normalize import normalize


def _data():
    return rules.load("fields.yaml")


def _links(text: str) -> dict[str, set[str]]:
    """Role word -> the names its later occurrences are linked to, in the analysed text."""
    r = kg.analyze(text)
    simp = normalize(text).simp
    words = role_rules().words
    out: dict[str, set[str]] = {}
    for e in r.entities:
        for m in e.mentions:
            w = simp[m.start : m.end]
            if w in words:
                out.setdefault(w, set()).add(e.name)
    return out


@pytest.mark.parametrize("case", _data()["defined_roles"]["examples"], ids=lambda c: c["text"][:12])
def test_role_example(case):
    links = _links(case["text"])
    for word, name in case["links"].items():
        assert links.get(word) == {name}, (word, links)


@pytest.mark.parametrize("text", _data()["defined_roles"]["negatives"], ids=lambda t: t[:12])
def test_role_negative(text):
    simp = normalize(text).simp
    defs = {e for _, _, e in definitions(simp, [m for e in kg.analyze(text).entities for m in e.mentions])}
    links = [w for w, names in _links(text).items() if names and w not in ("公司", "本公司")]
    # a role word is linked only where a bracket defined it, never in a longer term
    r = kg.analyze(text)
    for e in r.entities:
        for m in e.mentions:
            if simp[m.start : m.end] in role_rules().words:
                assert defs and m.start >= min(defs), (m, defs)
                assert not simp.startswith(role_rules().not_followed_by, m.end)
    assert not defs or links == [] or all(w in simp for w in links)


def test_a_role_word_without_a_definition_names_nobody():
    text = "买方同意收购而卖方同意出售目标公司全部股权,代价为人民币2亿元。"
    assert role_mentions(normalize(text).simp, text, [], set()) == []
    assert not [d for d in kg.analyze(text).deals if d.payer or d.payee]


def test_roles_do_not_cross_documents():
    one = "宁川控股有限公司(「买方」)与德清实业有限公司(「卖方」)订立买卖协议。"
    two = "买方同意收购而卖方同意出售青禾科技有限公司全部股权,代价为人民币3亿元。"
    assert not [d for d in kg.analyze(two).deals if d.payer == "宁川控股有限公司"]
    both = [d for d in kg.analyze(one + "\n" + two).deals if d.payer == "宁川控股有限公司"]
    assert both


def test_hong_kong_defined_terms_resolve_a_deal_frame():
    text = (
        "本公司全資附屬公司恒嶺投資（香港）有限公司（「買方」）已與恒岭有限公司（「賣方」）訂立買賣協議。"
        "根據協議，買方有條件同意收購而賣方有條件同意出售青禾醫療有限公司（「目標公司」）全部已發行股本，"
        "代價為港幣1.5億元。"
    )
    got = {(d.payer, d.payee) for d in kg.analyze(text).deals}
    assert ("恒嶺投資（香港）有限公司", "恒岭有限公司") in got or ("恒嶺投資（香港）有限公司", "青禾醫療有限公司") in got, got
    assert all(p != "恒岭有限公司" for p, _ in got), got


def test_a_seller_read_as_payer_gives_way_to_its_buyer():
    text = (
        "甲山投资有限公司（「买方」）已与卖方德清实业有限公司（「卖方」）订立买卖协议，"
        "收购青禾医疗有限公司70%股权，代价为人民币2.4亿元。"
    )
    deals = kg.analyze(text).deals
    assert deals and all(d.payer != "德清实业有限公司" for d in deals), [(d.payer, d.payee) for d in deals]


def test_a_target_with_a_paired_role_read_as_payer_pays_no_more():
    # 标的公司 and 被投资方 for one company (a role in no pair beside one in a pair): no KeyError, and
    # the investee read as the payer gives way to the one investor the brackets define
    text = (
        "澜岳控股有限公司（以下简称“投资方”）与禾屿新材料有限公司（以下简称“标的公司”或“被投资方”）签署增资协议，"
        "禾屿新材料有限公司向澜岳控股有限公司增资人民币5000万元。"
    )
    got = [(d.payer, d.payee) for d in kg.analyze(text).deals]
    assert got == [("澜岳控股有限公司", "禾屿新材料有限公司")], got


def test_taiwan_contract_fields_direction_by_the_contract():
    head = "青山電子今日公告重大訊息：\n1.事實發生日：115/03/02\n2.契約或承諾相對人：遠川半導體股份有限公司\n3.與公司關係：無\n"
    sells = head + "5.主要內容：測試設備銷售，契約金額新台幣4.2億元\n"
    buys = head + "5.主要內容：本公司購置測試設備，契約金額新台幣4.2億元\n"
    assert [(d.payer, d.payee) for d in kg.analyze(sells).deals if d.rule == "counterparty_contract_fields"] == [
        ("遠川半導體股份有限公司", "青山電子")
    ]
    assert [(d.payer, d.payee) for d in kg.analyze(buys).deals if d.rule == "counterparty_contract_fields"] == [
        ("青山電子", "遠川半導體股份有限公司")
    ]


def test_a_bracket_short_name_found_alone_is_the_same_company():
    text = (
        "恒嶺醫療集團有限公司（股份代號：01234，「恒嶺醫療」或「本公司」）公告，恒嶺醫療擬配售新股。"
        "恒嶺醫療昨日收報1.2港元。"
    )
    names = [e.name for e in kg.analyze(text).entities]
    assert len([n for n in names if "恒嶺醫療" in n]) == 1, names


def test_two_defined_roles_of_a_pair_make_the_documents_deal():
    text = (
        "甲山重工股份有限公司关于签订日常经营重大合同的公告\n"
        "重要内容提示：\n● 合同金额：4,200万美元\n"
        "一、合同签署情况\n甲山重工股份有限公司（以下简称“公司”或“卖方”）与PT Delta Karya Nusantara"
        "（以下简称“DK公司”或“买方”）签订设备供货合同，由公司向DK公司提供成套设备。\n"
    )
    got = [(d.payer, d.payee, d.kind, d.amount.text if d.amount else None) for d in kg.analyze(text).deals]
    assert ("PT Delta Karya Nusantara", "甲山重工股份有限公司", "purchase", "4,200万美元") in got, got


def test_one_defined_role_alone_makes_no_deal():
    text = "甲山重工股份有限公司（以下简称“卖方”）发布公告。\n● 合同金额：4,200万美元\n"
    assert not [d for d in kg.analyze(text).deals if d.rule == "defined_roles"]


# Invented announcements in several styles: (text, expected (payer, payee, kind) readings).
STYLES = [
    (
        "云岭物流股份有限公司（以下简称\"甲方\"）与青禾仓储有限公司（以下简称\"乙方\"）签订《仓储服务合同》，"
        "甲方向乙方支付仓储服务费人民币1,200万元。",
        [("云岭物流股份有限公司", "青禾仓储有限公司", "purchase")],
    ),
    (
        "恒峰國際控股有限公司（「本公司」）宣佈，本公司與恒遠資本有限公司（「認購人」）訂立認購協議，"
        "據此認購人有條件同意認購而本公司有條件同意發行2億股認購股份，總代價為1.6億港元。",
        [("恒遠資本有限公司", "恒峰國際控股有限公司", "investment")],
    ),
    (
        "本公司全資附屬公司嘉利投資有限公司（「買方」）與陳氏實業有限公司（「賣方」）訂立買賣協議，"
        "據此買方同意收購而賣方同意出售海韻酒店管理有限公司（「目標公司」）全部已發行股本，代價為3.2億港元。",
        [("嘉利投資有限公司", "海韻酒店管理有限公司", "acquisition"), ("嘉利投資有限公司", "陳氏實業有限公司", "purchase")],
    ),
    (
        "宁川实业股份有限公司关于控股股东协议转让部分股份的公告\n转让方（甲方）：德清控股有限公司\n"
        "受让方（乙方）：云岭投资集团有限公司\n股份转让价款：人民币4.8亿元\n",
        [("云岭投资集团有限公司", "德清控股有限公司", "purchase")],
    ),
    (
        "青禾電子股份有限公司公告本公司股東股權質押\n出質人：德清控股有限公司\n質權人：云岭商業銀行股份有限公司\n"
        "融資金額：新台幣5億元\n",
        [("云岭商業銀行股份有限公司", "德清控股有限公司", "loan")],
    ),
    (
        "宁川机电股份有限公司关于签订重大合同的公告\n合同主体\n1、采购方：德清港务集团有限公司\n"
        "2、供应方：宁川机电股份有限公司\n3、合同总价：人民币9,860万元\n",
        [("德清港务集团有限公司", "宁川机电股份有限公司", "purchase")],
    ),
    (
        "宁川机电股份有限公司关于对外投资的公告\n1、投资标的：宁川智能装备有限公司\n2、投资金额：人民币6,000万元\n",
        [("宁川机电股份有限公司", "宁川智能装备有限公司", "investment")],
    ),
    (
        "青山電子（6188）公告代子公司取得資產\n1.標的物之名稱及性質：測試機台\n2.交易對象：遠川半導體股份有限公司\n"
        "3.交易總金額：新台幣1.8億元\n",
        [("青山電子", "遠川半導體股份有限公司", "purchase")],
    ),
]


@pytest.mark.parametrize("text,expected", STYLES, ids=[t[:10] for t, _ in STYLES])
def test_announcement_styles(text, expected):
    deals = kg.analyze(text).deals
    got = {(d.payer, d.payee, d.kind) for d in deals}
    for want in expected:
        assert want in got, got
    names = {n for d in deals for n in (d.payer, d.payee)}
    assert not any(n and n[:2] in role_rules().words for n in names), names  # no role word glued into a name


def test_a_subscriber_of_a_targets_new_shares_invests_in_it_and_the_targets_own_purchase_stands():
    """认购方 and 目标公司 defined for two companies make the subscription their deal; the target's
    purchase from a company of no role is its own deal, not turned to the subscriber."""
    text = (
        "青禾數據控股有限公司 須予披露交易 認購目標公司新股份\n"
        "董事會宣佈，本公司之全資附屬公司青禾投資（新加坡）有限公司（「認購方」）與Harbor Compute Pte. Ltd."
        "（「目標公司」）訂立認購協議，據此，認購方有條件同意認購而目標公司有條件同意配發及發行目標公司之新股份。\n"
        "目標公司已於今年10月與宁川服务器有限公司訂立採購協議，購買GPU伺服器。\n"
    )
    got = {(d.payer, d.payee, d.kind) for d in kg.analyze(text).deals}
    assert ("青禾投資（新加坡）有限公司", "Harbor Compute Pte. Ltd.", "investment") in got, got
    assert not any(p == "青禾投資（新加坡）有限公司" and q == "宁川服务器有限公司" for p, q, _ in got), got


def test_roles_defined_by_labelled_fields_name_the_parties_of_the_summary_before_them():
    """An HKEX announcement tells the deal in role words (買方…與賣方訂立買賣協議) and names the parties
    in labelled fields after it (買方：甲 / 賣方：乙 / 目標公司：丙): the role words are those companies."""
    text = (
        "宁川數據控股有限公司 須予披露交易 收購目標公司全部已發行股本\n"
        "董事會宣佈，買方（本公司之全資附屬公司）與賣方訂立買賣協議，據此，買方有條件同意收購而賣方有條件同意出售"
        "目標公司全部已發行股本，代價為港幣2億元。\n\n"
        "買賣協議\n買方：宁川智算（香港）有限公司，本公司之全資附屬公司\n賣方：德清投資有限公司\n"
        "目標公司：青禾算力服務有限公司，一間於香港註冊成立之有限公司\n"
    )
    got = {(d.payer, d.payee) for d in kg.analyze(text).deals}
    assert ("宁川智算（香港）有限公司", "德清投資有限公司") in got, got
    assert ("宁川智算（香港）有限公司", "青禾算力服務有限公司") in got, got
    assert not any(p == "德清投資有限公司" for p, _ in got), got


def test_a_role_word_in_a_sentence_with_a_colon_is_no_field():
    """买方 inside a sentence (not at a line's start) defines nothing."""
    text = "宁川科技股份有限公司公告:本次交易的买方:德清投资有限公司已支付定金。卖方将于月底交割。"
    i = text.index("德清投资有限公司")
    assert definitions(text, [Mention("德清投资有限公司", i, i + 8)]) == []


def test_a_glossary_defines_the_terms_of_an_acquisition_report():
    """释义 lines (收购人、甲产投:指甲有限公司) give the report's terms their companies; the glossary's
    word 指 is no part of a name."""
    text = (
        "宁川电子股份有限公司收购报告书摘要\n第一节 释义\n"
        "收购人、德清产投：指德清产业投资集团有限公司\n"
        "一致行动人：指德清新兴产业股权投资基金合伙企业（有限合伙）\n"
        "上市公司、宁川电子：指宁川电子股份有限公司\n\n"
        "第二节 收购方式\n"
        "同日，一致行动人与上市公司签署《股份认购协议》，一致行动人拟以现金认购上市公司向特定对象发行的股票，"
        "认购金额不超过人民币2.5亿元。此外,收购人计划向北岭农村商业银行股份有限公司申请最高1.8亿元的并购贷款。\n"
    )
    r = kg.analyze(text)
    names = {e.name for e in r.entities}
    assert not any(n.startswith("指") for n in names), names
    got = {(d.payer, d.payee) for d in r.deals}
    assert ("德清新兴产业股权投资基金合伙企业（有限合伙）", "宁川电子股份有限公司") in got, got
    assert ("北岭农村商业银行股份有限公司", "德清产业投资集团有限公司") in got, got


def test_the_client_of_a_goods_contract_pays_its_supplier():
    # 甲方 (the client) pays 乙方 in a contract for goods or services, whichever the sentence names first
    text = (
        "宁川电气股份有限公司（以下简称“公司”或“乙方”）于2026年11月3日与青禾新能源开发有限公司（以下简称“青禾新能源”"
        "或“甲方”）签订了《储能系统设备采购合同》，合同总金额为人民币3,260.00万元（含税）。"
    )
    assert {(d.payer, d.payee, d.kind) for d in kg.analyze(text).deals} == {("青禾新能源", "宁川电气股份有限公司", "purchase")}


def test_a_share_transfers_jiafang_is_no_client():
    # a transfer agreement's 甲方 may be its seller: the roles only name the companies there
    text = (
        "德清控股有限公司（以下简称“甲方”）与远帆投资有限公司（以下简称“乙方”）签署《股份转让协议》，"
        "乙方拟受让甲方持有的宁川电气20%股份，转让总价款为5亿元。"
    )
    pairs = {(d.payer, d.payee) for d in kg.analyze(text).deals}
    assert ("远帆投资有限公司", "德清控股有限公司") in pairs and ("德清控股有限公司", "远帆投资有限公司") not in pairs


def test_an_agreements_party_fields_with_a_second_role_in_brackets():
    # 甲方(转让方):X on a line of its own: 甲方 and 转让方 are X wherever the summary uses them
    text = (
        "三、《股份转让协议》主要内容\n甲方（转让方）：德清远帆投资有限公司\n乙方（受让方）：宁川产业发展集团有限公司\n"
        "1、本协议签署后五个工作日内，乙方向甲方支付定金3,000万元。\n"
    )
    res = kg.analyze(text)
    assert not {"甲方", "乙方", "乙方向甲方"} & {e.name for e in res.entities}
    assert ("宁川产业发展集团有限公司", "德清远帆投资有限公司") in {(d.payer, d.payee) for d in res.deals}
