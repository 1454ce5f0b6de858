"""One RuleSet: the bundled rules plus --rules folders, passed explicitly, nothing global."""

from __future__ import annotations

import pickle

from click.testing import CliRunner

from kg import analyze, rules
from kg.cli.app import main
from kg.extract.relation_rules import relation_rules

TEXT = "甲乙丙控股宣布向丁戊己科技注资3亿元。"
MINE = """relations:
  - name: my_inject
    kind: investment
    priority: 5
    patterns: ["{PAYER}宣布向{PAYEE}注资{MONEY}"]
    examples: []
"""
ENTS = """- name: Jiayi Holdings
  type: company
  aliases: [甲乙丙控股]
- name: Dingwu Tech
  type: company
  aliases: [丁戊己科技]
"""


def _folder(tmp_path):
    d = tmp_path / "mine"
    (d / "entities").mkdir(parents=True)
    (d / "relations.yaml").write_text(MINE, encoding="utf-8")
    (d / "entities" / "x.yaml").write_text(ENTS, encoding="utf-8")
    return d


def test_a_rule_set_pickles_as_its_folders_and_comes_back_equal(tmp_path):
    rs = rules.RuleSet([_folder(tmp_path)])
    with rules.using(rs):
        relation_rules()  # something cached on it
    back = pickle.loads(pickle.dumps(rs))
    assert back == rs and back.user_dirs == rs.user_dirs
    assert len(pickle.dumps(rs)) < 1000  # the folders, not the caches
    assert pickle.loads(pickle.dumps(rules.RuleSet.bundled())) is rules.RuleSet.bundled()


def test_rules_given_to_analyze_apply_to_that_call_only(tmp_path):
    rs = rules.RuleSet([_folder(tmp_path)])
    got = analyze(TEXT, rules=rs)
    assert [(d.payer, d.payee) for d in got.deals] == [("Jiayi Holdings", "Dingwu Tech")]
    assert "Jiayi Holdings" not in {e.name for e in analyze(TEXT).entities}  # the user's entities stay theirs
    assert rules.active() is rules.RuleSet.bundled()


def test_kg_rules_in_process_does_not_reach_the_next_command(tmp_path):
    d = _folder(tmp_path)
    runner = CliRunner()
    res = runner.invoke(main, ["--rules", str(d), "extract", "--compact", "-"], input=TEXT)
    assert res.exit_code == 0, res.output
    assert '"payer": "Jiayi Holdings"' in res.output
    res = runner.invoke(main, ["extract", "--compact", "-"], input=TEXT)
    assert res.exit_code == 0 and "Jiayi Holdings" not in res.output
    assert rules.active() is rules.RuleSet.bundled()


def test_no_module_keeps_rule_state(tmp_path):
    """What is derived from rules lives on the rule set: no functools cache in kg is fed
    from a rule file (the static side of it: loaders use ``rules.derived``)."""
    import ast
    from pathlib import Path

    root = Path(rules.__file__).resolve().parent.parent
    offenders = []
    for p in root.rglob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            cached = any("lru_cache" in ast.unparse(d) or "functools.cache" in ast.unparse(d) for d in fn.decorator_list)
            reads_rules = any(
                isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "rules"
                for n in ast.walk(fn)
            )
            if cached and reads_rules:
                offenders.append(f"{p.relative_to(root)}:{fn.name}")
    assert offenders == []
