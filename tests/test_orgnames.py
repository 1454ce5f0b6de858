"""Organisation names of real news (kg/extract/orgnames.py, rules/org_names.yaml): spec tables.

Every example is written for this project. Positive cases give a text and the names that must
be entities (a mention text equal to the name); negative cases give words that must not start,
end or be an entity.
"""

from __future__ import annotations

import pytest

import kg
from kg.extract.orgnames import MEDIUM, STRONG, WEAK, name_ok, org_names, trim_front


def _forms(text):
    res = kg.analyze(text)
    return {m.text for e in res.entities for m in e.mentions}, res


POSITIVE = [
    ("澄湾健康拟3亿元收购北岭药业30%的股份。", ["澄湾健康", "北岭药业"]),
    ("青屿金控去年完成了对溪口证券全部股权的收购,彼时溪口证券仍在亏损。", ["青屿金控", "溪口证券"]),
    ("中国中铁拟入主恒通科技。", ["恒通科技"]),
    ("南都电源(300068)晚间公告,拟出售子公司股权。", ["南都电源"]),
    ("长高电气(002452.SZ)公告称,公司中标国家电网项目。", ["长高电气"]),
    ("宏远建设(600999)11月3日晚间公告,公司联合中标一项市政工程。", ["宏远建设"]),
    ("本周,青山环保、金沙股份、云岭矿业等多家公司披露了回购进展。", ["青山环保", "金沙股份", "云岭矿业"]),
    ("星河科技以支付现金的方式购买远帆投资持有的蓝湾药业60%股权。", ["星河科技", "远帆投资", "蓝湾药业"]),
    ("天奇股份中标一项海外总装线项目,合同总价约3亿元。", ["天奇股份"]),
    ("今年3月,A股上市公司北辰纺机宣布收购一家印染厂。", ["北辰纺机"]),
    ("由全资子公司华东路桥等组成的联合体中标高速公路项目。", ["华东路桥"]),
    ("昨天北岭环卫(9.460, -0.05, -0.53%)(603998)公告,公司新签一份城乡保洁服务合同。", ["北岭环卫"]),
    ("(002998)澄湾铁塔-2014年8月6日,南方电网公司公示了集中招标的结果。", ["澄湾铁塔"]),
    ("上市同年,青川动漫一口气收购了两家制作公司。", ["青川动漫"]),
    # a deal word with a legal word after it is part of the name (cue_in_name_before, name_continues)
    ("宁川产业投资集团宣布向青禾材料增资。", ["宁川产业投资集团"]),
    ("青禾激光向宁川产业投资集团定向增发,募资3.5亿元。", ["宁川产业投资集团", "青禾激光"]),
    # 对 of 对象 is no breaker before a registered name (向特定对象甲股份有限公司发行股票)
    ("公司拟向特定对象重庆宁川汽车股份有限公司发行股票不超过6,800万股。", ["重庆宁川汽车股份有限公司"]),
    # an ordinal is part of a public body's name, no count (第一人民医院)
    ("名称：合肥市第一人民医院\n地址：合肥市庐阳区淮河路390号", ["合肥市第一人民医院"]),
    # the number of a roundup's item is no part of the name
    ("7、青禾激光拟以9,000万元向宁川新能源有限公司增资。", ["青禾激光"]),
    ("二季度澄江资本加仓北岭软件,减持溪口电子。", ["澄江资本", "北岭软件"]),
    ("二季度澄江资本加仓北岭软件,减持溪口电子。", ["澄江资本", "北岭软件"]),
]


@pytest.mark.parametrize("text,names", POSITIVE)
def test_names_found(text, names):
    forms, _ = _forms(text)
    for n in names:
        assert n in forms, (n, sorted(forms))


