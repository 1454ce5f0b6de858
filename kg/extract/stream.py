"""Articles from files: :func:`analyze_file` reads and analyses one file; a large one is read in
bounded memory, by blocks of paragraphs, each analysed, then merged.

:func:`analyze_large_file` reads a file in pieces of :data:`READ_SIZE` bytes through
an incremental decoder (the encoding is chosen on the first piece, as
:func:`kg.extract.normalize.decode_bytes` would for the whole file), cuts the text into
blocks of about :data:`BLOCK_CHARS` characters that end at a line break (at a
sentence end, or hard, for a single line longer than that), runs
:func:`kg.extract.pipeline.analyze` on each block and merges the block results into one
:class:`~kg.model.ArticleResult` whose offsets are offsets into the whole article,
with the same article id (SHA-256 of the whole text, hashed as it streams by).
Memory grows with what is found, not with the size of the text: neither the raw
bytes nor the decoded text are held whole (HTML is the exception: the page is
decoded and stripped whole, then analysed by blocks).

What differs from one :func:`~kg.extract.pipeline.analyze` over the whole text: article-wide
context stops at block boundaries (the topic of a paragraph falls back on the block's
most mentioned organisation, not the article's; a sentence cannot look back into the
previous block); repeats of a deal in different blocks are merged as within a block;
the result does not keep the text (``result.text == ""``) unless asked.
"""

from __future__ import annotations

import codecs
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import MESSAGES, InputError
from ..model import ArticleInfo, ArticleResult
from ..rules import RuleSet, using
from ..store.dedupe import normal_form
from .dates import assume_date, parse_date, text_date, user_date
from .front_matter import split_front_matter
from .language import NO_SCRIPT
from .merging import merge_deals
from .normalize import existing_file, looks_like_html, read_source, sniff_encoding, to_simplified
from .pipeline import analyze

STREAM_THRESHOLD = 4 * 1024 * 1024
"""Files larger than this many bytes are analysed by :func:`analyze_large_file`."""

BLOCK_CHARS = 200_000
"""Characters per block handed to the pipeline (a block ends at a line break when it can)."""

READ_SIZE = 1 << 20
"""Bytes read at a time."""

_SENTENCE_END = re.compile(r"[。!?！？;；]")
_SENTENCE_INDEX_STRIDE = 10_000_000  # block k's sentences are numbered from k * stride


def analyze_file(
    path: str | Path,
    data: bytes | None = None,
    *,
    rules: RuleSet | None = None,
    default_date: str | None = None,
) -> ArticleResult:
    """Read, decode and analyze one file (``data`` given: use it instead of reading *path*).

    Files over :data:`STREAM_THRESHOLD` bytes are read and analysed by blocks of
    paragraphs (:func:`analyze_large_file`), in bounded memory. *rules*: as for
    :func:`~kg.extract.pipeline.analyze`. *default_date* (``YYYY[-MM[-DD]]``): the date of
    an article that gives none of its own (:func:`kg.extract.dates.assume_date`).
    """
    if default_date is not None:
        default_date = user_date(default_date, "default_date")  # a bad one fails before any reading
    if rules is not None:
        with using(rules):
            return analyze_file(path, data, default_date=default_date)
    p = Path(path)
    size = len(data) if data is not None else (p.stat().st_size if p.is_file() else 0)
    if size > STREAM_THRESHOLD:
        result = analyze_large_file(path, data)
    else:
        src = read_source(path, data)
        result = analyze(
            src.text, path=src.path, encoding=src.encoding, title=src.title, date=src.date, source=src.source
        )
        result.article.url = src.url
    assume_date(result, default_date, to_simplified)
    return result


def analyze_large_file(
    path: str | Path,
    data: bytes | None = None,
    *,
    block_chars: int = BLOCK_CHARS,
    keep_text: bool = False,
) -> ArticleResult:
    """Analyse one (large) article file block by block; see the module docstring.

    *data* given: analyse those bytes instead of reading *path* (standard input).
    Errors are :class:`~kg.errors.InputError` naming *path*, as for
    :func:`analyze_file`.
    """
    spath = str(path)
    if data is not None:
        import io

        return _analyze_stream(io.BytesIO(data), spath, block_chars, keep_text)

    p = existing_file(path)
    try:
        with open(p, "rb") as f:
            return _analyze_stream(f, spath, block_chars, keep_text)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=spath) from exc


def _analyze_stream(f: BinaryIO, path: str, block_chars: int, keep_text: bool) -> ArticleResult:
    head = f.read(READ_SIZE)
    codec, encoding, bom = sniff_encoding(head, path)
    if head.isascii() and len(head) == READ_SIZE:
        # an ASCII head says nothing of the encoding: decide on the first piece that does
        # (ASCII reads the same in UTF-8, GB18030 and Big5), then carry on after the head
        probe = head
        while probe.isascii():
            probe = f.read(READ_SIZE)
            if not probe:
                break
        if probe:
            codec, encoding, _ = sniff_encoding(probe, path)
            encoding, bom = ("utf-8" if codec == "utf-8" else encoding), 0
        f.seek(len(head))
    sample = codecs.getincrementaldecoder(codec)("replace").decode(head[bom : bom + 8192], final=False)
    if looks_like_html(sample, path):
        src = read_source(path, head + f.read())
        return analyze_text(
            src.text,
            path=path,
            encoding=src.encoding,
            title=src.title,
            block_chars=block_chars,
            keep_text=keep_text,
        )
    pieces = _decoded(f, head[bom:], codec, path)
    first, meta = split_front_matter(next(pieces, ""))  # metadata, not text, as read_source takes it
    result = merge_blocks(
        _blocks(itertools.chain([first], pieces), block_chars),
        path=path,
        encoding=encoding,
        title=meta.get("title"),
        keep_text=keep_text,
        date=parse_date(meta.get("date")),
    )
    result.article.source, result.article.url = meta.get("source"), meta.get("url")
    return result


