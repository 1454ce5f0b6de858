"""Read and normalize text: decode, strip HTML, fold widths, make a Simplified copy.

Every transformation after decoding is *length-preserving*: the normalized
text and its Simplified copy have exactly as many characters as the text the
user gave us, so a span found in the copy is a span of the original.

>>> nt = normalize("輝達向OpenAI投資１０００億美元。")
>>> nt.script, nt.simp
('hant', '辉达向OpenAI投资1000亿美元。')
>>> len(nt.simp) == len(nt.text)
True
"""

from __future__ import annotations

import codecs
import html.parser
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import rules
from ..errors import MESSAGES, InputError, RuleError
from .dates import html_date, parse_date
from .front_matter import split_front_matter
from .html_tree import feed_html5
from .markdown_text import MARKDOWN_SUFFIXES, strip_markdown

# ---------------------------------------------------------------- decoding

_MAGIC = {
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"%PDF": "PDF document",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
}

# Frequent characters of news text in both scripts; used to choose between
# Big5 and GB18030 when both decode without error.
_COMMON = set(
    "的一是在不了有和人这這中大为為上个個国國我以要他时時来來用们們生到作地于於出就分对對成会會可主发發年动動"
    "同工也能下过過子说說产產种種面而方后後多定行学學法所民得经經十三之进進着著等部度家电電力里裡如水化高自二"
    "理起小物现現实實加量都两兩体體制机機当當使点點从從业業本去把性好应應开開它合还還因由其些然前外天政四日那"
    "社事平形相全表间間样樣与與关關各重新公司美元亿億万萬投资資亿收购購"
)


def _looks_binary(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    sample = data[:4096]
    if b"\x00" in sample and not (
        sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE)
    ):
        return "contains NUL bytes"
    return None


def _common_ratio(text: str) -> float:
    cjk = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(c in _COMMON for c in cjk) / len(cjk)


def decode_bytes(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Decode *data*; return ``(text, encoding)``.

    Tries, in order: a BOM (UTF-8, UTF-16), strict UTF-8, then Big5 and
    GB18030 (when both decode, the one giving more frequent characters wins).
    Raises :class:`~kg.errors.InputError` for binary or undecodable input.

    >>> decode_bytes("英伟达向公司投资".encode("gb18030"))
    ('英伟达向公司投资', 'gb18030')
    >>> decode_bytes("輝達投資".encode("big5"))
    ('輝達投資', 'big5')
    """
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(MESSAGES["undecodable"], path=path) from exc
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[2:].decode(enc), "utf-16"
            except UnicodeDecodeError as exc:
                raise InputError(MESSAGES["undecodable"], path=path) from exc
    kind = _looks_binary(data)
    if kind:
        raise InputError(MESSAGES["binary"].format(kind=kind), path=path)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in ("big5", "gb18030"):
        try:
            candidates.append((data.decode(enc), enc))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise InputError(MESSAGES["undecodable"], path=path)
    # ties go to GB18030 (listed last): max() keeps the first maximum, so reverse.
    return max(reversed(candidates), key=lambda c: _common_ratio(c[0]))


def sniff_encoding(head: bytes, path: str | None = None) -> tuple[str, str, int]:
    """How to decode a file that starts with *head* (its first block of bytes, maybe cut mid-character).

    Returns ``(codec, reported_encoding, bom_length)`` for an incremental decoder, with
    the choices :func:`decode_bytes` makes for a whole file. Raises
    :class:`~kg.errors.InputError` for binary or undecodable bytes.

    >>> sniff_encoding("英伟达".encode("utf-8")[:-1])
    ('utf-8', 'utf-8', 0)
    >>> sniff_encoding(codecs.BOM_UTF16_LE + "輝".encode("utf-16-le"))
    ('utf-16-le', 'utf-16', 2)
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", "utf-8-sig", 3
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return enc, "utf-16", 2
    kind = _looks_binary(head)
    if kind:
        raise InputError(MESSAGES["binary"].format(kind=kind), path=path)
    candidates = []
    for enc in ("utf-8", "big5", "gb18030"):
        try:
            text = codecs.getincrementaldecoder(enc)("strict").decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if enc == "utf-8":
            return enc, enc, 0
        candidates.append((text, enc))
    if not candidates:
        raise InputError(MESSAGES["undecodable"], path=path)
    text, enc = max(reversed(candidates), key=lambda c: _common_ratio(c[0]))
    return enc, enc, 0


_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(text: str, path: str | None = None) -> None:
    """Refuse text holding lone surrogates (from a broken JSON escape such as ``"\\ud800"``).

    They are not characters: nothing can encode them, so the article could not be hashed,
    stored or printed.
    """
    m = _SURROGATE.search(text)
    if m:
        raise InputError(
            f"invalid Unicode: a lone surrogate (U+{ord(m.group()):04X}) at character {m.start()}; "
            "expected text decoded from UTF-8, UTF-16, GB18030 or Big5",
            path=path,
        )


# ---------------------------------------------------------------- HTML


class _TextExtractor(html.parser.HTMLParser):
    _SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "template"}
    _BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.title: list[str] = []
        self._in_title = False  # inside the page's <title> (the first one outside skipped elements)
        self._title_done = False
        self._title_depth = 0  # <title> elements open inside skipped elements (e.g. <svg><title>)

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "title":
            if self.skip or self._title_done or self._in_title:
                self._title_depth += 1
            else:
                self._in_title = True

    def handle_endtag(self, tag):
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "title":
            if self._title_depth:
                self._title_depth -= 1
            elif self._in_title:
                self._in_title = False
                self._title_done = True

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)
            return
        if self.skip or self._title_depth:
            return
        self.parts.append(data)


