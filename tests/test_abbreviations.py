"""Short names that abbreviate a legal name of the same article (kg/extract/abbreviations.py)."""

from __future__ import annotations

import pytest

import kg
from kg.extract.abbreviations import abbreviates

# (short name, legal name, is it its short form?) -- invented companies
SPEC = [
    ("远帆产业", "江苏远帆产业发展有限公司", True),  # a place, then the brand
    ("恒毅投资", "宁川梅山保税港区恒毅股权投资合伙企业(有限合伙)", True),  # brand + a later word
    ("航宇精铸", "西安航宇精密铸造有限公司", True),  # characters in order
    ("远帆集团", "远帆产业发展集团有限公司", True),
    ("远帆科技", "远帆产业发展有限公司", False),  # 科技 is not in the legal name
    ("宁川科技", "宁川华泰科技有限公司", False),  # a second brand (华泰) between: another company
    ("澜海证券", "澜海建投证券股份有限公司", False),
    ("远帆产业", "远帆产业发展集团有限公司", False),  # a group and its listed company
    ("远帆港口", "远帆局港口控股有限公司", False),  # a holding and its listed company
    ("江西旅游", "江西山水画廊旅游股份有限公司", False),  # a place and a word are no brand
    ("宁川城投", "宁川城投建设有限公司", True),
    ("青禾银行", "青禾银行股份有限公司宁川分行", False),  # a branch is not its bank
    ("远帆产业", "远帆产业发展", False),  # no legal ending
    ("江苏", "江苏远帆产业发展有限公司", False),  # too short, and a place
]


@pytest.mark.parametrize("short,legal,expected", SPEC)
def test_abbreviation_spec(short, legal, expected):
    assert abbreviates(short, legal) is expected


def _entities(text):
    return {e.name: sorted(m.text for m in e.mentions) for e in kg.analyze(text).entities}


def test_a_short_form_is_the_legal_names_entity():
    got = _entities("青禾股份公告,股东澜川投资与江苏远帆产业发展有限公司签署股份转让协议,受让方远帆产业将成为公司第二大股东。")
    assert got.get("江苏远帆产业发展有限公司") == ["江苏远帆产业发展有限公司", "远帆产业"]
    assert "远帆产业" not in got


def test_a_brand_shared_by_a_group_and_its_subsidiary_stays_apart():
    got = _entities("远帆医疗集团有限公司公告,附属公司远帆医疗投资(香港)有限公司将向澜川资本配售股份,远帆医疗股价上涨。")
    assert "远帆医疗投资(香港)有限公司" not in got or "远帆医疗" not in got.get("远帆医疗投资(香港)有限公司", [])


def test_a_headline_run_into_the_body_leaves_the_name_alone():
    got = _entities("远帆科技:拟收购青禾环保60%股权扩大环保业务规模远帆科技(300999)晚间公告,远帆科技拟以现金收购青禾环保60%股权。")
    assert "扩大环保业务规模远帆科技" not in got and "业务规模远帆科技" not in got
    assert "远帆科技" in got


def test_a_brand_before_a_known_name_stays():
    got = _entities("平煤青禾拟收购远帆环保60%股权。此前,青禾曾公告称将与平煤合作。")
    assert "青禾" not in got or "平煤青禾" in got


# (text, short form, the legal name it is a mention of): one company
ONE_COMPANY = [
    # a bracket right after a legal name defines its short name, even for a group's name
    ("瑞川国际控股有限公司（瑞川国际，00786）昨晚公布，瑞川国际建议以协议安排方式将青禾物流私有化。", "瑞川国际", "瑞川国际控股有限公司"),
    # a local fund's name has no legal ending before its (有限合伙); its short form drops the place's 市
    # and the common words 国有, 投资 and keeps 基金 (abbreviation_kept_endings)
    (
        "宁川市国有产业投资基金（有限合伙）拟受让青禾药业15%股份。本次权益变动后，宁川产业基金将成为公司控股股东。",
        "宁川产业基金",
        "宁川市国有产业投资基金",
    ),
]

