#!/usr/bin/env python3
"""A finer development measure of kg on FewFC: direction-sensitive party pairs per event type.

    python bench/fewfc.py [--half work|unseen|all] [--data PATH] [--dump N] [--type T] [--n N]
                          [--script hans|hant|hk|tw] [--docs K]

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

Halves: records whose id ends in a hex digit 0-7 are the working set (``--half work``); 8-f are
kept unseen until the end (``--half unseen``).

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


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split()).casefold()


def same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)


def in_half(rec_id: str, half: str) -> bool:
    if half == "all":
        return True
    return (rec_id[-1] in "01234567") == (half == "work")


SCRIPTS = {"hant": "s2t", "hk": "s2hk", "tw": "s2twp"}


def to_script(rec: dict, config: str) -> dict:
    """The record with its sentence and labelled words converted by OpenCC ``config``."""
    import opencc

    cc = opencc.OpenCC(config)
    events = [
        {**e, "mentions": [{**m, "word": cc.convert(m["word"])} for m in e["mentions"]]} for e in rec["events"]
    ]
    return {**rec, "content": cc.convert(rec["content"]), "events": events}


def gold_of(rec: dict):
    """(pairs, party strings) of a record: pairs are (type, payer, payee)."""
    pairs, parties = [], []
    for e in rec["events"]:
        if e["type"] not in ROLES:
            continue
        pr, ye, _ = ROLES[e["type"]]
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


def score(recs, dump: int = 0, only: str | None = None, out=sys.stdout, docs: int = 1):
    cnt = collections.defaultdict(collections.Counter)
    dumps = {"missed": [], "false": [], "entity": []}
    chars, t0 = 0, time.perf_counter()
    for r, text, res, names in _read(recs, docs):
        chars += len(text)
        pairs, parties = gold_of(r)
        for t, w in parties:
            cnt[t]["ent"] += 1
            hit = any(same(w, s) for ss in names.values() for s in ss)
            cnt[t]["ent_hit"] += hit
            if not hit and (only in (None, t)):
                dumps["entity"].append((t, w, text))
        kinds_here = {k for t, *_ in pairs for k in ROLES[t][2]}
        deals = [d for d in res["deals"] if d.get("payer") and d.get("payee") and d["kind"] in kinds_here]
        used = set()
        for t, p, q in pairs:
            cnt[t]["gold"] += 1
            hit = None
            for i, d in enumerate(deals):
                if i in used or d["kind"] not in ROLES[t][2]:
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
                if d["kind"] in ROLES[t][2]:
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
    for t in ROLES:
        c = cnt[t]
        p, rc, f = prf(c["tp"], c["pred"], c["gold"])
        er = c["ent_hit"] / c["ent"] if c["ent"] else 0.0
        print(f"{t:10s} {c['gold']:5d} {c['tp']:5d} {c['pred']:5d} {p:6.3f} {rc:6.3f} {f:6.3f} {er:8.3f}", file=out)
    tp = sum(cnt[t]["tp"] for t in ROLES)
    gold = sum(cnt[t]["gold"] for t in ROLES)
    ent = sum(cnt[t]["ent"] for t in ROLES)
    ent_hit = sum(cnt[t]["ent_hit"] for t in ROLES)
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
    ap.add_argument("--half", choices=["work", "unseen", "all"], default="work")
    ap.add_argument("--dump", type=int, default=0, help="print up to N missed, false and unrecognised items")
    ap.add_argument("--type", choices=list(ROLES), help="dump only this event type")
    ap.add_argument("--n", type=int, default=0, help="only the first N records of the half")
    ap.add_argument("--docs", type=int, default=1, metavar="K",
                    help="read every K consecutive records as one document, a paragraph each")
    ap.add_argument("--script", choices=["hans", *SCRIPTS], default="hans",
                    help="read the sentences converted to Traditional script (OpenCC)")
    a = ap.parse_args(argv)
    path = Path(a.data)
    if not path.is_file():
        print(f"bench/fewfc.py: FewFC data not found at {path} (pass --data PATH)", file=sys.stderr)
        return 2
    recs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if in_half(r["id"], a.half) and any(e["type"] in ROLES for e in r["events"]):
                recs.append(r)
    if a.n:
        recs = recs[: a.n]
    if a.type:
        recs = [r for r in recs if any(e["type"] == a.type for e in r["events"])]
    if a.script != "hans":
        recs = [to_script(r, SCRIPTS[a.script]) for r in recs]
    score(recs, dump=a.dump, only=a.type, docs=a.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
