"""Part-of-speech tags as ``jieba.posseg.cut`` gives them (HMM on), with a faster Viterbi.

jieba tags a run of characters its dictionary does not cut (a new name: 德展, 思立微) with a
Viterbi search over 256 (position, tag) states, in which every state of one character is
scored against every state of the one before: 65,536 sums a character, most of them with a
transition the model does not have (scored minus infinity, so they never win). Here each state
is scored against the states that can lead to it only, and the rest of the tagging is jieba's
own, step for step, so the tags are the same (``tests/test_postag.py`` compares them).

>>> import jieba.posseg as pseg
>>> s = "澄湾健康拟3亿元收购北岭药业30%的股份,溪川微亦然"
>>> tags(s) == [tuple(p) for p in pseg.cut(s)]
True
"""

from __future__ import annotations

from functools import lru_cache

from . import segment

_MIN_FLOAT = -3.14e100
_MIN_INF = float("-inf")
_NONE: frozenset = frozenset()


@lru_cache(maxsize=1)
def _model():
    """jieba.posseg (its tokenizer, tag table and HMM), and each state's possible predecessors."""
    segment._jieba()
    import jieba.posseg as pseg

    before: dict = {}
    for y0, nxt in pseg.trans_P.items():
        for y in nxt:
            before.setdefault(y, set()).add(y0)
    following = {y0: frozenset(nxt) for y0, nxt in pseg.trans_P.items()}
    return pseg, before, following


@lru_cache(maxsize=1)
def _matrix():
    """jieba.posseg's transitions as a matrix, for :func:`_step_wide`: the states in decreasing
    order, each state's row and column in it, the log probability of going from the row's state
    to the column's (minus infinity where the model has no such transition, as jieba's
    ``trans_p[y0].get(y, MIN_INF)``), and the characters some state emits (any other one is
    emitted at ``MIN_FLOAT`` by every state)."""
    import numpy as np

    pseg, _, _ = _model()
    order = sorted(pseg.trans_P, reverse=True)
    at = {y: i for i, y in enumerate(order)}
    trans = np.full((len(order), len(order)), _MIN_INF)
    for y0, nxt in pseg.trans_P.items():
        for y, p in nxt.items():
            trans[at[y0], at[y]] = p
    emitted = frozenset(c for table in pseg.emit_P.values() for c in table)
    return order, at, trans, emitted


_WIDE = 400  # (states before) x (states here) from which a step is scored with numpy at once


def _step_wide(v: dict, prev: list, obs_states, emit_p, ch: str, nv: dict, step: dict) -> None:
    """One step of :func:`viterbi` with many states: each state's best predecessor among all of
    *prev*, as jieba's ``max`` over ``(V[y0] + trans_p[y0].get(y, MIN_INF) + emit, y0)``: the
    same sums in the same order (float64, like Python's floats), the greatest score, and on a tie
    the greatest state (the rows come in decreasing state order and ``argmax`` takes the first).
    Scoring against every state before gives what scoring against the possible predecessors
    gives, and what the fallback to all of them gives when none of those scores."""
    import numpy as np

    order, at, trans, emitted = _matrix()
    rows = sorted(at[y0] for y0 in prev)
    cols = [at[y] for y in obs_states]
    before = np.array([v[order[i]] for i in rows])
    if ch in emitted:
        emit = np.array([emit_p[y].get(ch, _MIN_FLOAT) for y in obs_states])
    else:
        emit = np.full(len(cols), _MIN_FLOAT)
    scores = (before[:, None] + trans[np.ix_(rows, cols)]) + emit[None, :]
    best = scores.argmax(axis=0)
    values = scores[best, np.arange(len(cols))].tolist()
    for k, y in enumerate(obs_states):
        nv[y] = values[k]
        step[y] = order[rows[best[k]]]


def tags(sentence: str, hmm: bool = True) -> list[tuple[str, str]]:
    """``(word, flag)`` for each token of ``jieba.posseg.cut(sentence, HMM=hmm)``.

    >>> import jieba.posseg as pseg
    >>> s = "德展健康拟收购汉麻投资,AB股 12.5%"
    >>> tags(s, hmm=False) == [tuple(p) for p in pseg.cut(s, HMM=False)]
    True
    """
    pseg, _, _ = _model()
    dt = pseg.dt
    dt.makesure_userdict_loaded()
    out: list[tuple[str, str]] = []
    for han, blk in segment.split_marked(pseg.re_han_internal, sentence):
        if han:
            (_cut_dag if hmm else _cut_dag_no_hmm)(blk, out)
            continue
        for skip, x in segment.split_marked(pseg.re_skip_internal, blk):
            if skip:
                out.append((x, "x"))
                continue
            for xx in x:
                if pseg.re_num.match(xx):
                    out.append((xx, "m"))
                elif pseg.re_eng.match(x):  # sic: jieba tests the whole piece here
                    out.append((xx, "eng"))
                else:
                    out.append((xx, "x"))
    return out