def analyze_text(
    text: str,
    *,
    path: str | None = None,
    encoding: str = "utf-8",
    title: str | None = None,
    block_chars: int = BLOCK_CHARS,
    keep_text: bool = False,
) -> ArticleResult:
    """Analyse a long text already in memory block by block (the pipeline never sees it whole)."""
    return merge_blocks(
        _blocks(iter([text]), block_chars), path=path, encoding=encoding, title=title, keep_text=keep_text
    )


def _decoded(f: BinaryIO, first: bytes, codec: str, path: str) -> Iterator[str]:
    """Decode the stream piece by piece (a character cut between pieces is carried over)."""
    dec = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    piece = first
    while True:
        final = not piece
        try:
            text = dec.decode(piece, final=final)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"cannot decode as {codec} near byte {offset + exc.start} (the start of the file is "
                f"{codec}); expected one encoding for the whole file",
                path=path,
            ) from exc
        if text:
            yield text
        if final:
            return
        offset += len(piece)
        piece = f.read(READ_SIZE)


def _cut(buf: str, limit: int) -> int:
    """Where to end a block of *buf* of at most *limit* characters: after a line break if there
    is one in the second half, else after a sentence end, else at *limit*."""
    i = buf.rfind("\n", limit // 2, limit)
    if i >= 0:
        return i + 1
    window = buf[limit // 2 : limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return limit // 2 + ends[-1]
    return limit


def _blocks(pieces: Iterable[str], block_chars: int) -> Iterator[str]:
    """Blocks of about *block_chars* characters, cut at paragraph (line) boundaries when possible."""
    buf = ""
    for piece in pieces:
        buf += piece
        while len(buf) >= block_chars:
            n = _cut(buf, block_chars)
            yield buf[:n]
            buf = buf[n:]
    if buf:
        yield buf


def merge_blocks(
    blocks: Iterable[str],
    *,
    path: str | None,
    encoding: str,
    title: str | None,
    keep_text: bool = False,
    date: str | None = None,
) -> ArticleResult:
    """Analyse each block and merge them into one result in whole-article coordinates.

    *date*: the article's date from its metadata (else a dateline at the top of the first block).
    """

    digest = hashlib.sha256()
    norm_digest = hashlib.sha256()  # the normalised content hash, block by block (no signature)
    art_date = None
    kept: list[str] = []
    offset = 0
    entities: dict[str, object] = {}
    amounts, deals, facts = [], [], []
    script_weight = {"hans": 0, "hant": 0}
    any_text = False
    seen_block = False
    for k, block in enumerate(blocks):
        digest.update(block.encode("utf-8"))
        norm_digest.update(normal_form(block).encode("utf-8"))
        if keep_text:
            kept.append(block)
        if not any_text and block.strip():
            any_text = True
            if title is None:
                first = block.strip().splitlines()[0].strip().lstrip("#").strip()
                title = first[:120] or None
            art_date = date or text_date(block)  # the article's date is at its top: every block uses it
        if block.strip():
            r = analyze(block, path=path, encoding=encoding, headline=not seen_block, date=art_date)
            seen_block = True  # only the article's first block may open with a headline
            _shift(r, offset, k * _SENTENCE_INDEX_STRIDE)
            script_weight[r.article.script] = script_weight.get(r.article.script, 0) + len(block)
            for e in r.entities:
                have = entities.get(e.name)
                if have is None:
                    entities[e.name] = e
                else:
                    have.mentions.extend(e.mentions)
                    have.discovered = have.discovered and e.discovered
            amounts += r.amounts
            deals += r.deals
            facts += r.facts
        offset += len(block)
    if not any_text:
        raise InputError(MESSAGES["empty"], path=path)
    info = ArticleInfo(
        id=digest.hexdigest(),
        path=path,
        title=title,
        # a block without Chinese ("none") labels the article only when no block has any
        script=max(script_weight, key=lambda s: (s != NO_SCRIPT, script_weight[s], s == "hans"))
        if script_weight["hans"] + script_weight["hant"]
        else (NO_SCRIPT if NO_SCRIPT in script_weight else "hans"),
        encoding=encoding,
        chars=offset,
        date=art_date,
        fingerprint=(norm_digest.hexdigest(), None),
    )
    return ArticleResult(
        article=info,
        entities=list(entities.values()),
        amounts=amounts,
        deals=merge_deals(deals),
        facts=facts,
        text="".join(kept),
    )


def _shift(r: ArticleResult, by: int, sentence_base: int) -> None:
    """Move every offset of a block's result by *by* characters (each object once)."""
    seen: set[int] = set()

    def move(x) -> None:
        if x is None or id(x) in seen:
            return
        seen.add(id(x))
        x.start += by
        x.end += by

    if not by and not sentence_base:
        return
    for e in r.entities:
        for m in e.mentions:
            move(m)
    for a in r.amounts:
        move(a)
    for d in r.deals:
        d.sentence_index += sentence_base
        move(d.amount)
        move(d.share)
        for q in d.quantities:
            move(q)
        for ev in d.evidence:
            move(ev)
    for f in r.facts:
        move(f.amount)
        move(f.evidence)