_HTML_HINT = re.compile(r"<\s*(html|body|p|div|head|!doctype)\b", re.I)


def looks_like_html(text: str, path: str | None = None) -> bool:
    if path and Path(path).suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    return bool(_HTML_HINT.search(text[:2000]))


def strip_html(text: str) -> tuple[str, str | None]:
    """Return the visible text of an HTML page and its ``<title>``.

    Offsets of everything extracted later refer to this visible text.

    >>> strip_html("<html><title>T</title><body><p>甲</p><script>x()</script><p>乙</p></body></html>")
    ('甲\\n\\n乙', 'T')
    """
    parser = _TextExtractor()
    feed_html5(parser, text)  # the browsers' parsing rules (html5lib), not html.parser's
    body = "".join(parser.parts)
    body = re.sub(
        r"[ \t\r\f\v]*\n[ \t\r\f\v\n]*", lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", body
    )
    title = "".join(parser.title).strip() or None
    return body.strip(), title


# ---------------------------------------------------------------- width folding

_WIDTH = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20  # ideographic space
_WIDTH.update({ord("\u00a0"): 0x20, ord("\u2009"): 0x20, ord("\u202f"): 0x20})
_WIDTH.update({ord(c): ord("-") for c in "\u2010\u2011\u2012\u2013\u2212\uff0d"})
_WIDTH.update({ord("\u301c"): ord("~"), ord("\uff5e"): ord("~")})


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width, one char for one.

    >>> fold_width("ＡＭＤ：１２．５％，（ＮＶＤＡ）")
    'AMD:12.5%,(NVDA)'
    """
    # folded text is asked again (gazetteer.key); str.translate would look every character up
    return _FOLDABLE.sub(_fold_one, text) if _FOLDABLE.search(text) else text


_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH)) + "]")
_FOLDED = {chr(c): chr(v) for c, v in _WIDTH.items()}


def _fold_one(m: re.Match) -> str:
    return _FOLDED[m.group()]


# ---------------------------------------------------------------- script


@lru_cache(maxsize=2)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    out = _converter("t2s").convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=65536)
def _s2t_char(ch: str) -> str:
    out = _converter("s2t").convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Simplified copy of *text* with exactly the same length, in mainland words.

    OpenCC's phrase-level ``t2s`` is used when it keeps the length (it nearly
    always does); otherwise the text is converted character by character. Words
    of Taiwan and Hong Kong business Chinese then read as their mainland
    equivalents (:func:`regional`).

    >>> to_simplified("臺積電與聯發科"), to_simplified("得標國道專案")
    ('台积电与联发科', '得标国道项目')
    """
    out = _converter("t2s").convert(text)
    if len(out) != len(text):
        out = "".join(_t2s_char(c) for c in text)
    return regional(out)


@rules.derived
def _regional_words() -> tuple[tuple[str, str], ...]:
    """``regional_words`` of rules/segmentation.yaml, checked: pairs of words of one length."""
    data = rules.load("segmentation.yaml").get("regional_words") or {}
    path = str(rules.rules_dir() / "segmentation.yaml")
    if not isinstance(data, dict):
        raise RuleError(f"regional_words must be a mapping of word to word, not {type(data).__name__}", path=path)
    for k, v in data.items():
        if not (isinstance(k, str) and isinstance(v, str) and k and len(k) == len(v)):
            raise RuleError(f"regional_words: {k!r} -> {v!r} must map a word to a word of the same length", path=path)
    return tuple(sorted(data.items(), key=lambda kv: -len(kv[0])))


