"""Shared test set-up.

No fixture resets the rules between tests: ``kg --rules DIR`` makes its :class:`~kg.rules.RuleSet`
active only while the command runs, and everything derived from rules is cached on the rule
set, so nothing leaks from one test into the next.
"""

from __future__ import annotations

# The files that take longest, longest first (measured on b47c591 with --durations: the sum of
# their tests' calls and set-ups on two busy cores). ./run test hands out whole files
# (--dist loadfile) in the order collected (--no-loadscope-reorder): started first, these no longer
# end the run on one worker while the other waits; xdist's own order (most tests first) put them last.
SLOW_FILES = (
    "tests/robustness/test_rules_robustness.py",
    "tests/test_postag.py",
    "tests/robustness/test_large_article.py",
    "tests/robustness/test_store_robustness.py",
    "tests/robustness/test_hash_seed.py",
    "tests/test_daily.py",
    "tests/test_rule_lists.py",
    "tests/robustness/test_coded_errors.py",
    "tests/robustness/test_catastrophic_regex.py",
    "tests/test_dask.py",
    "tests/test_parallel.py",
    "tests/robustness/test_interrupt.py",
    "tests/robustness/test_ingest_order.py",
    "tests/test_store.py",
    "tests/test_docs.py",
    "tests/robustness/test_special_files.py",
    "tests/robustness/test_cli_robustness.py",
    "tests/robustness/test_absurd_amounts.py",
    "tests/robustness/test_injection.py",
)


def pytest_collection_modifyitems(config, items):
    """The slow files first, then the others by their number of tests, most first (a file's tests
    keep their order; only whole files move)."""
    rank = {name: k for k, name in enumerate(SLOW_FILES)}
    count: dict[str, int] = {}
    for item in items:
        f = item.nodeid.split("::", 1)[0]
        count[f] = count.get(f, 0) + 1
    first = {}
    for k, item in enumerate(items):
        first.setdefault(item.nodeid.split("::", 1)[0], k)

    def key(item):
        f = item.nodeid.split("::", 1)[0]
        return (rank.get(f, len(rank)), -count[f], first[f])

    items.sort(key=key)