NEGATIVE = [
    # time words, adverbs and prepositions never start a name
    ("青屿金控去年完成了对溪口证券全部股权的收购,彼时溪口证券仍在亏损。", ["彼时溪口证券"]),
    ("随着宏达新材完成收购,行业格局生变。", ["随着宏达新材"]),
    # a verb of effect before the company it acts on is no name (帮助公司)
    ("宁海智能称,此次收购将帮助公司获得欧洲汽车客户资源。", ["帮助公司"]),
    # a quarter or half-year said before a fund is no part of its name
    ("二季度澄江资本加仓北岭软件,减持溪口电子。", ["二季度澄江资本"]),
    ("上半年青屿投资增持宏远建设500万股。", ["上半年青屿投资"]),
    # a quarter or half-year said before a fund is no part of its name
    ("二季度澄江资本加仓北岭软件,减持溪口电子。", ["二季度澄江资本"]),
    ("上半年青屿投资增持宏远建设500万股。", ["上半年青屿投资"]),
    ("同时,公司拟以自有资金收购剩余30%股权。", ["剩余", "公司", "同时"]),
    # manner of payment, amounts and predicates are not names
    ("澄湾股份计划通过发行股份和支付现金相结合的方式收购目标资产。", ["发行股份", "支付现金"]),
    ("该公司斥资22亿美元收购竞争对手。", ["斥资22亿美元", "22亿美元"]),
    ("分析人士认为,并且将继续推动整合。", ["并且将"]),
    # a headline run into its text: the project's name does not start the company's
    ("青禾环境:中标德清县垃圾焚烧发电项目青禾环境(603999)晚间公告,公司中标该项目。", ["项目青禾环境"]),
    # people are not companies
    ("张建国拟减持公司股份。", ["张建国"]),
    # idioms, habits of time and prepositions glued to a name are no part of it
    ("青禾股份完成重组后,此番紧锣密鼓收购远帆材料30%股权。", ["此番紧锣密鼓", "紧锣密鼓"]),
    ("海川集团近几年一直以收购海外品牌为主要扩张手段。", ["海川集团近几年一直"]),
    ("董事会审议通过了《关于对公司收购宁川拜特公司少数股东股权的议案》。", ["对公司"]),
    ("经纬智能今天下午公告称,将收购宁川信托32%股权。", ["经纬智能今天下午"]),
    ("腾讯以约2.3亿港元增持青禾集团股份。", ["青禾集团股份"]),
    # descriptions, the sides of a deal and places abroad are not names
    ("日立宣布以约10亿美元收购美国数据中心服务商。", ["数据中心服务商", "美国数据中心服务商"]),
    ("英特尔退出与SK集团的封装项目,原计划双方共同出资30亿美元。", ["原计划双方"]),
    ("SB Energy宣布将收购美国俄亥俄州的数据中心园区开发商Ridgeline Power Partners。", ["俄亥俄州", "美国俄亥俄州"]),
    ("远澜股份以货币出资3亿元,占注册资本的60%。", ["占注册资本", "注册资本"]),
    ("青松集团成功收购跨国金融机构宁川保险。", ["跨国金融机构"]),
    ("海川集团以收购高奢品牌为主要扩张手段。", ["高奢品牌"]),
    ("远帆软件公告,公司与宁川网景签署收购意向书。", ["收购意向书", "意向书"]),
]


@pytest.mark.parametrize("text,bad", NEGATIVE)
def test_not_names(text, bad):
    forms, _ = _forms(text)
    for b in bad:
        assert b not in forms, (b, sorted(forms))


def test_one_entity_for_every_mention():
    text = "恒兴环境(300888)公告,恒兴环境拟收购绿源水务51%股权。绿源水务去年盈利。"
    res = kg.analyze(text)
    by = {e.name: [m.text for m in e.mentions] for e in res.entities}
    assert by.get("恒兴环境") == ["恒兴环境", "恒兴环境"]
    assert by.get("绿源水务") == ["绿源水务", "绿源水务"]


def test_spans_are_spans_of_the_traditional_text():
    text = "華遠證券(600888)公告,華遠證券擬收購綠源水務51%股權。"
    res = kg.analyze(text)
    for e in res.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    assert any(m.text == "綠源水務" for e in res.entities for m in e.mentions)


@pytest.mark.parametrize(
    "name,level,ok",
    [
        ("德展健康", WEAK, True),
        ("太平洋", STRONG, True),
        ("太平洋", MEDIUM, False),
        ("公司", STRONG, False),
        ("市场", MEDIUM, False),
        ("最多", MEDIUM, False),
        ("主权基金", MEDIUM, False),
        ("22亿美元", MEDIUM, False),
        ("EPC", WEAK, False),
    ],
)
def test_name_shape(name, level, ok):
    assert name_ok(name, level) is ok


