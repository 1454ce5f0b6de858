#!/usr/bin/env python3
"""Direction check of kg's deals on FinRE (../shared/devdata/finre): who pays whom.

    python bench/finre.py [--data DIR] [--split valid|test|train] [--n N]

FinRE labels a (head, tail) pair of a sentence with a relation; the money-flow ones say who
pays: 收购, 拟收购, 注资, 入股, 增持, 买资 -> head pays tail; their 被X forms -> tail pays head.
For each such labelled pair where kg gives a deal between the two (a party's name or mention
containing or contained in the string), the deal counts as right when its payer is the paying
side. Prints agreement per relation. Reads the data only; exits 2 when it is missing.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from fewfc import same  # noqa: E402

HEAD_PAYS = {"收购", "拟收购", "注资", "入股", "增持", "买资"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "devdata" / "finre"))
    ap.add_argument("--split", default="valid", choices=["valid", "test", "train"])
    ap.add_argument("--n", type=int, default=0)
    a = ap.parse_args(argv)
    path = Path(a.data) / f"{a.split}.txt"
    if not path.is_file():
        print(f"bench/finre.py: FinRE data not found at {path} (pass --data DIR)", file=sys.stderr)
        return 2
    import kg

    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            h, t, rel, sent = parts
            base = rel[1:] if rel.startswith("被") else rel
            if base in HEAD_PAYS:
                rows.append((h, t, rel, sent))
    if a.n:
        rows = rows[: a.n]
    cnt = collections.defaultdict(collections.Counter)
    cache = {}
    for h, t, rel, sent in rows:
        if sent not in cache:
            res = kg.analyze(sent).to_dict()
            names = {e["name"]: [e["name"]] + [m["text"] for m in e["mentions"]] for e in res["entities"]}
            cache[sent] = (res["deals"], names)
        deals, names = cache[sent]
        payer, payee = (h, t) if not rel.startswith("被") else (t, h)
        cnt[rel]["pairs"] += 1

        def is_(name, s, names=names):
            return any(same(s, x) for x in names.get(name, [name or ""]))

        for d in deals:
            if not d["payer"] or not d["payee"]:
                continue
            if is_(d["payer"], payer) and is_(d["payee"], payee):
                cnt[rel]["right"] += 1
                break
            if is_(d["payer"], payee) and is_(d["payee"], payer):
                cnt[rel]["reversed"] += 1
                break
    print(f"{'relation':8s} {'pairs':>6s} {'found':>6s} {'right':>6s} {'reversed':>8s} {'agree':>6s}")
    tot = collections.Counter()
    for rel in sorted(cnt, key=lambda r: -cnt[r]["pairs"]):
        c = cnt[rel]
        found = c["right"] + c["reversed"]
        tot.update(c)
        print(f"{rel:8s} {c['pairs']:6d} {found:6d} {c['right']:6d} {c['reversed']:8d} "
              f"{(c['right'] / found if found else 0):6.3f}")
    found = tot["right"] + tot["reversed"]
    print(f"{'all':8s} {tot['pairs']:6d} {found:6d} {tot['right']:6d} {tot['reversed']:8d} "
          f"{(tot['right'] / found if found else 0):6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
