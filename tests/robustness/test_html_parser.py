"""Issue 14 item 11: HTML is parsed by the browsers' rules, so hidden text is not an article's.

An unclosed ``<!--`` made the commented-out text (with its ``<p>``) a deal. What a browser
hides stays hidden; what it shows is analysed, with offsets into the visible text.
"""

from __future__ import annotations

import pytest

from kg.extract.normalize import strip_html
from kg.extract.stream import analyze_file

SHOWN = "英伟达宣布向OpenAI投资1000亿美元。"
HIDDEN = "微软宣布向Anthropic投资50亿美元。"


@pytest.mark.parametrize(
    "page",
    [
        f"<html><body><p>{SHOWN}</p><!-- <p>{HIDDEN}</p>\n<p>more</p></body></html>",  # unclosed comment
        f"<html><body><p>{SHOWN}</p><!-- a -- b <p>{HIDDEN}</p> --!> <p>a</p></body></html>",
        f"<html><body><p>{SHOWN}</p><template><p>{HIDDEN}</p></template></body></html>",
        f"<html><body><p>{SHOWN}</p><noscript><p>{HIDDEN}</p></noscript></body></html>",
        f"<html><body><p>{SHOWN}</p><style>p::after{{content:'{HIDDEN}'}}</style></body></html>",
    ],
    ids=["unclosed-comment", "comment-closed-by-bang", "template", "noscript", "style"],
)
def test_hidden_text_is_not_analysed(tmp_path, page):
    p = tmp_path / "a.html"
    p.write_text(page, encoding="utf-8")
    r = analyze_file(p)
    assert [(d.payer, d.payee) for d in r.deals] == [("Nvidia", "OpenAI")]
    text = r.text
    for d in r.deals:
        for e in d.evidence:
            assert text[e.start : e.end] == e.text


def test_misnested_tags_and_references_as_a_browser_reads_them():
    body, title = strip_html(f"<title>T&amp;C</title><p><b>{SHOWN[:5]}<i>{SHOWN[5:]}</b></i><p>二&#x4E09;")
    assert title == "T&C"
    assert body == f"{SHOWN}\n\n二三"
