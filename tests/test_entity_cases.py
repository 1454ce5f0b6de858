"""Entity decisions that change who pays: input -> the deals expected (data table)."""

from __future__ import annotations

import pytest

from kg.extract.pipeline import analyze

CASES = [
    # X投资 followed by a party or an amount is the verb, not X's investment arm
    ("英伟达投资OpenAI 1000亿美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    ("輝達投資OpenAI 1000億美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    ("英伟达将投资OpenAI 1000亿美元。", [("Nvidia", "OpenAI", "investment")], {"Nvidia", "OpenAI"}),
    # ... a currency before the amount too (investment_arm_verb_object of org_patterns.yaml)
    ("宁川芯算宣布获得國發基金投資新台幣3億元。", [("National Development Fund", "宁川芯算", "investment")],
     {"National Development Fund", "宁川芯算"}),
    # ... while an arm acting on its own stays a party of its own
    ("由腾讯投资和红杉中国共同领投。", [], {"腾讯投资"}),
    ("腾讯投资领投了这轮融资。", [], {"腾讯投资"}),
    # an investor class of market news is one investor; bare 外资 (any foreign money) is none
    ("险资三季度增持了远帆科技和青禾药业。",
     [("Insurance funds", "远帆科技", "investment"), ("Insurance funds", "青禾药业", "investment")], {"Insurance funds"}),
    ("北向資金本季增持了遠帆科技。", [("Northbound Stock Connect investors", "遠帆科技", "investment")],
     {"Northbound Stock Connect investors"}),
    ("外资本季增持了远帆科技。", [], set()),
    # a person the text marks (先生, 实控人) is a person entity, never a party (nor part of a name)
    ("远帆科技称,孟庆川先生近日买入公司股份41万股。", [], {"孟庆川"}),
    ("据远帆科技披露,实控人韦立平与其弟此前质押给华川证券的股份已被强制卖出。", [], {"韦立平", "华川证券"}),
    # ... or a person's deed (以个人名义, 及其控制的), or a list of persons only (org_names.yaml person_after_tagged)
    ("据了解,陈建树及其控制的青禾都先行在场内吸筹宁川药业。", [], {"陈建树"}),
    ("此外,刘志强、黄丽、李思远、王建明均表示一年内不卖出所持股份。", [], {"刘志强", "黄丽", "李思远", "王建明"}),
    # a national body's name after a foreign country is that country's body, not the known namesake
    ("国家电网收购菲律宾国家电网公司40%股权", [("State Grid Corporation of China", "菲律宾国家电网公司", "investment")],
     {"菲律宾国家电网公司"}),
    # common words before a utility's word describe the project won, they name no tenderer
    ("青禾电缆中标农村电网升级改造工程,金额5000万元。", [], {"青禾电缆"}),
    ("青禾电缆中标全国移动通信基站建设项目。", [], {"青禾电缆"}),
    ("青禾电缆中标澜川水务集团管网改造工程。", [("澜川水务集团", "青禾电缆", "purchase")], {"澜川水务集团"}),
    # a place that starts a name hides a known short name across its end (吴中金控: no 中金 = CICC)
    ("吴中金控拟以5亿元收购青禾电子30%股权。", [("吴中金控", "青禾电子", "investment")], {"吴中金控"}),
    ("由中金公司担任本次交易的独立财务顾问。", [], {"CICC"}),
]


@pytest.mark.parametrize("text, deals, names", CASES)
def test_entity_case(text, deals, names):
    r = analyze(text)
    assert [(d.payer, d.payee, d.kind) for d in r.deals] == deals
    assert names <= {e.name for e in r.entities}


DISCOVERED = [
    # a short rare word before an industry word is a company the gazetteer does not list
    ("晶泰科技与美国公司DoveTree签订合作协议，DoveTree将向晶泰科技支付5100万美元。", {"晶泰科技"}),
    ("三生制药宣布将海外权利授予辉瑞。", {"三生制药"}),
    ("京隆科技十月營收創新高。", {"京隆科技"}),
    # listed companies' short names end in many industry words (股份, 食品, 体育, 资产)
    ("记者采访了宁澄股份,对方表示暂不回应。", {"宁澄股份"}),
    ("据悉,禾嘉食品将以现金支付交易对价。", {"禾嘉食品"}),
    ("而此次澄湖资产实际支付的价格低于评估值。", {"澄湖资产"}),
]
NOT_DISCOVERED = [
    # common words, adjectives, sector words and verbs before the industry word are not names
    ("人工智能与可再生能源是两大主题。", ["人工智能", "可再生能源"]),
    ("成长型科技公司获得资金。", ["成长型科技"]),
    ("资金重点投向具身智能和硬科技。", ["具身智能", "投向具身智能", "硬科技"]),
    ("大型科技股下跌，汽车业承压。", ["大型科技", "汽车业"]),
    # a verb, an adverb or a conjunction before it: a phrase, not a name
    ("公司拟甩卖资产回笼资金,其所持股份仅为发展之需。", ["甩卖资产", "所持股份", "仅为发展"]),
    # inside a longer known name it is that company's short form, not a company of its own
    ("青城公司向成都澄湖资产管理有限公司出售商场。成都澄湖资产为当地国资旗下企业。", ["澄湖资产"]),
    ("公司将出售非核心资产,并扩建换电网络。", ["非核心资产", "换电网络"]),
    # a name the article hides (某: hidden_name_mark) is none, wherever the mark stands in it
    ("基石投資者中，青禾集團認購5000萬美元；中東某主權基金認購3000萬美元。", ["中東某主權基金", "主權基金"]),
    # a price is no name (org_names.yaml and frames.yaml bad_shape)
    ("於同日，本公司與青港資本有限公司（「認購人」）訂立認購協議，據此，認購人有條件同意按每股認購股份港幣2.45元認購3,000萬股認購股份。",
     ["股份港幣2.45元", "認購股份港幣2.45元"]),
]


def test_short_form_inside_a_known_name_is_its_mention():
    # 青瞳半导体 after 苏州青瞳半导体有限公司 is the same company, not a second one
    r = analyze("苏州青瞳半导体有限公司完成A轮融资。青瞳半导体成立于2023年。")
    ent = {e.name: e for e in r.entities}
    assert "青瞳半导体" not in ent
    assert "青瞳半导体" in {m.text for m in ent["苏州青瞳半导体有限公司"].mentions}


@pytest.mark.parametrize("text, names", DISCOVERED)
def test_industry_word_names_are_discovered(text, names):
    assert names <= {e.name for e in analyze(text).entities}


@pytest.mark.parametrize("text, names", NOT_DISCOVERED)
def test_industry_words_alone_are_not_names(text, names):
    found = {e.name for e in analyze(text).entities}
    assert not found & set(names), found


# Name discovery segments only the sentences that may tell a deal (deal_triggers of
# rules/segmentation.yaml, head_triggers, the frames' triggers) and the headline: a name found
# by its suffix's jieba tokens alone is sought there; registered names, names before a code and
# a name's later occurrences are found in any sentence.
DEAL_SENTENCES = [
    ("行业动态\n据悉,澜湖集团的新厂房已于上月投产。", set()),
    ("行业动态\n据悉,晶澜科技的新厂房已于上月投产。", set()),
    ("行业动态\n据悉,澜湖集团以现金收购了青禾电子。", {"澜湖集团", "青禾电子"}),
    ("行业动态\n据悉,晶澜科技与宁川电力签订供货合同。", {"晶澜科技", "宁川电力"}),
    ("澜湖集团新厂房投产", {"澜湖集团"}),  # the headline
    ("行业动态\n据悉,澜湖电子科技有限公司的新厂房已于上月投产。", {"澜湖电子科技有限公司"}),
    ("行业动态\n据悉,澜湖集团(01234)的新厂房已于上月投产。", {"澜湖集团"}),
]


@pytest.mark.parametrize("text, names", DEAL_SENTENCES)
def test_suffix_names_are_sought_in_deal_sentences(text, names):
    assert {e.name for e in analyze(text).entities} == names


def test_a_name_found_in_a_deal_sentence_is_found_where_it_recurs():
    r = analyze("行业动态\n据悉,澜湖集团的新厂房已于上月投产。随后澜湖集团以现金收购了青禾电子。")
    assert [len(e.mentions) for e in r.entities if e.name == "澜湖集团"] == [2]


def test_a_short_name_glossed_in_latin_is_found_again():
    """A two-character Chinese name the article glosses with a Latin one (青嵐（Seiran）) is the same company
    wherever else the article writes it (entities._other_occurrences)."""
    text = "日本功率半導體大廠青嵐（Seiran）宣布與宏岳科技股份有限公司合資設廠。青嵐出資約300億日圓，出資比率為40%。"
    r = analyze(text)
    seiran = next((e for e in r.entities if e.name == "Seiran"), None)
    assert seiran is not None and [m.text for m in seiran.mentions].count("青嵐") == 2, [(e.name, [m.text for m in e.mentions]) for e in r.entities]
