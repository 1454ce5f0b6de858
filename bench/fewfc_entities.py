"""Entity view of FewFC: recall of labelled party names per event type and role, and a precision proxy.

    python bench/fewfc_entities.py [--half work|unseen|all|dev|check] [--data PATH] [--dump DIR]

Reads ``../shared/devdata/fewfc/fewfc.jsonl`` (relative to the repository's parent) when present.
Records whose ``id`` ends in hex 0-7 are the working half, 8-f the unseen half; ``dev`` (0-3) and
``check`` (4-7) split the working half as in ``bench/fewfc.py``.

Recall: a labelled party word (the payer and payee roles of 投资, 收购, 中标, 股份股权转让, the
same roles as ``fewfc_score.py``) is found when an entity name or a mention text contains it or
is contained in it (NFKC, case and spaces ignored, >= 2 characters).

Precision proxy: the share of *discovered* mentions (names no gazetteer lists) that are a
labelled word of the sentence (any role of any event) or lie inside one, or contain one. FewFC
labels only event arguments, so an organisation that is no argument counts against it: the figure
is a lower bound, useful to compare rule changes. ``--dump`` writes the misses and the
discoveries that touch no label, for reading.
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import sys
import unicodedata

from fewfc import HALVES  # bench/ is the script's folder, first on sys.path

ROOT = pathlib.Path(__file__).resolve().parent.parent
ROLES = {
    "投资": ("sub", "sub-org", "obj", "obj-org"),
    "收购": ("sub-org", "sub", "obj-org", "obj"),
    "中标": ("obj", "obj-org", "sub", "sub-org"),
    "股份股权转让": ("obj-org", "sub-org"),
}


def norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split()).casefold()


def same(a: str, b: str) -> bool:
    a, b = norm(a), norm(b)
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "devdata" / "fewfc" / "fewfc.jsonl"))
    ap.add_argument("--half", choices=[*HALVES, "all"], default="work")
    ap.add_argument("--dump", default=None, help="directory for misses.txt and suspicious.txt")
    a = ap.parse_args(argv)
    path = pathlib.Path(a.data)
    if not path.exists():
        print(f"no FewFC data at {path}", file=sys.stderr)
        return 0
    import kg

    recs = [json.loads(line) for line in path.open(encoding="utf-8")]
    recs = [r for r in recs if any(e["type"] in ROLES for e in r["events"])]
    if a.half != "all":
        recs = [r for r in recs if r["id"][-1].lower() in HALVES[a.half]]
    hit = collections.Counter()
    total = collections.Counter()
    disc = disc_ok = 0
    misses, suspicious = [], []
    for r in recs:
        text = r["content"]
        res = kg.analyze(text)
        forms = [e.name for e in res.entities] + [m.text for e in res.entities for m in e.mentions]
        words = {m["word"] for e in r["events"] for m in e["mentions"] if m["role"] != "trigger"}
        seen = set()
        for e in r["events"]:
            if e["type"] not in ROLES:
                continue
            for m in e["mentions"]:
                if m["role"] not in ROLES[e["type"]] or (m["word"], m["role"]) in seen:
                    continue
                seen.add((m["word"], m["role"]))
                k = f"{e['type']}/{m['role']}"
                total[k] += 1
                if any(same(m["word"], f) for f in forms):
                    hit[k] += 1
                else:
                    misses.append(f"{r['id']}\t{k}\t{m['word']}\t{text}")
        for e in res.entities:
            if not e.discovered:
                continue
            for m in e.mentions:
                disc += 1
                if any(same(m.text, w) for w in words):
                    disc_ok += 1
                else:
                    suspicious.append(f"{r['id']}\t{m.text}\t{e.name}\t{text}")
    print(f"{'type/role':24s} {'gold':>6s} {'recall':>7s}")
    for k in sorted(total):
        print(f"{k:24s} {total[k]:6d} {hit[k] / total[k]:7.3f}")
    h, t = sum(hit.values()), sum(total.values())
    print(f"{'all':24s} {t:6d} {h / t:7.3f}")
    print(f"discovered mentions {disc}, touching a label {disc_ok / disc if disc else 0:.3f}")
    if a.dump:
        out = pathlib.Path(a.dump)
        out.mkdir(parents=True, exist_ok=True)
        (out / "misses.txt").write_text("\n".join(misses) + "\n", encoding="utf-8")
        (out / "suspicious.txt").write_text("\n".join(suspicious) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