@pytest.mark.parametrize(
    "text,expected",
    [("彼时广州证券", "广州证券"), ("今年3月A股上市公司经纬纺机", "经纬纺机"), ("向日葵", "向日葵"), ("和硕", "和硕")],
)
def test_trim_front(text, expected):
    assert text[trim_front(text, 0, len(text)) :] == expected


def test_known_mentions_are_left_alone():
    class M:
        def __init__(self, a, b):
            self.start, self.end = a, b

    s = "澄湾健康拟3亿元收购北岭药业30%的股份。"
    assert [s[a:b] for a, b, _ in org_names(s, [M(0, 4)])] == ["北岭药业"]


def test_announcing_company_is_the_company_of_the_text():
    text = "宏达建设股份有限公司关于全资子公司中标的公告\n本公司全资子公司近日收到中标通知书,公司将按规定披露进展。"
    res = kg.analyze(text)
    ent = next(e for e in res.entities if any(m.text == "宏达建设股份有限公司" for m in e.mentions))
    assert [m.text for m in ent.mentions] == ["宏达建设股份有限公司", "本公司", "公司"]


def test_a_taiwan_material_information_header_names_the_announcing_company():
    text = "公司名稱：宏達精機股份有限公司（代號：6999）\n主旨：本公司取得機器設備\n(1)本公司另向青禾自動化股份有限公司取得搬運設備，金額新台幣1.2億元。"
    res = kg.analyze(text)
    ent = next(e for e in res.entities if any(m.text == "宏達精機股份有限公司" for m in e.mentions))
    assert "本公司" in [m.text for m in ent.mentions]
    assert ("宏達精機股份有限公司", "青禾自動化股份有限公司", "purchase") in {(d.payer, d.payee, d.kind) for d in res.deals}


def test_short_name_after_a_colon_and_latin_letters_with_accents():
    forms, res = _forms("甲乙市政工程集团有限公司(简称:甲乙市政)与三星签约。三星以26億美元收購德國空調公司FläktGroup。")
    assert "甲乙市政" in forms
    assert "FläktGroup" in {n for d in res.deals for n in (d.payer, d.payee)}


@pytest.mark.parametrize(
    "text,names",
    [
        ("*ST远帆拟挂牌出售子公司股权。", ["*ST远帆"]),
        ("公司全资子公司江南路桥拟将持有的滨海热电20%股权转让。", ["江南路桥", "滨海热电"]),
        ("本次交易完成后,华岳控股将持有明湖教育100%股权。", ["华岳控股", "明湖教育"]),
        ("公司近日收到青溪县住房和城乡建设局发出的中标通知书。", ["青溪县住房和城乡建设局"]),
        ("由丰泽资本领投,挪威Aker集团跟投。", ["Aker集团"]),
    ],
)
def test_more_names_found(text, names):
    forms, _ = _forms(text)
    for n in names:
        assert n in forms, (n, sorted(forms))


@pytest.mark.parametrize(
    "text,bad",
    [
        ("OpenAI不会收购任何公司。", ["任何公司"]),
        ("未来几年相关并购与频谱交易金额可望持续成长。", ["频谱"]),
        ("数据中心营运商拥有稳定电源,成本更低。", ["拥有稳定电源"]),
        ("开发商承诺向微软的Azure云平台购买算力。", ["Azure云平台"]),
        ("这轮投资完成后,估值上升。", ["轮投资"]),
    ],
)
def test_more_not_names(text, bad):
    forms, _ = _forms(text)
    for b in bad:
        assert b not in forms, (b, sorted(forms))


def test_public_bodies_are_government():
    res = kg.analyze("公司收到铜仁市公安局发出的中标通知书,中标长沙市城市大脑项目。")
    types = {e.name: e.type for e in res.entities}
    assert types.get("铜仁市公安局") == "government"
    assert types.get("长沙市") == "government"


