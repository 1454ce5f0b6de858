"""Daily use (issue 13): a store that never loses work, honest corroboration, dates, typed frames, CLI habits."""

from __future__ import annotations

import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph, analyze
from kg.cli import main
from kg.store.database import MIGRATIONS, SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parent.parent
SMALL_CORPUS = [ROOT / "corpora" / "hans_circular_ai.txt", ROOT / "corpora" / "hant_warrants_stake.txt"]

MINE = "腾讯控股宣布，将向美团投资25亿元人民币，用于建设新的储能工厂。\n"

# an article of our own, long enough for a MinHash signature, and a syndicated copy with small edits
STORY = (
    "腾讯控股周一在上海宣布，将向美团投资25亿元人民币，取得后者百分之二十的股权。"
    "双方表示，这笔资金将主要用于在江苏建设一座年产十万吨的电池材料工厂，预计明年下半年投产。"
    "腾讯控股董事长在发布会上说，储能市场需求快速增长，公司希望借此锁定上游材料的稳定供应。"
    "美团成立于二〇一五年，主要生产锂电池正极材料，客户包括多家整车厂和储能系统集成商。"
    "市场人士认为，这一交易反映出产业链上下游企业之间的资本合作正在加深。\n"
)
REPRINT = "【转载】" + STORY.replace("市场人士认为", "有市场人士指出").replace("周一在上海", "周一") + "（责任编辑：王五）\n"


def run(*args, cwd=None):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def side_files(db: Path) -> list[str]:
    return [p.name for p in db.parent.iterdir() if p.name.startswith(db.name + "-")]


# ---------------------------------------------------------------------- data safety


def test_demo_never_touches_the_users_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.txt").write_text(MINE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SMALL_CORPUS:
        shutil.copy(p, corpus / p.name)
    assert run("ingest", "mine.txt").exit_code == 0
    before = Path("outputs/kg.db").read_bytes()
    r = run("demo", "--corpus", corpus)
    assert r.exit_code == 0, r.output
    assert Path("outputs/demo/kg.db").exists() and Path("outputs/kg.db").read_bytes() == before
    r = run("deals")
    assert r.exit_code == 0 and "Meituan" in r.output, r.output
    # the demo may replace its own store, and refuses any other one, leaving it as it was
    assert run("demo", "--corpus", corpus).exit_code == 0
    r = run("demo", "--corpus", corpus, "--out", "outputs")
    assert r.exit_code == 2 and "did not create" in r.output
    assert Path("outputs/kg.db").read_bytes() == before


