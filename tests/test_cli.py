"""The ``kg`` command line (kg.cli)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli.app import main

ROOT = Path(__file__).resolve().parent.parent
HANS = "英伟达宣布向OpenAI投资1000亿美元，用于建设新的数据中心。"
HANT = "甲骨文宣佈與OpenAI簽署合約，OpenAI將向甲骨文購買價值3000億美元的算力。"
SCHEMA_KEYS = {"schema", "article", "entities", "amounts", "deals", "facts"}
ARTICLE_KEYS = {"id", "path", "title", "script", "encoding", "chars"}


@pytest.fixture
def files(tmp_path):
    a = tmp_path / "hans.txt"
    a.write_text("英伟达投资OpenAI\n" + HANS + "\n", encoding="utf-8")
    b = tmp_path / "hant.txt"
    b.write_bytes(HANT.encode("big5"))
    png = tmp_path / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return {"a": str(a), "b": str(b), "png": str(png), "missing": str(tmp_path / "missing_article.txt")}


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def _deals(record):
    return {(d["payer"], d["payee"], d["kind"]) for d in record["deals"]}


def _check_record(rec, path):
    assert set(rec) == SCHEMA_KEYS
    assert rec["schema"] == "kg.article/1"
    assert ARTICLE_KEYS <= set(rec["article"])
    assert rec["article"]["path"] == path
    assert re.fullmatch(r"[0-9a-f]{64}", rec["article"]["id"])
    for k in ("entities", "amounts", "deals", "facts"):
        assert isinstance(rec[k], list)


# ---------------------------------------------------------------- output formats


def test_extract_one_file_prints_one_json_object(files):
    res = run("extract", files["a"])
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    rec = json.loads(res.stdout)
    assert isinstance(rec, dict)
    _check_record(rec, files["a"])
    assert rec["article"]["title"] == "英伟达投资OpenAI"
    assert rec["article"]["encoding"] == "utf-8"
    assert rec["article"]["script"] == "hans"
    assert ("Nvidia", "OpenAI", "investment") in _deals(rec)
    deal = next(d for d in rec["deals"] if d["payer"] == "Nvidia")
    assert deal["amount"]["usd"] == 100_000_000_000
    assert deal["amount"]["currency"] == "USD"
    assert {"Nvidia", "OpenAI"} <= {e["name"] for e in rec["entities"]}
    # evidence offsets point into the article
    text = Path(files["a"]).read_text(encoding="utf-8")
    for ev in deal["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert res.stdout.count("\n") > 5  # indented by default


def test_extract_compact_is_one_line(files):
    res = run("extract", "--compact", files["a"])
    assert res.exit_code == 0
    assert res.stdout.strip().count("\n") == 0
    _check_record(json.loads(res.stdout), files["a"])


def test_extract_two_files_prints_a_json_array(files):
    res = run("extract", files["a"], files["b"])
    assert res.exit_code == 0, res.output
    recs = json.loads(res.stdout)
    assert isinstance(recs, list) and len(recs) == 2
    _check_record(recs[0], files["a"])
    _check_record(recs[1], files["b"])
    assert recs[1]["article"]["encoding"] == "big5"
    assert recs[1]["article"]["script"] == "hant"
    assert ("OpenAI", "Oracle", "purchase") in _deals(recs[1])


def test_extract_jsonl_prints_one_object_per_line(files):
    res = run("extract", "--jsonl", files["a"], files["b"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert len(lines) == 2
    recs = [json.loads(line) for line in lines]
    _check_record(recs[0], files["a"])
    _check_record(recs[1], files["b"])


def test_extract_jsonl_single_file_is_one_line(files):
    res = run("extract", "--jsonl", files["a"])
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 1
    assert isinstance(json.loads(res.stdout), dict)


def test_extract_table(files):
    res = run("extract", "--table", files["a"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith(files["a"])
    assert "hans" in lines[0] and "utf-8" in lines[0]
    header = lines[1].split()
    assert header[:2] == ["payer", "payee"]
    assert {"kind", "amount", "status"} <= set(header)
    assert set(lines[2].replace(" ", "")) == {"-"}
    row = next(line for line in lines[3:] if line.startswith("Nvidia"))
    assert row.split()[:4] == ["Nvidia", "OpenAI", "investment", "100B"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(res.stdout)


def _display_width(s):
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def test_extract_table_aligns_columns_with_wide_characters(tmp_path):
    p = tmp_path / "x.txt"
    p.write_text("蓝海星辰资本宣布向OpenAI投资10亿美元。\n", encoding="utf-8")
    res = run("extract", "--table", str(p))
    assert res.exit_code == 0
    header, rule, *rows = res.stdout.splitlines()[1:]
    row = next(r for r in rows if r.startswith("蓝海星辰资本"))
    # the payee column starts at the same display column in the header and the row
    assert _display_width(header[: header.index("payee")]) == _display_width(row[: row.index("OpenAI")])
    assert _display_width(rule.split("  ")[0]) == _display_width("蓝海星辰资本")


def test_extract_stdin(files):
    res = run("extract", "-", input=HANS.encode("utf-8"))
    assert res.exit_code == 0, res.output
    rec = json.loads(res.stdout)
    _check_record(rec, "-")
    assert ("Nvidia", "OpenAI", "investment") in _deals(rec)


def test_extract_stdin_big5_with_a_file(files):
    res = run("extract", "--jsonl", files["a"], "-", input=HANT.encode("big5"))
    assert res.exit_code == 0, res.output
    first, second = (json.loads(line) for line in res.stdout.splitlines())
    assert first["article"]["path"] == files["a"]
    assert second["article"]["path"] == "-"
    assert second["article"]["encoding"] == "big5"
    assert second["article"]["script"] == "hant"


# ---------------------------------------------------------------- failures


def _error_lines(res):
    return [line for line in res.stderr.splitlines() if line.strip()]


def test_missing_file_is_reported_and_others_still_processed(files):
    res = run("extract", files["a"], files["missing"], files["b"])
    assert res.exit_code == 1
    errors = _error_lines(res)
    assert len(errors) == 1
    assert errors[0].startswith("kg: error:")
    assert files["missing"] in errors[0]
    assert "no such file" in errors[0]
    assert "Traceback" not in res.stderr
    recs = json.loads(res.stdout)
    assert [r["article"]["path"] for r in recs] == [files["a"], files["b"]]


def test_binary_file_is_reported_and_others_still_processed(files):
    res = run("extract", "--jsonl", files["png"], files["a"])
    assert res.exit_code == 1
    errors = _error_lines(res)
    assert len(errors) == 1
    assert files["png"] in errors[0] and "binary" in errors[0] and "PNG" in errors[0]
    lines = res.stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["article"]["path"] == files["a"]


def test_directory_and_empty_file_are_reported(tmp_path, files):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    res = run("extract", "--table", str(tmp_path), str(empty), files["a"])
    assert res.exit_code == 1
    errors = _error_lines(res)
    assert len(errors) == 2
    assert str(tmp_path) in errors[0] and "directory" in errors[0]
    assert str(empty) in errors[1] and "empty" in errors[1]
    assert "Nvidia" in res.stdout


def test_all_inputs_failing_prints_nothing_on_stdout(files):
    res = run("extract", files["missing"])
    assert res.exit_code == 1
    assert res.stdout == ""
    assert len(_error_lines(res)) == 1


def test_unknown_option_is_a_usage_error(files):
    res = run("extract", "--no-such-option", files["a"])
    assert res.exit_code == 2
    assert "no-such-option" in res.stderr
    assert res.stdout == ""


def test_missing_paths_is_a_usage_error():
    res = run("extract")
    assert res.exit_code == 2
    assert "PATHS" in res.stderr


def test_unknown_command_is_a_usage_error():
    assert run("no-such-command").exit_code == 2


def test_debug_shows_a_traceback(files):
    res = run("--debug", "extract", files["missing"], files["a"])
    assert res.exit_code == 1
    assert "Traceback (most recent call last)" in res.stderr
    assert "InputError" in res.stderr
    assert files["missing"] in res.stderr
    assert json.loads(res.stdout)[0]["article"]["path"] == files["a"]


def test_no_traceback_without_debug(files):
    res = run("extract", files["png"])
    assert "Traceback" not in res.stderr


def test_version():
    from kg import __version__

    res = run("--version")
    assert res.exit_code == 0
    assert __version__ in res.stdout


# ---------------------------------------------------------------- help and docs


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


COMMANDS = list(_commands(main))


def test_group_has_commands():
    assert "extract" in main.commands


@pytest.mark.parametrize("path, cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path, cmd):
    assert (cmd.help or "").strip(), f"kg {' '.join(path)} has no help text"
    assert cmd.get_short_help_str().strip()
    for p in cmd.params:
        if isinstance(p, click.Option) and not p.hidden:
            assert (p.help or "").strip(), f"kg {' '.join(path)} {p.opts[0]} has no help text"
    res = run(*path, "--help")
    assert res.exit_code == 0
    assert "Usage:" in res.stdout
    res2 = run(*path, "-h")
    assert res2.stdout == res.stdout


def test_group_help_lists_every_command():
    res = run("--help")
    assert res.exit_code == 0
    for name in main.commands:
        assert name in res.stdout


def test_every_command_is_in_the_readme():
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md not written yet")
    text = readme.read_text(encoding="utf-8")
    missing = [" ".join(p) for p, _ in COMMANDS if not re.search(rf"\bkg {re.escape(' '.join(p))}\b", text)]
    assert not missing, f"commands not mentioned in README.md as `kg <command>`: {missing}"


# ---------------------------------------------------------------- processes


def _env(**extra):
    env = dict(os.environ)
    env.pop("KG_RULES", None)
    env.update(extra)
    return env


def test_python_dash_m_kg_help():
    res = subprocess.run(
        [sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60, env=_env()
    )
    assert res.returncode == 0, res.stderr
    assert "Usage:" in res.stdout
    assert "extract" in res.stdout


def _console_script():
    found = shutil.which("kg")
    if found:
        return found
    sibling = Path(sys.executable).parent / "kg"
    return str(sibling) if sibling.exists() else None


def test_console_script():
    exe = _console_script()
    if exe is None:
        pytest.skip("the kg console script is not installed")
    res = subprocess.run([exe, "--help"], capture_output=True, text=True, timeout=60, env=_env())
    assert res.returncode == 0, res.stderr
    assert "extract" in res.stdout
    res = subprocess.run([exe, "extract", "--bogus"], capture_output=True, text=True, timeout=60, env=_env())
    assert res.returncode == 2


@pytest.fixture
def broken_rules(tmp_path):
    """A copy of rules/ whose relations.yaml has a YAML syntax error on line 3."""
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dst)
    (dst / "relations.yaml").write_text(
        "status_words: {}\nrelations:\n  - name: [unclosed\n", encoding="utf-8"
    )
    return dst


def test_broken_rule_file_error_names_file_and_line(broken_rules, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(HANS, encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(a)],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(KG_RULES=str(broken_rules)),
    )
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert "[E002]" in res.stderr
    assert str(broken_rules / "relations.yaml") in res.stderr
    assert re.search(r"line [34]", res.stderr)
    assert res.stdout == ""


def test_broken_rule_file_exits_2_with_one_message(broken_rules, tmp_path):
    paths = []
    for name in ("a.txt", "b.txt"):
        p = tmp_path / name
        p.write_text(HANS, encoding="utf-8")
        paths.append(str(p))
    res = subprocess.run(
        [sys.executable, "-m", "kg", "extract", *paths],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(KG_RULES=str(broken_rules)),
    )
    assert res.returncode == 2
    assert len([line for line in res.stderr.splitlines() if "[E002]" in line]) == 1
