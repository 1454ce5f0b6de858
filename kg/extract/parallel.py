"""Analyse articles in worker processes; the caller alone writes to the store.

Extraction is CPU-bound pure Python, so threads do not help; ``analyze_all`` hands
articles to a process pool and yields their results **in input order**, which keeps
store ids and outputs identical whatever the number of jobs. Workers are forked
after the gazetteer and jieba's dictionary are loaded and the first article is analysed
here (most rules compile on first use), so they start warm and share that memory
copy-on-write. When other threads run in this process (forking them is unsafe) or
``fork`` is missing, workers start fresh and load the rules once each.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import KGError, RuleError
from ..guard import article_failure, error_text
from ..rules import RuleSet, set_active, using
from ..rules import active as active_rules
from ..store.dedupe import signed
from .pipeline import _prepared, analyze
from .stream import analyze_file

# (label, kind, payload, meta): kind is "file" (payload: bytes or None to read the path),
# "text" (payload: the article text) or "error" (payload: the message of a loader error).
Task = tuple[str, str, Any, dict]
Outcome = tuple[str, dict, Any, str | None]  # (label, meta, ArticleResult or None, error or None)


def default_jobs() -> int:
    """The number of CPUs this process may run on.

    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_task(task: Task) -> Outcome:
    """Analyse one task for the store; errors come back as messages (E006 for an unexpected one), rule
    errors raise. The result's fingerprint is complete (:func:`kg.store.dedupe.signed`)."""

    label, kind, payload, meta = task
    if kind == "error":
        return label, meta, None, payload
    try:
        if kind == "file":
            result = analyze_file(label, payload)
        else:
            result = analyze(
                payload,
                path=label,
                title=meta.get("title"),
                date=meta.get("date"),
                source=meta.get("source"),
            )
    except RuleError:
        raise  # a broken rule file stops the run (exit 2), it is not this article's fault
    except KGError as exc:
        return label, meta, None, str(exc)
    except Exception as exc:  # noqa: BLE001 - an unexpected error fails this article, not the batch
        return label, meta, None, error_text(article_failure(exc, label))
    # the store's MinHash, made here in the worker (the writer is one process; the text may
    # not travel back: kg.dask drops it)
    result.article.fingerprint = signed(result.article.fingerprint, result.text)
    return label, meta, result, None


def _warm(rs: RuleSet) -> None:
    """Make the caller's rule set this worker's, load it and teach jieba, once per worker."""
    set_active(rs)
    _prepared()


def _worker_init(rs: RuleSet) -> None:
    """Start a worker: it ignores SIGINT, then takes the caller's rule set.

    Ctrl-C reaches the whole process group, and a worker killed by it while holding the
    pool's queue lock makes ``pool.terminate()`` wait forever; the parent alone handles the
    interrupt and terminates its workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm(rs)


def analyze_all(
    tasks: Iterable[Task], *, jobs: int = 1, chunksize: int = 1, rules: RuleSet | None = None
) -> Iterator[Outcome]:
    """Yield ``analyze_task(t)`` for each task, in order, using *jobs* processes.

    With ``jobs=1`` everything runs in this process. The pool is closed when the
    generator is exhausted or closed. *rules* (default: the active rule set) is handed to
    every worker (pickled as its folder list when the workers do not fork).

    >>> outs = list(analyze_all([("a.txt", "text", "英伟达宣布向OpenAI投资1000亿美元。", {})], jobs=1))
    >>> [(o[0], o[2].deals[0].payer, o[2].deals[0].payee) for o in outs]
    [('a.txt', 'Nvidia', 'OpenAI')]
    """
    rs = rules if rules is not None else active_rules()
    if jobs <= 1:
        for t in tasks:
            with using(rs):
                out = analyze_task(t)
            yield out
        return
    # The first article is analysed here, before the workers fork: they inherit the rules it
    # compiled (most of them are compiled on first use) instead of compiling them once each.
    tasks = iter(tasks)
    for first in tasks:
        with using(rs):
            out = analyze_task(first)
        yield out
        break
    else:
        return
    methods = multiprocessing.get_all_start_methods()
    # Workers are born ignoring SIGINT (a forked child inherits the disposition): one interrupted
    # between its fork and _worker_init would die, and the pool would fork a replacement from its
    # handler thread while other threads may hold the queue's locks (a run once hung so on a loaded
    # machine). The parent's own handler is restored at once.
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        if "fork" in methods and threading.active_count() == 1:
            with using(rs):
                _prepared()  # children inherit the loaded gazetteer and dictionary
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_init, initargs=(rs,))
        else:  # other threads running (forking them is unsafe), or no fork (Windows, macOS)
            method = "forkserver" if "forkserver" in methods else "spawn"
            pool = multiprocessing.get_context(method).Pool(jobs, initializer=_worker_init, initargs=(rs,))
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)
    try:
        yield from pool.imap(analyze_task, tasks, chunksize=chunksize)
    finally:
        pool.terminate()
        pool.join()