def regional(simp: str) -> str:
    """*simp* (Simplified) with the regional words of rules/segmentation.yaml in mainland form.

    >>> regional("公司中标台南市智慧路灯专案")
    '公司中标台南市智慧路灯项目'
    """
    for a, b in _regional_words():
        if a in simp:
            simp = simp.replace(a, b)
    return simp


def detect_script(text: str) -> str:
    """``'hant'`` or ``'hans'``: which script dominates the CJK characters.

    >>> detect_script("輝達與微軟"), detect_script("英伟达与微软"), detect_script("OpenAI")
    ('hant', 'hans', 'hans')
    """
    t, s, _ = script_marks(text)
    return "hant" if t > s else "hans"


def script_marks(text: str) -> tuple[int, int, bool]:
    """How many characters of *text* are Traditional ("T" of :class:`_ScriptMarks`), how many
    Simplified ("S"), and whether one outside U+3400..U+9FFF is changed by t2s ("U").

    The mark of every character of the Basic Multilingual Plane is known ahead
    (:func:`_script_table`), so a text is looked up as an array of UTF-16 code units in one numpy
    step; ``str.translate`` looks every character up in a Python mapping, several hundred
    instructions each. A text with a character beyond the BMP is counted the old way.

    >>> script_marks("輝達與微軟, 英伟达")  # 輝 達 與 軟; 伟 达
    (4, 2, False)
    """
    units = bmp_units(text)
    if units is None:
        marks = text.translate(_SCRIPT_MARKS)
        return marks.count("T"), marks.count("S"), "U" in marks
    import numpy as np

    counts = np.bincount(_script_table()[0][units], minlength=4)
    return int(counts[1]), int(counts[2]), bool(counts[3])


def t2s_chars(text: str) -> str:
    """*text* with each character replaced by :func:`_t2s_char` of it (the same length).

    Only the characters t2s changes are visited (found in one numpy step, :func:`_script_table`);
    a Simplified text comes back as it is.

    >>> t2s_chars("臺積電 AI 英伟达")
    '台积电 AI 英伟达'
    """
    units = bmp_units(text)
    if units is None:
        return "".join(_t2s_char(c) for c in text)
    import numpy as np

    _, changed, table = _script_table()
    where = np.flatnonzero(changed[units])
    if not len(where):
        return text
    chars = list(text)
    for i in where.tolist():
        chars[i] = table[chars[i]]
    return "".join(chars)


def bmp_units(text: str):
    """*text* as a numpy array of its UTF-16 code units, one a character, or None when a character
    lies beyond the Basic Multilingual Plane (two units)."""
    import numpy as np

    raw = text.encode("utf-16-le", "surrogatepass")
    return np.frombuffer(raw, dtype=np.uint16) if len(raw) == 2 * len(text) else None


def after_chars(text: str, chars: str) -> list[int] | None:
    """The offsets right after each occurrence in *text* of one of *chars* (characters of the Basic
    Multilingual Plane), found in one numpy step, or None when *text* holds a character beyond it
    (search with a class then): a class of a few dozen characters costs ``re`` a hundred
    instructions or more a character, and its ``finditer`` a thousand a match.

    >>> after_chars("甲,乙。丙", ",。")
    [2, 4]
    """
    units = bmp_units(text)
    if units is None:
        return None
    import numpy as np

    return (np.flatnonzero(_char_table(chars)[units]) + 1).tolist()


@lru_cache(maxsize=64)
def _char_table(chars: str):
    """A numpy array of the Basic Multilingual Plane: True at the code points of *chars*."""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