@pytest.mark.parametrize(
    "text,places,not_places",
    [
        # a known place (rules/places.yaml) opening a project's name after a winning verb is the tenderer
        ("远达路桥近日中标德清城西污水管网工程,中标价1.2亿元。", ["德清"], []),
        ("海川电气中标肯尼亚内罗毕供水项目。", ["肯尼亚"], []),
        ("青松环卫先后中标了湖南浏阳、广东清远两个环卫项目。", ["湖南浏阳", "广东清远"], []),
        ("宏达建设成为“德清城西污水管网工程”的中标单位。", ["德清"], []),
        ("宏达基因公告,全资子公司中标德清县孕妇产前检测服务项目。", ["德清县"], ["德清县孕妇", "德清县孕妇产"]),
        # not after a winning verb, or not won
        ("远达路桥成为德清首家上市路桥企业。", [], ["德清"]),
        ("远达路桥未中标德清城西污水管网工程。", [], ["德清"]),
        ("远达路桥总部位于德清,主营路桥施工。", [], ["德清"]),
        # a tenderer that sends the notice itself is the payer; an agency that sends it is not
        ("澄湾钢构公告,公司收到北岭建工集团有限公司寄来的中标通知书,确认公司为“德清奥体中心钢结构工程”的中标单位。", [], ["德清"]),
        ("澄湾路桥收到溪口中信招标代理有限公司出具的中标通知书,中标德清县城市市政道路维修项目。", ["德清县"], ["德清县城市市", "德清县城市"]),
    ],
)
def test_known_places_open_project_names(text, places, not_places):
    res = kg.analyze(text)
    types = {e.name: e.type for e in res.entities}
    for p in places:
        assert types.get(p) == "government", (p, types)
    for p in not_places:
        assert p not in types, (p, types)


def _yaml_cases(key):
    from kg import rules

    return [pytest.param(c["text"], c.get("names") or c.get("not"), id=f"{key}-{i}")
            for i, c in enumerate(rules.load("org_names.yaml").get(key) or [])]


def _example_cases():
    from kg import rules

    return [pytest.param(c["text"], c.get("names") or [], c.get("not") or [], id=f"examples-{i}")
            for i, c in enumerate(rules.load("org_names.yaml").get("examples") or [])]


@pytest.mark.parametrize("text,names,not_names", _example_cases())
def test_rule_file_examples(text, names, not_names):
    forms, res = _forms(text)
    for n in names:
        assert n in forms, (n, sorted(forms))
    found = {e.name for e in res.entities}
    for w in not_names:  # an example's `not:` holds too (综合商社青松商事 is no name)
        assert w not in forms and w not in found, (w, sorted(forms))


@pytest.mark.parametrize("text,words", _yaml_cases("negatives"))
def test_rule_file_negatives(text, words):
    forms, res = _forms(text)
    names = {e.name for e in res.entities}
    for w in words:
        assert w not in forms and w not in names, (w, sorted(forms))


@pytest.mark.parametrize(
    "text,known,registered",
    [
        # a known brand's registered name (business words, a place in brackets) is the brand's company
        (
            "澄湾数据与腾讯科技（深圳）有限公司签订算力服务合同,澄湾数据将为腾讯提供算力服务。",
            "Tencent",
            "腾讯科技（深圳）有限公司",
        ),
        ("澄湾数据与阿里云计算有限公司签订合同,为阿里云提供智能算力服务。", "Alibaba", "阿里云计算有限公司"),
        # (工业, 新能源科技: the business words of Taiwan's and mainland registered names)
        ("宁川光电私募应募人为台達電子工業股份有限公司。", "Delta Electronics", "台達電子工業股份有限公司"),
        ("宁川锂能定增的发行对象包括宁德时代新能源科技股份有限公司。", "CATL", "宁德时代新能源科技股份有限公司"),
    ],
)
def test_registered_name_of_a_known_brand(text, known, registered):
    _, res = _forms(text)
    owner = next(e for e in res.entities if any(m.text == registered for m in e.mentions))
    assert owner.name == known


def test_other_words_after_a_brand_make_another_company():
    _, res = _forms("青屿资本与腾讯文旅发展有限公司签订合作协议。")
    assert "腾讯文旅发展有限公司" in {e.name for e in res.entities}


def test_a_listed_parent_is_none_of_its_units_in_a_place():
    # 甲(code) and 甲…(place)有限公司: the listed company and its unit stay two companies
    text = (
        "澄湾数据（02738）公布，全资附属公司澄湾数据中心（葵涌）有限公司与一个银团签订融资协议。"
        "澄湾数据早前已与联想集团签订采购协议。"
    )
    _, res = _forms(text)
    names = {e.name for e in res.entities}
    assert "澄湾数据" in names and "澄湾数据中心（葵涌）有限公司" in names


