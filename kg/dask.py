"""Extraction on a Dask cluster: a bag of ``kg.article/1`` records, and ingest with one writer.

Needs the ``dask`` extra (``pip install 'kg[dask]'``: ``dask[bag]`` and ``distributed``), and
kg installed on every worker. Paths are listed (folders walked, globs expanded) by the
client, but files are read by the workers, so workers must see the same paths (a shared
or identical file system). ``.jsonl`` files are split into articles on the workers too.

- :func:`extract` gives a lazy ``dask.bag.Bag`` of records, one per article, exactly what
  ``kg extract --json`` prints; an article that fails gives ``{"label", "error"}`` instead.
- :func:`ingest` extracts on a cluster (or ``"local"``: two local worker processes) while
  the calling process alone writes the store, in input order, so the store is the one a
  local ``kg ingest`` gives.
- :func:`to_parquet` writes a bag of records as Parquet, one row per deal.
"""

from __future__ import annotations

import math
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, UsageError
from .extract.dates import user_date
from .extract.inputs import _file_items, _tasks, walk_paths
from .extract.parallel import analyze_task
from .guard import article_failure, error_text
from .model import SCHEMA
from .rules import RuleSet, using
from .rules import active as active_rules
from .view.export import _pyarrow, deal_rows_of_record, write_deal_rows

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag

    from .api import IngestReport, KnowledgeGraph
    from .store.database import IngestOutcome

HINT = "pip install 'kg[dask]'"
# address "local": two single-threaded worker processes; the scheduler's HTTP server (which
# runs even without the dashboard) on a free local port rather than 8787
LOCAL_CLUSTER = dict(
    n_workers=2,
    threads_per_worker=1,
    processes=True,
    dashboard_address="127.0.0.1:0",
    scheduler_kwargs={"dashboard": False},
)

# An item of work, built by the client and run by a worker:
# ("path", path) a file to read (a .jsonl file gives one article per line);
# ("data", label, bytes) bytes read by the client (standard input);
# ("text", label, text, meta) an article given as text; ("error", label, message).
Item = tuple


def _require_dask():
    try:
        import dask.bag as db
    except ImportError as exc:
        raise UsageError(f"Dask is not installed: {HINT}") from exc
    return db


def _require_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise UsageError(f"Dask's distributed scheduler is not installed: {HINT}") from exc
    return distributed


# ---------------------------------------------------------------------- inputs (client side)


def expand(paths: Iterable[str | Path]) -> list[Item]:
    """List the articles of *paths* with the rules of ``kg ingest``, without reading any file.

    Folders are searched recursively for ``.txt``, ``.md``, ``.html`` and ``.jsonl`` files,
    globs are expanded, ``-`` reads standard input (here, in the client); a glob that matches
    nothing becomes an error item.

    >>> expand(["news/a.txt", "nothing/*.txt"])
    [('path', 'news/a.txt'), ('error', 'nothing/*.txt', '[E001] nothing/*.txt: no file matches this pattern')]
    """

    items: list[Item] = []
    for kind, p in walk_paths(paths):
        if kind == "stdin":
            items.append(("data", "-", sys.stdin.buffer.read()))
        elif kind == "nomatch":
            items.append(("error", p, str(InputError("no file matches this pattern", path=p))))
        else:
            items.append(("path", p))
    return items


def _text_item(obj: Any) -> Item:
    """An element of a user's bag (a text, or a dict with ``text``) as an item."""
    if isinstance(obj, str):
        return ("text", None, obj, {})
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        meta = {k: obj[k] for k in ("title", "date", "source", "url") if obj.get(k) is not None}
        bad = sorted(k for k, v in meta.items() if not isinstance(v, str))
        if bad:
            label = obj.get("path") if isinstance(obj.get("path"), str) else "<item>"
            return ("error", label, f"{label}: {', '.join(repr(k) for k in bad)} must be a string")
        return ("text", obj.get("path"), obj["text"], meta)
    label = obj.get("path") or obj.get("url") or obj.get("title") if isinstance(obj, dict) else None
    return ("error", label or "<item>", 'each item must be a text or a dict with a "text" field')


