"""Throughput, peak memory and scaling of kg extract / kg ingest, against bare jieba, as Markdown tables.

    python bench/bench_throughput.py [--sizes 1,10] [--repeat 3] [--dask] [--work DIR] [--json]
    python bench/bench_throughput.py --sizes 1,10,100      # the 100 MB row: ~10 minutes more

1. Throughput on the bundled corpora/ (in this process, warmed up, best of --repeat):
   `kg extract` = kg.analyze_file + the kg.article/1 record of every file; `kg ingest` =
   KnowledgeGraph.ingest(corpora/, jobs=1) into a new SQLite file; bare `jieba.lcut` on
   the same decoded texts. Ratios are kg / jieba in characters per second.
2. Scaling: generated corpora of each --sizes MB (UTF-8 bytes of article text), made by
   repeating corpora/ articles and varying them so no two are the same text (the store
   would skip a repeat): the known companies of each copy are swapped for other gazetteer
   entries of the same type, every amount is scaled by a random factor, and a serial
   number ends the article. Same seed, same corpus; kept under --work and reused. Each
   row runs the real CLI (`kg ingest DIR --db NEW.db -q`) in a fresh subprocess and
   reports wall time (interpreter start and dictionary loading included), characters per
   second, the same after subtracting the command's start-up (its time on one short
   article), and peak RSS: of the main process, and of the largest worker process (--jobs 2
   forks workers; --dask local starts a scheduler and two workers, also children). Rows
   with `--jobs 1` and `--jobs 2` when `kg ingest` has --jobs (else a note), `--dask local`
   with --dask. Bare jieba.lcut over the same texts in its own subprocess gives the ratio.

Linear growth shows as a constant characters-per-second figure from size to size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000
AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(?=\s?(?:亿|億|万|萬|千|百|美元|元|港元|港币|港幣|日元|欧元|歐元|%|％))")


# ---------------------------------------------------------------------- generated corpora


def _swappable():
    """Gazetteer organisations by type: their CJK aliases, longest first, and their replacements."""
    from kg.extract.gazetteer import PARTY_TYPES, load_gazetteer

    gaz = load_gazetteer()
    by_type: dict[str, list] = {}
    alias_owner: dict[str, object] = {}
    for r in gaz.records.values():
        if r.type not in PARTY_TYPES:
            continue
        cjk = [a for a in [r.name, *r.aliases] if len(a) >= 2 and re.search(r"[\u4e00-\u9fff]", a)]
        if not cjk:
            continue
        by_type.setdefault(r.type, []).append((r, cjk))
        for a in cjk:
            alias_owner.setdefault(a, (r, cjk))
    aliases = sorted(alias_owner, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(a) for a in aliases))
    return pattern, alias_owner, by_type


def vary(text: str, serial: int, rng: random.Random, names) -> str:
    """A copy of *text* with other companies, other amounts and a serial number."""
    from kg.extract.normalize import to_simplified

    pattern, alias_owner, by_type = names
    simplified = to_simplified(text) == text
    swap: dict[str, str] = {}

    def name(m):
        r, _ = alias_owner[m.group(0)]
        if r.name not in swap:
            _, cjk = rng.choice(by_type[r.type])
            same_script = [a for a in cjk if (to_simplified(a) == a) == simplified]
            swap[r.name] = (same_script or cjk)[0]
        return swap[r.name]

    def amount(m):
        s = m.group(1)
        decimals = len(s.split(".")[1]) if "." in s else 0
        v = float(s) * rng.uniform(0.5, 2.0)
        return f"{v:.{decimals}f}" if decimals else str(max(1, round(v)))

    out = AMOUNT.sub(amount, pattern.sub(name, text))
    return out.rstrip() + f"\n\n（稿件编号 {serial:07d}）\n"


def generate(size_mb: float, work: Path, seed: int = 7) -> Path:
    """A folder of varied articles totalling *size_mb* MB of UTF-8 text (reused when present)."""
    folder = work / f"corpus_{size_mb:g}mb_seed{seed}"
    done = folder / "DONE"
    if done.exists():
        return folder
    from kg.extract.normalize import read_source

    bases = [read_source(p).text for p in sorted((ROOT / "corpora").glob("*.txt"))]
    rng = random.Random(seed)
    names = _swappable()
    folder.mkdir(parents=True, exist_ok=True)
    total, i = 0, 0
    while total < size_mb * MB:
        text = vary(bases[i % len(bases)], i, rng, names)
        sub = folder / f"{i // 1000:04d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:07d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        i += 1
    done.write_text(json.dumps({"articles": i, "bytes": total}), encoding="utf-8")
    return folder


def corpus_stats(folder: Path) -> tuple[int, int]:
    files = sorted(folder.rglob("*.txt"))
    return len(files), sum(len(f.read_text(encoding="utf-8")) for f in files)


# ---------------------------------------------------------------------- measured subprocesses


def _child_main(argv: list[str]) -> int:
    """Run one measured job in this (fresh) process and print its figures as JSON."""
    mode, rest = argv[0], argv[1:]
    t0 = time.perf_counter()
    if mode == "jieba":  # like the kg rows: start, load the dictionary, read, segment
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        for f in sorted(Path(rest[0]).rglob("*.txt")):
            jieba.lcut(f.read_text(encoding="utf-8"))
    else:
        from kg.cli.app import main

        try:
            main(argv, standalone_mode=False)
        except SystemExit as exc:  # pragma: no cover - a failed article exits 1
            if exc.code not in (0, None):
                raise
    seconds = time.perf_counter() - t0
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "rss_main_kb": me, "rss_child_kb": kids}))
    return 0


def measure(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def has_jobs_option() -> bool:
    from click.testing import CliRunner

    from kg.cli.app import main

    return "--jobs" in CliRunner().invoke(main, ["ingest", "--help"]).output


# ---------------------------------------------------------------------- 1. throughput


def throughput(repeat: int, work: Path) -> dict:
    import jieba

    from kg import KnowledgeGraph
    from kg.extract.normalize import read_source
    from kg.extract.stream import analyze_file

    paths = sorted((ROOT / "corpora").glob("*.txt"))
    texts = [read_source(p).text for p in paths]
    chars = sum(len(t) for t in texts)
    jieba.setLogLevel(60)
    for p in paths:
        analyze_file(p).to_dict()
    for t in texts:
        jieba.lcut(t)

    def best(fn) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    def ingest():
        with tempfile.TemporaryDirectory(dir=work) as d:
            g = KnowledgeGraph.open(Path(d) / "kg.db")
            g.ingest(ROOT / "corpora", jobs=1)
            g.close()

    t_extract = best(lambda: [analyze_file(p).to_dict() for p in paths])
    t_ingest = best(ingest)
    t_jieba = best(lambda: [jieba.lcut(t) for t in texts])
    return {
        "articles": len(paths),
        "chars": chars,
        "repeat": repeat,
        "rows": [
            {
                "what": "kg extract (analyze_file + record)",
                "chars_per_s": chars / t_extract,
                "ratio": t_jieba / t_extract,
            },
            {
                "what": "kg ingest -j 1 (+ SQLite store)",
                "chars_per_s": chars / t_ingest,
                "ratio": t_jieba / t_ingest,
            },
            {"what": "jieba.lcut", "chars_per_s": chars / t_jieba, "ratio": 1.0},
        ],
    }


# ---------------------------------------------------------------------- 2. scaling


def scaling(sizes: list[float], work: Path, dask: bool) -> tuple[list[dict], list[str]]:
    notes = []
    modes = [("kg ingest -j 1", ["-j", "1"])]
    if has_jobs_option():
        modes.append(("kg ingest -j 2", ["-j", "2"]))
    else:
        notes.append("`kg ingest` has no --jobs option in this checkout: the -j 2 rows are skipped.")
    if dask:
        try:
            import distributed  # noqa: F401

            modes.append(("kg ingest --dask local", ["--dask", "local"]))
        except ImportError:
            notes.append("distributed is not installed: the --dask local rows are skipped.")
    rows = []
    one = ROOT / "corpora" / "hans_circular_ai.txt"
    startup = {}  # the fixed cost of each command: the same command on one short article
    for label, opts in modes:
        with tempfile.TemporaryDirectory(dir=work) as d:
            startup[label] = measure(["ingest", str(one), "--db", str(Path(d) / "kg.db"), "-q", *opts])[
                "seconds"
            ]
    for size in sizes:
        folder = generate(size, work)
        articles, chars = corpus_stats(folder)
        jb = measure(["jieba", str(folder)])
        for label, opts in modes:
            with tempfile.TemporaryDirectory(dir=work) as d:
                db = Path(d) / "kg.db"
                m = measure(["ingest", str(folder), "--db", str(db), "-q", *opts])
            rows.append(
                {
                    "size_mb": size,
                    "articles": articles,
                    "chars": chars,
                    "command": label,
                    "seconds": m["seconds"],
                    "chars_per_s": chars / m["seconds"],
                    "startup_seconds": startup[label],
                    "chars_per_s_after_startup": chars / max(1e-9, m["seconds"] - startup[label]),
                    "rss_main_mb": m["rss_main_kb"] / 1024,
                    "rss_worker_mb": m["rss_child_kb"] / 1024 if opts != ["-j", "1"] else None,
                    "jieba_seconds": jb["seconds"],
                    "ratio_to_jieba": jb["seconds"] / m["seconds"],
                }
            )
            print(f"  {size:g} MB  {label}: {m['seconds']:.1f} s", file=sys.stderr)
    return rows, notes


# ---------------------------------------------------------------------- output


def markdown(tp: dict, rows: list[dict], notes: list[str]) -> str:
    out = [
        f"Throughput on corpora/ ({tp['articles']} articles, {tp['chars']:,} characters, best of {tp['repeat']}):",
        "",
        "| command | chars/s | kg / jieba |",
        "|---|---:|---:|",
    ]
    out += [f"| {r['what']} | {r['chars_per_s']:,.0f} | {r['ratio']:.2f} |" for r in tp["rows"]]
    out += [
        "",
        "Scaling on generated corpora (fresh process and store per row; time includes start-up):",
        "",
        "| size | articles | characters | command | time (s) | chars/s | chars/s after start-up "
        "| kg / jieba | peak RSS main (MB) | peak RSS largest worker (MB) |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        worker = f"{r['rss_worker_mb']:.0f}" if r["rss_worker_mb"] is not None else "-"
        out.append(
            f"| {r['size_mb']:g} MB | {r['articles']:,} | {r['chars']:,} | {r['command']} | {r['seconds']:.1f} "
            f"| {r['chars_per_s']:,.0f} | {r['chars_per_s_after_startup']:,.0f} | {r['ratio_to_jieba']:.2f} "
            f"| {r['rss_main_mb']:.0f} | {worker} |"
        )
    if rows:
        starts = {r["command"]: r["startup_seconds"] for r in rows}
        out += [
            "",
            "Start-up (the same command on one short article): "
            + ", ".join(f"{k} {v:.1f} s" for k, v in starts.items())
            + "; `kg / jieba` compares whole runs, start-up included (jieba loads its dictionary too).",
        ]
    out += [""] + [f"Note: {n}" for n in notes]
    return "\n".join(out).rstrip() + "\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10", help="corpus sizes in MB, comma-separated (default 1,10)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--dask", action="store_true", help="add `kg ingest --dask local` rows")
    ap.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench", help="corpora and stores"
    )
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}", file=sys.stderr)
    tp = throughput(args.repeat, args.work)
    rows, notes = ([], []) if args.skip_scaling else scaling(sizes, args.work, args.dask)
    if args.json:
        print(json.dumps({"throughput": tp, "scaling": rows, "notes": notes}, indent=2))
    else:
        print(markdown(tp, rows, notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
