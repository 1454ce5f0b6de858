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


def test_dev_and_check_split_the_working_half_and_unseen_stays_apart():
    digits = "0123456789abcdef"
    for d in digits:
        rid = "rec" + d
        work, unseen = fewfc.in_half(rid, "work"), fewfc.in_half(rid, "unseen")
        dev, check = fewfc.in_half(rid, "dev"), fewfc.in_half(rid, "check")
        assert work != unseen
        assert work == (dev or check) and not (dev and check)
        assert fewfc.in_half(rid.upper(), "work") == work
    assert [d for d in digits if fewfc.in_half("r" + d, "dev")] == list("0123")


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


def test_rename_replaces_each_head_everywhere_and_keeps_endings():
    rec = _rec("b3", "青禾股份有限公司（以下简称“青禾股份”）拟收购远帆网络60%股权，青禾股份称……", "青禾股份", "远帆网络")
    got = fewfc.rename(rec)
    words = [m["word"] for m in got["events"][0]["mentions"]]
    assert words[0].endswith("股份") and words[1].endswith("网络")
    assert "青禾" not in got["content"] and "远帆" not in got["content"]
    new_head = words[0][:2]
    assert got["content"].count(new_head) == 3 and words[0] + "有限公司" in got["content"]
    assert fewfc.rename(rec) == got  # the same record always reads the same


def test_rename_keeps_people_short_words_and_long_heads():
    rec = _rec("b4", "张伟向中交第二公路勘察设计研究院有限公司投资。", "张伟", "中交第二公路勘察设计研究院有限公司", "投资")
    assert fewfc.rename(rec) == rec


def test_pledges_are_scored_alone_pledgee_to_pledgor():
    rec = {"id": "c5", "content": "青禾集团将其持有的远帆科技2000万股质押给华川证券。", "events": [
        {"type": "质押", "mentions": [{"word": "青禾集团", "role": "sub-org"}, {"word": "华川证券", "role": "obj-org"}]}]}
    assert fewfc.gold_of(rec) == ([], [])
    pairs, parties = fewfc.gold_of(rec, fewfc.PLEDGES)
    assert pairs == [("质押", "华川证券", "青禾集团")]
    got = fewfc.score([rec], out=io.StringIO(), roles=fewfc.PLEDGES)
    assert got["R"] == 1.0 and got["P"] == 1.0
