"""Same article, or a reprint of one: normalised content hashes and near-duplicate detection.

Two questions the store asks of every new article:

- **Is it an article we already have?** :func:`content_hash` hashes a normalised text:
  widths folded (NFKC: full-width Ｏｐｅｎ and half-width Open agree), script folded
  (Traditional to Simplified, character by character), and every run of white space
  dropped, so a copy saved with an extra blank line, trailing spaces or re-wrapped
  lines is the same article.
- **Is it a reprint?** Chinese outlets syndicate one wire story with small edits (a
  different headline, a sentence cut, an editor's note). :func:`minhash` gives a MinHash
  signature of the article's character 5-grams (letters and digits only, normalised as
  above); :func:`bands` cuts it into LSH bands that the store indexes, so candidates are
  found without comparing against every stored article; :func:`similarity` estimates
  the Jaccard similarity of two signatures. Articles at or above :data:`REPRINT_JACCARD`
  are reprints of the earlier one.

The MinHash is written here (stdlib, numpy when importable for speed, same numbers
either way) rather than taken from datasketch: it is 40 lines, needs no new dependency,
and its signature is stable across versions because the store keeps it.

>>> content_hash("甲公司 向乙公司\\n\\n投資1000億美元。 ") == content_hash("甲公司向乙公司投资1000亿美元。")
True
>>> a = ("英伟达周一宣布将向OpenAI投资最多1000亿美元，用于建设至少10吉瓦的数据中心。双方已签署意向书，"
...      "首笔100亿美元将在第一个吉瓦部署时到位。分析师认为此举将巩固英伟达在人工智能芯片市场的地位，"
...      "但也引发了市场对循环融资的担忧：OpenAI随后将用这笔资金采购英伟达的芯片。")
>>> b = "【本报讯】" + a.replace("分析师认为", "有分析师指出")      # a reprint with small edits
>>> round(similarity(minhash(a), minhash(b)), 1) >= REPRINT_JACCARD, similarity(minhash(a), minhash(a[::-1]))
(True, 0.0)
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from functools import lru_cache

from ..extract.normalize import _t2s_char, t2s_chars

NUM_PERM = 128
"""Hash functions in a signature."""
BAND_ROWS = 4
"""Signature rows per LSH band (128 / 4 = 32 bands: J = 0.7 is a candidate with probability 0.9997)."""
SHINGLE = 5
"""Characters per shingle."""
MIN_SHINGLES = 60
"""Texts with fewer shingles get no signature: too short for a reprint to mean anything."""
REPRINT_JACCARD = 0.7
"""Estimated Jaccard similarity of shingles at or above which an article is a reprint."""

_MASK64 = (1 << 64) - 1




def normal_form(text: str) -> str:
    """The text the content hash is taken over: NFKC, Simplified script, no white space.

    >>> normal_form("Ｏｐｅｎ AI 臺積電\\n")
    'OpenAI台积电'
    """
    table, pattern = _compatibility()
    folded = unicodedata.normalize("NFKC", pattern.sub(lambda m: table[m.group()], text))
    return t2s_chars("".join(folded.split()))  # (_T2S, one character at a time)


# Blocks of the characters news writes that NFKC changes on their own: Latin-1 (no-break space),
# general punctuation to enclosed alphanumerics (①), CJK symbols (ideographic space), enclosed
# CJK and CJK compatibility, compatibility ideographs, vertical and small forms, full-width forms.
_COMPAT_BLOCKS = ((0xA0, 0xFF), (0x2000, 0x24FF), (0x3000, 0x303F), (0x3200, 0x33FF), (0xF900, 0xFAFF), (0xFE10, 0xFE6F), (0xFF00, 0xFFEF))


@lru_cache(maxsize=1)
def _compatibility() -> tuple[dict[str, str], re.Pattern]:
    """What NFKC makes of each character of :data:`_COMPAT_BLOCKS` it changes, and a pattern of them.

    :func:`normal_form` puts these in first: NFKC of the result is NFKC of the text (each
    character is replaced by a string with the same compatibility decomposition, and NFKC
    decomposes, reorders the marks of the whole text, then composes), and a text of Chinese
    news is then most often left as it is by NFKC's quick check, instead of being decomposed
    and composed again character by character (its full-width commas are enough for that).

    >>> t, p = _compatibility()
    >>> t["，"], t["\u3000"], t["①"], "中" in t
    (',', ' ', '1', False)
    """
    table = {}
    for lo, hi in _COMPAT_BLOCKS:
        for code in range(lo, hi + 1):
            ch = chr(code)
            out = unicodedata.normalize("NFKC", ch)
            if out != ch:
                table[ch] = out
    return table, re.compile("[" + "".join(re.escape(c) for c in table) + "]")


class _CharTable(dict):
    """A ``str.translate`` table filled on demand: code point -> :func:`_t2s_char` of it."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _t2s_char(chr(code))
        return out


