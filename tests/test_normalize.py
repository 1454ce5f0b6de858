"""Decoding, reading and length-preserving normalization (kg.extract.normalize)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.extract.normalize import (
    NormalizedText,
    _t2s_char,
    decode_bytes,
    detect_script,
    fold_width,
    looks_like_html,
    normalize,
    read_source,
    strip_html,
    to_simplified,
)

HANS = "英伟达宣布将向OpenAI投资最高1000亿美元，以建设大规模的数据中心与算力设施。"
HANT = "輝達宣佈將向OpenAI投資最高1000億美元，以建設大規模的資料中心與算力設施。"
HANT_2 = "台積電董事會通過資本預算案，將在美國亞利桑那州擴建晶圓廠，總金額約新台幣3000億元。"
HANS_2 = "甲骨文公布第一财季业绩，剩余履约义务飙升至4550亿美元，次日股价暴涨约36%。"


# ---------------------------------------------------------------- decode_bytes


@pytest.mark.parametrize("text", [HANS, HANT, "OpenAI and Oracle sign a $300bn deal."])
def test_decode_plain_utf8(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@pytest.mark.parametrize("text", [HANS, HANT])
def test_decode_utf8_with_bom_strips_the_bom(text):
    out, enc = decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert out == text
    assert not out.startswith("\ufeff")
    assert enc == "utf-8-sig"


@pytest.mark.parametrize(
    "bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
)
@pytest.mark.parametrize("text", [HANS, HANT, "plain ASCII has NUL bytes in UTF-16"])
def test_decode_utf16_with_bom(bom, codec, text):
    # UTF-16 text is full of NUL bytes: the BOM must win over the binary check
    data = bom + text.encode(codec)
    assert b"\x00" in data or not text.isascii()
    out, enc = decode_bytes(data)
    assert out == text
    assert enc == "utf-16"


def test_decode_utf16_with_bom_but_odd_length_is_an_input_error():
    data = codecs.BOM_UTF16_LE + HANS.encode("utf-16-le") + b"\x41"
    with pytest.raises(InputError, match="cannot decode"):
        decode_bytes(data, path="odd.txt")


@pytest.mark.parametrize("text", [HANS, HANS_2, "英伟达向公司投资", HANT, HANT_2])
def test_decode_gb18030(text):
    # Simplified and Traditional text alike, when stored as GB18030
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize(
    "text", [HANT, HANT_2, "鴻海精密工業宣佈與輝達合作，在高雄興建超級電腦中心，投資金額逾新台幣百億元。"]
)
def test_decode_big5(text):
    assert decode_bytes(text.encode("big5")) == (text, "big5")


def test_decode_big5_and_gb18030_whole_articles():
    from pathlib import Path

    corpora = Path(__file__).resolve().parent.parent / "corpora"
    hant = sorted(corpora.glob("hant_*.txt"))
    if not hant:
        pytest.skip("no Traditional sample articles in corpora/")
    checked = 0
    for f in hant:
        lines = []
        for line in f.read_text(encoding="utf-8").splitlines():
            try:
                line.encode("big5")
            except UnicodeEncodeError:
                continue
            lines.append(line)
        text = "\n".join(lines)
        if len(text) < 200:
            continue
        assert decode_bytes(text.encode("big5")) == (text, "big5"), f
        assert decode_bytes(text.encode("gb18030")) == (text, "gb18030"), f
        checked += 1
    assert checked


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01\x00", "executable"),
        ("英伟达投资OpenAI".encode() + b"\x00\x00\x01\x02" + "一千亿美元".encode(), "NUL"),
    ],
)
def test_decode_binary_is_an_input_error(data, kind):
    with pytest.raises(InputError) as ei:
        decode_bytes(data, path="blob.bin")
    msg = str(ei.value)
    assert "binary" in msg
    assert kind in msg
    assert "blob.bin" in msg
    assert msg.startswith("[E001]")
    assert ei.value.path == "blob.bin"


@pytest.mark.parametrize("data", [b"\xff" * 32, b"\x81\x30\x81", bytes(range(0x80, 0x100))])
def test_decode_undecodable_is_an_input_error(data):
    with pytest.raises(InputError, match=r"\[E001\] x\.txt: cannot decode as UTF-8, UTF-16, GB18030 or Big5"):
        decode_bytes(data, path="x.txt")


def test_decode_utf8_bom_followed_by_invalid_bytes_is_an_input_error():
    with pytest.raises(InputError):
        decode_bytes(codecs.BOM_UTF8 + b"\xff\xfe\x80 broken", path="bom.txt")


# ---------------------------------------------------------------- read_source


def test_read_source_missing_file(tmp_path):
    p = tmp_path / "no_such_article.txt"
    with pytest.raises(InputError, match="no such file") as ei:
        read_source(p)
    assert str(p) in str(ei.value)
    assert ei.value.path == str(p)


def test_read_source_directory(tmp_path):
    d = tmp_path / "folder"
    d.mkdir()
    with pytest.raises(InputError, match="is a directory") as ei:
        read_source(d)
    assert str(d) in str(ei.value)


@pytest.mark.parametrize("content", [b"", b"   ", b" \n\t\r\n", "\u3000\n \n".encode()])
def test_read_source_empty_or_whitespace(tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match="empty") as ei:
        read_source(p)
    assert str(p) in str(ei.value)


def test_read_source_binary_file_names_path(tmp_path):
    p = tmp_path / "chart.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(InputError, match="PNG") as ei:
        read_source(p)
    assert str(p) in str(ei.value)


def test_read_source_plain_text_title_is_first_nonblank_line(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("\n\n  甲骨文与OpenAI签约  \n" + HANS + "\n", encoding="utf-8")
    src = read_source(p)
    assert src.title == "甲骨文与OpenAI签约"
    assert src.encoding == "utf-8"
    assert src.is_html is False
    assert src.path == str(p)
    assert HANS in src.text


def test_read_source_title_is_capped(tmp_path):
    p = tmp_path / "long.txt"
    p.write_text("长" * 300 + "\n正文", encoding="utf-8")
    assert read_source(p).title == "长" * 120


def test_read_source_markdown_is_read_as_its_visible_text(tmp_path):
    md = "# 英伟达投资OpenAI\n\n**英伟达**宣布向[OpenAI](https://openai.com)投资1000亿美元。\n\n- 第一点\n- 第二点\n"
    p = tmp_path / "news.md"
    p.write_text(md, encoding="utf-8")
    src = read_source(p)
    assert src.is_html is False
    # links read as their text, emphasis and heading marks go (as for HTML, offsets refer to this
    # text), so a linked party is found; lines and list items stay
    assert src.text == "英伟达投资OpenAI\n\n英伟达宣布向OpenAI投资1000亿美元。\n\n- 第一点\n- 第二点\n"
    assert src.title == "英伟达投资OpenAI"
    p.with_suffix(".txt").write_text(md, encoding="utf-8")
    assert read_source(p.with_suffix(".txt")).text == md  # a .txt file is taken as it is


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>輝達投資OpenAI 1000億美元</title>
<style>body { color: red } p::before { content: "样式文字" }</style>
<script>var s = "<p>脚本文字</p>"; document.write(s);</script></head>
<body><nav><a href="/">首页</a> <a href="/tech">导航文字</a></nav>
<article><h1>正文标题</h1><p>英伟达宣布将向OpenAI投资最高1000亿美元&amp;合作。</p>
<p>第二段文字</p><noscript>无脚本文字</noscript></article>
<footer>版权所有文字</footer></body></html>"""


