"""Issue 14 item 6: time grows linearly with the size of long or repetitive text.

Each shape of ``bench/bench_hostile.py`` is analysed at two sizes, four times apart: the time
may grow about four-fold (linear), not sixteen-fold (quadratic, as before: names joined by 、
8k → 8.7 s, 16k → 33.7 s). The full curve up to 1 MB is the benchmark's.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from kg.extract.pipeline import analyze

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from bench_hostile import SHAPES, UNIT  # noqa: E402

SMALL = 3_000  # characters; the large text is four times longer
# A shape analysed so fast that its small text takes well under the 0.02 s floor is measured on a longer
# text: at 3,000 characters name_suffix_run took 0.008 s, and one slow run of its large text (0.31 s on a
# busy clean clone, 0.034 s alone) read as super-linear growth.
SMALL_FOR = {"name_suffix_run": 15_000}


def _seconds(small: str, large: str) -> tuple[float, float]:
    """The best of four runs of each text, taken in turn, so a busy spell slows both sizes, not one."""
    best = [float("inf"), float("inf")]
    for _ in range(4):  # a busy machine slows a run or two, not the shape (a clean clone's whole session
        # here once measured 0.03 s and 0.29 s for a shape that reads 0.024 and 0.096 s alone)
        for i, text in enumerate((small, large)):
            t0 = time.perf_counter()
            analyze(text)
            best[i] = min(best[i], time.perf_counter() - t0)
    return best[0], best[1]


@pytest.fixture(scope="module", autouse=True)
def _warm():
    analyze("輝達" + "集團" * 3 + "將向OpenAI投資300億美元。英伟达与微软合作开发。")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_time_grows_linearly(shape):
    size = SMALL_FOR.get(shape, SMALL)
    small = SHAPES[shape](size // UNIT[shape])
    large = SHAPES[shape](4 * size // UNIT[shape])
    t_small, t_large = _seconds(small, large)
    ratio = (t_large / max(t_small, 0.02)) / (len(large) / len(small))
    assert ratio < 2.2, f"{shape}: {len(small)} chars {t_small:.2f} s, {len(large)} chars {t_large:.2f} s"
    assert t_large < 10


def test_a_run_longer_than_spacys_limit_is_cut_into_bounded_units():
    from kg.extract import segment

    text = "英伟达与微软合作开发" * 110_000  # 1.1 M characters without a break: spaCy refuses > 1 M
    units = segment.segment_units(text)
    assert max(b - a for a, b in units) <= segment.MAX_SENTENCE
    assert units[0][0] == 0 and units[-1][1] == len(text)
    assert all(units[i][1] == units[i + 1][0] for i in range(len(units) - 1))
