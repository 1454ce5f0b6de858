"""Issue 14 item 14: the same input gives the same output whatever Python's string-hash seed.

Iterating over a set of strings follows ``PYTHONHASHSEED``; where such an order decided which
of two overlapping short forms of a name (华联股份 / 华联) claimed the text, the entities, and
with them the deals, changed from one run to the next. Every order is explicit now. The test
extracts texts written for it, the bundled corpus and (when ``../shared/devdata`` is present)
the first FewFC sentences under different hash seeds, in subprocesses, and compares the
records byte for byte. That the parallel and Dask paths give one process's records is tested
in ``tests/test_parallel.py`` and ``tests/test_dask.py`` (Dask workers are fresh processes
with their own hash seeds).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from .conftest import ROOT, kg_env

FEWFC = ROOT.parent / "shared" / "devdata" / "fewfc" / "fewfc.jsonl"
FEWFC_SENTENCES = 2500

# Written for this test: a listed company's short forms, one the prefix of the other.
OWN = [
    "(600999)华联股份-华联股份有限公司第三届董事会第九次会议审议通过了《关于对华联国际有限公司提供不超过3亿元担保的议案》。",
    "金桥股份2019年第一次临时股东大会审议通过了关于收购上海金桥置业有限公司60%股权的议案,以及《金桥股份有限公司关联交易管理制度》。",
    "远航控股集团有限公司通过大宗交易增持远航股份500万股,远航控股表示看好远航股份的长期价值。",
]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from kg.extract.pipeline import analyze
    from kg.extract.stream import analyze_file
    own, corpus, fewfc, n = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    out = sys.stdout
    def emit(r):
        out.write(json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) + "\\n")
    for i, t in enumerate(own):
        emit(analyze(t, path=f"own:{i}"))
    for p in sorted(Path(corpus).glob("*.txt")):
        emit(analyze_file(p))
    if n:
        with open(fewfc, encoding="utf-8") as f:
            for i, line in zip(range(n), f):
                emit(analyze(json.loads(line)["content"], path=f"fewfc:{i}"))
    """
)


def _start(seed: int, n: int) -> subprocess.Popen:
    import json

    args = [json.dumps(OWN, ensure_ascii=False), str(ROOT / "corpora"), str(FEWFC), str(n)]
    return subprocess.Popen(
        [sys.executable, "-c", SCRIPT, *args],
        env=kg_env(PYTHONHASHSEED=str(seed)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _first_difference(a: bytes, b: bytes) -> str:
    for x, y in zip(a.splitlines(), b.splitlines(), strict=False):
        if x != y:
            return x.decode()[:300] + "\n  vs\n" + y.decode()[:300]
    return f"{len(a.splitlines())} vs {len(b.splitlines())} records"


def test_records_do_not_depend_on_the_hash_seed():
    n = FEWFC_SENTENCES if FEWFC.exists() else 0
    runs = {seed: _start(seed, n) for seed in (0, 2)}  # seeds under which the old orders differed
    outs = {}
    for seed, p in runs.items():
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err.decode()[-2000:]
        outs[seed] = out
    assert outs[0].count(b"\n") >= len(OWN) + 10
    assert outs[0] == outs[2], _first_difference(outs[0], outs[2])



def test_slot_names_claim_overlapping_text_in_one_order():
    # the free occurrences of the names deal-frame slots found were claimed in set order: under
    # seeds 1 and 4, 远帆 or 远帆数据中心 took the last sentence's name (now the longest name first)
    text = "远帆数据中心拟3亿元收购蓝湾材料40%的股份。宁川资本拟2亿元收购远帆。业内认为远帆数据中心的扩张很快。"
    code = "import sys\nfrom kg.extract.frames import names_in\nprint(names_in(sys.argv[1]))"
    outs = [
        subprocess.run(
            [sys.executable, "-c", code, text], env=kg_env(PYTHONHASHSEED=seed), cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        for seed in ("1", "4")
    ]
    assert outs[0] == outs[1] == str(["远帆数据中心", "蓝湾材料", "宁川资本", "远帆", "远帆数据中心"]) + "\n"
