"""Throughput of the article pipeline against bare jieba segmentation, on the same text, in one run.

    python bench/bench_extract.py [--repeat N] [PATH ...]

With no PATH it uses corpora/*.txt (and the dev seed in ../shared when present).
Both sides are warmed up first (dictionaries loaded, rules compiled), then each
is timed over the same articles; the best of --repeat rounds is reported.
Prints characters per second for `kg extract` (kg.analyze_file, which reads,
decodes and analyzes each file and builds its kg.article/1 record), for
bare `jieba.lcut` on the decoded text, and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    import jieba

    from kg.extract.normalize import read_source
    from kg.extract.stream import analyze_file

    paths = args.paths or sorted((ROOT / "corpora").glob("*.txt"))
    seed = ROOT.parent / "shared" / "seeds" / "000_2be2b2414e40e10c.txt"
    if not args.paths and seed.exists():
        paths.append(seed)
    texts = [read_source(p).text for p in paths]
    chars = sum(len(t) for t in texts)

    jieba.setLogLevel(60)
    for p in paths:  # warm-up: load dictionaries, compile rules
        analyze_file(p).to_dict()
    for t in texts:
        jieba.lcut(t)

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    t_kg = best(lambda: [analyze_file(p).to_dict() for p in paths])
    t_jieba = best(lambda: [jieba.lcut(t) for t in texts])
    res = {
        "articles": len(paths),
        "chars": chars,
        "repeat": args.repeat,
        "kg_extract_chars_per_s": round(chars / t_kg),
        "jieba_lcut_chars_per_s": round(chars / t_jieba),
        "ratio_kg_to_jieba": round(t_jieba / t_kg, 3),
    }
    if args.json:
        print(json.dumps(res, indent=2))
    else:
        print(f"articles: {res['articles']}   characters: {chars}   best of {args.repeat}")
        print(f"{'kg extract':<12} {res['kg_extract_chars_per_s']:>10,} chars/s")
        print(f"{'jieba.lcut':<12} {res['jieba_lcut_chars_per_s']:>10,} chars/s")
        print(f"ratio (kg / jieba): {res['ratio_kg_to_jieba']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