def _label(item: Item) -> str:
    return item[1] or "<text>"


# ---------------------------------------------------------------------- work (worker side)


def _tasks_of(item: Item) -> Iterator[tuple[str, str, Any, dict]]:
    """The tasks of :func:`kg.extract.parallel.analyze_task` for one item (a .jsonl file gives several)."""

    kind = item[0]
    if kind == "path":
        yield from _tasks(_file_items(Path(item[1])))
    elif kind == "data":
        yield item[1], "file", item[2], {}
    elif kind == "text":
        text, meta = item[2], item[3]
        if not text.strip():
            yield _label(item), "error", str(InputError("the text is empty", path=_label(item))), meta
        else:
            yield item[1], "text", text, meta
    else:
        yield item[1], "error", item[2], {}


def analyze_items(items: list[Item], rules: RuleSet | None = None, records: bool = True) -> list[tuple]:
    """Analyse items on a worker: ``(label, meta, record, error)`` per article, in order.

    *rules* is the client's rule set (it travels as its folder list and is rebuilt here, once
    per worker process; default: the bundled rules).

    With ``records=False`` the third field is the :class:`~kg.model.ArticleResult` itself
    (without its text), which keeps every Decimal exactly as the pipeline made it. Nothing
    raises: an input error, and any other exception (a bug in a rule), becomes that
    article's error message, so one article cannot sink its partition.
    """

    with using(rules if rules is not None else RuleSet.bundled()):
        return _analyze_items(items, records)


def _analyze_items(items: list[Item], records: bool) -> list[tuple]:
    out = []
    for item in items:
        try:
            tasks = list(_tasks_of(item))
        except Exception as exc:  # noqa: BLE001 - reported per article
            out.append((_label(item), {}, None, _internal(exc, _label(item))))
            continue
        for task in tasks:
            label, meta = task[0] or "<text>", task[3]
            try:
                label, meta, result, error = analyze_task(task)
                if result is not None and records:
                    result = result.to_dict()
                elif result is not None:
                    result.text = ""  # the client does not need it back
            except Exception as exc:  # noqa: BLE001
                result, error = None, _internal(exc, label)
            out.append((label or "<text>", meta, result, error))
    return out


def _internal(exc: BaseException, label: str | None = None) -> str:
    return error_text(article_failure(exc, label))


def _records(outcomes: list[tuple]) -> list[dict]:
    return [
        record if error is None else {"schema": SCHEMA, "label": label, "error": error}
        for label, _meta, record, error in outcomes
    ]


# ---------------------------------------------------------------------- public API


def extract(paths_or_bag, *, npartitions: int | None = None) -> dask.bag.Bag:
    """A Dask bag of ``kg.article/1`` records, one per article, computed where the bag runs.

    Parameters
    ----------
    paths_or_bag : list of str or Path, or dask.bag.Bag
        Files, folders (searched recursively), globs or ``-``, expanded like ``kg ingest``
        expands them (the files themselves are read by the workers); or a bag whose
        elements are article texts, or dicts with a ``"text"`` field and optionally
        ``"title"``, ``"date"``, ``"source"``, ``"url"`` and ``"path"``.
    npartitions : int, optional
        Partitions of the bag made from paths, of near-equal size (default: one per article,
        at most 100; never more than the articles).
        Ignored when a bag is given (its partitions are kept).

    Returns
    -------
    dask.bag.Bag
        Lazy; each element is the record ``kg extract --json`` prints for that article,
        in input order. An article that fails (unreadable file, bad JSON line, even a bug)
        gives ``{"schema": "kg.article/1", "label": ..., "error": ...}`` instead, so the
        bag always completes; filter with ``bag.filter(lambda r: "error" not in r)``.

    Raises
    ------
    kg.errors.UsageError
        When Dask is not installed (``pip install 'kg[dask]'``).

    Examples
    --------
    >>> import dask.bag, kg.dask
    >>> texts = dask.bag.from_sequence(["英伟达宣布向OpenAI投资1000亿美元。", {"text": "輝達表示將向OpenAI投資300億美元。", "source": "CNA"}])
    >>> records = kg.dask.extract(texts).compute(scheduler="sync")  # on a cluster: Client(...), then .compute()
    >>> [(d["payer"], d["payee"], d["amount"]["usd"]) for r in records for d in r["deals"]]
    [('Nvidia', 'OpenAI', 100000000000), ('Nvidia', 'OpenAI', 30000000000)]
    >>> bad = kg.dask.extract(["no/such/file.txt"]).compute(scheduler="sync")[0]
    >>> bad["label"], "no such file" in bad["error"]
    ('no/such/file.txt', True)
    """
    return _outcomes(paths_or_bag, npartitions).map_partitions(_records)


