"""Article dates (issue 13, "Dates"): front matter in plain text as in Markdown, ``--default-date`` for
undated articles, and a bundled corpus whose every deal carries a date and where it came from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import KnowledgeGraph, analyze, analyze_file, rules
from kg.cli import main
from kg.data import corpus_folder
from kg.errors import UsageError
from kg.extract.dates import date_rules, resolve_relative
from kg.extract.front_matter import split_front_matter
from kg.extract.normalize import read_source

BODY = "腾讯控股发布公告\n腾讯控股宣布，将向美团投资25亿元人民币。\n"
FRONT = "---\ntitle: 腾讯投资美团\ndate: 2025-09-03\nsource: 测试通讯社\nurl: https://example.invalid/a\ntags: [a, b]\n---\n"
UNDATED = "阿里巴巴宣布，将向小鹏汽车投资10亿元人民币。\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_front_matter_is_metadata_and_offsets_refer_to_the_visible_text(tmp_path, suffix):
    plain = tmp_path / f"plain{suffix}"
    plain.write_text(BODY, encoding="utf-8")
    fm = tmp_path / f"fm{suffix}"
    fm.write_text(FRONT + BODY, encoding="utf-8")
    r, bare = analyze_file(fm), analyze_file(plain)
    a = r.to_dict()["article"]
    assert (a["title"], a["date"], a["source"], a["url"]) == (
        "腾讯投资美团", "2025-09-03", "测试通讯社", "https://example.invalid/a"
    )
    assert r.text == BODY and read_source(fm).text == BODY and "title:" not in r.text
    # the same article without its block: the same offsets, the same id, deals dated by the block
    assert r.article.id == bare.article.id
    assert [(m.start, m.end) for e in r.entities for m in e.mentions] == [
        (m.start, m.end) for e in bare.entities for m in e.mentions
    ]
    for d in r.to_dict()["deals"]:
        assert (d["date"], d["date_origin"]) == ("2025-09-03", "article")
        for ev in d["evidence"]:
            assert BODY[ev["start"] : ev["end"]] == ev["text"]
    assert bare.article.title == "腾讯控股发布公告" and bare.article.date is None


def test_a_block_of_other_lines_is_text_not_front_matter():
    text = "---\n公司公告\n---\n正文"
    assert split_front_matter(text) == (text, {})
    assert split_front_matter("---\n---\n正文") == ("正文", {})
    assert split_front_matter('---\ntitle: "A: B"\ndate: \'2025-10-06\'\nsummary: >\n  two lines\n---\nx') == (
        "x", {"title": "A: B", "date": "2025-10-06"}
    )
    # the library's analyze() takes text as given: a block's date still dates it
    assert analyze(FRONT + BODY).article.date == "2025-09-03"


def test_the_store_keeps_the_front_matter_source_and_url(tmp_path):
    (tmp_path / "fm.txt").write_text(FRONT + BODY, encoding="utf-8")
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    kg.ingest(tmp_path / "fm.txt")
    row = kg.store.conn.execute("SELECT title, date, source, url FROM articles").fetchone()
    assert tuple(row) == ("腾讯投资美团", "2025-09-03", "测试通讯社", "https://example.invalid/a")


def test_default_date_dates_only_the_articles_without_one(tmp_path):
    (tmp_path / "dated.txt").write_text(FRONT + BODY, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(UNDATED + "京东昨(22)日宣布，向达达集团投资5亿元。\n", encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"text": "百度宣布向小度科技投资3亿元人民币。", "date": "2024-05-02"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "kg.db"
    r = run("ingest", tmp_path, "--db", db, "--default-date", "2025-10-06", "-q")
    assert r.exit_code == 0, r.output
    kg = KnowledgeGraph.open(db, readonly=True)
    got = {(d.payer, d.payee): (d.current.date, d.current.date_origin) for d in kg.deals()}
    assert got[("Tencent", "Meituan")] == ("2025-09-03", "article")  # its own date is kept
    assert got[("Baidu", "小度科技")] == ("2024-05-02", "article")  # JSON Lines metadata is kept
    assert got[("Alibaba", "XPeng")] == ("2025-10-06", "default")
    assert got[("JD.com", "达达集团")] == ("2025-09-22", "default")  # 昨(22)日, against the default
    dates = dict(kg.store.conn.execute("SELECT substr(path, -11), date FROM articles").fetchall())
    assert dates["undated.txt"] == "2025-10-06"
    table = run("deals", "--db", db).output
    assert "2025-10-06 (default)" in table and "2025-09-03 (article)" in table
    assert [d.payer for d in kg.deals(since="2025-10-01")] == ["Alibaba"]


def test_extract_default_date_and_the_library_calls_behind_it(tmp_path):
    f = tmp_path / "undated.txt"
    f.write_text(UNDATED, encoding="utf-8")
    r = run("extract", f, "--default-date", "2025-10")
    assert r.exit_code == 0, r.output
    rec = json.loads(r.output)
    assert rec["article"]["date"] == "2025-10"
    assert [(d["date"], d["date_origin"]) for d in rec["deals"]] == [("2025-10", "default")]
    assert "(default)" in run("extract", f, "--default-date", "2025-10-06", "--table").output
    assert analyze_file(f, default_date="2025").article.date == "2025"
    assert analyze_file(f).article.date is None
    kg = KnowledgeGraph.open(":memory:")
    kg.ingest(f, default_date="2025-10-06")
    assert [(d.current.date, d.current.date_origin) for d in kg.deals()] == [("2025-10-06", "default")]


@pytest.mark.parametrize("bad", ["2025-02-30", "2025-13-01", "20251006", "soon", "2025/10/06", "2025-10-06x", ""])
def test_a_malformed_date_is_a_usage_error_before_anything_is_written(tmp_path, bad):
    f = tmp_path / "undated.txt"
    f.write_text(UNDATED, encoding="utf-8")
    db = tmp_path / "kg.db"
    r = run("ingest", f, "--db", db, "--default-date", bad)
    assert r.exit_code == 2 and "[E004] --default-date:" in r.output and "is not a date" in r.output
    assert not db.exists()
    r = run("extract", f, "--default-date", bad)
    assert r.exit_code == 2 and "[E004]" in r.output
    with pytest.raises(UsageError):
        KnowledgeGraph.open(":memory:").ingest(f, default_date=bad)
    with pytest.raises(UsageError):
        analyze_file(f, default_date=bad)


def test_since_and_until_are_strict_too(tmp_path):
    db = tmp_path / "kg.db"
    (tmp_path / "a.txt").write_text(FRONT + BODY, encoding="utf-8")
    run("ingest", tmp_path / "a.txt", "--db", db, "-q")
    r = run("deals", "--db", db, "--since", "2025-13")
    assert r.exit_code == 2 and "[E004] --since:" in r.output
    assert run("deals", "--db", db, "--until", "2025-9", "--json").exit_code == 0


def test_a_date_after_the_articles_says_when_the_deal_is_due_not_when_it_was_made():
    text = "英伟达9月中旬与CoreWeave签订一笔63亿美元的算力采购协议，协议期至2032年4月。\n"
    r = analyze(text, date="2025-11-10")
    assert [(d.date, d.date_origin) for d in r.deals] == [("2025-09", "stated")]
    # a report without a date of its own and one of 2025-09: one deal, not two
    kg = KnowledgeGraph.from_texts([text, "英伟达向CoreWeave采购63亿美元算力。"])
    assert len(kg.deals(payer="Nvidia")) == 1


def test_every_deal_of_the_bundled_corpus_has_a_date_after_the_demos_ingest():
    folder = corpus_folder()
    articles = sorted(Path(folder).glob("*.txt"))
    for p in articles:  # every bundled article opens with its metadata
        _, meta = split_front_matter(p.read_text(encoding="utf-8"))
        assert {"title", "date"} <= set(meta), p.name
    kg = KnowledgeGraph.open(":memory:")
    report = kg.ingest(folder)
    assert report.new == len(articles) and report.failed == 0
    deals = kg.deals()
    assert len(deals) > 300
    undated = [(d.payer, d.payee) for d in deals if not d.current.date or not d.current.date_origin]
    assert not undated
    assert {d.current.date_origin for d in deals} == {"stated", "article"}
    assert all("2025-01-01" <= d.current.date[:10] <= "2026-12-31" for d in deals if d.current.date_origin == "article")


def test_the_readme_front_matter_example_is_a_bundled_articles_head():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("Every bundled article\nstarts this way:\n\n```text\n", 1)[1].split("```", 1)[0]
    head = block.split("……")[0]
    text = (Path(corpus_folder()) / "hans_chip_supply.txt").read_text(encoding="utf-8")
    assert text.startswith(head)
    rest, meta = split_front_matter(block)
    assert meta == {"title": rest.splitlines()[0], "date": "2025-09-03", "source": "财联社"}
    for opt in ("--default-date", "--since", "--until"):
        assert opt in readme


def test_dask_ingest_refuses_a_malformed_default_date_before_any_cluster(tmp_path):
    import kg.dask

    with pytest.raises(UsageError):
        kg.dask.ingest(KnowledgeGraph.open(":memory:"), [tmp_path], "tcp://nowhere.invalid:1", default_date="2025-00")


def test_a_large_article_read_by_blocks_takes_its_front_matter_alike(tmp_path):
    from kg.extract.stream import analyze_large_file

    src = Path(corpus_folder()) / "hant_circular_ai.txt"
    f = tmp_path / "big.txt"
    f.write_text(src.read_text(encoding="utf-8").replace("date: 2025-11-24", "date: 2025-11-24\nurl: https://x.invalid/b"), encoding="utf-8")
    small, big = analyze_file(f), analyze_large_file(f, block_chars=600)
    assert (big.article.title, big.article.date, big.article.url) == (small.article.title, "2025-11-24", "https://x.invalid/b")
    assert big.article.id == small.article.id and big.article.chars == small.article.chars
    visible = read_source(f).text
    for d in big.to_dict()["deals"]:
        assert d["date"] and d["date_origin"]
        for ev in d["evidence"]:
            assert visible[ev["start"] : ev["end"]] == ev["text"]


# ---------------------------------------------------------------------- the spec table of rules/dates.yaml


def _date_cases(key):
    for i, ex in enumerate(getattr(date_rules(), key)):
        yield pytest.param(ex["text"], ex["article"], ex.get("date"), id=f"{key}-{i}")


@pytest.mark.parametrize("text,article,want", list(_date_cases("examples")))
def test_relative_date_examples(text, article, want):
    assert resolve_relative(text, article) == want


@pytest.mark.parametrize("text,article,want", list(_date_cases("negatives")))
def test_relative_date_negatives(text, article, want):
    assert resolve_relative(text, article) is None


def test_date_words_come_from_the_rule_file(tmp_path):
    """A rule folder that renames a relative word changes what resolves: the words are data."""
    folder = tmp_path / "rules"
    shutil.copytree(rules.RuleSet.bundled().base, folder)
    p = folder / "dates.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("去年: -1", "去年: -1, 上年: -1"), encoding="utf-8")
    assert resolve_relative("宁川集团上年收购了澄江智造", "2025-06-01") is None
    with rules.using(rules.RuleSet(base=folder)):
        assert resolve_relative("宁川集团上年收购了澄江智造", "2025-06-01") == "2024"
