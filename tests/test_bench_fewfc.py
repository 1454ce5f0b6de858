"""bench/fewfc.py's readings (Traditional copies, sentences as documents) on invented records."""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_fewfc", ROOT / "bench" / "fewfc.py")
fewfc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fewfc)


def _rec(rid, content, sub, obj, typ="收购"):
    roles = {"收购": ("sub-org", "obj-org"), "投资": ("sub", "obj")}[typ]
    mentions = [{"word": sub, "role": roles[0]}, {"word": obj, "role": roles[1]}]
    return {"id": rid, "content": content, "events": [{"type": typ, "mentions": mentions}]}


RECS = [
    _rec("a0", "澄远科技拟以1.5亿元收购朗川精密51%的股权。", "澄远科技", "朗川精密"),
    _rec("a1", "霁光能源获北辰资本2亿元投资。", "北辰资本", "霁光能源", "投资"),
    _rec("a2", "蓝湾建设宣布以3亿元收购鹭岛物流。", "蓝湾建设", "鹭岛物流"),
]


def test_traditional_copy_converts_sentence_and_labels():
    r = fewfc.to_script(RECS[0], "s2t")
    assert r["content"].startswith("澄遠科技擬以")
    assert [m["word"] for m in r["events"][0]["mentions"]] == ["澄遠科技", "朗川精密"]


def test_documents_give_each_record_its_own_deals():
    alone = [(r["id"], sorted((d["payer"], d["payee"]) for d in res["deals"])) for r, _, res, _ in fewfc._read(RECS)]
    joined = [(r["id"], sorted((d["payer"], d["payee"]) for d in res["deals"])) for r, _, res, _ in fewfc._read(RECS, 3)]
    assert alone == joined
    assert joined[0][1] == [("澄远科技", "朗川精密")] and joined[2][1] == [("蓝湾建设", "鹭岛物流")]


def test_score_counts_pairs_in_both_scripts_and_as_documents():
    for recs, docs in ((RECS, 1), ([fewfc.to_script(r, "s2hk") for r in RECS], 1), (RECS, 3)):
        got = fewfc.score(recs, out=io.StringIO(), docs=docs)
        assert got["R"] == 1.0 and got["P"] == 1.0, (docs, got)
