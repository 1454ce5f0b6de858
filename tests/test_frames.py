"""Deal frames (rules/frames.yaml): every frame's examples and negatives run here."""

from __future__ import annotations

import pytest

from kg import analyze
from kg.extract.frames import frame_rules, load_frames, names_in


def _found(text: str) -> list[str]:
    return names_in(text)


def _deal_specs(text: str) -> list[str]:
    return [f"{d.payer}>{d.payee}:{d.kind}" for d in analyze(text).deals]


def _examples():
    for fr in frame_rules().frames:
        for i, ex in enumerate(fr.examples):
            yield pytest.param(fr.name, ex, id=f"{fr.name}-{i}")


def _negatives():
    for fr in frame_rules().frames:
        for i, ex in enumerate(fr.negatives):
            yield pytest.param(fr.name, ex, id=f"{fr.name}-neg{i}")


@pytest.mark.parametrize("frame,example", list(_examples()))
def test_frame_example(frame, example):
    text = example["text"]
    found = _found(text)
    for name in example.get("names", []):
        assert name in found, f"{frame}: {name} not found in {found}"
    deals = _deal_specs(text)
    for spec in example.get("deals", []):
        assert spec in deals, f"{frame}: expected {spec} in {deals}"


@pytest.mark.parametrize("frame,example", list(_negatives()))
def test_frame_negative(frame, example):
    text = example["text"]
    found = _found(text)
    for name in example.get("not_names", []):
        assert name not in found, f"{frame}: {name} should not be a name ({found})"
    if example.get("no_deal"):
        assert not analyze(text).deals


def test_every_frame_has_examples_and_negatives():
    for fr in frame_rules().frames:
        assert fr.examples, fr.name


def test_discovered_entity_has_mentions():
    r = analyze("澄江电子拟5亿元收购禾田光电30%的股权。澄江电子表示,此举将完善产业布局。")
    ent = {e.name: e for e in r.entities}
    assert ent["澄江电子"].discovered and len(ent["澄江电子"].mentions) == 2
    assert [(d.payer, d.payee) for d in r.deals] == [("澄江电子", "禾田光电")]


def test_people_and_time_words_are_not_names():
    assert "李明" not in _found("李明拟收购禾田光电")
    assert not any(n.startswith(("今年", "随着", "彼时", "其中", "对于")) for n in _found("今年3月,其中禾田光电拟收购澄江电子"))


def test_bad_rule_file_is_an_error(tmp_path):
    from kg.errors import RuleError

    p = tmp_path / "frames.yaml"
    p.write_text("names: {}\nframes: []\n", encoding="utf-8")
    with pytest.raises((RuleError, KeyError)):
        load_frames(p)


# the short texts of issue 12, tried as a new user would
def _deals(text):
    return [(d.payer, d.payee, d.kind) for d in analyze(text).deals]


def test_buyer_named_by_the_buying_verb_pays():
    assert _deals("台積電今日宣布已與艾司摩爾簽約，採購極紫外光微影設備，總金額約20億歐元") == [
        ("TSMC", "ASML", "purchase")
    ]
    assert ("TSMC", "ASML", "purchase") in _deals("台積電已與艾司摩爾簽約，將向艾司摩爾採購極紫外光微影設備")


def test_two_clauses_two_deals_between_the_same_pair():
    got = _deals("微软宣布向OpenAI投资100亿美元，OpenAI则向微软购买2500亿美元云服务")
    assert ("Microsoft", "OpenAI", "investment") in got
    assert ("OpenAI", "Microsoft", "purchase") in got


def test_english_magnitude_before_chinese_text():
    (d,) = analyze("微软以$10 billion投资OpenAI").deals
    assert d.amount.value == 10**10 and d.amount.currency == "USD"


def test_latin_name_with_accents_is_whole():
    (d,) = analyze("三星以26億美元收購德國空調公司FläktGroup").deals
    assert d.payee == "FläktGroup" and d.kind == "acquisition"


def test_people_in_deal_frames_are_person_entities():
    # a natural person buying or selling a stake is an entity of type person, never a company
    # and never a party of a deal rule (they are kept out of every company-only place)
    r = analyze("2005年,钱立群收购了宁川专用车辆厂80%的股份。")
    ent = {e.name: e for e in r.entities}
    assert ent["钱立群"].type == "person" and ent["钱立群"].discovered
    assert ent["宁川专用车辆厂"].type == "company"
    assert all("钱立群" not in (d.payer, d.payee) for d in r.deals)
    r = analyze("公司控股股东赵立群拟将其持有的公司5000万股,协议转让给青禾投资。")
    assert {e.name: e.type for e in r.entities}.get("赵立群") == "person"
    # a person named outside a deal frame's party slot is not listed
    assert "钱立群" not in {e.name for e in analyze("钱立群表示,市场前景向好。").entities}
