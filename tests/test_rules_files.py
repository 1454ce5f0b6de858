"""The bundled rule files load, and malformed rule files give clear RuleErrors."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from kg import rules
from kg.errors import RuleError
from kg.extract.facts import load_fact_rules
from kg.extract.gazetteer import PARTY_TYPES, TYPES, load_gazetteer
from kg.extract.relation_rules import load_relation_rules
from kg.kinds import deal_kinds

RULES = Path(__file__).resolve().parent.parent / "rules"
RULE_FILES = [
    "amounts.yaml",
    "currencies.yaml",
    "facts.yaml",
    "fields.yaml",
    "org_patterns.yaml",
    "products.yaml",
    "relations.yaml",
    "roles.yaml",
    "segmentation.yaml",
]
ENTITY_FILES = sorted(p.name for p in (RULES / "entities").glob("*.yaml"))


def _raw(name: str):
    with open(RULES / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


# ---------------------------------------------------------------- bundled files


def test_rules_dir_is_the_bundled_folder():
    assert rules.rules_dir().resolve() == RULES.resolve()


@pytest.mark.parametrize("name", RULE_FILES + [f"entities/{n}" for n in ENTITY_FILES])
def test_bundled_file_parses(name):
    data = rules.load_yaml(RULES / name)
    assert data, f"{name} is empty"
    assert isinstance(data, list if name.startswith("entities/") else dict)


def test_relations_load():
    rr = load_relation_rules()
    assert len(rr.rules) >= 10
    names = [r.name for r in rr.rules]
    assert len(names) == len(set(names))
    assert {r.kind for r in rr.rules} <= set(deal_kinds().names)
    assert all(r.patterns for r in rr.rules)
    # highest priority first
    prios = [r.priority for r in rr.rules]
    assert prios == sorted(prios, reverse=True)
    assert set(rr.status_words) >= {"rumoured", "planned", "completed"}


def test_facts_load():
    fr = load_fact_rules()
    metrics = {r.metric for r in fr.rules}
    assert {"valuation", "revenue"} <= metrics
    for r in fr.rules:
        for p in r.patterns:
            assert {"money", "qty", "pct"} & set(p.groupindex), (r.metric, p.pattern)


def test_amounts_and_currencies_load():
    from kg.analysis.rates import RateTable
    from kg.extract.amounts import AmountGrammar

    g = AmountGrammar(rules.load_yaml(RULES / "amounts.yaml"), rules.load_yaml(RULES / "currencies.yaml"))
    rates = RateTable.bundled()  # the one USD conversion: the dated table of currencies.yaml
    assert rates.rate("USD") == 1
    assert 0 < rates.rate("CNY") < 1
    assert g.number("1,200.5") == 1200.5
    assert g.chinese("一千二百") == 1200
    assert g.magnitude("亿") == 100_000_000
    # one base entry (with a rate) per currency; sub-units (美分, 港仙) carry a `scale` instead
    base = [c["code"] for c in _raw("currencies.yaml")["currencies"] if "usd_rate" in c]
    assert len(base) == len(set(base))
    assert {"USD", "CNY", "TWD", "HKD"} <= set(base)
    words = [w for c in _raw("currencies.yaml")["currencies"] for w in c.get("suffixes") or []]
    assert len(words) == len(set(words)), "a currency word names two currencies"


def test_org_patterns_load():
    from kg.extract.org_rules import org_patterns

    op = org_patterns()
    assert op.chinese.search("红杉资本")
    assert op.english.search("Magnetar Capital")
    for p in _raw("org_patterns.yaml")["ticker_patterns"]:
        re.compile(p)
    re.compile(_raw("org_patterns.yaml")["stock_code_pattern"])


def test_products_load():
    p = _raw("products.yaml")
    assert isinstance(p["names"], list) and p["names"]
    assert isinstance(p["owners"], dict) and p["owners"]
    model = re.compile(p["model_name_pattern"])
    assert model.match("H100") and model.match("MI450") and not model.match("OpenAI")


def test_roles_and_segmentation_load():
    roles = _raw("roles.yaml")
    assert roles["suppliers"] and all(isinstance(n, str) for n in roles["suppliers"])
    seg = _raw("segmentation.yaml")
    assert seg["extra_words"] and all(isinstance(w, str) for w in seg["extra_words"])


# ---------------------------------------------------------------- the gazetteer

GAZ = load_gazetteer()


def test_gazetteer_has_several_hundred_entries():
    assert len(GAZ.records) >= 400


def test_every_entity_has_name_and_type():
    for name, rec in GAZ.records.items():
        assert isinstance(rec.name, str) and rec.name.strip() == rec.name and rec.name, rec
        assert rec.name == name
        assert rec.type in TYPES, rec
        assert rec.source.endswith(".yaml")
    assert sum(r.type in PARTY_TYPES for r in GAZ.records.values()) >= 300


def test_every_alias_resolves_to_its_own_entity():
    for rec in GAZ.records.values():
        for alias in [rec.name, *rec.aliases, *rec.weak_aliases, *rec.tickers]:
            got = GAZ.resolve(alias)
            assert got is not None and got.name == rec.name, (alias, rec.name, got and got.name)


def _role_names():
    roles = _raw("roles.yaml")
    return [(role, n) for role, names in roles.items() if isinstance(names, list) for n in names]


@pytest.mark.parametrize("role, name", _role_names())
def test_roles_resolve_to_gazetteer_entities(role, name):
    rec = GAZ.resolve(name)
    assert rec is not None, f"roles.yaml {role}: {name!r} is not a gazetteer name or alias"
    assert rec.type in PARTY_TYPES


@pytest.mark.parametrize("product, owner", sorted(_raw("products.yaml")["owners"].items()))
def test_product_owners_resolve_to_gazetteer_entities(product, owner):
    rec = GAZ.resolve(owner)
    assert rec is not None, f"products.yaml owner of {product!r}: {owner!r} is not in the gazetteer"
    assert rec.type in PARTY_TYPES


def test_products_are_not_entities():
    entities = [n for n in _raw("products.yaml")["names"] if GAZ.resolve(str(n)) is not None]
    assert not entities, f"products.yaml names that are also gazetteer aliases: {entities}"


@pytest.mark.parametrize(
    "alias", ["輝達", "英偉達", "英伟达", "NVIDIA", "Nvidia", "nvidia", "NVDA", "ＮＶＩＤＩＡ", " 輝達 "]
)
def test_nvidia_aliases(alias):
    assert GAZ.resolve(alias).name == "Nvidia"


@pytest.mark.parametrize("alias", ["微軟", "微软", "MSFT", "Microsoft", "微軟公司"])
def test_microsoft_aliases(alias):
    assert GAZ.resolve(alias).name == "Microsoft"


def test_unknown_names_do_not_resolve():
    for text in ("某某不存在公司", "Zyxwv Nonexistent", "", "的"):
        assert GAZ.resolve(text) is None, text


# ---------------------------------------------------------------- malformed: YAML


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "text, line",
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3),
        ("a: 1\nb: 2\n  c: 3\n", 3),
        ("a: 1\n\tb: 2\n", 2),
        ("relations:\n  - name: x\n    patterns: ['{PAYER}'\n  - name: y\n", 4),
        ("a: 'unterminated\n", 2),
    ],
)
def test_load_yaml_syntax_error_names_file_and_line(tmp_path, text, line):
    p = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(RuleError) as ei:
        rules.load_yaml(p)
    msg = str(ei.value)
    assert msg.startswith("[E002]")
    assert str(p) in msg
    assert f"line {line}," in msg
    assert "invalid YAML" in msg
    assert ei.value.exit_code == 2


def test_load_yaml_missing_file(tmp_path):
    p = tmp_path / "nope.yaml"
    with pytest.raises(RuleError, match="cannot read") as ei:
        rules.load_yaml(p)
    assert str(p) in str(ei.value)


def test_load_yaml_non_utf8_file_is_a_rule_error(tmp_path):
    p = tmp_path / "gbk.yaml"
    p.write_bytes("extra_words: [英伟达, 微软]\n".encode("gbk"))
    with pytest.raises(RuleError):
        rules.load_yaml(p)


def test_load_yaml_uses_the_safe_loader(tmp_path):
    p = _write(tmp_path, "evil.yaml", "x: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(RuleError):
        rules.load_yaml(p)


# ---------------------------------------------------------------- malformed: relations

GOOD_RULE = """\
  - name: invest
    kind: investment
    patterns: ["{PAYER}{GAP}向{PAYEE}{C6}投资"]