def test_read_source_html_strips_markup_and_boilerplate(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(HTML_PAGE, encoding="utf-8")
    src = read_source(p)
    assert src.is_html is True
    assert src.title == "輝達投資OpenAI 1000億美元"
    for gone in ("样式文字", "脚本文字", "导航文字", "首页", "版权所有文字", "无脚本文字", "<", ">", "color"):
        assert gone not in src.text, gone
    assert "英伟达宣布将向OpenAI投资最高1000亿美元&合作。" in src.text  # entities decoded
    assert "正文标题" in src.text and "第二段文字" in src.text
    assert src.title not in src.text  # the <title> is not part of the body
    # block elements become line breaks
    assert src.text.index("正文标题") < src.text.index("英伟达") < src.text.index("第二段文字")
    assert "\n" in src.text


def test_read_source_html_detected_by_content(tmp_path):
    p = tmp_path / "saved_page.txt"
    p.write_text(HTML_PAGE, encoding="utf-8")
    src = read_source(p)
    assert src.is_html is True
    assert "脚本文字" not in src.text


def test_read_source_html_blank_title_falls_back_to_first_line(tmp_path):
    p = tmp_path / "page.htm"
    p.write_text("<html><head><title>  </title></head><body><p>正文第一行</p><p>第二行</p></body></html>")
    assert read_source(p).title == "正文第一行"


def test_read_source_html_with_only_script_is_empty(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><body><script>track()</script><nav>菜单</nav></body></html>")
    with pytest.raises(InputError, match="empty"):
        read_source(p)


def test_strip_html_ignores_svg_titles():
    page = (
        "<html><head><title>英伟达投资OpenAI</title></head><body>"
        '<svg><title>分享图标</title><path d="M0 0"/></svg><p>正文内容</p></body></html>'
    )
    assert strip_html(page) == ("正文内容", "英伟达投资OpenAI")


def test_read_source_with_data_uses_the_bytes_not_the_path(tmp_path):
    src = read_source("-", HANT.encode("big5"))
    assert src.text == HANT
    assert src.encoding == "big5"
    assert src.path == "-"
    assert src.title == HANT


@pytest.mark.parametrize(
    "enc, name",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("gb18030", "gb18030"),
        ("big5", "big5"),
    ],
)
def test_read_source_reports_encoding(tmp_path, enc, name):
    p = tmp_path / f"a_{enc}.txt"
    p.write_bytes(HANT_2.encode(enc))
    src = read_source(p)
    assert src.text == HANT_2
    assert src.encoding == name


def test_looks_like_html():
    assert looks_like_html("<p>甲</p>")
    assert looks_like_html("<!DOCTYPE html><title>x</title>")
    assert looks_like_html("no tags at all", "x.HTML")
    assert not looks_like_html("甲 < 乙 且 a<b 不是标签")
    assert not looks_like_html(HANS, "x.md")


# ---------------------------------------------------------------- width folding


def test_fold_width_examples():
    assert fold_width("ＡＭＤ：１２．５％，（ＮＶＤＡ）") == "AMD:12.5%,(NVDA)"
    assert fold_width("投資\u3000１０００億") == "投資 1000億"
    assert fold_width("2025\u20132026\uff5e2027") == "2025-2026~2027"
    assert fold_width("a\u00a0b\u202fc") == "a b c"
    # CJK characters and half-width text are untouched; the full-width comma folds
    assert fold_width(HANT) == HANT.replace("，", ",")
    assert fold_width("輝達與微軟。「合作」") == "輝達與微軟。「合作」"
    assert fold_width("Plain ASCII 123") == "Plain ASCII 123"


def test_to_simplified_examples():
    assert to_simplified("臺積電與聯發科") == "台积电与联发科"
    assert to_simplified(HANT) == "辉达宣布将向OpenAI投资最高1000亿美元，以建设大规模的资料中心与算力设施。"
    assert to_simplified(HANS) == HANS


def test_normalize_record():
    nt = normalize("輝達向OpenAI投資３００億美元。")
    assert isinstance(nt, NormalizedText)
    assert nt.text == "輝達向OpenAI投資３００億美元。"
    assert nt.norm == "輝達向OpenAI投資300億美元。"
    assert nt.simp == "辉达向OpenAI投资300亿美元。"
    assert nt.script == "hant"
    nt2 = normalize(HANS)
    assert nt2.script == "hans"
    assert nt2.simp == nt2.norm == HANS.replace("，", ",")


# ---------------------------------------------------------------- properties

_chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK unified
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # CJK extension A
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK extension B (astral)
    st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),  # compatibility ideographs
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # full-width ASCII
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK punctuation
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(min_codepoint=0x0300, max_codepoint=0x036F),  # combining marks
    st.sampled_from(list("輝達與微軟臺積電聯發科乾隆後著裡麵髮發干幹於計畫藉由鬆著麼")),
    st.sampled_from(["\u2013", "\u2212", "\u00a0", "\u202f", "\u301c", "\ufeff", "\u200d", "\r", "\n"]),
    st.characters(blacklist_categories=("Cs",)),
)
_text = st.text(_chars, max_size=80)
_fast = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_fast
@given(_text)
def test_lengths_are_preserved(text):
    assert len(fold_width(text)) == len(text)
    assert len(to_simplified(text)) == len(text)
    nt = normalize(text)
    assert nt.text == text
    assert len(nt.norm) == len(nt.simp) == len(text)
    assert nt.script in ("hans", "hant")


