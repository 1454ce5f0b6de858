"""Instructions, not seconds: kg extract against bare jieba.lcut, counted by valgrind's callgrind.

    python bench/bench_instructions.py          # a few minutes: each side runs under valgrind

The same articles as bench/bench_extract.py (corpora/*.txt and the dev seed in ../shared when
present), warmed up as there; only the timed part (each article once) is counted, with
callgrind's instrumentation switched on around it (``callgrind_control -i on``). The count
does not move with what else a shared machine is doing, where the seconds of
bench_extract.py can move by a factor of two; on a quiet machine the two ratios agree
(0.346 counted against 0.34 timed at commit 76319ed). Needs ``valgrind`` on the PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _child(side: str) -> None:
    import jieba

    from kg.extract.normalize import read_source
    from kg.extract.stream import analyze_file

    paths = sorted((ROOT / "corpora").glob("*.txt"))
    seed = ROOT.parent / "shared" / "seeds" / "000_2be2b2414e40e10c.txt"
    if seed.exists():
        paths.append(seed)
    texts = [read_source(p).text for p in paths]
    jieba.setLogLevel(60)
    for p in paths:
        analyze_file(p).to_dict()
    for t in texts:
        jieba.lcut(t)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True, check=False)
    if side == "kg":
        for p in paths:
            analyze_file(p).to_dict()
    else:
        for t in texts:
            jieba.lcut(t)
    subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True, check=False)


def _count(side: str, out: Path) -> int:
    cmd = [
        "valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out / side}",
        sys.executable, __file__, "--child", side,
    ]
    err = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    return int(re.findall(r"Collected : (\d+)", err)[-1])


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print("valgrind is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        kg_n, jieba_n = _count("kg", Path(tmp)), _count("jieba", Path(tmp))
    print(f"kg extract  {kg_n:>15,} instructions")
    print(f"jieba.lcut  {jieba_n:>15,} instructions")
    print(f"ratio (kg / jieba, as characters per instruction): {jieba_n / kg_n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