def test_demo_extracts_each_article_once(tmp_path, monkeypatch):
    from kg.cli import app as cli_app
    from kg.extract import parallel

    calls = []
    real = parallel.analyze_task
    monkeypatch.setattr(parallel, "analyze_task", lambda t: calls.append(t[0]) or real(t))
    out = tmp_path / "demo"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SMALL_CORPUS:
        shutil.copy(p, corpus / p.name)
    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)
    monkeypatch.setattr(cli_app, "default_jobs", lambda: 1)  # the CLI holds its own reference
    r = run("demo", "--corpus", corpus, "--out", out)
    assert r.exit_code == 0, r.output
    assert sorted(calls) == sorted(str(corpus / p.name) for p in SMALL_CORPUS)
    assert len((out / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == len(SMALL_CORPUS)


def test_ingest_of_nothing_creates_no_store(tmp_path):
    db = tmp_path / "new.db"
    r = run("ingest", tmp_path / "nonexistent_dir", "--db", db)
    assert r.exit_code == 1 and "no such file or folder" in r.output and not db.exists()
    (tmp_path / "emptydir").mkdir()
    r = run("ingest", tmp_path / "emptydir", "--db", db)
    assert r.exit_code == 1 and "no article files" in r.output and not db.exists()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = run("ingest", bad, "--db", db)
    assert r.exit_code == 1 and not db.exists() and not side_files(db)


def test_reading_commands_leave_no_wal_or_shm(tmp_path):
    db = tmp_path / "kg.db"
    (tmp_path / "a.txt").write_text(MINE, encoding="utf-8")
    assert run("ingest", tmp_path / "a.txt", "--db", db).exit_code == 0
    assert side_files(db) == []
    for cmd in (["deals"], ["entity", "腾讯控股"], ["flows"], ["cycles"], ["export", "--format", "json",
                "--out", tmp_path / "x.json"]):
        r = run(*cmd, "--db", db)
        assert r.exit_code == 0, (cmd, r.output)
        assert side_files(db) == [], cmd


@pytest.mark.parametrize("kind", ["sqlite", "empty", "text"])
def test_not_a_kg_store_is_one_message_from_every_command(tmp_path, kind):
    db = tmp_path / "other.db"
    if kind == "sqlite":
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE t (x)")
        con.close()
    elif kind == "empty":
        db.write_bytes(b"")
    else:
        db.write_text("hello, not a database\n" * 100, encoding="utf-8")
    (tmp_path / "a.txt").write_text(MINE, encoding="utf-8")
    before = db.read_bytes()
    for cmd in (["deals"], ["entity", "x"], ["flows"], ["graph", "--out", tmp_path / "g.html"],
                ["ingest", tmp_path / "a.txt"]):
        r = run(*cmd, "--db", db)
        assert r.exit_code == 3 and "not a kg store" in r.output, (cmd, r.output)
        assert "upgrade" not in r.output
    assert db.read_bytes() == before


def test_an_old_store_upgrades_and_keeps_its_rows(tmp_path):
    db = tmp_path / "v1.db"
    con = sqlite3.connect(db)
    for stmt in MIGRATIONS[1]:
        con.execute(stmt)
    con.execute(
        "INSERT INTO articles (id, path, title, script, encoding, chars, ingested_at) "
        "VALUES ('abc', 'old.txt', 'old', 'hans', 'utf-8', 3, '2025-01-01')"
    )
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    s = Store(db, readonly=True)  # a reader that may write upgrades it in place
    assert s.schema_version() == SCHEMA_VERSION == 2
    assert s.conn.execute("SELECT path FROM articles").fetchall()[0][0] == "old.txt"
    s.close()
    s = Store(db)
    s.ingest(analyze(MINE, path="mine.txt"))
    assert s.counts()["articles"] == 2
    s.close()


# ---------------------------------------------------------------------- corroboration


def test_a_whitespace_width_or_script_copy_is_one_article(tmp_path):
    kg = KnowledgeGraph.open(":memory:")
    a = tmp_path / "a.txt"
    a.write_text(STORY, encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text(STORY.replace("。", "。 \n\n") + "\n\n   \n", encoding="utf-8")
    c = tmp_path / "c.txt"
    c.write_text(STORY.replace("25亿元", "２５億元"), encoding="utf-8")  # full-width digits, Traditional
    r = kg.ingest(a, b, c)
    assert (r.new, r.skipped) == (1, 2)
    assert kg.store.counts()["articles"] == 1
    assert all(len(d.articles) == 1 for d in kg.deals())


def test_a_reprint_is_linked_to_its_original_and_counts_once(tmp_path):
    db = tmp_path / "kg.db"
    (tmp_path / "orig.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(REPRINT, encoding="utf-8")
    assert run("ingest", tmp_path / "orig.txt", tmp_path / "copy.txt", "--db", db).exit_code == 0
    kg = KnowledgeGraph.open(db, readonly=True)
    rows = dict(kg.store.conn.execute("SELECT path, reprint_of FROM articles").fetchall())
    orig_id, orig_path = kg.store.conn.execute("SELECT id, path FROM articles WHERE reprint_of IS NULL").fetchone()
    # neither is dated: the original is the least id, whichever was ingested first (issue 14 item 13)
    assert orig_id == min(r[0] for r in kg.store.conn.execute("SELECT id FROM articles"))
    copy_path = next(p for p in rows if p != orig_path)
    assert rows[copy_path] == orig_id and rows[orig_path] is None
    (deal,) = [d for d in kg.deals() if d.kind == "investment"]
    assert len(deal.articles) == 2 and len(deal.independent_articles) == 1
    assert kg.store.counts()["merged_deals"] == 0
    data = json.loads(run("deals", "--db", db, "--json").output)
    inv = next(d for d in data if d["kind"] == "investment")
    assert inv["articles"] == 2 and inv["independent_articles"] == 1
    assert {e["reprint_of"] for e in inv["evidence"]} == {None, orig_id}
    r = run("entity", "腾讯控股", "--db", db)
    assert "reprint:" in r.output and Path(copy_path).name not in r.output.split("reprint:")[0]
    r = run("deals", "--db", db)
    assert "(+1 reprint)" in r.output
    # an unrelated article is not a reprint
    other = tmp_path / "other.txt"
    other.write_text(STORY[::-1], encoding="utf-8")
    run("ingest", other, "--db", db)
    kg = KnowledgeGraph.open(db, readonly=True)
    assert kg.store.conn.execute("SELECT reprint_of FROM articles WHERE path = ?", (str(other),)).fetchone()[0] is None


# ---------------------------------------------------------------------- Python users


def test_to_pandas_money_is_numeric_and_dates_are_datetimes():
    pd = pytest.importorskip("pandas")
    kg = KnowledgeGraph.from_articles(SMALL_CORPUS)
    df = kg.to_pandas("deals")
    total = df["usd"].sum()
    assert isinstance(total, float) and total > 1e11
    assert str(df["usd"].dtype) == "float64"
    assert "decimal" in str(df["value"].dtype) and "decimal" in str(df["usd_exact"].dtype)
    assert pd.api.types.is_datetime64_any_dtype(df["date"])
    assert {"sentence", "title", "source", "url", "independent_articles", "date_origin"} <= set(df.columns)
    deal = kg.deals()[0]
    assert isinstance(deal.current.amount["value"], Decimal) and isinstance(deal.usd, Decimal)


# ---------------------------------------------------------------------- dates


def test_article_dates_from_every_kind_of_metadata(tmp_path):
    from kg import analyze_file

    html = tmp_path / "a.html"
    html.write_text(
        '<html><head><meta property="article:published_time" content="2025-10-06T09:00:00+08:00">'
        "<title>T</title></head><body><p>" + MINE + "</p></body></html>",
        encoding="utf-8",
    )
    md = tmp_path / "b.md"
    md.write_text("---\ntitle: x\ndate: 2025-09-22\n---\n" + MINE, encoding="utf-8")
    line = tmp_path / "c.txt"
    line.write_text("本报讯 2025年8月3日\n" + MINE, encoding="utf-8")
    for path, want in ((html, "2025-10-06"), (md, "2025-09-22"), (line, "2025-08-03")):
        r = analyze_file(path)
        assert r.article.date == want, path
        assert [(d.date, d.date_origin) for d in r.deals] == [(want, "article")], path
    r = analyze(MINE, date="2025-07-01")
    assert r.article.date == "2025-07-01"


@pytest.mark.parametrize(
    "sentence, want",
    [
        ("腾讯控股10月1日宣布，将向美团投资25亿元人民币。", "2025-10-01"),
        ("腾讯控股上月宣布，将向美团投资25亿元人民币。", "2025-09"),
        ("腾讯控股今年宣布，将向美团投资25亿元人民币。", "2025"),
        ("腾讯控股周一宣布，将向美团投资25亿元人民币。", "2025-10-13"),
        ("腾讯控股昨（14）日宣布，将向美团投资25亿元人民币。", "2025-10-14"),
        ("2024年3月，腾讯控股宣布将向美团投资25亿元人民币。", "2024-03"),
        ("腾讯控股今日宣布，将向美团投资25亿元人民币。", "2025-10-15"),
    ],
)
def test_relative_dates_resolve_against_the_article_date(sentence, want):
    (deal,) = analyze(sentence, date="2025-10-15").deals
    assert (deal.date, deal.date_origin) == (want, "stated")


def test_since_and_until_use_the_deals_date_not_the_ingest_time(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        "\n".join(
            json.dumps(x, ensure_ascii=False)
            for x in (
                {"text": "腾讯控股宣布向美团投资25亿元人民币。", "date": "2024-05-02"},
                {"text": "英伟达宣布向OpenAI投资1000亿美元。", "date": "2025-09-22"},
                {"text": "甲骨文宣布向AMD采购50亿美元芯片。"},  # no date anywhere
            )
        ),
        encoding="utf-8",
    )
    db = tmp_path / "kg.db"
    run("ingest", f, "--db", db)
    kg = KnowledgeGraph.open(db, readonly=True)
    assert kg.deals(since="2099-01-01") == []
    assert [d.current.date for d in kg.deals(since="2025-01-01")] == ["2025-09-22"]
    assert [d.current.date for d in kg.deals(until="2024-12")] == ["2024-05-02"]
    assert all(d.current.date_origin == "article" for d in kg.deals(since="2000"))
    r = run("deals", "--db", db, "--since", "2025", "--json")
    assert [d["date"] for d in json.loads(r.output)] == ["2025-09-22"]
    r = run("flows", "--db", db, "--until", "2024-12-31", "--json")
    assert {f["entity"] for f in json.loads(r.output)} >= {"Meituan"} and "OpenAI" not in r.output
    assert run("deals", "--db", db, "--since", "soon").exit_code == 2
    for cmd in (["cycles"], ["exposure", "OpenAI"], ["graph", "--out", tmp_path / "g.html"]):
        assert run(*cmd, "--db", db, "--since", "2025-01").exit_code == 0, cmd


# ---------------------------------------------------------------------- CLI habits


def test_deals_options_repeat_refuse_conflicts_and_limit(tmp_path):
    db = tmp_path / "kg.db"
    assert run("ingest", *SMALL_CORPUS, "--db", db).exit_code == 0
    kinds = {d["kind"] for d in json.loads(run("deals", "--db", db, "--kind", "investment", "--kind",
                                               "purchase", "--json").output)}
    assert kinds == {"investment", "purchase"}
    r = run("deals", "--db", db, "--json", "--table")
    assert r.exit_code == 2 and "do not go together" in r.output
    assert len(json.loads(run("deals", "--db", db, "--limit", "2", "--json").output)) == 2
    statuses = {d["status"] for d in json.loads(run("deals", "--db", db, "--exclude-status", "planned",
                                                    "--json").output)}
    assert statuses and "planned" not in statuses
    r = run("deals", "--db", db, "--limit", "1")
    assert r.output.rstrip().endswith("1 deal")
    r = run("deals", "--db", db, "--csv", "--limit", "1")
    header = r.output.splitlines()[0].split(",")
    assert {"sentence", "title", "source", "url", "independent_articles"} <= set(header)


def test_run_without_an_argument_prints_usage_and_starts_nothing():
    import subprocess

    res = subprocess.run([str(ROOT / "run")], capture_output=True, text=True, timeout=30)
    assert res.returncode == 2 and "usage: ./run demo" in res.stderr and "passed" not in res.stdout


def test_english_only_input_says_there_is_no_chinese_text(tmp_path):
    f = tmp_path / "en.txt"
    f.write_text("Nvidia will invest 100 billion dollars in OpenAI.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(f)])
    assert r.exit_code == 0 and "no Chinese text" in r.stderr
    assert json.loads(r.stdout)["article"]["notes"]
    r = CliRunner().invoke(main, ["ingest", str(f), "--db", str(tmp_path / "kg.db")])
    assert "no Chinese text" in r.stderr
    assert not analyze(MINE).article.notes


def test_english_only_input_is_not_labelled_simplified(tmp_path):
    """Issue 13: an article without Chinese text had ``script: hans``; it is ``none`` now, in the
    record (which still reads back), the store and the block-by-block reader alike."""
    from kg.extract.stream import analyze_file
    from kg.model import ArticleResult

    f = tmp_path / "en.txt"
    f.write_text("Nvidia will invest 100 billion dollars in OpenAI.\n\nMore next week.\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["extract", str(f)])
    assert r.exit_code == 0 and f"{f}: no Chinese text" in r.stderr
    rec = json.loads(r.stdout)
    assert rec["article"]["script"] == "none"
    assert ArticleResult.from_dict(rec).article.script == "none"
    assert analyze_file(f).article.script == "none"
    db = tmp_path / "kg.db"
    r = CliRunner().invoke(main, ["ingest", str(f), "--db", str(db), "-q"])
    assert r.exit_code == 0 and f"{f}: no Chinese text" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT script FROM articles").fetchall() == [("none",)]
    con.close()
    # Chinese text keeps its script, also with English paragraphs around it
    assert analyze("英伟达宣布向OpenAI投资1000亿美元。").article.script == "hans"
    mixed = tmp_path / "mixed.txt"
    mixed.write_text("Nvidia news in English.\n\n輝達表示將向OpenAI投資300億美元。\n", encoding="utf-8")
    assert analyze_file(mixed).article.script == "hant"


# ---------------------------------------------------------------------- readable outputs


def test_charts_of_cjk_names_have_no_missing_glyph_with_a_cjk_font_present():
    import warnings

    import networkx as nx

    from kg.analysis.metrics import toy_graph
    from kg.view import report
    from kg.view.fonts import cjk_fonts

    if not cjk_fonts():
        pytest.skip("no CJK font installed (./run test installs fonts-wqy-zenhei)")
    G = nx.relabel_nodes(toy_graph(), {n: f"美圖公司{i}號" for i, n in enumerate(toy_graph().nodes)})
    data = report.build_report(G)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = report.charts(data)
    assert pngs and not [w for w in caught if "missing" in str(w.message).lower()]


def test_no_cjk_font_is_said_once(monkeypatch, capsys):
    from kg.view import fonts

    monkeypatch.setattr(fonts, "cjk_fonts", lambda: ())
    monkeypatch.setattr(fonts, "_warned", False)
    assert fonts.font_family() == ["DejaVu Sans"] and fonts.font_family() == ["DejaVu Sans"]
    err = capsys.readouterr().err
    assert err.count("no CJK font") == 1 and "fonts-wqy-zenhei" in err


def test_report_renders_markdown_and_lists_every_deal_with_its_sentence(tmp_path):
    from kg.view.report import write_report

    f = tmp_path / "batch.jsonl"
    f.write_text(
        json.dumps(
            {"text": STORY, "title": "T<b>1", "source": "Wire", "url": "https://example.invalid/1",
             "date": "2025-10-06"},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    kg = KnowledgeGraph.from_articles([f])
    md, page = write_report(kg, tmp_path / "out")[:2]
    html = page.read_text(encoding="utf-8")
    assert "`best" not in html and "<code>best" in html  # Markdown rendered, not shown raw
    assert "T&lt;b&gt;1" in html and "T<b>1" not in html
    assert "Wire" in html and "example.invalid/1" in html and "2025-10-06" in html
    assert "腾讯控股周一" in md.read_text(encoding="utf-8")


def test_unnamed_payers_do_not_merge_and_find_folds_the_script():
    from kg.view import graph_page as gp

    kg = KnowledgeGraph.from_texts(["Meta发行300亿美元债券。", "騰訊宣佈向美團投資5億美元。", "甲骨文发行180亿美元债券。"])
    G = kg.to_networkx()
    unnamed = [n for n in G if str(n).startswith("(unnamed")]
    assert len(unnamed) == len({v for u, v in G.edges() if u in unnamed}) and len(unnamed) >= 2
    data = gp.build_page_data(G)
    fold = data["fold"]

    def folded(q):
        return "".join(fold.get(c, c) for c in q)

    assert folded("騰訊") == folded("腾讯") == "腾讯" and folded("美團") == "美团"
    assert "fold(q.trim())" in gp._asset("templates", "graph.js")  # the Find box uses it


def test_a_forecast_is_a_fact_of_its_own_kind():
    r = analyze("輝達最新一季營收達570億美元，並預估下季營收約650億美元。")
    facts = {(f.metric, int(f.amount.value)) for f in r.facts if f.entity == "Nvidia"}
    assert ("revenue", 57_000_000_000) in facts and ("revenue_forecast", 65_000_000_000) in facts
    assert ("revenue", 65_000_000_000) not in facts


def test_a_markdown_linked_party_is_found_and_front_matter_is_metadata(tmp_path):
    from kg import analyze_file

    md = tmp_path / "linked.md"
    md.write_text(
        "---\ntitle: 测试标题\ndate: 2025-10-06\n---\n\n# 新闻\n\n"
        "[腾讯控股](https://example.invalid/t)宣布，将向**[美团](https://example.invalid/m)**投资25亿元人民币。\n",
        encoding="utf-8",
    )
    r = analyze_file(md)
    assert [(d.payer, d.payee, d.kind, d.date) for d in r.deals] == [("Tencent", "Meituan", "investment", "2025-10-06")]
    assert r.article.title == "测试标题" and "https" not in r.text and "---" not in r.text