@_fast
@given(_text, st.data())
def test_fold_width_is_char_by_char(text, data):
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    assert fold_width(text)[i:j] == fold_width(text[i:j])
    assert normalize(text).norm[i:j] == fold_width(text[i:j])


@_fast
@given(_text, st.data())
def test_simplified_offsets_map_back(text, data):
    simp = to_simplified(text)
    charwise = "".join(_t2s_char(c) for c in text)
    assume(simp == charwise)
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    assert simp[i:j] == "".join(_t2s_char(c) for c in text[i:j])
    assert len(to_simplified(text[i:j])) == j - i


_filler = st.text(
    st.one_of(
        st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.sampled_from(list("與的於後著裡發乾，。（）")),
    ),
    max_size=25,
)


@_fast
@given(_filler, st.sampled_from(["輝達", "微軟", "臺積電", "聯發科", "鴻海", "甲骨文", "軟銀集團"]), _filler)
def test_traditional_name_is_found_at_the_same_offset_in_the_simplified_copy(before, name, after):
    text = before + name + after
    nt = normalize(text)
    k = len(before)
    assert nt.simp[k : k + len(name)] == to_simplified(name)
    assert nt.text[k : k + len(name)] == name


# ---------------------------------------------------------------- detect_script


@pytest.mark.parametrize(
    "text, script",
    [
        (HANT, "hant"),
        (HANT_2, "hant"),
        (HANS, "hans"),
        (HANS_2, "hans"),
        ("輝達與微軟", "hant"),
        ("英伟达与微软", "hans"),
        # mixed: the script of most converted characters wins
        ("輝達宣佈與微軟簽訂長期合約，英伟达", "hant"),
        ("英伟达宣布与微软签订长期合约，輝達", "hans"),
        # no Chinese, or only characters common to both scripts
        ("OpenAI signs with Oracle", "hans"),
        ("", "hans"),
        ("1,000 $ % —", "hans"),
        ("中文公司", "hans"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script


def test_detect_script_counts_repeats():
    # one distinct Traditional character repeated beats several Simplified ones
    assert detect_script("億億億億億亿万") == "hant"
    assert detect_script("億亿万亿万亿") == "hans"


# ---------------------------------------------------------------- regional words (rules/segmentation.yaml)

REGIONAL = [
    # (Taiwan or Hong Kong wording, the mainland wording kg's rules read in the Simplified copy)
    ("鼎衡工程得標台南市智慧路燈專案", "鼎衡工程得标台南市智慧路灯项目"),
    ("警方成立专案组调查此事", "警方成立专案组调查此事"),  # mainland Simplified: 专案组 is a word of its own
]


@pytest.mark.parametrize("text,simp", REGIONAL)
def test_regional_words_read_as_mainland_words(text, simp):
    got = normalize(text).simp
    assert got == simp and len(got) == len(text)


def test_a_taiwan_bid_award_reads_like_a_mainland_one():
    from kg import analyze

    tw = analyze("鼎衡環保公告，收到中標通知書，確定中標屏東縣污水下水道專案，得標金額2.1億元。")
    cn = analyze("鼎衡环保公告，收到中标通知书，确定中标屏东县污水下水道项目，中标金额2.1亿元。")
    assert [(d.payer, d.payee, d.kind) for d in tw.deals] == [("屏東縣", "鼎衡環保", "purchase")]
    assert [(d.payer, d.payee, d.kind) for d in cn.deals] == [("屏东县", "鼎衡环保", "purchase")]


def test_regional_words_of_unequal_length_are_a_rule_error(tmp_path):
    from kg import rules
    from kg.errors import RuleError
    from kg.extract.normalize import _regional_words

    (tmp_path / "segmentation.yaml").write_text("regional_words:\n  记忆体: 内存\n", encoding="utf-8")
    with rules.using(rules.RuleSet([tmp_path])), pytest.raises(RuleError, match="same length"):
        _regional_words()


# the content hash's NFKC after its compatibility characters are put in first (kg/store/dedupe.py)
_NFKC_CHARS = st.one_of(
    st.sampled_from("，（）：；　｜／０１Ａｚ①②㈱㍿ﬁ½²\xa0…‥﹐︰가각\u1100\u1161\u11a8\u0301\u0308\u0323\u3099\u309aかがｶﾞﾟ台臺e"),
    st.characters(min_codepoint=0x20, max_codepoint=0xFFEF, blacklist_categories=("Cs",)),
)


@_fast
@given(st.text(_NFKC_CHARS, max_size=40))
def test_normal_form_is_nfkc_of_the_text(text):
    import unicodedata

    from kg.store.dedupe import _T2S, normal_form

    assert normal_form(text) == "".join(unicodedata.normalize("NFKC", text).split()).translate(_T2S)


def test_fold_width_table_is_applied_as_before():
    from kg.extract.normalize import _WIDTH

    text = "".join(chr(c) for c in range(0x20, 0x3100)) + "".join(chr(c) for c in range(0xFE00, 0xFFF0))
    assert fold_width(text) == text.translate(_WIDTH)


def test_script_table_agrees_with_the_per_character_tables():
    # script_marks and t2s_chars read the Basic Multilingual Plane from a table made ahead: every
    # character of the plane is what _ScriptMarks and _t2s_char make of it one at a time
    from kg.extract.normalize import _SCRIPT_MARKS, _script_table

    marks, changed, table = _script_table()
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        assert (None, "T", "S", "U")[marks[code]] == _SCRIPT_MARKS[code], hex(code)
        assert table.get(ch, ch) == _t2s_char(ch), hex(code)
        assert bool(changed[code]) == (ch in table), hex(code)


@pytest.mark.parametrize("text", [HANT, HANS, "輝達𠀀與微軟", "億亿\U00020000", "Ｏｐｅｎ 臺積電\n"])
def test_script_marks_and_t2s_chars_as_translate(text):
    from kg.extract.normalize import _SCRIPT_MARKS, script_marks, t2s_chars

    marks = text.translate(_SCRIPT_MARKS)
    assert script_marks(text) == (marks.count("T"), marks.count("S"), "U" in marks)
    assert t2s_chars(text) == "".join(_t2s_char(c) for c in text)


def test_after_chars_as_a_class_search():
    # orgnames._clause_starts reads the clause breaks by a table lookup (normalize.after_chars)
    import re
    from pathlib import Path

    from kg.extract.normalize import after_chars
    from kg.extract.orgname_rules import name_rules

    r = name_rules()
    chars = "".join(sorted(r.breaks))
    for path in sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert after_chars(text, chars) == [m.end() for m in r.break_re.finditer(text)], path.name
    assert after_chars("甲\U00020000,乙", ",") is None
    assert after_chars("", ",") == [] and after_chars("甲,乙", ",") == [m.end() for m in re.finditer(",", "甲,乙")]
