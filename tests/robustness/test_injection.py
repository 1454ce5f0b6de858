"""Issue 14 item 10: names from user rules and articles are inert in CSV and in report.md.

A user entity called ``=HYPERLINK(...)`` was written verbatim into ``kg deals --csv`` and
``export --format csv`` (a spreadsheet runs it); ``<img onerror>`` and ``[x](javascript:)``
landed raw in ``report.md``.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from .conftest import invoke

FORMULA = '=HYPERLINK("http://evil.invalid","Nvidia")'
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"
ENTITIES = "\n".join(
    f"- name: {json.dumps(name)}\n  type: company\n  aliases: [{alias}]"
    for name, alias in ((FORMULA, "艾克米"), (IMG, "贝塔康"), (LINK, "伽马科"))
)
TEXT = "英伟达宣布向艾克米投资5亿美元。微软宣布向贝塔康投资3亿美元。伽马科宣布向OpenAI投资2亿美元。"


@pytest.fixture
def store(tmp_path):
    d = tmp_path / "rules" / "entities"
    d.mkdir(parents=True)
    (d / "mine.yaml").write_text(ENTITIES + "\n", encoding="utf-8")
    src = tmp_path / "a.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    db = tmp_path / "kg.db"
    r = invoke("--rules", tmp_path / "rules", "ingest", src, "--db", db, "-q")
    assert r.exit_code == 0, r.stderr
    return tmp_path, db


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_csv_cells_never_start_a_formula(store):
    root, db = store
    r = invoke("deals", "--csv", "--db", db)
    assert r.exit_code == 0, r.stderr
    exported = [r.stdout]
    r = invoke("export", "--format", "csv", "--out", root / "csv", "--db", db)
    assert r.exit_code == 0, r.stderr
    exported += [(root / "csv" / f"{t}.csv").read_text(encoding="utf-8") for t in ("deals", "entities")]
    for text in exported:
        cells = _cells(text)
        assert "'" + FORMULA in cells or FORMULA not in text
        assert not [c for c in cells if c[:1] in ("=", "+", "@")]
    assert "'" + FORMULA in _cells(exported[0])


def test_report_markdown_holds_no_live_html_or_link(store):
    root, db = store
    r = invoke("report", "--db", db, "--out", root / "report")
    assert r.exit_code == 0, r.stderr
    md = (root / "report" / "report.md").read_text(encoding="utf-8")
    assert "伽马科" in TEXT and ("javascript" in md or "img" in md)  # the names are in the report...
    assert "<img" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)  # ...as text
