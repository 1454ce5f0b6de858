"""kg.extract.postag tags as jieba.posseg does, token for token."""

from __future__ import annotations

import json
import random
from pathlib import Path

import jieba
import jieba.posseg as pseg
import pytest

from kg.extract import postag, segment
from kg.extract.pipeline import _prepared

ROOT = Path(__file__).resolve().parent.parent
FEWFC = ROOT.parent / "shared" / "devdata" / "fewfc" / "fewfc.jsonl"
_ORACLE_ROUTES: dict = {}


@pytest.fixture(autouse=True)
def _jieba_routes_remembered(monkeypatch):
    """jieba.posseg's own HMM search (the reference, not kg's code) answers a run it has seen from memory.

    Its viterbi is a pure function of the run of characters (the tables are jieba's constants), it
    held most of this file's time, and runs repeat (the first 20 articles ask it 1,571 times for 930
    runs): the corpus check's reference took 100 s of CPU remembered. Every answer is still jieba's
    own; kg.extract.postag has its own viterbi, which is not touched.
    """
    real = pseg.viterbi

    def remembered(obs, *tables):
        got = _ORACLE_ROUTES.get(obs)
        if got is None:
            got = _ORACLE_ROUTES[obs] = real(obs, *tables)
        return got

    monkeypatch.setattr(pseg, "viterbi", remembered)


def _same(text: str) -> None:
    assert postag.tags(text) == [tuple(p) for p in pseg.cut(text)], text
    assert postag.tags(text, hmm=False) == [tuple(p) for p in pseg.cut(text, HMM=False)], text


def test_the_corpus_is_tagged_as_jieba_tags_it():
    _prepared()  # jieba taught the gazetteer, as in the pipeline
    for p in sorted((ROOT / "corpora").glob("*.txt")):
        for line in p.read_text(encoding="utf-8").splitlines():
            _same(line)


def test_runs_jieba_does_not_know_are_tagged_alike():
    # characters the dictionary does not join go through the Viterbi search
    rng = random.Random(7)
    alphabet = "德展健康汉麻思立微寒武纪甲乙丙丁科技集团收购拟的了是在AIaB12 ,。、\n\t·&._#+-"
    for _ in range(300):
        _same("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))))
    for _ in range(200):
        _same("".join(chr(rng.randint(0x4E00, 0x9FD5)) for _ in range(rng.randint(1, 8))))


@pytest.mark.skipif(not FEWFC.exists(), reason="../shared/devdata/fewfc is not here")
def test_fewfc_sentences_are_tagged_alike():
    _prepared()
    with FEWFC.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= 1500:
                break
            _same(json.loads(line)["content"])


def _same_words(text: str) -> None:
    assert list(segment._cut(text)) == list(jieba.cut(text)), text


def test_segment_cuts_as_jieba_cuts():
    # kg.extract.segment.tokens cuts with jieba's steps and its own route (segment.best_route)
    _prepared()
    for p in sorted((ROOT / "corpora").glob("*.txt")):
        _same_words(p.read_text(encoding="utf-8"))
    rng = random.Random(11)
    alphabet = "德展健康汉麻思立微寒武纪甲乙丙丁科技集团收购拟的了是在AIaB12 ,。、\n\t·&._#+-%"
    for _ in range(300):
        _same_words("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))))
    if FEWFC.exists():
        with FEWFC.open(encoding="utf-8") as f:
            for k, line in enumerate(f):
                if k >= 1500:
                    break
                _same_words(json.loads(line)["content"])