"""


def _relations(tmp_path, body: str, header: str = "") -> Path:
    return _write(tmp_path, "relations.yaml", header + "relations:\n" + body)


def test_minimal_relations_file_loads(tmp_path):
    rr = load_relation_rules(_relations(tmp_path, GOOD_RULE))
    assert [r.name for r in rr.rules] == ["invest"]
    (rule,) = rr.rules
    assert rule.kind == "investment" and rule.priority == 50
    assert rule.patterns[0].search("Ⓔ宣布向Ⓔ投资")
    assert rr.coreference.search("随便什么") is None


def test_relation_pattern_without_payer_loads_when_a_mode_says_how(tmp_path):
    body = (
        "  - name: raise\n    kind: investment\n    payer: none\n    patterns: ['{PAYEE}{GAP}融资{MONEY}']\n"
    )
    (rule,) = load_relation_rules(_relations(tmp_path, body)).rules
    assert rule.payer == "none"


def _assert_rule_error(path: Path, loader, *needles: str) -> str:
    with pytest.raises(RuleError) as ei:
        loader(path)
    msg = str(ei.value)
    assert msg.startswith("[E002]"), msg
    assert str(path) in msg, msg
    for n in needles:
        assert n in msg, (n, msg)
    return msg


def test_relations_bad_yaml(tmp_path):
    p = _relations(tmp_path, GOOD_RULE + "  - name: [broken\n")
    msg = _assert_rule_error(p, load_relation_rules, "invalid YAML")
    assert re.search(r"line [56],", msg)


def test_relations_not_a_mapping(tmp_path):
    p = _write(tmp_path, "relations.yaml", "- just\n- a list\n")
    _assert_rule_error(p, load_relation_rules, "relations")


def test_relations_unknown_field(tmp_path):
    p = _relations(tmp_path, GOOD_RULE + "    payor: subject\n")
    _assert_rule_error(p, load_relation_rules, "unknown field", "payor", "invest")


def test_relations_missing_field(tmp_path):
    p = _relations(tmp_path, "  - name: invest\n    kind: investment\n")
    _assert_rule_error(p, load_relation_rules, "missing field", "patterns")


def test_relations_unknown_kind(tmp_path):
    p = _relations(tmp_path, GOOD_RULE.replace("kind: investment", "kind: donation"))
    _assert_rule_error(p, load_relation_rules, "donation", "invest")


def test_relations_unknown_kind_by_word(tmp_path):
    p = _relations(tmp_path, GOOD_RULE + "    kind_by_word: {贷款: lending}\n")
    _assert_rule_error(p, load_relation_rules, "lending")


@pytest.mark.parametrize(
    "pattern", ["{PAYER}向{PAYEE}(投资", "{PAYER}向{PAYEE}[投资", "{PAYER}向{PAYEE}投资*?+"]
)
def test_relations_pattern_does_not_compile(tmp_path, pattern):
    p = _relations(tmp_path, f"  - name: broken\n    kind: investment\n    patterns: ['{pattern}']\n")
    _assert_rule_error(p, load_relation_rules, "does not compile", "broken")


@pytest.mark.parametrize("placeholder", ["{FOO}", "{MONY}", "{G}", "{X12}"])
def test_relations_unknown_placeholder(tmp_path, placeholder):
    p = _relations(
        tmp_path,
        f"  - name: typo\n    kind: investment\n    patterns: ['{{PAYER}}向{{PAYEE}}投资{placeholder}']\n",
    )
    _assert_rule_error(p, load_relation_rules, "unknown placeholder", placeholder, "typo")


def test_relations_lowercase_placeholder_is_rejected(tmp_path):
    p = _relations(
        tmp_path, "  - name: typo\n    kind: investment\n    patterns: ['{PAYER}向{PAYEE}投资{money}']\n"
    )
    _assert_rule_error(p, load_relation_rules, "{money}")


def test_relations_rule_without_payer_and_no_mode(tmp_path):
    p = _relations(
        tmp_path, "  - name: orphan\n    kind: investment\n    patterns: ['向{PAYEE}投资{MONEY}']\n"
    )
    _assert_rule_error(p, load_relation_rules, "orphan", "{PAYER}", "payer")


def test_relations_one_pattern_of_several_without_payee(tmp_path):
    body = "  - name: half\n    kind: loan\n    patterns: ['{PAYER}借给{PAYEE}', '{PAYER}放贷']\n"
    _assert_rule_error(_relations(tmp_path, body), load_relation_rules, "half", "{PAYEE}")


def test_relations_bad_mode(tmp_path):
    body = "  - name: boss\n    kind: investment\n    payer: boss\n    patterns: ['向{PAYEE}投资']\n"
    _assert_rule_error(_relations(tmp_path, body), load_relation_rules, "boss", "payer must be one of")


@pytest.mark.parametrize("field, value", [("direction", "backwards"), ("topic_fallback", "sometimes")])
def test_relations_bad_enum_fields(tmp_path, field, value):
    p = _relations(tmp_path, GOOD_RULE + f"    {field}: {value}\n")
    _assert_rule_error(p, load_relation_rules, field)


@pytest.mark.parametrize("field", ["unless", "when", "reverse_if"])
def test_relations_bad_optional_regex(tmp_path, field):
    p = _relations(tmp_path, GOOD_RULE + f"    {field}: '(未完'\n")
    _assert_rule_error(p, load_relation_rules, field, "does not compile")


def test_relations_duplicate_names(tmp_path):
    p = _relations(tmp_path, GOOD_RULE + GOOD_RULE.replace("向", "给"))
    _assert_rule_error(p, load_relation_rules, "'invest'", "defined twice")


def test_relations_item_not_a_mapping(tmp_path):
    _assert_rule_error(_relations(tmp_path, "  - just a string\n"), load_relation_rules, "mapping")


def test_relations_empty_list_is_a_rule_error_or_empty(tmp_path):
    p = _relations(tmp_path, "")
    try:
        assert load_relation_rules(p).rules == []
    except RuleError:
        pass


def test_relations_bad_priority(tmp_path):
    _assert_rule_error(
        _relations(tmp_path, GOOD_RULE + "    priority: high\n"), load_relation_rules, "priority"
    )


def test_relations_kind_by_word_not_a_mapping(tmp_path):
    p = _relations(tmp_path, GOOD_RULE + "    kind_by_word: [贷款]\n")
    _assert_rule_error(p, load_relation_rules, "kind_by_word")


def test_relations_bad_coreference(tmp_path):
    p = _relations(tmp_path, GOOD_RULE, header="coreference: '(公司'\n")
    _assert_rule_error(p, load_relation_rules, "coreference")


# ---------------------------------------------------------------- malformed: facts

GOOD_FACT = "  - metric: valuation\n    patterns: ['估值{G12}{MONEY}']\n"


def _facts(tmp_path, body: str, header: str = "") -> Path:
    return _write(tmp_path, "facts.yaml", header + "facts:\n" + body)


def test_minimal_facts_file_loads(tmp_path):
    fr = load_fact_rules(_facts(tmp_path, GOOD_FACT, header="continue_with: [至]\n"))
    (rule,) = fr.rules
    assert rule.metric == "valuation" and rule.unit == "money"
    assert rule.patterns[0].search("估值达Ⓜ")
    assert fr.continue_with == ["至"]


def test_facts_bad_yaml(tmp_path):
    p = _facts(tmp_path, GOOD_FACT + "  - metric: [x\n")
    _assert_rule_error(p, load_fact_rules, "invalid YAML", "line ")


def test_facts_missing_facts_key(tmp_path):
    _assert_rule_error(_write(tmp_path, "facts.yaml", "metrics: []\n"), load_fact_rules, "facts")


def test_facts_unknown_field(tmp_path):
    _assert_rule_error(_facts(tmp_path, GOOD_FACT + "    owner_of: x\n"), load_fact_rules, "owner_of")


def test_facts_pattern_does_not_compile(tmp_path):
    p = _facts(tmp_path, "  - metric: revenue\n    patterns: ['(营收{MONEY}']\n")
    _assert_rule_error(p, load_fact_rules, "does not compile", "revenue")


def test_facts_unknown_placeholder(tmp_path):
    p = _facts(tmp_path, "  - metric: revenue\n    patterns: ['营收{FOO}{MONEY}']\n")
    _assert_rule_error(p, load_fact_rules, "unknown placeholder", "{FOO}")


def test_facts_pattern_without_an_amount_is_rejected(tmp_path):
    _assert_rule_error(
        _facts(tmp_path, "  - metric: revenue\n    patterns: ['营收']\n"), load_fact_rules, "revenue"
    )


def test_facts_patterns_must_be_a_list(tmp_path):
    p = _facts(tmp_path, "  - metric: valuation\n    patterns: '估值{G12}{MONEY}'\n")
    _assert_rule_error(p, load_fact_rules, "patterns")


def test_facts_empty_list(tmp_path):
    try:
        assert load_fact_rules(_facts(tmp_path, "")).rules == []
    except RuleError:
        pass


# ---------------------------------------------------------------- malformed: gazetteer

_counter = itertools.count()


def _gazetteer(tmp_path, files: dict[str, str]):
    """Write entity files into a fresh folder (load_gazetteer is cached per folder) and load them."""
    folder = tmp_path / f"entities_{next(_counter)}"
    folder.mkdir()
    for name, text in files.items():
        _write(folder, name, text)
    return folder, lambda: load_gazetteer(str(folder))


NV = "- name: Nvidia\n  type: company\n  tickers: [NVDA]\n  aliases: [輝達, 英偉達, NVIDIA Corp]\n"


def test_minimal_gazetteer_loads(tmp_path):
    _, load = _gazetteer(
        tmp_path, {"a.yaml": NV, "b.yaml": "- name: Microsoft\n  type: company\n  aliases: [微軟]\n"}
    )
    g = load()
    assert set(g.records) == {"Nvidia", "Microsoft"}
    for alias in ("輝達", "辉达", "英伟达", "nvda", "NVDA", "nvidia corp"):
        assert g.resolve(alias).name == "Nvidia", alias
    assert g.resolve("微软").name == "Microsoft"


def _assert_gaz_error(tmp_path, files, *needles) -> str:
    folder, load = _gazetteer(tmp_path, files)
    with pytest.raises(RuleError) as ei:
        load()
    msg = str(ei.value)
    assert msg.startswith("[E002]"), msg
    assert str(folder) in msg, msg
    for n in needles:
        assert n in msg, (n, msg)
    return msg


def test_gazetteer_bad_yaml(tmp_path):
    msg = _assert_gaz_error(
        tmp_path, {"a.yaml": NV + "- name: [Broken\n  type: company\n"}, "a.yaml", "invalid YAML"
    )
    assert re.search(r"line [56],", msg)


def test_gazetteer_duplicate_alias_in_one_file(tmp_path):
    other = "- name: Other Co\n  type: company\n  aliases: [輝達]\n"
    _assert_gaz_error(tmp_path, {"a.yaml": NV + other}, "輝達", "Other Co", "Nvidia", "a.yaml")


def test_gazetteer_duplicate_alias_across_files_and_scripts(tmp_path):
    other = "- name: Other Co\n  type: company\n  aliases: [辉达]\n"
    msg = _assert_gaz_error(tmp_path, {"a.yaml": NV, "b.yaml": other}, "辉达", "Other Co", "Nvidia")
    assert "b.yaml" in msg


@pytest.mark.parametrize("alias", ["英伟达", "nvidia corp", "ＮＶＩＤＩＡ Corp", "NVDA"])
def test_gazetteer_duplicate_alias_up_to_script_width_and_case(tmp_path, alias):
    other = f"- name: Other Co\n  type: company\n  aliases: ['{alias}']\n"
    _assert_gaz_error(tmp_path, {"a.yaml": NV, "b.yaml": other}, "Other Co", "Nvidia")


def test_gazetteer_weak_alias_clash(tmp_path):
    other = "- name: Other Co\n  type: company\n  weak_aliases: [英偉達]\n"
    _assert_gaz_error(tmp_path, {"a.yaml": NV, "b.yaml": other}, "Other Co")


def test_gazetteer_same_alias_twice_in_one_entity_is_fine(tmp_path):
    _, load = _gazetteer(
        tmp_path, {"a.yaml": "- name: Nvidia\n  type: company\n  aliases: [輝達, 辉达, Nvidia]\n"}
    )
    assert load().resolve("輝達").name == "Nvidia"


def test_gazetteer_invalid_type(tmp_path):
    _assert_gaz_error(tmp_path, {"a.yaml": "- name: Nvidia\n  type: corporation\n"}, "corporation", "Nvidia")


def test_gazetteer_unknown_field(tmp_path):
    _assert_gaz_error(tmp_path, {"a.yaml": NV + "  alias: [x]\n"}, "unknown field", "alias")


def test_gazetteer_missing_type(tmp_path):
    _assert_gaz_error(tmp_path, {"a.yaml": "- name: Nvidia\n  aliases: [輝達]\n"}, "missing field", "type")


def test_gazetteer_entity_defined_twice(tmp_path):
    msg = _assert_gaz_error(
        tmp_path, {"a.yaml": NV, "b.yaml": "- name: Nvidia\n  type: bank\n"}, "Nvidia", "defined twice"
    )
    assert "a.yaml" in msg and "b.yaml" in msg


def test_gazetteer_file_not_a_list(tmp_path):
    _assert_gaz_error(tmp_path, {"a.yaml": "name: Nvidia\ntype: company\n"}, "list")


def test_gazetteer_aliases_not_a_list(tmp_path):
    _assert_gaz_error(
        tmp_path, {"a.yaml": "- name: Nvidia\n  type: company\n  aliases: 輝達\n"}, "aliases", "list"
    )


def test_gazetteer_duplicate_numeric_ticker(tmp_path):
    files = {
        "a.yaml": "- name: Tencent\n  type: company\n  tickers: ['0700']\n",
        "b.yaml": "- name: Other Co\n  type: company\n  tickers: ['0700']\n",
    }
    _assert_gaz_error(tmp_path, files, "0700")


def test_gazetteer_missing_folder(tmp_path):
    with pytest.raises(RuleError):
        load_gazetteer(str(tmp_path / "no_such_folder"))
