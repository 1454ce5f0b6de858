"""Malformed rule files, ``kg rules check`` and user rules with ``--rules DIR``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg import analyze, rules
from kg.errors import RuleError
from kg.extract.gazetteer import load_gazetteer
from kg.extract.relation_rules import relation_rules

from .conftest import HANS, ROOT, invoke, run_kg

ACME = "- name: Acme Widgets\n  type: company\n  aliases: [艾克米, 艾克米公司]\n"
MY_RULE = (
    "relations:\n"
    "  - name: inject_capital\n"
    "    kind: investment\n"
    "    patterns: ['{PAYER}{GAP}注资{PAYEE}{G4}{MONEY}']\n"
)
TEXT = "英伟达注资艾克米5亿美元。"


def _dir(tmp_path: Path, files: dict[str, str], name: str = "mine") -> Path:
    d = tmp_path / name
    for rel, text in files.items():
        p = d / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    d.mkdir(exist_ok=True)
    return d


def _check(*args, input: str | None = None) -> tuple[int, str, str]:
    res = invoke(*args, input=input)
    assert "Traceback" not in res.stderr
    return res.exit_code, res.stdout, res.stderr


# ---------------------------------------------------------------- kg rules check


def test_rules_check_passes_on_the_bundled_rules():
    code, out, err = _check("rules", "check")
    assert code == 0, err
    lines = out.splitlines()
    bundled = sorted((ROOT / "rules").rglob("*.yaml"))
    assert len(lines) == len(bundled) + 1
    for p in bundled:
        assert any(line.startswith("ok") and str(p) in line for line in lines), p
    assert re.search(r"relations\.yaml: \d+ relation rules", out)
    assert re.search(r"entities/us_tech\.yaml: \d+ entities, \d+ aliases", out)
    assert lines[-1] == f"{len(bundled)} rule files checked, all valid"


BROKEN = {
    # file -> (content, line, words of the message)
    "bad_yaml": ("relations.yaml", "relations:\n  - name: [unclosed\n    kind: loan\n", 3, ["invalid YAML"]),
    "bad_json_style": (
        "amounts.yaml",
        '{"more_words": ["多", "余"],\n "not_after": ["第" "型"]\n',
        2,
        ["invalid YAML"],
    ),
    "unknown_field": (
        "relations.yaml",
        MY_RULE + "    payor: subject\n",
        5,
        ["unknown field", "payor", "expected some of"],
    ),
    "bad_pattern": (
        "relations.yaml",
        "relations:\n  - name: broken\n    kind: loan\n    patterns: ['{PAYER}借给{PAYEE}(']\n",
        4,
        ["does not compile", "broken"],
    ),
    "bad_fact_pattern": (
        "facts.yaml",
        "facts:\n  - metric: revenue\n    patterns: ['(营收{MONEY}']\n",
        3,
        ["does not compile"],
    ),
    "duplicate_alias": (
        "entities/mine.yaml",
        ACME + "- name: Other Co\n  type: company\n  aliases: [辉达]\n",
        4,
        ["辉达", "Nvidia", "semiconductors.yaml", "entities/mine.yaml"],
    ),
    "duplicate_key": (
        "entities/mine.yaml",
        "- name: Acme\n  type: company\n  type: bank\n",
        3,
        ["duplicate key"],
    ),
    "bad_type": (
        "entities/mine.yaml",
        ACME + "- name: Foo\n  type: corporation\n",
        5,
        ["corporation", "is not one of"],
    ),
    "shape_mismatch": (
        "amounts.yaml",
        "digits: [1, 2]\n",
        1,
        ["a list here but a mapping", "expected a mapping"],
    ),
    "roles_unknown_name": (
        "roles.yaml",
        "suppliers: [No Such Company Ltd]\n",
        1,
        ["No Such Company Ltd", "known entity"],
    ),
    "word_for_a_number": (
        "org_patterns.yaml",
        "max_name_chars: abc\n",
        1,
        ["int()", "org_patterns.yaml"],
    ),
    "lazy_pattern": (  # a pattern the pipeline used to compile only when a name needed it
        "org_patterns.yaml",
        'name_count_start: "[unclosed"\n',
        1,
        ["[unclosed", "unterminated"],
    ),
    "python_tag": (
        "roles.yaml",
        "suppliers: !!python/object/apply:os.system ['touch PWNED']\n",
        1,
        ["python"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_user_rule_file_names_file_line_and_what_was_expected(tmp_path, case):
    rel, text, line, words = BROKEN[case]
    d = _dir(tmp_path, {rel: text})
    check = ("--rules", d, "rules", "check") if len(case) % 2 else ("rules", "check", "--rules", d)
    runs = [check]
    if case != "roles_unknown_name":  # roles are read only when a deal needs them
        runs.append(("--rules", d, "extract", "-"))  # the pipeline's own loading says the same
    for args in runs:
        code, out, err = _check(*args, input=HANS)
        assert code == 2, (args, out, err)
        msgs = [ln for ln in err.splitlines() if ln.startswith("kg: error: [E002]")]
        assert msgs, err
        msg = msgs[0]
        assert str(d / rel) in msg, msg
        assert re.search(rf"line {line}\b", msg), msg
        for w in words:
            assert w in msg, (w, msg)
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_rules_check_reports_every_broken_file_not_just_the_first(tmp_path):
    d = _dir(
        tmp_path,
        {"relations.yaml": MY_RULE + "    payor: x\n", "entities/mine.yaml": "- name: X\n  type: nope\n"},
    )
    code, out, err = _check("rules", "check", "--rules", d)
    assert code == 2
    errors = [ln for ln in err.splitlines() if "[E002]" in ln]
    assert len(errors) == 2
    assert "2 error(s)" in err


def test_unknown_user_rule_file_and_missing_folder(tmp_path):
    d = _dir(tmp_path, {"relation.yaml": MY_RULE})
    code, _, err = _check("--rules", d, "rules", "check")
    assert code == 2 and "relation.yaml" in err and "expected one of" in err
    code, _, err = _check("--rules", tmp_path / "nope", "rules", "check")
    assert code == 2 and str(tmp_path / "nope") in err


def test_rules_check_in_a_subprocess_exits_2_without_traceback(tmp_path):
    d = _dir(tmp_path, {"relations.yaml": "relations: [\n"})
    res = run_kg("--rules", d, "rules", "check")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert str(d / "relations.yaml") in res.stderr


# ---------------------------------------------------------------- the overlay


def test_user_rules_extend_the_bundled_ones(tmp_path):
    assert not analyze(TEXT).deals
    d = _dir(tmp_path, {"entities/acme.yaml": ACME, "relations.yaml": MY_RULE})
    code, out, _ = _check("--rules", d, "extract", "--compact", "-", input=TEXT)
    assert code == 0
    rec = json.loads(out)
    assert [(x["payer"], x["payee"], x["kind"]) for x in rec["deals"]] == [
        ("Nvidia", "Acme Widgets", "investment")
    ]
    # the bundled rules are all still there
    mine = rules.RuleSet([d])
    with rules.using(mine):
        names = [r.name for r in relation_rules().rules]
    assert "inject_capital" in names and len(names) > 10
    assert analyze(HANS, rules=mine).deals[0].payer == "Nvidia"
    assert analyze(TEXT, rules=mine).deals
    # the bundled rule set never saw them: each rule set has its own caches
    assert not analyze(TEXT).deals
    assert "inject_capital" not in [r.name for r in relation_rules().rules]


def test_a_user_entity_with_a_known_name_adds_aliases(tmp_path):
    d = _dir(tmp_path, {"entities/nv.yaml": "- name: Nvidia\n  type: company\n  aliases: [绿色显卡厂]\n"})
    with rules.using(rules.RuleSet([d])):
        g = load_gazetteer()
    assert g.resolve("绿色显卡厂").name == "Nvidia" and g.resolve("輝達").name == "Nvidia"
    assert load_gazetteer().resolve("绿色显卡厂") is None  # the bundled rule set's gazetteer
    clash = _dir(tmp_path, {"entities/nv.yaml": "- name: Nvidia\n  type: bank\n"}, name="clash")
    with pytest.raises(RuleError, match="expected 'company'") as ei, rules.using(rules.RuleSet([clash])):
        load_gazetteer()
    assert str(clash / "entities" / "nv.yaml") in str(ei.value)


def test_mappings_merge_and_values_replace(tmp_path):
    d = _dir(tmp_path, {"org_patterns.yaml": "max_name_chars: 12\ninvestment_arm_words: [投控]\n"})
    data = rules.RuleSet([d]).load("org_patterns.yaml")
    assert data["max_name_chars"] == 12
    assert data["investment_arm_words"][-1] == "投控" and len(data["investment_arm_words"]) > 1
    assert "english_suffixes" in data


def test_later_folders_come_on_top(tmp_path):
    a = _dir(tmp_path, {"org_patterns.yaml": "max_name_chars: 10\n"}, name="a")
    b = _dir(tmp_path, {"org_patterns.yaml": "max_name_chars: 11\n"}, name="b")
    code, out, _ = _check("--rules", a, "--rules", b, "rules", "check")
    assert code == 0 and str(a / "org_patterns.yaml") in out and str(b / "org_patterns.yaml") in out
    with rules.using(rules.RuleSet([a, b])):
        assert rules.load("org_patterns.yaml")["max_name_chars"] == 11
    assert rules.load("org_patterns.yaml")["max_name_chars"] != 11


# ---------------------------------------------------------------- security


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
    ],
)
def test_rule_files_never_run_code(tmp_path, payload):
    marker = tmp_path / "PWNED"
    p = tmp_path / "evil.yaml"
    p.write_text("extra_words: " + payload.format(marker=marker) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match="python"):
        rules.load_yaml(p)
    d = _dir(tmp_path, {"segmentation.yaml": p.read_text(encoding="utf-8")})
    res = run_kg("--rules", d, "extract", "-", timeout=120)
    kg_rules = tmp_path / "bundled"
    import shutil

    shutil.copytree(ROOT / "rules", kg_rules)
    (kg_rules / "segmentation.yaml").write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    res2 = run_kg("rules", "check", KG_RULES=str(kg_rules))
    for r in (res, res2):
        assert r.returncode == 2 and "Traceback" not in r.stderr and "[E002]" in r.stderr
    assert not marker.exists()
