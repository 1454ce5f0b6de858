"""Issue 14 item 2: amounts beyond a plausible bound are not money; store-wide commands never break.

``1`` followed by forty ``億`` was stored as a figure of 10^321, and then ``kg deals`` and
``extract --table`` raised ``OverflowError``, ``kg graph`` met out-of-range floats, the Parquet
export ``InvalidOperation``, the report printed ``infT USD`` and the JSON writers hit Python's
4,300-digit limit. Figures are now parsed only when their parts have the sizes of a written
number and their value is within :data:`kg.extract.bounds.MAX_AMOUNT` (10^18 of the unit); the deal
is kept without a figure.
"""

from __future__ import annotations

import json
import re

import pytest

from kg.extract.bounds import MAX_AMOUNT

from .conftest import HANT, invoke

INF = re.compile(r"(?<![A-Za-z])[-+]?inf(?![a-z])|Infinity|NaN")  # infT USD, inf, JSON's Infinity

ABSURD = [
    "輝達宣佈向OpenAI投資1" + "億" * 40 + "美元。",
    "微軟宣佈向Anthropic投資1" + "億" * 540 + "美元。",
    "甲骨文宣佈向OpenAI支付" + "9" * 10_000 + "美元。",
    "亞馬遜宣佈向Anthropic投資" + ",".join(["999"] * 10_000) + "美元。",
    "谷歌宣佈向Anthropic投資一" + "萬億" * 30 + "美元。",
    "軟銀宣佈向OpenAI投資1" + "萬" * 300 + "日圓。",
    "英特爾的毛利率為百分之" + "9" * 5000 + "。",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("absurd")
    files = []
    for i, text in enumerate(ABSURD):
        p = root / f"a{i}.txt"
        p.write_text(text + "\n" + HANT + "\n", encoding="utf-8")
        files.append(p)
    db = root / "kg.db"
    r = invoke("ingest", *files, "--db", db, "-j", "1")
    assert r.exit_code == 0, r.stderr
    return root, files, db


def test_absurd_figures_are_not_amounts(store):
    _root, files, _db = store
    r = invoke("extract", *files, "--jsonl")
    assert r.exit_code == 0, r.stderr
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        for a in rec["amounts"]:
            for k in ("value", "low", "high", "usd"):
                assert a.get(k) is None or abs(a[k]) <= MAX_AMOUNT
        assert ("Nvidia", "OpenAI") in {(d["payer"], d["payee"]) for d in rec["deals"]}


@pytest.mark.parametrize(
    "args",
    [
        ("deals",),
        ("deals", "--json"),
        ("flows",),
        ("graph", "--out", "{root}/g.html"),
        ("export", "--format", "json", "--out", "{root}/g.json"),
        ("export", "--format", "csv", "--out", "{root}/csv"),
        ("export", "--format", "graphml", "--out", "{root}/g.graphml"),
        ("report", "--out", "{root}/report"),
    ],
    ids=lambda a: "-".join(x for x in a if not x.startswith("{")),
)
def test_store_wide_commands_handle_what_the_store_holds(store, args):
    root, _files, db = store
    r = invoke(*[a.format(root=root) for a in args], "--db", db)
    assert r.exit_code == 0, r.stderr + repr(r.exception)
    assert not INF.search(r.stdout)
    if args[0] == "report":
        assert not INF.search((root / "report" / "report.md").read_text(encoding="utf-8"))


def test_the_table_view_of_an_article(store):
    _root, files, _db = store
    r = invoke("extract", files[0], "--table")
    assert r.exit_code == 0, r.stderr
    assert "Nvidia" in r.stdout