def _cut_dag(sentence: str, out: list) -> None:
    pseg, _, _ = _model()
    tok = pseg.dt.tokenizer
    tag_of = pseg.dt.word_tag_tab
    end = segment.best_route(sentence)  # jieba's get_DAG and calc, in one pass
    x, buf, n = 0, "", len(sentence)

    def flush(buf):
        if len(buf) == 1:
            out.append((buf, tag_of.get(buf, "x")))
        elif not tok.FREQ.get(buf):
            _cut_detail(buf, out)
        else:
            for elem in buf:
                out.append((elem, tag_of.get(elem, "x")))

    while x < n:
        y = end[x] + 1
        word = sentence[x:y]
        if y - x == 1:
            buf += word
        else:
            if buf:
                flush(buf)
                buf = ""
            out.append((word, tag_of.get(word, "x")))
        x = y
    if buf:
        flush(buf)


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _cut_dag_no_hmm(sentence: str, out: list) -> None:
    """jieba.posseg's ``__cut_DAG_NO_HMM``: dictionary words, runs of single Latin letters and
    digits joined as one ``eng`` token."""
    pseg, _, _ = _model()
    tag_of = pseg.dt.word_tag_tab
    end = segment.best_route(sentence)
    x, buf, n = 0, "", len(sentence)
    while x < n:
        y = end[x] + 1
        word = sentence[x:y]
        if len(word) == 1 and word in _ASCII_ALNUM:  # jieba's re_eng1, ^[a-zA-Z0-9]$ (a block holds no line break)
            buf += word
        else:
            if buf:
                out.append((buf, "eng"))
                buf = ""
            out.append((word, tag_of.get(word, "x")))
        x = y
    if buf:
        out.append((buf, "eng"))


def _cut_detail(sentence: str, out: list) -> None:
    pseg, _, _ = _model()
    for han, blk in segment.split_marked(pseg.re_han_detail, sentence):
        if han:
            _cut_hmm(blk, out)
            continue
        for x in pseg.re_skip_detail.split(blk):
            if x:
                if pseg.re_num.match(x):
                    out.append((x, "m"))
                elif pseg.re_eng.match(x):
                    out.append((x, "eng"))
                else:
                    out.append((x, "x"))


def _cut_hmm(sentence: str, out: list) -> None:
    pos_list = viterbi(sentence)
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((sentence[begin : i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            out.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], pos_list[nexti][1]))


def viterbi(obs: str) -> list:
    """The state of each character of *obs*: the route of ``jieba.posseg.viterbi``.

    The same sums in the same order, and ties go to the greater state as in jieba's ``max``
    over ``(score, state)``; a state is scored against its possible predecessors only (the
    others score minus infinity), and against all of them when none of those scores more.
    """
    pseg, before, following = _model()
    states, start_p, trans_p, emit_p = pseg.char_state_tab_P, pseg.start_P, pseg.trans_P, pseg.emit_P
    all_states = trans_p.keys()
    v = {}
    path: list[dict] = [{}]
    for y in states.get(obs[0], all_states):
        v[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        path[0][y] = ""
    for t in range(1, len(obs)):
        prev = [x for x in path[t - 1] if len(trans_p[x]) > 0]
        prev_set = set(prev)
        # the character's states that can follow a state before (jieba's set of them, found
        # without the union of what every state before can lead to: y follows x iff x leads to y)
        obs_states = [y for y in states.get(obs[t], all_states) if not before.get(y, _NONE).isdisjoint(prev_set)]
        if not obs_states:
            expect = frozenset().union(*map(following.__getitem__, prev))
            obs_states = expect if expect else all_states
        nv, step = {}, {}
        ch = obs[t]
        if len(prev) * len(obs_states) >= _WIDE:  # an unknown character: every state, numpy's way
            _step_wide(v, prev, obs_states, emit_p, ch, nv, step)
            v = nv
            path.append(step)
            continue
        for y in obs_states:
            e = emit_p[y].get(ch, _MIN_FLOAT)
            best = None  # the greatest (score, state), as max over them gives (the states differ)
            for y0 in before.get(y, _NONE) & prev_set:
                c = (v[y0] + trans_p[y0][y] + e, y0)
                if best is None or c > best:
                    best = c
            if best is None or best[0] == _MIN_INF:  # nothing finite: jieba's max over all of them
                best = max((v[y0] + trans_p[y0].get(y, _MIN_INF) + e, y0) for y0 in prev)
            nv[y], step[y] = best
        v = nv
        path.append(step)
    state = max((v[y], y) for y in path[-1])[1]
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = path[i][state]
    return route
