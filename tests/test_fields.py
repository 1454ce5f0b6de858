"""Labelled fields of announcements (kg/extract/fields.py): the examples and negatives of every frame
of ``fields`` in rules/fields.yaml, those that state a deal (甲方：… 合同金额：…) and those that
complete a told one (2、招标人：甲 3、中标金额：N of a bid award)."""

from __future__ import annotations

import pytest

import kg
from kg import rules
from kg.extract.fields import block_head, field_frames


def _frames():
    return rules.load("fields.yaml")["fields"]


def _spec(spec: str, deal) -> bool:
    """Does *deal* match "payer>payee:kind:amount" (an empty amount: the deal has none)?"""
    parties, kind, amount = spec.split(":", 2)
    payer, payee = parties.split(">")
    return (deal.payer, deal.payee, deal.kind, deal.amount.text if deal.amount else None) == (payer, payee, kind, amount or None)


EXAMPLES = [(f["name"], c) for f in _frames() for c in f.get("examples") or []]
NEGATIVES = [(f["name"], c["text"]) for f in _frames() for c in f.get("negatives") or []]


def test_every_frame_has_an_example():
    assert {f["name"] for f in _frames()} - {name for name, _ in EXAMPLES} <= {"investment_fields", "acquisition_fields"}


@pytest.mark.parametrize(("name", "case"), EXAMPLES, ids=lambda x: x if isinstance(x, str) else x["text"][:16])
def test_frame_example(name, case):
    deals = kg.analyze(case["text"]).deals
    got = [(d.payer, d.payee, d.kind, d.amount and d.amount.text) for d in deals]
    for spec in case["deals"]:
        assert any(_spec(spec, d) for d in deals), (name, got)


@pytest.mark.parametrize(("name", "text"), NEGATIVES, ids=lambda x: x[:16])
def test_frame_negative(name, text):
    """No deal of the frame, and no deal that took a party from a line its labels open."""
    frame = next(f for f in field_frames() if f.name == name)
    labels = (frame.payer, frame.payee, frame.counterparty)
    for d in kg.analyze(text).deals:
        assert d.rule != name, d
        for e in d.evidence:
            assert not any(p.search(e.text) for p in labels), (d.payer, d.payee, e.text)


def test_a_frame_completes_only_rules_that_exist(tmp_path):
    (tmp_path / "fields.yaml").write_text(
        "fields:\n  - name: my_fields\n    kind: purchase\n    completes: [no_such_rule]\n    payer: [招标人]\n",
        encoding="utf-8",
    )
    with pytest.raises(kg.errors.RuleError, match="no_such_rule"), rules.using(rules.RuleSet.bundled().with_dirs([tmp_path])):
        field_frames()


def test_block_heads_come_from_the_rule_file(tmp_path):
    """A heading form the rule file does not list opens no block: the two awards' fields are then one
    block with two tendering parties and two prices, which names no deal (which price is whose?)."""
    text = (
        "青禾环境股份有限公司关于项目中标的公告\n"
        "第一批次\n1、招标人：宁川水务集团有限公司\n2、中标人：青禾环境股份有限公司\n3、中标金额：人民币8,000.00万元\n"
        "第二批次\n1、招标人：德清城建发展有限公司\n2、中标人：青禾环境股份有限公司\n3、中标金额：人民币2,500.00万元\n"
    )

    def awards():
        return sorted((d.payer, d.amount.text) for d in kg.analyze(text).deals if d.rule == "bid_winner_fields")

    assert awards() == []
    (tmp_path / "fields.yaml").write_text(
        (rules.RuleSet.bundled().base / "fields.yaml").read_text(encoding="utf-8").replace(
            "block_heads: [", "block_heads: ['第[一二三四五六七八九十]{1,3}批次', "
        ),
        encoding="utf-8",
    )
    with rules.using(rules.RuleSet.bundled().with_dirs([tmp_path])):
        assert awards() == [("宁川水务集团有限公司", "人民币8,000.00万元"), ("德清城建发展有限公司", "人民币2,500.00万元")]


def test_a_block_head_must_be_a_regex(tmp_path):
    (tmp_path / "fields.yaml").write_text("block_heads: ['第[一二']\nfields: []\n", encoding="utf-8")
    with pytest.raises(kg.errors.RuleError, match="block_heads"), rules.using(rules.RuleSet.bundled().with_dirs([tmp_path])):
        block_head()
