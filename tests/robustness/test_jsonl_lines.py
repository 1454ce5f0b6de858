"""Issue 14 item 5: JSON Lines are split on ``\\n`` only.

JSON written with ``ensure_ascii=False`` keeps U+2028, U+2029 and U+0085 raw inside strings;
``str.splitlines()`` split records there ("not valid JSON", wrong line numbers).
"""

from __future__ import annotations

import json

from kg import KnowledgeGraph

from .conftest import HANS

SEPARATORS = ["\u2028", "\u2029", "\x85", "\u2028\x85"]


def test_line_separators_inside_strings_are_text(tmp_path):
    src = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": f"{HANS}{sep}第{i}段。", "title": f"t{sep}{i}"}, ensure_ascii=False)
        for i, sep in enumerate(SEPARATORS)
    ]
    lines.insert(3, "not json")
    src.write_text("\r\n".join(lines[:2]) + "\n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")
    assert all(sep in src.read_text(encoding="utf-8") for sep in SEPARATORS)
    kg = KnowledgeGraph.open(tmp_path / "kg.db")
    report = kg.ingest(src)
    assert (report.new, report.failed) == (len(SEPARATORS), 1), report.errors
    assert report.errors[0].startswith(f"[E001] {src}:4: not valid JSON")
