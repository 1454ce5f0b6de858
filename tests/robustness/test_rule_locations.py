"""Issue 14 item 12: a rules location that is wrong is said so, not silently ignored."""

from __future__ import annotations

from .conftest import HANS, invoke


def test_kg_rules_naming_no_folder_is_a_rule_error(tmp_path, monkeypatch):
    good = tmp_path / "good.txt"
    good.write_text(HANS + "\n", encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    for where, says in ((tmp_path / "nonexistent", "no such folder"), (afile, "something that is not a folder")):
        monkeypatch.setenv("KG_RULES", str(where))
        r = invoke("extract", good)
        assert r.exit_code == 2, (r.stderr, r.exception)
        assert f"[E002] {where}: KG_RULES names {says}" in r.stderr
    monkeypatch.delenv("KG_RULES")


def test_a_file_named_entities_in_a_rules_folder_is_a_rule_error(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(HANS + "\n", encoding="utf-8")
    d = tmp_path / "rules"
    d.mkdir()
    (d / "entities").write_text("name: Acme\n", encoding="utf-8")
    r = invoke("--rules", d, "extract", good)
    assert r.exit_code == 2 and f"[E002] {d / 'entities'}: entities must be a folder" in r.stderr, r.stderr