_T2S = _CharTable()  # the reference of normalize.t2s_chars (tests/test_normalize.py)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`normal_form` of *text*."""
    return hashlib.sha256(normal_form(text).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _params() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """NUM_PERM (odd multiplier, addend) pairs, fixed forever (derived from a constant seed)."""
    muls, adds = [], []
    for i in range(NUM_PERM):
        h = hashlib.blake2b(f"kg-minhash-{i}".encode(), digest_size=16).digest()
        m, a = struct.unpack("<QQ", h)
        muls.append(m | 1)
        adds.append(a)
    return tuple(muls), tuple(adds)


def _shingle_hashes(text: str, normal: str | None = None) -> list[int]:
    chars = "".join(c for c in (normal if normal is not None else normal_form(text)) if c.isalnum()).lower()
    grams = {chars[i : i + SHINGLE] for i in range(len(chars) - SHINGLE + 1)}
    return [
        struct.unpack("<Q", hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest())[0]
        for g in sorted(grams)
    ]


def minhash(text: str, *, normal: str | None = None) -> tuple[int, ...] | None:
    """The MinHash signature of *text* (NUM_PERM 64-bit values), or None for a short text.

    Permutation *i* is the multiply-add hash ``(m_i * x + a_i) mod 2**64`` of each shingle's
    64-bit hash *x*; the signature keeps each permutation's minimum.
    """
    xs = _shingle_hashes(text, normal)
    if len(xs) < MIN_SHINGLES:
        return None
    muls, adds = _params()
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with matplotlib
        return tuple(min((m * x + a) & _MASK64 for x in xs) for m, a in zip(muls, adds, strict=True))
    x = np.array(xs, dtype=np.uint64)
    m = np.array(muls, dtype=np.uint64)[:, None]
    a = np.array(adds, dtype=np.uint64)[:, None]
    with np.errstate(over="ignore"):
        sig = (m * x[None, :] + a).min(axis=1)
    return tuple(int(v) for v in sig)


def similarity(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> float:
    """Estimated Jaccard similarity of two signatures (0.0 when either is missing)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def bands(sig: tuple[int, ...]) -> list[tuple[int, str]]:
    """``(band number, band hash)`` for each LSH band of a signature."""
    out = []
    for b in range(0, len(sig), BAND_ROWS):
        raw = struct.pack(f"<{BAND_ROWS}Q", *sig[b : b + BAND_ROWS])
        out.append((b // BAND_ROWS, hashlib.blake2b(raw, digest_size=8).hexdigest()))
    return out


def pack(sig: tuple[int, ...] | None) -> bytes | None:
    """A signature as bytes for the store (None stays None)."""
    return None if sig is None else struct.pack(f"<{len(sig)}Q", *sig)


def unpack(blob: bytes | None) -> tuple[int, ...] | None:
    if not blob:
        return None
    return struct.unpack(f"<{len(blob) // 8}Q", blob)


def fingerprint(text: str, *, signature: bool = True) -> tuple:
    """``(content_hash(text), minhash(text))``: what the store needs to dedupe an article.

    *signature* False gives ``(content_hash(text),)`` alone: the pipeline puts that in every
    record (the MinHash is the costly part and only the store needs it); :func:`signed`
    completes it where an article is written.

    >>> fingerprint("甲公司向乙公司投资1000亿美元。", signature=False) == (content_hash("甲公司向乙公司投资1000亿美元。"),)
    True
    """
    normal = normal_form(text)
    chash = hashlib.sha256(normal.encode("utf-8")).hexdigest()
    return (chash, minhash(text, normal=normal)) if signature else (chash,)


def signed(fp: tuple | None, text: str) -> tuple[str | None, tuple[int, ...] | None]:
    """A complete ``(content hash, signature)`` fingerprint of an article whose text is *text*.

    *fp* is the article's fingerprint as analysis left it: a complete one is returned as it
    is (its signature may be None: the text was too short, or analysed in blocks and not
    kept), ``(content hash,)`` gets the MinHash of *text*, and None both, from *text* (or
    ``(None, None)`` without a text).

    >>> a = "甲公司向乙公司投资1000亿美元。" * 8
    >>> signed(fingerprint(a, signature=False), a) == fingerprint(a)
    True
    """
    if fp is None:
        return fingerprint(text) if text else (None, None)
    if len(fp) >= 2:
        return fp[0], fp[1]
    return fp[0], (minhash(text) if text else None)