@pytest.mark.parametrize(
    "text,name,not_name",
    [
        # a state firm's kind (and its province) before a registered name is no part of it
        ("湖南省国企湘江远帆控股集团有限公司透过全资附属公司收购恒昇智能51%股权。", "湘江远帆控股集团有限公司", "湖南省国企湘江远帆控股集团有限公司"),
        ("央企中国远帆建设集团有限公司中标宁川市轨道交通项目。", "中国远帆建设集团有限公司", "央企中国远帆建设集团有限公司"),
        # a fund's suffix starting inside a short alias (星纬创投: 创投 over 纬创): the coined name, not Wistron
        ("本轮由澹朴资本领投,老股东星纬创投跟投。", "星纬创投", "Wistron"),
        # ... but a word that goes on from the suffix (纬创投资: 投资) leaves the alias its own
        ("今年纬创投资10亿美元扩产。", "Wistron", "纬创投"),
    ],
)
def test_the_name_and_not_the_glued_or_inner_one(text, name, not_name):
    forms, res = _forms(text)
    found = forms | {e.name for e in res.entities}
    assert name in found and not_name not in found


@pytest.mark.parametrize(
    "text,registered,form",
    [
        # a Japanese registered name (株式会社) and its short form
        ("远帆物产将向宁川数位基地株式会社出资120亿元。宁川数位基地还将向美超微采购服务器。", "宁川数位基地株式会社", "宁川数位基地"),
        # a short form equal to a unit's name but its place is that unit, beside a group of the same brand
        # (湘江国控 beside 湘江国际控股集团有限公司 and 湘江国控(香港)有限公司)
        (
            "湘江国控8.45亿入主宁昇物流\n\n宁昇物流(1586)公布,控股股东与湘江国际控股集团有限公司的全资附属公司"
            "湘江国控(香港)有限公司订立买卖协议。湘江国控表示,入主后将把宁昇物流定位为集团海外物流平台。",
            "湘江国控(香港)有限公司",
            "湘江国控",
        ),
    ],
)
def test_a_short_form_of_a_registered_name(text, registered, form):
    _, res = _forms(text)
    owner = next(e for e in res.entities if any(m.text == registered for m in e.mentions))
    assert form in {m.text for m in owner.mentions}


def test_a_registered_name_before_a_banks_branch_stays_apart():
    # 甲有限公司向乙银行丙分行: the branch's place after a legal form holds no preposition nor another bank
    forms, _ = _forms("青禾算力科技有限公司向宁川银行青禾分行申请贷款。")
    assert "青禾算力科技有限公司" in forms
    assert not [f for f in forms if f.startswith("青禾算力科技有限公司向")]


def test_a_groups_short_name_is_not_its_units():
    # 甲能源 beside 甲能源控股(code) and its unit 甲(深圳)新能源有限公司: the group's short name, not the unit's
    text = (
        "澄域能源控股(01887)昨晚公布,全资附属公司澄域(深圳)新能源有限公司(买方)与杭州青杉实业有限公司(卖方)订立买卖协议。"
        "澄域能源表示,现金代价将以集团内部资源支付。"
    )
    _, res = _forms(text)
    unit = next(e for e in res.entities if any(m.text == "澄域(深圳)新能源有限公司" for m in e.mentions))
    assert "澄域能源" not in {m.text for m in unit.mentions}


def test_a_foreign_companys_mark_is_no_part_of_its_name():
    # Taiwan writes a foreign company's country before its registered name (日商, 荷商)
    forms, _ = _forms("交易相对人:荷商青禾半导体有限公司;与公司之关系:非关系人。")
    assert "青禾半导体有限公司" in forms and "荷商青禾半导体有限公司" not in forms


def test_a_source_word_before_a_registered_name_is_no_part_of_it():
    forms, _ = _forms("其中,公司以自有资金支付1.15亿元,其余1.16亿元来源于宁川银行股份有限公司杭州分行提供的并购贷款。")
    assert "宁川银行股份有限公司杭州分行" in forms
    assert not [f for f in forms if f.startswith("来源于")]


def test_a_spanish_legal_form_after_a_known_name():
    # a subsidiary named after its parent with Mexico's legal form (S.A. de C.V.): the whole name
    forms, _ = _forms("英业达昨日代子公司公告,墨西哥子公司Inventec Mexico S.A. de C.V.接获订单。")
    assert "Inventec Mexico S.A. de C.V." in forms