# (text, short form that stays a company of its own)
APART = [
    # no bracket: a group's name and the short name without its group word stay two parties
    ("广州青禾实业集团有限公司拟将其持有的青禾实业15%股份转让给澜川资本。", "青禾实业"),
    # a short form whose rest skips a name (华泰) is another company
    ("宁川市华泰科技有限公司与宁川科技签约。", "宁川科技"),
]


@pytest.mark.parametrize("text,short,legal", ONE_COMPANY)
def test_a_short_form_is_a_mention_of_its_legal_name(text, short, legal):
    got = _entities(text)
    assert short not in got
    assert short in got[legal], got


@pytest.mark.parametrize("text,short", APART)
def test_a_short_form_that_is_another_company_stays_apart(text, short):
    assert short in _entities(text)


def test_a_name_a_bracket_gave_its_english_name_is_that_company_everywhere():
    # 甲（Latin）… 甲表示: the Chinese name alone later is the company the bracket named (entities._other_occurrences)
    r = kg.analyze("美国新兴云服务商蓝杉云（BlueFir Cloud）宣布完成融资。蓝杉云表示，已与微软签订算力合同，价值约9亿美元。")
    holders = [e for e in r.entities if any(m.text == "蓝杉云" for m in e.mentions)]
    assert len(holders) == 1 and holders[0].name == "BlueFir Cloud", [(e.name, [m.text for m in e.mentions]) for e in r.entities]
    assert [(d.payer, d.payee) for d in r.deals] == [("Microsoft", "BlueFir Cloud")]


def test_a_short_form_beside_two_legal_names_of_different_brands_goes_to_the_one_it_abbreviates():
    # both legal names open with 宁川市 (kin by their first characters); their brands differ (国有…, 城投),
    # so the short form is the one whose characters it holds in order
    got = _entities(
        "宁川市国有产业投资基金（有限合伙）拟受让青禾药业15%股份，其执行事务合伙人的控股股东为宁川市城投集团有限公司。"
        "本次权益变动后，宁川产业基金将成为公司控股股东。"
    )
    assert "宁川产业基金" in got["宁川市国有产业投资基金"], got


def test_a_grids_provincial_unit_short_and_full_is_one_party():
    # 国网湖北电力 (a known company's alias, a place, 电力: place_unit_words) in a headline and
    # 国网湖北省电力有限公司 in the body: one unit, not the parent State Grid
    r = kg.analyze("【远帆建工：子公司中标国网湖北电力项目】远帆建工公告，全资子公司湖北远帆电气有限公司中标国网湖北省电力有限公司2026年配网物资采购项目，中标金额1.12亿元。")
    forms = {e.name: {m.text for m in e.mentions} for e in r.entities}
    assert forms.get("国网湖北省电力有限公司") == {"国网湖北电力", "国网湖北省电力有限公司"}, forms
    assert "State Grid Corporation of China" not in forms


def test_a_short_form_is_its_legal_name_without_place_and_common_words_beside_a_family_name():
    # 远帆精工 is 无锡远帆精工科技有限公司 (place, short, 科技) though 无锡远帆企业管理合伙企业 shares its brand
    got = _entities(
        "【云岭股份：拟2.4亿元收购远帆精工40%股权】云岭股份公告，拟以2.4亿元收购无锡远帆企业管理合伙企业（有限合伙）"
        "持有的无锡远帆精工科技有限公司40%股权。远帆精工主营精密轴承。"
    )
    assert "远帆精工" not in got and "远帆精工" in got["无锡远帆精工科技有限公司"], got