@lru_cache(maxsize=1)
def _script_table():
    """Per code point of the Basic Multilingual Plane, its mark of :class:`_ScriptMarks` (0 none,
    1 "T", 2 "S", 3 "U", a numpy array), whether :func:`_t2s_char` changes it, and what it makes of
    each character it changes.

    The whole plane is converted at once, a character a line: OpenCC segments a line alone, so
    each line is what the character converts to on its own (``tests/test_normalize.py`` checks
    the table against :func:`_t2s_char` and :func:`_s2t_char` on every character).
    """
    import numpy as np

    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF and c != 0x0A]
    t2s = _converter("t2s").convert("\n".join(chars)).split("\n")
    s2t = _converter("s2t").convert("\n".join(chars)).split("\n")
    assert len(t2s) == len(s2t) == len(chars)
    marks = np.zeros(0x10000, dtype=np.uint8)
    table = {}
    for ch, t, s in zip(chars, t2s, s2t, strict=True):
        cjk = "\u3400" <= ch <= "\u9fff"
        if len(t) == 1 and t != ch:
            table[ch] = t
            marks[ord(ch)] = 1 if cjk else 3
        elif cjk and len(s) == 1 and s != ch:
            marks[ord(ch)] = 2
    return marks, (marks == 1) | (marks == 3), table


class _ScriptMarks(dict):
    """A ``str.translate`` table filled on demand: "T" for a CJK character that :func:`_t2s_char`
    changes, "S" for one that only :func:`_s2t_char` changes, "U" for a character outside
    U+3400..U+9FFF that :func:`_t2s_char` changes; every other character is dropped."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if not ("\u3400" <= ch <= "\u9fff"):
            out = "U" if _t2s_char(ch) != ch else None
        elif _t2s_char(ch) != ch:
            out = "T"
        else:
            out = "S" if _s2t_char(ch) != ch else None
        self[code] = out
        return out


_SCRIPT_MARKS = _ScriptMarks()


# ---------------------------------------------------------------- record


@dataclass(frozen=True)
class NormalizedText:
    """The text as given (``text``), width-folded (``norm``) and Simplified (``simp``).

    All three have the same length; offsets are shared.
    """

    text: str
    norm: str
    simp: str
    script: str


def normalize(text: str, path: str | None = None) -> NormalizedText:
    """Fold widths, detect the script and make the Simplified copy (all the same length).

    Raises :class:`~kg.errors.InputError` (naming *path*) for text with lone surrogates.
    """
    check_unicode(text, path)
    norm = fold_width(text)
    trad, simp_n, other = script_marks(norm)  # what detect_script counts, and the characters t2s changes
    script = "hant" if trad > simp_n else "hans"
    # regional words are read on the Traditional path only: 专案组 is a mainland word of its own
    simp = to_simplified(norm) if script == "hant" or trad or other else norm
    assert len(simp) == len(text)
    return NormalizedText(text=text, norm=norm, simp=simp, script=script)


@dataclass(frozen=True)
class SourceText:
    """What was read from a file: the text to analyze and how it was obtained."""

    text: str
    encoding: str
    path: str | None
    title: str | None
    is_html: bool = False
    date: str | None = None  # the publication date its metadata gives (HTML meta, front matter)
    source: str | None = None  # the outlet its front matter names
    url: str | None = None  # its address, from its front matter


def existing_file(path: str | Path) -> Path:
    """*path* as a Path, or an :class:`InputError` saying it is missing or a folder."""
    p = Path(path)
    if not p.exists():
        raise InputError(MESSAGES["missing"], path=str(path))
    if p.is_dir():
        raise InputError(MESSAGES["is_dir"], path=str(path))
    if not p.is_file():  # /dev/zero never ends, a FIFO blocks: only regular files are read
        raise InputError(MESSAGES["not_regular"], path=str(path))
    return p


def read_source(path: str | Path, data: bytes | None = None) -> SourceText:
    """Read a file (or ``-`` for stdin when *data* is given) into a :class:`SourceText`."""
    spath = str(path)
    if data is None:
        try:
            data = existing_file(path).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", path=spath) from exc
    text, encoding = decode_bytes(data, path=spath)
    meta: dict[str, str] = {}
    is_html = looks_like_html(text, spath)
    if is_html:
        meta["date"] = html_date(text)
        text, meta["title"] = strip_html(text)
    else:  # plain text and Markdown: a front matter block is metadata, not text
        text, meta = split_front_matter(text)
        if spath.lower().endswith(MARKDOWN_SUFFIXES):  # links read as their text
            text = strip_markdown(text)
    if not text.strip():
        raise InputError(MESSAGES["empty"], path=spath)
    title = meta.get("title")
    if title is None:
        first = text.strip().splitlines()[0].strip().lstrip("#").strip()
        title = first[:120] or None
    return SourceText(
        text=text,
        encoding=encoding,
        path=spath,
        title=title,
        is_html=is_html,
        date=parse_date(meta.get("date")),
        source=meta.get("source"),
        url=meta.get("url"),
    )
