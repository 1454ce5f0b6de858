"""Word lists kept as data: named lists of relations.yaml (``lists:``), the patterns built from
word lists of relations.yaml and org_names.yaml, and their load-time checks (E002)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import RuleError
from kg.extract.orgname_rules import _place_only, name_rules
from kg.extract.relation_rules import load_relation_rules, relation_rules

RULE = """\
relations:
  - name: won
    kind: purchase
    patterns: ["{PAYEE}{GAP}中标{PAYER}"]
    unless: "候选|{AGENT}"
"""


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "relations.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_named_list_stands_for_its_items_in_unless(tmp_path):
    rr = load_relation_rules(_write(tmp_path, "lists:\n  AGENT: ['(?<!及其)招标代理', 交易中心]\n" + RULE))
    (rule,) = rr.rules
    assert rule.unless.search("宁川公共资源交易中心发布")
    assert rule.unless.search("由甲招标代理")
    assert not rule.unless.search("招标人及其招标代理")  # an item keeps its own lookbehind
    assert rule.unless.search("第一候选人")  # the words beside the list still veto
    assert not rule.unless.search("宁川水利局")


@pytest.mark.parametrize(
    "lists, needle",
    [
        ("", "no list is called 'AGENT'"),
        ("lists:\n  AGENTS: [交易中心]\n", "no list is called 'AGENT' (lists: has AGENTS)"),
        ("lists:\n  agent: [交易中心]\n", "'agent' is no list name"),
        ("lists:\n  AGENT: []\n", "lists.AGENT is empty"),
        ("lists:\n  AGENT: ['招标(代理']\n", "does not compile"),
        ("lists: [交易中心]\n", "lists must be a mapping"),
    ],
)
def test_a_wrong_named_list_is_a_rule_error(tmp_path, lists, needle):
    p = _write(tmp_path, lists + RULE)
    with pytest.raises(RuleError) as ei:
        load_relation_rules(p)
    msg = str(ei.value)
    assert msg.startswith("[E002]") and str(p) in msg and needle in msg, msg


def test_bundled_tender_rules_share_the_agent_list():
    by_name = {r.name: r for r in relation_rules().rules}
    for name in ("tender_won", "won_bid_of", "bid_won_by_subject"):
        veto = by_name[name].unless
        assert veto.search("宁川招标代理有限公司") and veto.search("宁川公共资源交易中心"), name
        assert not veto.search("宁川水利局及其招标代理"), name


def test_party_patterns_come_from_the_word_lists():
    rr = relation_rules()
    assert rr.parent_of_next.match("(宁川)旗下") and not rr.parent_of_next.match("收购")
    assert rr.source_before.search("从乙现有股东") and not rr.source_before.search("乙的股东,")
    assert rr.source_after.match(" 手中") and rr.holder_after.match("所持有")
    assert rr.stake_listed.fullmatch("Ⓟ的全部股权和") and not rr.stake_listed.fullmatch("Ⓟ股权收购")


def test_missing_word_lists_match_nothing(tmp_path):
    rr = load_relation_rules(_write(tmp_path, RULE.replace("|{AGENT}", "")))
    assert not rr.parent_of_next.match("旗下") and not rr.stake_listed.fullmatch("Ⓟ股权和")


def test_place_only_takes_a_unit_and_a_smaller_place():
    r = name_rules()
    assert r.place_only.match("宿迁市中心城区").group(1) == "宿迁"
    assert r.place_only.match("德清县").group(1) == "德清"
    assert r.place_only.match("宁川城投集团") is None


def test_a_place_unit_must_be_a_place_mark():
    with pytest.raises(RuleError, match=r"\[E002\].*place_units: '公司' is not one of place_marks"):
        _place_only({"place_marks": "(?:省|市)", "place_units": ["市", "公司"]})


def test_counted_and_list_tail_share_the_count_lists():
    r = name_rules()
    assert r.counted.search("甲、乙等4名股东").group() == "等4名"
    assert r.counted.search("收购两家影视公司").group() == "两家"
    assert r.counted.search("3个项目") is None  # 个 counts things: only a list's tail takes it
    assert r.list_tail.match("等3个股东")


def test_an_unknown_list_in_org_names_is_a_rule_error(tmp_path):
    from kg.rules import RuleSet, using

    (tmp_path / "org_names.yaml").write_text("counted: '前十大|{COUNTS}'\n", encoding="utf-8")
    with using(RuleSet([tmp_path])), pytest.raises(RuleError, match=r"\[E002\].*no list is called 'COUNTS'"):
        name_rules()


def test_bundled_bad_starts_repeat_no_bad_part():
    from kg.rules.checks import check_all

    (org,) = [f for f in check_all().files if f.path.endswith("org_names.yaml")]
    assert not [w for w in org.warnings if "bad_parts" in w], org.warnings


def test_a_bad_start_holding_a_bad_part_is_warned_of(tmp_path):
    from kg.rules import RuleSet
    from kg.rules.checks import check_all

    (tmp_path / "org_names.yaml").write_text("bad_starts: [据称签署方]\n", encoding="utf-8")
    report = check_all(RuleSet([tmp_path]))
    (user,) = [f for f in report.files if f.user]
    assert report.ok and user.warnings == []  # a user file alone holds no bad_parts ...
    (tmp_path / "org_names.yaml").write_text("bad_parts: [签署]\nbad_starts: [据称签署方]\n", encoding="utf-8")
    (user,) = [f for f in check_all(RuleSet([tmp_path])).files if f.user]
    assert user.warnings == ["bad_starts: '据称签署方' holds '签署' of bad_parts, which no name holds anywhere; list it once"]


def test_amount_words_come_from_the_word_lists():
    rr = relation_rules()
    assert rr.conversion.search("40亿美元(约") and rr.conversion.search("40亿美元,折合 ")
    assert not rr.conversion.search("交易金额约")  # 约 alone converts only in a bracket
    assert rr.round_start.match("2、本轮由甲领投") and not rr.round_start.match("甲本轮领投")
    assert "约" in rr.value_cue_filler and "向" not in rr.not_preposition_after


def test_a_character_string_must_be_a_string(tmp_path):
    p = _write(tmp_path, "not_preposition_after: [流, 转]\n" + RULE.replace("|{AGENT}", ""))
    with pytest.raises(RuleError, match=r"\[E002\].*not_preposition_after must be a string of characters"):
        load_relation_rules(p)


def test_coordination_patterns_come_from_the_word_lists():
    rr = relation_rules()
    assert rr.coordinated.match("Ⓟ股权和Ⓔ", 0).start("e") == 4
    assert rr.coordinated.match("的股票以及Ⓔ", 0)  # shares (share_words) are listed like stakes
    assert rr.coordinated_stakes.match("Ⓟ的股权,Ⓔ的Ⓟ", 0)
    assert rr.short_prefix.search("收购了美国") and not rr.short_prefix.search("授予")
    assert rr.listed_after.search("收购了甲、英国") and not rr.listed_after.search("收购了甲、并")


def test_list_words_come_from_org_names():
    from kg.extract.lists import _list_rules

    lr = _list_rules()
    assert lr.items.fullmatch("甲乙科技、丙丁股份以及戊己集团")
    assert [p for p in lr.split.split("甲乙、丙丁和戊己") if p not in lr.joiners] == ["甲乙", "丙丁", "戊己"]
    assert lr.end.search("戊己集团等共同领投").group() == "等共同领投"
    assert lr.pair.search("阿里云与国科投资共同领投").group("b") == "国科投资"
    assert lr.pair_reach == 29  # two items of 14 and a one-character joiner


def test_a_user_file_adds_items_to_a_named_list(tmp_path):
    from kg.rules import RuleSet, using

    (tmp_path / "relations.yaml").write_text("lists:\n  TENDER_AGENT: [招采平台]\n", encoding="utf-8")
    with using(RuleSet([tmp_path])):
        veto = {r.name: r for r in relation_rules().rules}["tender_won"].unless
        assert veto.search("宁川招采平台") and veto.search("宁川招标代理有限公司")
    assert not {r.name: r for r in relation_rules().rules}["tender_won"].unless.search("宁川招采平台")


def test_checking_the_rules_first_changes_no_result():
    """`kg rules check` before any analysis must not fix a derived value on an unready jieba
    (names._bracket_data held jieba's word frequencies before jieba loaded them: every word
    was then unknown, and 公司 after 甲公告, went unresolved)."""
    import subprocess
    import sys

    code = (
        "import sys, kg\n"
        "from kg.rules.checks import check_all\n"
        "if sys.argv[1] == 'check': check_all()\n"
        "t = '宏达环境公告,公司与青禾安装集团有限公司、远帆工程有限公司组成的联合体,成为德清县城区污水管网项目的中标单位'\n"
        "print(sorted((d.payer, d.payee) for d in kg.analyze(t).deals))\n"
    )
    plain, checked = (
        subprocess.run([sys.executable, "-c", code, arg], capture_output=True, text=True, check=True).stdout
        for arg in ("plain", "check")
    )
    assert "宏达环境" in plain and plain == checked
