"""Time against size for the text shapes of issue 14 item 6 (in-process ``kg.analyze``).

Each shape is generated at growing sizes up to about 1 MB; the table gives the seconds per
size and the ratio of the last two times to the ratio of the last two sizes (about 1 for
linear growth, about 2 for quadratic).

    .venv/bin/python bench/bench_hostile.py            # every shape, up to ~1 MB
    .venv/bin/python bench/bench_hostile.py --max 0.1  # up to ~100 kB (quick)
"""

from __future__ import annotations

import argparse
import time

from kg.extract.pipeline import analyze

SHAPES = {
    # names joined by 、 (the list branches of the relation patterns)
    "names_list": lambda n: "、".join(["英伟达", "微软", "亚马逊", "谷歌"] * (n // 4)) + "向OpenAI投资100亿美元。",
    # one sentence of the same deal, comma after comma (the money picked per deal)
    "deals_one_sentence": lambda n: "輝達將向OpenAI投資300億美元," * n,
    # one repeated deal per line (deals merged within the article)
    "deal_per_line": lambda n: "輝達將向OpenAI投資300億美元。\n" * n,
    # a name followed by a run of corporate words (discovered names)
    "name_suffix_run": lambda n: "輝達" + "集團" * n + "。",
    # one long sentence without punctuation
    "no_punctuation": lambda n: "英伟达与微软合作开发" * n,
}
UNIT = {  # characters per n, roughly
    "names_list": 3,
    "deals_one_sentence": 22,
    "deal_per_line": 22,
    "name_suffix_run": 2,
    "no_punctuation": 10,
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=float, default=1.0, help="largest text, in MB of characters")
    ap.add_argument("--shape", choices=sorted(SHAPES), action="append")
    ap.add_argument("--start", type=int, default=16_000, help="smallest text, in characters")
    args = ap.parse_args()
    analyze("英伟达向OpenAI投资100亿美元。")  # warm: rules, gazetteer, jieba
    print(f"{'shape':<20} {'chars':>9} {'seconds':>8}  growth")
    for name in args.shape or SHAPES:
        prev = None
        size = args.start
        while size <= args.max * 1_000_000:
            text = SHAPES[name](max(1, size // UNIT[name]))
            t0 = time.perf_counter()
            analyze(text)
            dt = time.perf_counter() - t0
            growth = ""
            if prev:
                growth = f"{(dt / max(prev[1], 1e-6)) / (len(text) / prev[0]):.2f}"
            print(f"{name:<20} {len(text):>9} {dt:>8.2f}  {growth}", flush=True)
            prev = (len(text), dt)
            if dt > 60:
                print(f"{name:<20} stopped: over 60 s")
                break
            size *= 4
    print("growth: (time ratio) / (size ratio) of the last two sizes; 1 is linear")


if __name__ == "__main__":
    main()
