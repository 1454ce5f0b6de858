"""Issue 14 item 7: a user rule with a catastrophic regex cannot hang a run.

``(?:(?:投|资)+)+`` passed ``kg rules check`` and then hung extraction (N = 18: over 60 s).
Patterns with an unbounded repeat inside another are refused when rules load (E002).
"""

from __future__ import annotations

import pytest

from .conftest import invoke

N = 18
TEXT = "英伟达" + "投资" * N + "艾克米5亿美元。"


@pytest.mark.parametrize(
    "field",
    [
        "    patterns: ['{PAYER}(?:(?:投|资)+)+{PAYEE}{G4}{MONEY}']\n",
        "    patterns: ['{PAYER}{GAP}注资{PAYEE}{G4}{MONEY}']\n    unless: '(a*)*b'\n",
    ],
    ids=["pattern", "unless"],
)
def test_nested_unbounded_repeats_are_refused(tmp_path, field):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "relations.yaml").write_text(
        "relations:\n  - name: hang\n    kind: investment\n" + field, encoding="utf-8"
    )
    src = tmp_path / "a.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    for args in (("rules", "check"), ("extract", src)):
        r = invoke("--rules", d, *args)  # refused before any matching: no time limit needed
        assert r.exit_code == 2, (r.stderr, r.exception)
        assert "[E002]" in r.stderr and "unbounded repeat inside another" in r.stderr


# overlapping alternatives inside one repeat: no nested repeat, still exponential under `re`
OVERLAP_RULE = (
    "relations:\n  - name: overlap_hang\n    kind: investment\n"
    "    patterns: ['{PAYER}(?:增|增资|资)+向{PAYEE}{G4}{MONEY}']\n"
)
OVERLAP_TEXT = "英伟达" + "增资" * 32 + "再向OpenAI投资5亿美元。"


@pytest.fixture
def overlap(tmp_path):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "relations.yaml").write_text(OVERLAP_RULE, encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text(OVERLAP_TEXT + "\n", encoding="utf-8")
    return d, src


def test_an_exponential_pattern_that_passes_the_check_is_stopped_by_the_time_budget(overlap, monkeypatch):
    import time

    d, src = overlap
    assert invoke("--rules", d, "rules", "check").exit_code == 0  # the static check cannot see it
    monkeypatch.setenv("KG_REGEX_TIMEOUT", "0.5")
    for args in (("extract", src), ("ingest", src, "--db", src.parent / "kg.db", "-j", "1")):
        t = time.monotonic()
        r = invoke("--rules", d, *args)
        assert time.monotonic() - t < 60, args  # under `re` alone: hours
        assert r.exit_code == 2, (args, r.stderr, r.exception)
        assert "[E002]" in r.stderr and "overlap_hang" in r.stderr, r.stderr
        assert str(d / "relations.yaml") in r.stderr and "took longer than 0.5 s" in r.stderr


def test_user_patterns_are_budgeted_and_still_match(tmp_path):
    import re

    from kg.extract.pipeline import analyze
    from kg.extract.relation_rules import load_relation_rules
    from kg.rules import RuleSet, using
    from kg.rules.regex_budget import BudgetedPattern

    d = tmp_path / "rules"
    d.mkdir()
    (d / "relations.yaml").write_text(
        "relations:\n  - name: my_boost\n    kind: investment\n"
        "    patterns: ['{PAYER}{GAP}加码押注{PAYEE}{G4}{MONEY}']\n"
        "    examples: ['英伟达宣布加码押注OpenAI 5亿美元']\n",
        encoding="utf-8",
    )
    with using(RuleSet([d])):
        rr = load_relation_rules()
        mine = [p for r in rr.rules if r.name == "my_boost" for p in r.patterns]
        assert mine and all(isinstance(p, BudgetedPattern) for p in mine)
        assert all(isinstance(p, re.Pattern) for r in rr.rules if r.name != "my_boost" for p in r.patterns)
        res = analyze("英伟达宣布加码押注OpenAI 5亿美元。", path="<t>")
    assert ("Nvidia", "OpenAI") in {(x.payer, x.payee) for x in res.deals}


def test_a_bad_regex_timeout_setting_is_a_usage_error(overlap, monkeypatch):
    d, src = overlap
    monkeypatch.setenv("KG_REGEX_TIMEOUT", "soon")
    r = invoke("--rules", d, "extract", src)
    assert r.exit_code == 2 and "[E004]" in r.stderr and "KG_REGEX_TIMEOUT" in r.stderr
