"""Bad and unusual inputs: each one works, or fails alone with a one-line error naming the file and why.

Fixtures are generated here (no binary files in git).
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import time
import zipfile

import pytest

from kg import analyze
from kg.errors import InputError
from kg.extract.normalize import read_source

from .conftest import HANS, HANT, invoke

NV_OPENAI = ("Nvidia", "OpenAI", "investment")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("article.txt", HANS)
    return buf.getvalue()


MIXED = (
    "輝達表示將向OpenAI投資300億美元。英伟达与微软合作开发AI芯片。\n"
    "Microsoft said on Tuesday it would keep investing. 日本語のニュースも混じっている。"
    "한국어 문장도 있습니다. Ελληνικά, русский текст, עברית, العربية 🚀📈\n"
)
HTML = (
    "<!DOCTYPE html><html><head><title>財經新聞</title><style>p{color:red}</style>"
    "<script>var s = '微软向亚马逊投资500亿美元。'; document.write(s);</script></head>"
    "<body><nav><a href='/'>首页</a> | <a>阿里巴巴</a> | <a>腾讯</a></nav>"
    "<header>登录 注册</header><div class='content'><p>" + HANT + "</p></div>"
    "<aside>热门：苹果向三星采购100亿美元面板</aside><footer>© 2025 版权所有</footer></body></html>"
)
CONTROL = "輝達\x01宣佈\x07向\x1bOpenAI\x0b投資\x0c1000億美元。\x7f\u200b\ufeff\u202e\u2028結束\x00"

# name -> (bytes, None if it must work, else words the one-line error must contain)
CASES: dict[str, tuple[bytes, tuple[str, ...] | None]] = {
    "empty.txt": (b"", ("empty",)),
    "blank.txt": (" \t\r\n\n\u3000 \r\n".encode(), ("empty",)),
    "image.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, ("binary", "PNG")),
    "photo.jpg": (b"\xff\xd8\xff\xe0" + bytes(512), ("binary", "JPEG")),
    "archive.zip": (_zip(), ("binary", "ZIP")),
    "archive.gz": (gzip.compress(HANS.encode()), ("binary",)),
    "nul_bytes.txt": (b"abc\x00\x00\x00def" * 50, ("binary",)),
    "english.txt": (b"Nvidia will invest $100 billion in OpenAI, the two companies said on Monday.\n", None),
    "gb18030.txt": (HANS.encode("gb18030"), None),
    "big5.txt": (HANT.encode("big5"), None),
    "utf16le_bom.txt": (codecs.BOM_UTF16_LE + HANT.encode("utf-16-le"), None),
    "utf16be_bom.txt": (codecs.BOM_UTF16_BE + HANS.encode("utf-16-be"), None),
    "utf8_bom.txt": (codecs.BOM_UTF8 + HANS.encode(), None),
    "mixed_scripts.txt": (MIXED.encode(), None),
    "page.html": (HTML.encode(), None),
    "control_chars.txt": (CONTROL.replace("\x00", "").encode(), None),
    # a UTF-8-encoded surrogate (CESU-8) is not UTF-8, GB18030 or Big5
    "surrogate_utf8.txt": (HANS.encode() + b"\xed\xa0\x80" + HANS.encode(), ("cannot decode",)),
    # UTF-16 with a lone high surrogate
    "surrogate_utf16.txt": (
        codecs.BOM_UTF16_LE + "輝達".encode("utf-16-le") + b"\x00\xd8" + "投資".encode("utf-16-le"),
        ("cannot decode",),
    ),
    "odd_utf16.txt": (codecs.BOM_UTF16_LE + HANS.encode("utf-16-le") + b"\x00", ("cannot decode",)),
}
WORKS = sorted(n for n, (_, err) in CASES.items() if err is None)
FAILS = sorted(n for n, (_, err) in CASES.items() if err is not None)


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "inputs"
    d.mkdir()
    for name, (data, _) in CASES.items():
        (d / name).write_bytes(data)
    return d


def _deals(rec):
    return {(d["payer"], d["payee"], d["kind"]) for d in rec["deals"]}


def _one_line_error(stderr: str, path, *words: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("kg: error: [E001] "), line
    assert str(path) in line, line
    for w in words:
        assert w in line, (w, line)
    assert "Traceback" not in stderr
    return line


@pytest.mark.parametrize("name", FAILS)
def test_bad_input_is_one_line_naming_file_and_reason(inputs, name):
    res = invoke("extract", inputs / name)
    assert res.exit_code == 1, (res.stdout, res.stderr)
    assert res.stdout == ""
    _one_line_error(res.stderr, inputs / name, *CASES[name][1])


@pytest.mark.parametrize("name", WORKS)
def test_unusual_input_works(inputs, name):
    res = invoke("extract", "--compact", inputs / name)
    assert res.exit_code == 0, res.stderr
    assert "Traceback" not in res.stderr
    rec = json.loads(res.stdout)
    text = read_source(inputs / name).text
    for e in rec["entities"]:
        for m in e["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    for d in rec["deals"]:
        for ev in d["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    if name != "english.txt":
        assert NV_OPENAI in _deals(rec), rec["deals"]


def test_encodings_are_reported(inputs):
    for name, enc in [
        ("gb18030.txt", "gb18030"),
        ("big5.txt", "big5"),
        ("utf16le_bom.txt", "utf-16"),
        ("utf16be_bom.txt", "utf-16"),
        ("utf8_bom.txt", "utf-8-sig"),
    ]:
        rec = json.loads(invoke("extract", "--compact", inputs / name).stdout)
        assert rec["article"]["encoding"] == enc, name


def test_html_keeps_visible_text_only(inputs):
    rec = json.loads(invoke("extract", "--compact", inputs / "page.html").stdout)
    assert rec["article"]["title"] == "財經新聞"
    names = {e["name"] for e in rec["entities"]}
    # the script's deal, the navigation's and the sidebar's names are not the article
    assert not names & {"Amazon", "Alibaba", "Tencent", "Apple", "Samsung Electronics", "Samsung"}, names
    assert _deals(rec) == {NV_OPENAI}


def test_mixed_scripts_keep_offsets_in_the_original(inputs):
    rec = json.loads(invoke("extract", "--compact", inputs / "mixed_scripts.txt").stdout)
    assert {"Nvidia", "OpenAI", "Microsoft"} <= {e["name"] for e in rec["entities"]}


def test_a_single_one_megabyte_line(tmp_path):
    filler = "公司营运平稳，市场观望，成交清淡"
    left = filler * (500_000 // len(filler))
    text = left + "。" + HANS + filler * (500_000 // len(filler))
    assert "\n" not in text and len(text) >= 1_000_000
    p = tmp_path / "one_line.txt"
    p.write_text(text, encoding="utf-8")
    t0 = time.perf_counter()
    res = invoke("extract", "--compact", p)
    took = time.perf_counter() - t0
    assert res.exit_code == 0, res.stderr
    rec = json.loads(res.stdout)
    (deal,) = [d for d in rec["deals"] if (d["payer"], d["payee"]) == ("Nvidia", "OpenAI")]
    ev = deal["evidence"][0]
    assert ev["start"] >= len(left) and text[ev["start"] : ev["end"]] == ev["text"]
    print(f"1 MB single line: {took:.1f} s")
    assert took < 60


def test_control_characters_and_nul_in_api_text():
    r = analyze(CONTROL)
    assert NV_OPENAI in {(d.payer, d.payee, d.kind) for d in r.deals}
    for e in r.entities:
        for m in e.mentions:
            assert CONTROL[m.start : m.end] == m.text


def test_lone_surrogates_in_api_text_are_an_input_error():
    with pytest.raises(InputError, match="surrogate"):
        analyze("輝達\ud800表示將向OpenAI投資300億美元。")


def test_batch_goes_on_after_every_kind_of_bad_file(inputs, tmp_path):
    res = invoke("extract", "--jsonl", *(inputs / n for n in sorted(CASES)))
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(r["article"]["path"] for r in records) == sorted(str(inputs / n) for n in WORKS)
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("kg: error:")]
    assert len(errors) == len(FAILS)
    # English-only input is processed but said to have no Chinese text (a warning, not an error)
    assert any("english.txt" in ln and "no Chinese text" in ln for ln in res.stderr.splitlines())
    for n in FAILS:
        assert sum(str(inputs / n) in e for e in errors) == 1, n

    db = tmp_path / "kg.db"
    res = invoke("ingest", *(inputs / n for n in sorted(CASES)), "--db", db, "--jobs", "1")
    assert res.exit_code == 1, res.stderr
    assert "Traceback" not in res.stderr
    assert f"{len(FAILS)} failed" in res.stdout
    err_lines = [ln for ln in res.stderr.splitlines() if ln.startswith("kg: error:")]
    assert len(err_lines) == len(FAILS)
    for n in FAILS:
        assert any(str(inputs / n) in e for e in err_lines), n
    from kg.store.database import Store

    s = Store(db, readonly=True)
    try:
        paths = {r[0] for r in s.conn.execute("SELECT path FROM articles")}
        assert s.integrity_errors() == []
    finally:
        s.close()
    # same text under several names is one article; every working file's text is there
    assert {str(inputs / n) for n in ("english.txt", "mixed_scripts.txt")} <= paths


def test_jsonl_line_with_a_lone_surrogate_names_the_line(tmp_path):
    p = tmp_path / "news.jsonl"
    p.write_text(
        json.dumps({"text": "輝達\ud800表示將向OpenAI投資300億美元。"})
        + "\n"
        + json.dumps({"text": HANS})
        + "\n",
        encoding="utf-8",
    )
    res = invoke("ingest", p, "--db", tmp_path / "kg.db", "--jobs", "1")
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr
    assert "1 new" in res.stdout
    _one_line_error(res.stderr, f"{p}:1", "surrogate")
