"""``kg ingest --jobs N``: workers extract, one process writes, the store does not depend on N."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kg import KnowledgeGraph
from kg.cli.app import main
from kg.extract.parallel import analyze_all, default_jobs

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


def _snapshot(kg: KnowledgeGraph) -> list[dict]:
    """Every deal with its versions and evidence, without the time it was written."""
    out = []
    for d in kg.deals():
        rec = d.to_dict()
        for v in rec.get("versions", []):
            v.pop("reported", None)
        out.append(rec)
    return out


def test_jobs_two_gives_the_same_store_as_jobs_one(tmp_path):
    one = KnowledgeGraph.open(tmp_path / "one.db")
    two = KnowledgeGraph.open(tmp_path / "two.db")
    r1 = one.ingest(CORPORA, jobs=1)
    r2 = two.ingest(CORPORA, jobs=2)
    assert r1.to_dict() == r2.to_dict()
    assert r1.new == len(list(CORPORA.glob("*.txt"))) and r1.failed == 0
    assert one.store.counts() == two.store.counts()
    assert json.dumps(_snapshot(one), sort_keys=True) == json.dumps(_snapshot(two), sort_keys=True)
    assert two.store.integrity_errors() == []


def test_bad_inputs_are_reported_in_order_and_the_rest_is_stored(tmp_path):
    good = sorted(CORPORA.glob("hans_*.txt"))[:2]
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text('{"text": "英伟达宣布向OpenAI投资1000亿美元。"}\nnot json\n', encoding="utf-8")
    seen = []
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    report = kg.ingest(
        good[0], empty, jsonl, good[1], tmp_path / "missing.txt", jobs=2,
        on_item=lambda label, outcome, error: seen.append((Path(label.split(":")[0]).name, error is None)),
    )  # fmt: skip
    assert seen == [
        (good[0].name, True),
        ("empty.txt", False),
        ("batch.jsonl", True),
        ("batch.jsonl", False),
        (good[1].name, True),
        ("missing.txt", False),
    ]
    assert (report.new, report.failed) == (3, 3)
    assert kg.store.counts()["articles"] == 3


def test_analyze_all_keeps_input_order_with_several_workers():
    texts = [f"第{i}条：英伟达宣布向OpenAI投资{i + 1}0亿美元。" for i in range(8)]
    tasks = [(f"t{i}", "text", t, {}) for i, t in enumerate(texts)]
    outs = list(analyze_all(tasks, jobs=2))
    assert [o[0] for o in outs] == [t[0] for t in tasks]
    assert [o[2].deals[0].amount.text for o in outs] == [f"{i + 1}0亿美元" for i in range(8)]


def test_cli_jobs_option(tmp_path):
    db = tmp_path / "kg.db"
    res = CliRunner().invoke(
        main, ["ingest", str(CORPORA / "hans_circular_ai.txt"), "--db", str(db), "-j", "2"]
    )
    assert res.exit_code == 0, res.output
    assert "1 new" in res.output
    res = CliRunner().invoke(main, ["ingest", str(CORPORA), "--db", str(db), "--jobs", "0"])
    assert res.exit_code == 2 and "--jobs" in res.output
    res = CliRunner().invoke(main, ["ingest", str(CORPORA), "--db", str(db), "-j", "2", "--dask", "local"])
    assert res.exit_code == 2 and "do not go together" in res.output
    assert default_jobs() >= 1


def test_workers_start_fresh_when_other_threads_run():
    import threading

    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        tasks = [(f"t{i}", "text", f"英伟达宣布向OpenAI投资{i + 1}0亿美元。", {}) for i in range(3)]
        outs = list(analyze_all(tasks, jobs=2))
    finally:
        stop.set()
        t.join()
    assert [o[2].deals[0].amount.text for o in outs] == ["10亿美元", "20亿美元", "30亿美元"]


def _user_rules(tmp_path):
    d = tmp_path / "my_rules" / "entities"
    d.mkdir(parents=True)
    (d / "mine.yaml").write_text(
        "- name: Zorblax Holdings\n  type: company\n  aliases: [佐布拉克斯]\n"
        "- name: Quuxmoor\n  type: company\n  aliases: [库克斯莫尔]\n",
        encoding="utf-8",
    )
    arts = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"佐布拉克斯宣布向库克斯莫尔投资{i + 1}0亿美元。", encoding="utf-8")
        arts.append(p)
    return d.parent, arts


def test_user_rules_reach_every_worker_whatever_the_start_method(tmp_path):
    import threading

    from kg import rules

    folder, arts = _user_rules(tmp_path)
    mine = rules.RuleSet([folder])
    stop = threading.Event()
    try:
        fork = list(analyze_all([(str(a), "file", None, {}) for a in arts], jobs=2, rules=mine))
        t = threading.Thread(target=stop.wait, daemon=True)
        t.start()  # another thread: workers start fresh and must load the overlay themselves
        fresh = list(analyze_all([(str(a), "file", None, {}) for a in arts], jobs=2, rules=mine))
    finally:
        stop.set()
    for outs in (fork, fresh):
        assert [(o[2].deals[0].payer, o[2].deals[0].payee) for o in outs] == [
            ("Zorblax Holdings", "Quuxmoor")
        ] * 3


def test_a_broken_user_rule_stops_a_parallel_ingest_with_exit_2(tmp_path):
    folder, arts = _user_rules(tmp_path)
    (folder / "relations.yaml").write_text(
        "relations:\n  - name: my_bad\n    kind: investment\n    priority: 5\n"
        '    patterns: ["{PAYER}(?:注资{PAYEE}"]\n    examples: []\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        main,
        ["--rules", str(folder), "ingest", *map(str, arts), "--db", str(tmp_path / "kg.db"), "-j", "2"],
    )
    assert res.exit_code == 2, res.output
    assert "my_bad" in res.output and res.output.count("E002") == 1


def test_jsonl_metadata_of_the_wrong_type_is_that_lines_error(tmp_path):
    p = tmp_path / "news.jsonl"
    p.write_text(
        '{"text": "微软宣布向OpenAI投资100亿美元。", "title": ["x"]}\n'
        '{"text": "英伟达宣布向OpenAI投资1000亿美元。", "date": "2025-09-22"}\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["ingest", str(p), "--db", str(tmp_path / "kg.db"), "-j", "1"])
    assert res.exit_code == 1, res.output
    assert f"{p}:1" in res.output and "'title' must be a string" in res.output
    assert "1 new" in res.output


def test_outputs_that_cannot_be_written_are_one_line_errors(tmp_path):
    db = tmp_path / "kg.db"
    CliRunner().invoke(main, ["ingest", str(CORPORA / "hans_circular_ai.txt"), "--db", str(db), "-j", "1"])
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    for args in (
        ["graph", "--db", str(db), "--out", str(blocker / "graph.html")],
        ["export", "--db", str(db), "--format", "csv", "--out", str(blocker)],
        ["export", "--db", str(db), "--format", "graphml", "--out", str(blocker / "x.graphml")],
    ):
        res = CliRunner().invoke(main, args)
        assert res.exit_code == 2, (args, res.output)
        assert "E005" in res.output and "Traceback" not in res.output