def _outcomes(paths_or_bag, npartitions: int | None):
    """The bag of ``(label, meta, record, error)`` behind :func:`extract`."""
    db = _require_dask()
    rs = active_rules()
    if isinstance(paths_or_bag, db.Bag):
        items = paths_or_bag.map(_text_item)
        return items.map_partitions(analyze_items, rs)
    if isinstance(paths_or_bag, (str, Path)):
        paths_or_bag = [paths_or_bag]
    items = expand(paths_or_bag)
    n = max(1, min(npartitions or 100, len(items)))
    # exactly n partitions of near-equal size (from_sequence's own split may give n + 1: 106 in 4)
    chunks = [items[i * len(items) // n : (i + 1) * len(items) // n] for i in range(n)]
    return db.from_sequence(chunks, npartitions=n).flatten().map_partitions(analyze_items, rs)


def ingest(
    kg: KnowledgeGraph,
    paths: Iterable[str | Path],
    address: Any = "local",
    *,
    force: bool = False,
    on_item: Callable[[str, IngestOutcome | None, str | None], None] | None = None,
    progress: bool = False,
    chunk: int | None = None,
    default_date: str | None = None,
) -> IngestReport:
    """Analyse articles on a Dask cluster and store them with this process as the only writer.

    Parameters
    ----------
    kg : kg.KnowledgeGraph
        The graph (store) to write into.
    paths : list of str or Path
        As for :meth:`kg.KnowledgeGraph.ingest`; files are read by the workers.
    address : str or distributed.Client
        The scheduler (``"tcp://host:8786"``), ``"local"`` for a ``LocalCluster`` of two
        single-threaded worker processes on this machine (closed at the end), or a
        ``distributed.Client`` you already have (left open).
    force : bool
        Re-extract articles already in the store.
    on_item : callable, optional
        ``on_item(label, outcome, error)`` after each article, as in ``KnowledgeGraph.ingest``.
    progress : bool
        A progress bar on standard error.
    chunk : int, optional
        Items per task (default: enough tasks for four per worker thread, at most 32 items each).
    default_date : str, optional
        ``YYYY[-MM[-DD]]``: the date of the articles that give none of their own, as in
        ``KnowledgeGraph.ingest``.

    Returns
    -------
    kg.api.IngestReport
        new/skipped/replaced/failed counts and the errors, as ``KnowledgeGraph.ingest`` gives.

    The client writes the results in input order as they arrive, with at most four tasks
    per worker thread in flight (finished results wait on the workers, not in the client's
    memory), so the store is the one a local ``kg ingest`` of the same paths gives, ids
    included. Workers send back the analysed results themselves rather than their
    ``kg.article/1`` records: a record's JSON numbers drop a Decimal's trailing zeros
    (``433300000.000``) and pass fractions through floats, which the store would show.

    Examples
    --------
    >>> from kg import KnowledgeGraph
    >>> import kg.dask
    >>> g = KnowledgeGraph.open(":memory:")
    >>> kg.dask.ingest(g, ["corpora/"], "tcp://scheduler:8786").new  # doctest: +SKIP
    30
    """
    if default_date is not None:
        default_date = user_date(default_date, "default_date")  # refused before a cluster starts
    distributed = _require_distributed()
    items = expand(paths)
    own = not isinstance(address, distributed.Client)
    client = _connect(address, distributed) if own else address
    try:
        threads = max(1, sum(client.nthreads().values()))
        size = chunk or max(1, min(32, math.ceil(len(items) / (4 * threads))))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        rs = active_rules()

        def outcomes():
            window = max(4, 4 * threads)
            pending: deque = deque()
            todo = iter(chunks)

            def submit():
                part = next(todo, None)
                if part is not None:
                    fut = client.submit(analyze_items, part, rs, False, pure=False)
                    pending.append((part, fut))

            for _ in range(window):
                submit()
            while pending:
                part, fut = pending.popleft()
                try:
                    out = fut.result()
                except Exception as exc:  # noqa: BLE001 - a worker died: those articles failed
                    if isinstance(exc, ImportError):
                        msg = f"the Dask workers cannot run kg ({exc}); install kg on every worker"
                        raise UsageError(msg) from exc
                    out = [(_label(it), {}, None, _internal(exc, _label(it))) for it in part]
                finally:
                    fut.release()
                submit()
                yield from out

        jsonl = any(it[0] == "path" and Path(it[1]).suffix.lower() in {".jsonl", ".ndjson"} for it in items)
        return kg.write_results(
            outcomes(),
            total=None if jsonl else len(items),
            force=force,
            progress=progress,
            on_item=on_item,
            default_date=default_date,
        )
    finally:
        if own:
            cluster = client.cluster if address == "local" else None
            client.close()
            if cluster is not None:
                cluster.close()


def _connect(address: str, distributed):
    """A client of *address*; ``"local"`` starts two worker processes on this machine."""
    if address == "local":
        cluster = distributed.LocalCluster(**LOCAL_CLUSTER)
        return distributed.Client(cluster)
    try:
        return distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot connect to the Dask scheduler at {address!r}: {exc}") from exc


# ---------------------------------------------------------------------- Parquet


def to_parquet(bag: dask.bag.Bag, path: str | Path) -> list[Path]:
    """Write the deals of a bag of records as Parquet, one row per deal, one file per partition.

    Parameters
    ----------
    bag : dask.bag.Bag
        ``kg.article/1`` records, as :func:`extract` gives (error records are left out).
    path : str or Path
        A folder; the workers write ``part.00000.parquet``, ``part.00001.parquet``... into
        it (names sort in partition order), so on a cluster it must be a file system they share.

    Returns
    -------
    list of Path
        The files written, in partition order; ``pandas.read_parquet(path)`` reads them all.

    The columns are :data:`kg.view.export.DEAL_RECORD_COLUMNS`: the article (``article`` id,
    ``path``, ``title``, ``article_date``, ``source``), the deal (``index`` in the article,
    ``payer``, ``payee``, ``kind``, ``status``, ``date``, ``rule``, ``evidence`` as a list of
    sentences) and its amount, money as ``decimal128(38, 12)`` (``value``, ``low``, ``high``,
    ``usd``, ``low_usd``, ``high_usd``) beside ``amount_text`` and ``currency``. Every file has
    the same schema, also when a partition has no deal.

    Examples
    --------
    >>> import dask, dask.bag, pandas, tempfile, kg.dask
    >>> out = tempfile.mkdtemp()
    >>> bag = kg.dask.extract(dask.bag.from_sequence(["英伟达宣布向OpenAI投资1000亿美元。"]))
    >>> with dask.config.set(scheduler="sync"):
    ...     files = kg.dask.to_parquet(bag, out)
    >>> df = pandas.read_parquet(out)
    >>> df[["payer", "payee", "kind"]].iloc[0].tolist(), str(df["usd"].iloc[0])
    (['Nvidia', 'OpenAI', 'investment'], '100000000000.000000000000')
    """
    import dask


    _require_dask()
    _pyarrow()  # fail early, here, when pyarrow is missing
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    rows = bag.map(deal_rows_of_record).flatten()
    tasks = [
        dask.delayed(write_deal_rows)(part, str(out / f"part.{i:05d}.parquet"))
        for i, part in enumerate(rows.to_delayed())
    ]
    return [Path(p) for p in dask.compute(*tasks)]