def test_a_bracket_of_security_fields_defines_the_short_name():
    """(证券简称:乙,证券代码:N): the short name is defined, the code is a field (short_name_code_field)."""
    got = _entities("晚间,宁川澄泰精工股份有限公司(证券简称:澄泰精工,证券代码:301999)公告称,澄泰精工拟收购青禾电子51%股权。")
    merged = next((ms for ms in got.values() if "宁川澄泰精工股份有限公司" in ms), None)
    assert merged is not None and "澄泰精工" in merged, got
    assert not any("代码" in n for n in got), got


def test_a_fund_named_for_buying_companies_keeps_its_whole_name():
    """并购 cuts a registered name before it (公司拟并购甲有限公司), not inside a fund's name (legal_name_words);
    a bracket's field (暂定名) may come before the short name marker (short_name_lead_fields)."""
    got = _entities("青禾材料公告,拟设立宁川青禾并购投资基金合伙企业(有限合伙)(暂定名,以下简称“青禾并购基金”),规模3亿元。")
    fund = got.get("青禾并购基金") or got.get("宁川青禾并购投资基金合伙企业(有限合伙)")
    assert fund is not None and "宁川青禾并购投资基金合伙企业(有限合伙)" in fund and "青禾并购基金" in fund, got


def test_a_hong_kong_bracket_names_the_short_name_before_the_code():
    """甲控股有限公司（乙，股份代號：2399）: 乙 is 甲's short name (the code field marks it); the field is no name."""
    got = _entities("青港數據控股有限公司（青港數據，股份代號：2399）昨晚公布配售。青港數據表示，所得款項將用於擴建。")
    merged = next((ms for ms in got.values() if "青港數據控股有限公司" in ms), None)
    assert merged is not None and merged.count("青港數據") == 2, got
    assert "股份代號" not in got, got


# A subsidiary's short name in a bare bracket after its full name (Taiwan style), whose head is the parent's
# known name: the subsidiary wherever the article uses it, not the parent (invented subsidiaries).
@pytest.mark.parametrize(
    "text, parent, unit",
    [
        # after a registered Chinese name: only a bracket that abbreviates the name defines one
        ("廣達昨日公告,墨西哥子公司廣達墨西哥股份有限公司(廣達墨西哥)取得訂單。廣達董事會通過對廣達墨西哥增資8,000萬美元。",
         "Quanta Computer", "廣達墨西哥"),
        # after a Latin legal name, its form after a comma (Co., Ltd.) included
        ("宏碁昨日代子公司公告,越南子公司Acer Vietnam Co., Ltd.(宏碁越南)接獲面板採購訂單。宏碁董事會同日通過對宏碁越南增資5,000萬美元。",
         "Acer", "Acer Vietnam Co., Ltd."),
    ],
    ids=["after-registered-name", "after-latin-name"],
)
def test_a_bracketed_short_name_of_a_subsidiary_is_the_subsidiary(text, parent, unit):
    pairs = {(d.payer, d.payee, d.kind) for d in kg.analyze(text).deals}
    assert any(p == parent and unit in q and k == "investment" for p, q, k in pairs), pairs


def test_a_place_in_brackets_after_a_name_defines_no_short_name():
    got = _entities("宏川精密股份有限公司(香港)公告,宏川精密科技有限公司(宏川精密)與青禾銀行簽約。")
    assert "香港" not in got and not any("香港" in forms for forms in got.values())


def test_a_latin_acronym_in_brackets_is_the_named_company():
    # Blue Heron Robotics(BHR): the acronym's letters are the name's, in order (an invented company)
    res = kg.analyze("远帆电机宣布,将向美国机器人企业Blue Heron Robotics(BHR)出资约300亿日元,通过认购BHR发行的新股取得约20%的股份。")
    got = {e.name: sorted(m.text for m in e.mentions) for e in res.entities}
    assert got.get("Blue Heron Robotics") == ["BHR", "BHR", "Blue Heron Robotics"], got
    assert {(d.payer, d.payee) for d in res.deals} == {("远帆电机", "Blue Heron Robotics")}
