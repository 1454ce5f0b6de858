"""Every relation and fact rule carries its own examples (Duckling-style corpus); run them."""

from __future__ import annotations

import pytest

from kg import analyze
from kg.extract.facts import fact_rules
from kg.extract.relation_rules import relation_rules


def _relation_cases():
    for rule in relation_rules().rules:
        for i, ex in enumerate(rule.examples):
            yield pytest.param(rule.name, ex["text"], ex["deals"], id=f"{rule.name}-{i}")


def _negative_cases():
    for rule in relation_rules().rules:
        for i, text in enumerate(rule.negatives):
            yield pytest.param(rule.name, text, id=f"{rule.name}-neg{i}")


def _matches(spec: str, deal) -> bool:
    parties, kind = spec.rsplit(":", 1)
    payer, payee = parties.split(">")
    if kind != deal.kind:
        return False
    for want, got in ((payer, deal.payer), (payee, deal.payee)):
        if want == "?":
            continue
        if want == "None" and got is not None:
            return False
        if want != "None" and want != got:
            return False
    return True


@pytest.mark.parametrize("rule,text,expected", list(_relation_cases()))
def test_relation_rule_example(rule, text, expected):
    deals = analyze(text).deals
    for spec in expected:
        assert any(_matches(spec, d) for d in deals), (
            f"{rule}: expected {spec} in {[(d.payer, d.payee, d.kind, d.rule) for d in deals]}"
        )
    if not expected:
        assert not [d for d in deals if d.rule == rule]


@pytest.mark.parametrize("rule,text", list(_negative_cases()))
def test_relation_rule_negative(rule, text):
    deals = analyze(text).deals
    assert not [d for d in deals if d.rule == rule], [(d.payer, d.payee, d.kind) for d in deals]


def _fact_cases():
    for rule in fact_rules().rules:
        for i, ex in enumerate(rule.examples):
            yield pytest.param(rule.metric, ex, id=f"{rule.metric}-{i}")


@pytest.mark.parametrize("metric,example", list(_fact_cases()))
def test_fact_rule_example(metric, example):
    facts = analyze(example["text"]).facts
    hits = [f for f in facts if f.metric == metric and f.amount.value == example["value"]]
    assert hits, [(f.entity, f.metric, f.amount.value) for f in facts]
    if "period" in example:
        assert hits[0].period == example["period"]
    if "entity" in example:
        assert hits[0].entity == example["entity"]


def test_every_rule_has_an_example():
    missing = [r.name for r in relation_rules().rules if not r.examples]
    assert not missing, f"relation rules without examples: {missing}"
