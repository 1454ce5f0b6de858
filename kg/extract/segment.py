"""Segmentation: spaCy's blank Chinese pipeline with the jieba segmenter.

jieba's dictionary is extended with every gazetteer alias (in Simplified
script, since we always segment the Simplified copy) before anything is
segmented, so names come out as single tokens. Sentences are split by a
small pure function on punctuation; only sentences that can hold something
of interest are segmented at all (see :mod:`kg.extract.pipeline`).
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from math import log

from .. import rules
from .literals import start_chars
from .normalize import bmp_units

# (a Latin period ends a sentence before a space, not after a number, an initial or a legal form's
# abbreviation: Mexico S.A. de C.V., Co., Ltd. (甲))
_SENT_END = start_chars(
    re.compile(r"[。!?！？;；\n]+|(?<=[^\d])(?<![\s.][A-Z])(?<!Ltd)(?<!Inc)(?<!Corp)(?<!Co)(?<!Jr)(?<!St)\.(?=\s|$)")
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans (start, end) of *text*, end exclusive, blank ones dropped.

    The pipeline and the name rules split the same article: the last text a thread split is
    remembered on the active rule set (:class:`_LastSplit`), not in a module global.

    >>> [(s.start, s.end, s.paragraph) for s in split_sentences("甲乙。丙!\\n丁")]
    [(0, 3, 0), (3, 5, 0), (6, 7, 1)]
    """
    last = rules.active().derived(("segment", "last_split"), _LastSplit)
    if last.text == text:
        return list(last.sentences)
    out = _split(text)
    last.text, last.sentences = text, tuple(out)
    return out


class _LastSplit(threading.local):
    """The sentences of the last text a thread split (:func:`split_sentences`), kept on the rule set."""

    text: str | None = None
    sentences: tuple = ()


def _split(text: str) -> list[Sentence]:
    out = []
    para = 0
    pos = 0
    for m in _SENT_END.finditer(text):
        _add(out, text, pos, m.end() if m.group()[0] != "\n" else m.start(), para)
        para += m.group().count("\n")
        pos = m.end()
    _add(out, text, pos, len(text), para)
    return out


MAX_SENTENCE = 1000
"""Characters of one sentence at most: a longer run (a list of thousands of names, a text
without punctuation) is cut, at a comma, 、 or space in its second half when there is one,
so that the work per sentence is bounded (real sentences stay under 400)."""

_SOFT_CUT = re.compile(r"[,，、;；\s]")


def _add(out, text, start, end, para):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        soft = [m.end() for m in _SOFT_CUT.finditer(text, start + MAX_SENTENCE // 2, cut)]
        cut = soft[-1] if soft else cut
        _add(out, text, start, cut, para)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, para))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


_added: set[str] = set()


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word -> frequency."""
    return _jieba().dt.FREQ


def taught_words() -> set[str]:
    """The words added to jieba's dictionary so far (read-only view)."""
    return _added


def add_words(words: Iterable[str], freq: int = 200000) -> None:
    """Add words to jieba's dictionary (idempotent)."""
    jb = _jieba()
    for w in words:
        if w and w not in _added:
            fresh = _LOG_FREQ[0] == _dict_key(jb.dt)
            jb.add_word(w, freq=freq)
            _added.add(w)
            if fresh:  # keep the table of log frequencies in step (no new build of all of it)
                table = _LOG_FREQ[1]
                table[w] = log(freq) if freq else False
                for i in range(1, len(w)):
                    table.setdefault(w[:i], False)
                _LOG_FREQ[0] = _dict_key(jb.dt)


def _dict_key(dt) -> tuple[int, int, int]:
    """What tells whether jieba's dictionary changed: the dict, its size and its total (all that
    jieba's ``add_word`` can change but for ``del_word``, which kg never calls)."""
    return id(dt.FREQ), len(dt.FREQ), dt.total


_LOG_FREQ: list = [None, {}]  # [_dict_key of the dictionary it was read from, word -> log(freq) or False]


def _log_freqs(dt) -> dict:
    """jieba's dictionary with the log of each frequency (False for a prefix at frequency 0), built
    once per dictionary (and kept in step by :func:`add_words`): :func:`best_route` looks a word
    up there and spares a ``log`` per word; the floats are those of ``log(freq)``."""
    key = _dict_key(dt)
    if _LOG_FREQ[0] != key:
        logs: dict[int, float] = {}  # one float per frequency: many words share one
        table = {w: (logs[f] if f in logs else logs.setdefault(f, log(f))) if f else False for w, f in dt.FREQ.items()}
        _LOG_FREQ[1] = table
        _LOG_FREQ[0] = key
    return _LOG_FREQ[1]


