"""The clause starts and left cues orgnames.py remembers for the last text are kept per thread and
per rule set: threads reading different texts at once find what each finds alone."""

from __future__ import annotations

import sys
import threading

from kg.extract import orgnames
from kg.extract.orgnames import org_names
from kg.rules import RuleSet, using

TEXTS = [
    "公告称,宁川远山传媒有限公司拟以3亿元收购青禾数据科技有限公司51%股权。",
    "据悉,北岭重工股份有限公司将向南湖新材料有限公司增资2亿元。",
    "昨日,东港物流有限公司宣布,其全资子公司西岚仓储有限公司中标宁川市智慧港口项目。",
]


def test_threads_find_what_each_text_finds_alone():
    alone = [org_names(t, []) for t in TEXTS]
    assert all(alone), alone  # each text names a company
    errors: list[str] = []

    def work(k: int) -> None:
        for _ in range(100):
            got = org_names(TEXTS[k], [])
            if got != alone[k]:
                errors.append(f"{k}: {got} != {alone[k]}")
                return

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(TEXTS))]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, as a busy server would
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors[:3]


def test_the_last_text_is_kept_per_rule_set_and_thread():
    org_names(TEXTS[0], [])
    mine = orgnames._last_text()
    assert mine.text == TEXTS[0]
    seen = []
    t = threading.Thread(target=lambda: seen.append(orgnames._last_text().text))
    t.start()
    t.join()
    assert seen == [None]  # another thread starts with nothing remembered
    with using(RuleSet(base=RuleSet.bundled().base, user_dirs=())) as rs:
        assert rs is not RuleSet.bundled() and orgnames._last_text().text is None
