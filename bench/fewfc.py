#!/usr/bin/env python3
"""A finer development measure of kg on FewFC: direction-sensitive party pairs per event type.

    python bench/fewfc.py [--half work|unseen|all|dev|check] [--data PATH] [--dump N] [--type T] [--n N]
                          [--script hans|hant|hk|tw] [--docs K] [--rename] [--pledges]

Reads ``../shared/devdata/fewfc/fewfc.jsonl`` (relative to the repository's parent) when present,
else exits with code 2 and a message saying where it looked. Nothing from the data set is copied
into the project; this script only reads it.

``--script`` reads every sentence (and its labelled names) converted by OpenCC to Traditional
script (``hant``: s2t, ``hk``: s2hk, ``tw``: s2twp with Taiwan phrases): FewFC is Simplified
only, and kg must read Traditional news as well; the converted figure should stay close to the
Simplified one.

``--docs K`` reads every K consecutive records as one document, a line each (FewFC's records
of one source article are often neighbours): a sentence's deals must not take their parties from
an unrelated line before it.

``--rename`` replaces the distinctive head of every labelled party name with invented characters
of the same length, everywhere in its sentence (``德展健康股份有限公司`` -> ``璟岚瑞泰股份有限公司``,
keeping the legal or industry ending of :data:`ENDINGS`): kg must find the parties of companies it
has never heard of, and the held-out news is full of them. The figure under ``--rename`` is what
kg reads from the language alone, without the gazetteer's knowledge of a name.

Halves: records whose id ends in a hex digit 0-7 are the working set (``--half work``); 8-f are
kept unseen until the end (``--half unseen``). The working set splits again for rule writing:
``--half dev`` (ids ending 0-3) is read sentence by sentence, ``--half check`` (4-7) only as a
whole figure, so a rule that lifts ``dev`` and not ``check`` shows itself fitted before the
unseen half is ever run.

Who pays whom (:data:`ROLES`, the one place the mapping lives): a FewFC event names its parties
by role; a money flow goes from the payer role to the payee role:

- 投资 (investment): ``sub`` invests in ``obj`` -> sub pays obj.
- 收购 (acquisition): ``sub-org`` acquires ``obj-org`` -> the acquirer pays for the target.
  (The real seller is often unnamed; kg's convention, as in the README, is acquirer -> target
  unless the seller is named, and FewFC labels the target.)
- 中标 (bid award): ``sub`` wins the tender of ``obj`` -> the tendering party (obj) buys from and
  pays the winner (sub): obj -> sub, a purchase.
- 股份股权转让 (share transfer): ``sub-org`` is the transferor, ``obj-org`` the transferee -> the
  transferee pays the transferor: obj -> sub. Persons (``sub-per``/``obj-per``) are not scored.

- 质押 (pledge, only with ``--pledges``, scored alone: :data:`PLEDGES`): ``sub-org`` pledges its
  shares to ``obj-org`` -> the pledgee lends to the pledgor: obj -> sub, a loan. Natural persons
  (``sub-per``) are not scored. ``../shared/eval/fewfc_score.py`` does not score pledges; the
  held-out news does hold them.

A kg deal matches a gold pair when its kind is one the event type accepts and each party's name
or one of its mention texts contains or is contained in the gold string (NFKC, case and spaces
ignored; at least 2 characters) -- the same rule as ``../shared/eval/fewfc_score.py``. A deal
counts as a prediction when it names both parties and its kind is one that the sentence's scored
events accept; it is charged to the type of the gold pair it matches, else to every scored type
of the sentence whose kinds accept it (so per-type precision is approximate when a sentence holds
two types). Entity recall: labelled payer/payee strings that some kg entity or mention matches.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "devdata" / "fewfc" / "fewfc.jsonl"

# event type: (payer roles, payee roles, kg kinds accepted)
ROLES = {
    "投资": (("sub", "sub-org"), ("obj", "obj-org"), ("investment", "acquisition")),
    "收购": (("sub-org", "sub"), ("obj-org", "obj"), ("acquisition", "investment", "purchase")),
    "中标": (("obj", "obj-org"), ("sub", "sub-org"), ("purchase", "lease")),
    "股份股权转让": (("obj-org",), ("sub-org",), ("acquisition", "purchase", "investment")),
}

# pledges (--pledges): the pledgee (obj-org) lends to the pledgor (sub-org)
PLEDGES = {"质押": (("obj-org",), ("sub-org",), ("loan",))}


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split()).casefold()


def same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)


HALVES = {"work": "01234567", "unseen": "89abcdef", "dev": "0123", "check": "4567"}


def in_half(rec_id: str, half: str) -> bool:
    """Whether record ``rec_id`` is in ``half`` (``all`` or a key of :data:`HALVES`).

    >>> in_half("x3", "dev"), in_half("x5", "check"), in_half("x5", "work"), in_half("xe", "unseen")
    (True, True, True, True)
    >>> in_half("x5", "dev"), in_half("xe", "work")
    (False, False)
    """
    if half == "all":
        return True
    return rec_id[-1].lower() in HALVES[half]


SCRIPTS = {"hant": "s2t", "hk": "s2hk", "tw": "s2twp"}


def to_script(rec: dict, config: str) -> dict:
    """The record with its sentence and labelled words converted by OpenCC ``config``."""
    import opencc

    cc = opencc.OpenCC(config)
    events = [
        {**e, "mentions": [{**m, "word": cc.convert(m["word"])} for m in e["mentions"]]} for e in rec["events"]
    ]
    return {**rec, "content": cc.convert(rec["content"]), "events": events}


# legal and industry endings a renamed party keeps (longest first): the part of a name that says
# what kind of organisation it is, which real news keeps when the head is new to a reader
ENDINGS = sorted(
    """股份有限公司 有限责任公司 有限公司 集团股份 集团公司 控股集团 集团 股份 控股 科技 技术 实业 投资 资本 基金
    银行 证券 保险 信托 金控 资管 电子 电气 能源 新材 材料 医药 药业 生物 健康 环境 环保 建设 建工 地产 置业 物流
    传媒 文化 教育 汽车 机械 重工 电力 通信 网络 智能 农业 食品 矿业 化工 钢铁 航空 科创 创投 合伙企业(有限合伙)
    合伙企业（有限合伙） 中心 研究院 委员会 管理局 人民政府""".split(),
    key=len,
    reverse=True,
)
# characters of invented heads: common in company names, rare in the words around them
_HEAD_CHARS = "鸿岚瑞祥嘉泰盛恒润丰源宏锦昌裕启辰岳峰澜沐璟曜琪瑶珂翎蔚皓晟煜烨钧铂霁澄朗鹭"


def rename(rec: dict, roles: dict = ROLES) -> dict:
    """The record with every labelled party's head replaced by invented characters.

    A word of four characters or more keeps its ending (:data:`ENDINGS`, else, in a word of at
    most five characters, its last two) and gets a new head of the same length when that head is a
    brand of two to four characters; shorter words, longer heads (which hold places and
    descriptions) and words mostly in Latin script (people, tickers, foreign names) are kept. One head gets one replacement per record,
    everywhere in the sentence and in every label, longest words first, and the choice depends
    only on the record's id and the head (the reading is deterministic).
    """
    import random

    text = rec["content"]
    heads: dict[str, str] = {}
    words = {m["word"] for e in rec["events"] if e["type"] in roles for m in e["mentions"] if m["role"] in
             {r for pr, ye, _ in roles.values() for r in pr + ye}}
    table: dict[str, str] = {}
    for w in sorted(words, key=len, reverse=True):
        cjk = sum("\u4e00" <= c <= "\u9fff" for c in w)
        if len(w) < 4 or cjk * 2 < len(w):
            continue
        end = next((e for e in ENDINGS if w.endswith(e) and len(w) - len(e) >= 2), None)
        if end is None and len(w) > 5:
            continue
        end = end or w[-2:]
        head = w[: len(w) - len(end)]
        if len(head) > 4:
            continue
        if head not in heads:
            rng = random.Random(f"{rec['id']}:{head}")
            new = head
            while new == head or new in text or new in heads.values():
                new = "".join(rng.choice(_HEAD_CHARS) for _ in head)
            heads[head] = new
        table[w] = heads[head] + end
    if not table:
        return rec
    pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))

    def sub(s: str) -> str:
        return pattern.sub(lambda m: table[m.group(0)], s)

    events = [{**e, "mentions": [{**m, "word": sub(m["word"])} for m in e["mentions"]]} for e in rec["events"]]
    return {**rec, "content": sub(text), "events": events}


def gold_of(rec: dict, roles: dict = ROLES):
    """(pairs, party strings) of a record: pairs are (type, payer, payee)."""
    pairs, parties = [], []
    for e in rec["events"]:
        if e["type"] not in roles:
            continue
        pr, ye, _ = roles[e["type"]]
        payers = [m["word"] for m in e["mentions"] if m["role"] in pr]
        payees = [m["word"] for m in e["mentions"] if m["role"] in ye]
        pairs += [(e["type"], p, q) for p in payers for q in payees]
        parties += [(e["type"], w) for w in dict.fromkeys(payers + payees)]
    return list(dict.fromkeys(pairs)), parties


def _read(recs, docs: int = 1):
    """(record, its text, kg's result as a dict, entity name -> names and mention texts) per record.

    With *docs* > 1, every *docs* consecutive records are read as one document, a paragraph each,
    and each record gets the deals whose evidence starts in its paragraph (the entities are the
    document's): what kg does with a sentence among others, as in a real article.
    """
    import kg

    for i in range(0, len(recs), max(1, docs)):
        group = recs[i : i + max(1, docs)]
        res = kg.analyze("\n".join(r["content"] for r in group)).to_dict()
        names = {e["name"]: [e["name"]] + [m["text"] for m in e.get("mentions", [])] for e in res["entities"]}
        pos = 0
        for k, r in enumerate(group):
            text = r["content"]
            lo, hi = pos, pos + len(text)
            pos = hi + 1
            # a deal without evidence (none is known to come without) is counted once, with the first
            deals = [
                d for d in res["deals"] if (lo <= d["evidence"][0]["start"] < hi if d.get("evidence") else k == 0)
            ]
            yield r, text, {**res, "deals": deals}, names


def score(recs, dump: int = 0, only: str | None = None, out=sys.stdout, docs: int = 1, roles: dict = ROLES):
    cnt = collections.defaultdict(collections.Counter)
    dumps = {"missed": [], "false": [], "entity": []}
    chars, t0 = 0, time.perf_counter()
    for r, text, res, names in _read(recs, docs):
        chars += len(text)
        pairs, parties = gold_of(r, roles)
        for t, w in parties:
            cnt[t]["ent"] += 1
            hit = any(same(w, s) for ss in names.values() for s in ss)
            cnt[t]["ent_hit"] += hit
            if not hit and (only in (None, t)):
                dumps["entity"].append((t, w, text))
        kinds_here = {k for t, *_ in pairs for k in roles[t][2]}
        deals = [d for d in res["deals"] if d.get("payer") and d.get("payee") and d["kind"] in kinds_here]
        used = set()
        for t, p, q in pairs:
            cnt[t]["gold"] += 1
            hit = None
            for i, d in enumerate(deals):
                if i in used or d["kind"] not in roles[t][2]:
                    continue
                if any(same(p, s) for s in names.get(d["payer"], [d["payer"]])) and any(
                    same(q, s) for s in names.get(d["payee"], [d["payee"]])
                ):
                    hit = i
                    break
            if hit is not None:
                used.add(hit)
                cnt[t]["tp"] += 1
                cnt[t]["pred"] += 1
            elif only in (None, t):
                got = [(d["payer"], d["payee"], d["kind"]) for d in res["deals"]]
                dumps["missed"].append((t, f"{p} -> {q}", text, got))
        types_here = {t for t, *_ in pairs}
        for i, d in enumerate(deals):
            if i in used:
                continue
            for t in types_here:
                if d["kind"] in roles[t][2]:
                    cnt[t]["pred"] += 1
                    cnt[t]["fp"] += 1
            cnt["_all"]["fp"] += 1
            if only is None or only in types_here:
                dumps["false"].append(
                    ("/".join(sorted(types_here)), f"{d['payer']} -> {d['payee']} ({d['kind']}, {d['rule']})", text,
                     [f"{p}->{q}" for _, p, q in pairs])
                )
        cnt["_all"]["pred"] += len(deals)
    dt = time.perf_counter() - t0

    def prf(tp, pred, gold):
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    print(f"{'type':10s} {'gold':>5s} {'tp':>5s} {'pred':>5s} {'P':>6s} {'R':>6s} {'F1':>6s} {'ent.rec':>8s}", file=out)
    for t in roles:
        c = cnt[t]
        p, rc, f = prf(c["tp"], c["pred"], c["gold"])
        er = c["ent_hit"] / c["ent"] if c["ent"] else 0.0
        print(f"{t:10s} {c['gold']:5d} {c['tp']:5d} {c['pred']:5d} {p:6.3f} {rc:6.3f} {f:6.3f} {er:8.3f}", file=out)
    tp = sum(cnt[t]["tp"] for t in roles)
    gold = sum(cnt[t]["gold"] for t in roles)
    ent = sum(cnt[t]["ent"] for t in roles)
    ent_hit = sum(cnt[t]["ent_hit"] for t in roles)
    p, rc, f = prf(tp, cnt["_all"]["pred"], gold)
    print(
        f"{'all':10s} {gold:5d} {tp:5d} {cnt['_all']['pred']:5d} {p:6.3f} {rc:6.3f} {f:6.3f} "
        f"{ent_hit / ent if ent else 0:8.3f}",
        file=out,
    )
    print(f"sentences {len(recs)}, {chars / dt:,.0f} chars/s", file=out)
    if dump:
        for kind in ("missed", "false", "entity"):
            print(f"\n== {kind} (first {dump} of {len(dumps[kind])})", file=out)
            for row in dumps[kind][:dump]:
                if kind == "entity":
                    t, w, text = row
                    print(f"[{t}] {w}\n    {text[:220]}", file=out)
                else:
                    t, pair, text, extra = row
                    print(f"[{t}] {pair}   | {extra}\n    {text[:220]}", file=out)
    return {"P": p, "R": rc, "F1": f, "entity_recall": ent_hit / ent if ent else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DEFAULT))
    ap.add_argument("--half", choices=[*HALVES, "all"], default="work")
    ap.add_argument("--dump", type=int, default=0, help="print up to N missed, false and unrecognised items")
    ap.add_argument("--type", choices=[*ROLES, *PLEDGES], help="dump only this event type")
    ap.add_argument("--n", type=int, default=0, help="only the first N records of the half")
    ap.add_argument("--docs", type=int, default=1, metavar="K",
                    help="read every K consecutive records as one document, a paragraph each")
    ap.add_argument("--script", choices=["hans", *SCRIPTS], default="hans",
                    help="read the sentences converted to Traditional script (OpenCC)")
    ap.add_argument("--pledges", action="store_true",
                    help="score the pledge events alone (pledgee lends to pledgor), not the four deal types")
    ap.add_argument("--rename", action="store_true",
                    help="replace the head of every labelled party name with invented characters")
    a = ap.parse_args(argv)
    roles = PLEDGES if a.pledges else ROLES
    path = Path(a.data)
    if not path.is_file():
        print(f"bench/fewfc.py: FewFC data not found at {path} (pass --data PATH)", file=sys.stderr)
        return 2
    recs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if in_half(r["id"], a.half) and any(e["type"] in roles for e in r["events"]):
                recs.append(r)
    if a.n:
        recs = recs[: a.n]
    if a.type:
        recs = [r for r in recs if any(e["type"] == a.type for e in r["events"])]
    if a.rename:
        recs = [rename(r, roles) for r in recs]
    if a.script != "hans":
        recs = [to_script(r, SCRIPTS[a.script]) for r in recs]
    score(recs, dump=a.dump, only=a.type, docs=a.docs, roles=roles)
    return 0


if __name__ == "__main__":
    sys.exit(main())