@lru_cache(maxsize=1)
def nlp():
    """The spaCy pipeline: ``blank("zh")`` with ``segmenter: jieba``."""
    import spacy

    _jieba()
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


# jieba cuts its input into runs of these characters and segments each run alone (every
# other character is a token of its own), so segmenting only the run around an offset
# gives exactly the tokens the whole sentence would. The rest of the CJK block and "·"
# join runs too, because name rules walk back across them.
_UNIT = re.compile(r"[\u4E00-\u9FFFa-zA-Z0-9+#&._%\-·]+")


def segment_units(text: str) -> list[tuple[int, int]]:
    """The spans jieba segments independently of each other, in order.

    >>> segment_units("英伟达(NVDA)投资OpenAI，金额1000亿美元")
    [(0, 3), (4, 8), (9, 17), (18, 27)]
    """
    out = []
    for a, b in _unit_spans(text):
        while b - a > MAX_SENTENCE:  # a run of a million characters: cut like a sentence (spaCy's
            out.append((a, a + MAX_SENTENCE))  # max_length, and bounded work per unit)
            a += MAX_SENTENCE
        out.append((a, b))
    return out


def _unit_spans(text: str) -> Iterable[tuple[int, int]]:
    """The spans of the matches of :data:`_UNIT` in *text*, found by a numpy table of its characters
    over the text's UTF-16 code units (a ``finditer`` costs about a thousand instructions a match),
    or by ``finditer`` when a character lies beyond the Basic Multilingual Plane."""
    units = bmp_units(text)
    if units is None:
        return [m.span() for m in _UNIT.finditer(text)]
    import numpy as np

    table = _unit_table()
    inside = np.concatenate(([False], table[units], [False]))
    edges = np.flatnonzero(inside[1:] != inside[:-1]).tolist()  # a run's start, then its end, in turn
    return zip(edges[0::2], edges[1::2], strict=True)


@lru_cache(maxsize=1)
def _unit_table():
    """True at the code points of the Basic Multilingual Plane that :data:`_UNIT` holds (a numpy array)."""
    import numpy as np

    return np.array([bool(_UNIT.match(chr(c))) for c in range(0x10000)], dtype=bool)


def tokens(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the tokens of :func:`nlp` for *text*, without building a spaCy ``Doc``.

    spaCy's ``blank("zh")`` with ``segmenter: jieba`` takes jieba's words (white space apart)
    and lays them on the text: what lies between two words is a token of its own, and one
    space after a word is that word's trailing space. This does the same in one pass over
    the text (spaCy slices the rest of the text for every word, and builds a ``Doc``).

    >>> [("甲骨文与  辉达 合作"[a:b]) for a, b in tokens("甲骨文与  辉达 合作")]
    ['甲骨文', '与', ' ', '辉达', '合作']
    """
    pos = end = 0  # jieba's words follow each other and make up the text
    n = len(text)
    for word in _cut(text):
        start = end
        end += len(word)
        if word.isspace():
            continue
        if start > pos:
            yield pos, start
        pos = end
        yield start, pos
        if pos < n and text[pos] == " ":
            pos += 1
    if pos < n:
        yield pos, n


_ROUTES = ("segment", "routes")  # the rule set's memo of best_route (see there)


def best_route(sentence: str) -> list[int]:
    """Where jieba's word starting at each position ends (inclusive): its ``calc`` route over
    its ``get_DAG``, the same sums in the same order and ties to the longer word as in jieba's
    ``max``, in one pass without the DAG dict (the dictionary look-ups are most of the cost).

    The routes of the last few thousand runs are remembered on the active rule set, per state of
    jieba's dictionary (:func:`_dict_key`): an article's runs are routed again by the passes
    after segmentation (the tagger of clause heads and frames). Callers only read the list.

    >>> s = "英伟达投资甲乙"
    >>> jb = _jieba().dt
    >>> route = {}
    >>> jb.calc(s, jb.get_DAG(s), route)
    >>> best_route(s) == [route[i][1] for i in range(len(s))]
    True
    """
    dt = _jieba().dt
    rs = rules.active()
    memo = rs._derived.get(_ROUTES) or rs.derived(_ROUTES, lambda: lru_cache(maxsize=4096)(_route))
    return memo(_dict_key(dt), sentence)


def _route(_key: tuple[int, int, int], sentence: str) -> list[int]:
    """:func:`best_route` computed (*_key*: the state of the dictionary it reads)."""
    dt = _jieba().dt
    get = _log_freqs(dt).get  # log(freq) per word: the same floats as log(FREQ[word])
    logtotal = log(dt.total)
    alone = log(1) - logtotal  # no word: the character alone, at frequency 1
    n = len(sentence)
    score = [0.0] * (n + 1)
    end = list(range(n))
    nxt = 0.0  # score[k + 1]
    for k in range(n - 1, -1, -1):
        # the dictionary words that start at k (every prefix of a word is in FREQ, at 0: False
        # here), each scored as it is found: jieba's max over (score, end) keeps the greater end
        # on a tie, and the ends come in increasing order, so ">=" picks what it picks
        f = get(sentence[k])
        if f is None:
            nxt = score[k] = alone + nxt
            continue
        best, x = _NEG_INF, -1
        if f is not False:
            best, x = f - logtotal + nxt, k
        j = k + 2
        while j <= n:
            f = get(sentence[k:j])
            if f is None:
                break
            if f is not False:
                s = f - logtotal + score[j]
                if s >= best:
                    best, x = s, j - 1
            j += 1
        if x < 0:
            nxt = score[k] = alone + nxt
        else:
            nxt = score[k] = best
            end[k] = x
    return end


_NEG_INF = float("-inf")


def _cut(text: str) -> list[str]:
    """The words of ``jieba.cut(text)`` (accurate mode, HMM on): jieba's own steps, with
    :func:`best_route` for its route (``tests/test_postag.py`` compares them), in a list."""
    jb = _jieba()
    re_han, re_skip = jb.re_han_default, jb.re_skip_default
    out: list[str] = []
    unknown: dict[str, tuple[str, ...]] = {}  # a run the dictionary lacks, cut by the HMM once per text
    for han, blk in split_marked(re_han, text):
        if not blk:
            continue
        if han:
            _cut_block(blk, jb, out, unknown)
            continue
        for skip, x in split_marked(re_skip, blk):
            if skip:
                out.append(x)
            else:
                out.extend(x)
    return out


def split_marked(pattern: re.Pattern, text: str) -> Iterable[tuple[bool, str]]:
    """``(matched, piece)`` for each piece of ``pattern.split(text)``: *matched* tells what
    ``pattern.match(piece)`` tells jieba's loops, without a call per piece. For jieba's block
    patterns (one group around the whole pattern, matches never empty) the matches are the odd
    pieces, and no piece between two matches starts one (the search would have found it there).

    >>> list(split_marked(re.compile("([a-z]+)"), "ab,c"))
    [(False, ''), (True, 'ab'), (False, ','), (True, 'c'), (False, '')]
    """
    return zip(itertools.cycle((False, True)), pattern.split(text))


def _cut_block(sentence: str, jb, out: list[str], unknown: dict | None = None) -> None:
    """jieba's ``__cut_DAG``: the route's words; runs of single characters the dictionary
    does not hold as one word go through its HMM (``finalseg``). Appended to *out*. *unknown*
    keeps the HMM's words per run for the rest of the text (a new name comes back)."""
    end = best_route(sentence)
    freq = jb.dt.FREQ
    x, buf, n = 0, "", len(sentence)
    while x < n:
        y = end[x] + 1
        if y - x == 1:
            buf += sentence[x]
        else:
            if buf:
                _flush(buf, freq, jb, out, unknown)
                buf = ""
            out.append(sentence[x:y])
        x = y
    if buf:
        _flush(buf, freq, jb, out, unknown)


def _flush(buf: str, freq, jb, out: list[str], unknown: dict | None = None) -> None:
    if len(buf) == 1:
        out.append(buf)
    elif not freq.get(buf):
        if unknown is None:
            out.extend(_hmm_cut(buf, jb.finalseg))
            return
        words = unknown.get(buf)
        if words is None:
            words = unknown[buf] = tuple(_hmm_cut(buf, jb.finalseg))
        out.extend(words)
    else:
        out.extend(buf)


def _hmm_cut(text: str, fs) -> Iterator[str]:
    """The words of ``jieba.finalseg.cut(text)`` (*fs*: that module): its steps, with
    :func:`_hmm_route` for its Viterbi search.

    >>> fs = _jieba().finalseg
    >>> s = "德展健康拟收购汉麻投资,AB股12.5%"
    >>> list(_hmm_cut(s, fs)) == list(fs.cut(s))
    True
    """
    for han, blk in split_marked(fs.re_han, text):
        if han:
            route = _hmm_route(blk, fs)
            begin = nexti = 0
            for i, pos in enumerate(route):
                if pos == "B":
                    begin = i
                    continue
                if pos == "M":
                    continue
                word = blk[begin : i + 1] if pos == "E" else blk[i]
                nexti = i + 1
                if word in fs.Force_Split_Words:
                    yield from word
                else:
                    yield word
            if nexti < len(blk):
                word = blk[nexti:]
                yield from (word if word in fs.Force_Split_Words else (word,))
        else:
            yield from filter(None, fs.re_skip.split(blk))


def _hmm_route(obs: str, fs) -> str:
    """The states (B, M, E, S) of ``jieba.finalseg.viterbi`` for *obs*: the same sums in the same
    order, ties to the greater state as its ``max`` over ``(score, state)`` gives them, with
    pointers back instead of a copied path per state and character (jieba's is quadratic)."""
    low, start, trans, emit = fs.MIN_FLOAT, fs.start_P, fs.trans_P, fs.emit_P
    e_b, e_m, e_e, e_s = emit["B"], emit["M"], emit["E"], emit["S"]
    t_eb, t_sb = trans["E"].get("B", low), trans["S"].get("B", low)
    t_mm, t_bm = trans["M"].get("M", low), trans["B"].get("M", low)
    t_ss, t_es = trans["S"].get("S", low), trans["E"].get("S", low)
    t_be, t_me = trans["B"].get("E", low), trans["M"].get("E", low)
    c = obs[0]
    vb, vm = start["B"] + e_b.get(c, low), start["M"] + e_m.get(c, low)
    ve, vs = start["E"] + e_e.get(c, low), start["S"] + e_s.get(c, low)
    back = []
    for c in obs[1:]:
        em = e_b.get(c, low)
        x, y = vs + t_sb + em, ve + t_eb + em  # jieba's PrevStatus: B after E or S, ...
        nb, pb = (y, "E") if y > x else (x, "S")  # ... a tie to the greater state
        em = e_m.get(c, low)
        x, y = vm + t_mm + em, vb + t_bm + em
        nm, pm = (y, "B") if y > x else (x, "M")
        em = e_s.get(c, low)
        x, y = vs + t_ss + em, ve + t_es + em
        ns, ps = (y, "E") if y > x else (x, "S")
        em = e_e.get(c, low)
        x, y = vm + t_me + em, vb + t_be + em
        ne, pe = (y, "B") if y > x else (x, "M")
        back.append((pb, pm, ps, pe))
        vb, vm, vs, ve = nb, nm, ns, ne
    state = "E" if ve > vs else "S"
    route = [state]
    for pb, pm, ps, pe in reversed(back):
        state = pb if state == "B" else pm if state == "M" else ps if state == "S" else pe
        route.append(state)
    return "".join(reversed(route))


def token_boundaries(text: str, spans: Iterable[tuple[int, int]]) -> dict[tuple[int, int], set[int]]:
    """Offsets (into *text*) where a token starts or ends, per span; each span is segmented alone.

    The spans go through the pipeline as one document, joined by line breaks (jieba
    segments the text between two line breaks on its own, so this is the same as one
    document per span, without spaCy's cost per document).

    >>> b = token_boundaries("投资者与投资", [(0, 6)])[(0, 6)]
    >>> 2 in b, 3 in b
    (False, True)
    >>> token_boundaries("甲骨文与辉达合作", [(0, 3), (4, 6)])[(4, 6)] == {4, 6}
    True
    """
    spans = sorted(set(spans))
    out: dict[tuple[int, int], set[int]] = {sp: set() for sp in spans}
    limit = max(1, nlp().max_length // 2)  # spaCy refuses longer documents
    batch: list[tuple[int, int]] = []
    size = 0
    for sp in spans:
        if batch and size + sp[1] - sp[0] + 1 > limit:
            _segment_batch(text, batch, out)
            batch, size = [], 0
        batch.append(sp)
        size += sp[1] - sp[0] + 1
    if batch:
        _segment_batch(text, batch, out)
    return out


def _segment_batch(text: str, spans: list[tuple[int, int]], out: dict) -> None:
    """Segment *spans* as one document joined by line breaks; add their boundaries to *out*."""
    pieces, offsets, pos = [], [], 0
    for s, e in spans:
        offsets.append(pos)
        pieces.append(text[s:e].replace("\n", " "))
        pos += e - s + 1
    k = 0
    for a, b in tokens("\n".join(pieces)):
        while k + 1 < len(offsets) and offsets[k + 1] <= a:
            k += 1
        s, e = spans[k]
        if b > offsets[k] + (e - s):
            continue  # the joining line break
        bounds = out[spans[k]]
        bounds.add(s + a - offsets[k])
        bounds.add(s + b - offsets[k])
