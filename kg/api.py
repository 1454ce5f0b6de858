"""The Python API: a knowledge graph of companies and deals over the embedded store.

>>> from kg import KnowledgeGraph
>>> kg = KnowledgeGraph.from_texts(["輝達表示將向OpenAI投資300億美元。", "英伟达将向OpenAI投资300亿美元。"])
>>> [(d.payer, d.payee, d.kind, d.usd, len(d.evidence)) for d in kg.deals(payer="Nvidia")]
[('Nvidia', 'OpenAI', 'investment', Decimal('30000000000'), 2)]
>>> kg.entity("辉达").name
'Nvidia'
>>> [n.name for n in kg.neighbors("OpenAI", direction="in")]
['Nvidia']
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .analysis.intervals import UNNAMED_PAYER
from .errors import KGError, UsageError
from .extract.dates import assume_date, in_range, user_date
from .extract.gazetteer import load_gazetteer
from .extract.inputs import (  # noqa: F401 - re-exported: the one path walker
    ARTICLE_SUFFIXES,
    JSONL_SUFFIXES,
    _file_items,
    _tasks,
    check_inputs,
    iter_articles,
    walk_paths,
)
from .extract.normalize import to_simplified
from .extract.parallel import analyze_all
from .extract.pipeline import analyze
from .kinds import deal_kinds
from .model import STATUSES, ArticleResult, Evidence, checked_filter
from .numbers import json_number, to_decimal
from .store import queries as q
from .store.database import IngestOutcome, Store, entity_norm
from .view.frames import typed_frame
from .view.graph_page import notebook_html, write_html

DEFAULT_DB = "outputs/kg.db"


@dataclass
class StoredEvidence(Evidence):
    """The :class:`~kg.model.Evidence` of a stored deal (a sentence, its offsets) and the
    article and rule it comes from."""

    article_id: str = ""
    path: str | None = None
    title: str | None = None
    rule: str | None = None
    source: str | None = None
    url: str | None = None
    reprint_of: str | None = None  # the article this one reprints (near-duplicate text), if any

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "path": self.path,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "reprint_of": self.reprint_of,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "rule": self.rule,
        }


@dataclass
class Version:
    """One reported figure of a deal (several articles may tell the same version)."""

    amount: dict[str, Any] | None
    date: str | None
    status: str
    reported: str
    article_id: str
    quantities: list[dict] = field(default_factory=list)
    date_origin: str | None = None  # "stated" by the text, or the "article"'s own date


@dataclass
class StoredDeal:
    """A deal in the store: the current (latest reported) figures and every report of it."""

    id: int
    payer: str | None
    payee: str
    kind: str
    versions: list[Version]
    evidence: list[StoredEvidence]

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def usd(self) -> Decimal | None:
        """The current USD value (the middle of a range), or None when no figure was reported."""
        a = self.current.amount
        if not a:
            return None
        if a.get("usd") is not None:
            return Decimal(a["usd"])
        lo, hi = a.get("low_usd"), a.get("high_usd")
        if lo is not None and hi is not None:
            return (Decimal(lo) + Decimal(hi)) / 2
        return Decimal(lo) if lo is not None else (Decimal(hi) if hi is not None else None)

    @property
    def articles(self) -> list[str]:
        return sorted({e.article_id for e in self.evidence})

    @property
    def independent_articles(self) -> list[str]:
        """The articles that told the deal, a reprint counted as its original (one per story)."""
        return sorted({e.reprint_of or e.article_id for e in self.evidence})

    def to_dict(self) -> dict[str, Any]:
        """The fields of a ``kg.article/1`` deal, plus ``id``, every article's evidence and the versions."""
        cur = self.current
        return {
            "id": self.id,
            "payer": self.payer,
            "payee": self.payee,
            "kind": self.kind,
            "amount": _json_amount(cur.amount),
            "quantities": cur.quantities,
            "date": cur.date,
            "date_origin": cur.date_origin,
            "status": cur.status,
            "articles": len(self.articles),
            "independent_articles": len(self.independent_articles),
            "evidence": [e.to_dict() for e in self.evidence],
            "versions": [
                {
                    "amount": _json_amount(v.amount),
                    "date": v.date,
                    "date_origin": v.date_origin,
                    "status": v.status,
                    "reported": v.reported,
                    "article": v.article_id,
                }
                for v in self.versions
            ],
        }


@dataclass
class EntityInfo:
    name: str
    type: str
    ticker: str | None
    discovered: bool
    aliases: list[str]
    mentions: int
    articles: int
    facts: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class IngestReport:
    new: int = 0
    skipped: int = 0
    replaced: int = 0
    failed: int = 0
    deals: int = 0
    merged: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class KnowledgeGraph:
    """Companies and the money between them, over a :class:`~kg.store.database.Store`."""

    def __init__(self, store: Store):
        self.store = store

    # ------------------------------------------------------------------ construction

    @classmethod
    def open(cls, path: str | Path = DEFAULT_DB, *, readonly: bool = False) -> KnowledgeGraph:
        """Open (or create) the store at *path*."""
        return cls(Store(path, readonly=readonly))

    @classmethod
    def from_articles(cls, paths: Iterable[str | Path]) -> KnowledgeGraph:
        """An in-memory graph of the given files, folders or globs."""
        kg = cls(Store(":memory:"))
        kg.ingest(*paths)
        return kg

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> KnowledgeGraph:
        """An in-memory graph of article texts (handy in notebooks and tests)."""

        kg = cls(Store(":memory:"))
        for i, t in enumerate(texts):
            kg.store.ingest(analyze(t, path=f"<text {i}>"))
        return kg

    def close(self) -> None:
        self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ ingest

    def ingest(
        self,
        *paths: str | Path,
        force: bool = False,
        progress: bool = False,
        jobs: int = 1,
        on_item: Callable[[str, IngestOutcome | None, str | None], None] | None = None,
        default_date: str | None = None,
    ) -> IngestReport:
        """Analyse and store articles: files, folders (recursively), globs, or ``-`` for stdin.

        ``.txt``, ``.md``, ``.html`` are one article each; ``.jsonl`` holds one article per line
        (``{"text": ..., "title", "date", "source", "url"}``). A file that fails is reported and
        skipped; the others go on. *jobs* > 1 analyses in that many worker processes while
        this process alone writes, in input order (the store is the same for any *jobs*).
        *on_item(label, outcome, error)* is called after each article; *progress* shows a
        tqdm progress bar on standard error. *default_date* (``YYYY[-MM[-DD]]``) dates the
        articles that give no date of their own (:func:`kg.extract.dates.assume_date`: their
        deals' ``date_origin`` is "default"); a malformed one is a :class:`~kg.errors.UsageError`.
        """
        if default_date is not None:
            default_date = user_date(default_date, "default_date")
        items = list(iter_articles(paths))
        return self.write_results(
            analyze_all(_tasks(items), jobs=jobs if len(items) > 1 else 1),
            total=len(items),
            force=force,
            progress=progress,
            on_item=on_item,
            default_date=default_date,
        )

    def write_results(
        self,
        outcomes: Iterable[tuple[str, dict, ArticleResult | None, str | None]],
        *,
        total: int | None = None,
        force: bool = False,
        progress: bool = False,
        on_item: Callable[[str, IngestOutcome | None, str | None], None] | None = None,
        default_date: str | None = None,
    ) -> IngestReport:
        """Store analysed articles: ``(label, meta, result, error)`` tuples, as workers return them.

        The single writer behind ``ingest`` (local processes) and ``kg.dask.ingest`` (a cluster).
        *default_date*: as for :meth:`ingest`.
        """
        if default_date is not None:
            default_date = user_date(default_date, "default_date")
        self.store.check_integrity()  # a damaged store is refused before anything is written
        report = IngestReport()
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="article", desc="ingest", file=sys.stderr, leave=False)
        try:
            for label, meta, result, error in outcomes:
                if bar is not None:
                    bar.update(1)
                if error is None:
                    assume_date(result, default_date, to_simplified)  # an article without a date of its own
                    try:
                        outcome = self.store.ingest(
                            result,
                            force=force,
                            source=meta.get("source"),
                            url=meta.get("url"),
                            date=meta.get("date"),
                        )
                    except KGError as exc:
                        if exc.exit_code == 3:
                            raise
                        error = str(exc)
                if error is not None:
                    report.failed += 1
                    report.errors.append(error)
                    if on_item:
                        on_item(label, None, error)
                    continue
                setattr(report, outcome.status, getattr(report, outcome.status) + 1)
                report.deals += outcome.deals
                report.merged += outcome.merged
                if on_item:
                    on_item(label, outcome, None)
        finally:
            if bar is not None:
                bar.close()
        return report

    # ------------------------------------------------------------------ queries

    def resolve(self, name: str) -> int | None:
        """Entity id for a name, alias or ticker in any script, or None."""
        c = self.store.conn
        norm = entity_norm(name)
        eid = q.entity_id_by_norm(c, norm)
        if eid is not None:
            return eid
        rec = load_gazetteer().resolve(name)
        if rec is not None:
            eid = q.entity_id_by_norm(c, entity_norm(rec.name))
            if eid is not None:
                return eid
        return q.entity_id_by_alias(c, norm)

    def _require(self, name: str) -> int:
        eid = self.resolve(name)
        if eid is None:
            raise UsageError(f"no entity called {name!r} in the store")
        return eid

    def deals(
        self,
        *,
        payer: str | None = None,
        payee: str | None = None,
        kinds: str | Iterable[str] | None = None,
        min_usd: float | Decimal | None = None,
        since: str | None = None,
        statuses: str | Iterable[str] | None = None,
        until: str | None = None,
        exclude_statuses: str | Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[StoredDeal]:
        """Deals matching every filter given, largest first (by current USD value).

        *kinds*, *statuses*, *exclude_statuses*: a name, several comma-separated, or an
        iterable; checked (:func:`kg.model.checked_filter`), as everywhere in kg. *since* and
        *until* (ISO dates, ``2025``, ``2025-10`` or ``2025-10-06``, inclusive) keep the deals
        whose date (stated, else the article's) may fall in that range; deals without any date
        are left out when either is given. *limit* keeps the first so many.
        """
        kinds = checked_filter(kinds, deal_kinds().names, "kind")
        statuses = checked_filter(statuses, STATUSES, "status")
        exclude_statuses = checked_filter(exclude_statuses, STATUSES, "status")
        where, args = [], []
        if payer is not None:
            where.append("d.payer_id = ?")
            args.append(self._require(payer))
        if payee is not None:
            where.append("d.payee_id = ?")
            args.append(self._require(payee))
        if kinds is not None:
            where.append(f"d.kind IN ({', '.join('?' * len(kinds))})")
            args += sorted(kinds)
        out = self._load_deals(" AND ".join(where), args)
        if min_usd is not None:
            floor = Decimal(str(min_usd))
            out = [d for d in out if d.usd is not None and d.usd >= floor]
        if since is not None or until is not None:
            out = [d for d in out if in_range(d.current.date, since, until)]
        if statuses is not None:
            out = [d for d in out if d.current.status in statuses]
        if exclude_statuses is not None:
            out = [d for d in out if d.current.status not in exclude_statuses]
        out.sort(key=lambda d: (-(d.usd or Decimal(0)), d.id))
        return out if limit is None else out[:limit]

    def _deal(self, deal_id: int) -> StoredDeal:
        return self._load_deals("d.id = ?", [deal_id])[0]

    def _load_deals(self, where: str = "", args: list | tuple = ()) -> list[StoredDeal]:
        """Deals matching a WHERE clause on ``deals d``, with versions and evidence, in three queries."""
        c = self.store.conn
        heads = q.deal_heads(c, where, args)
        if not heads:
            return []
        versions: dict[int, list[Version]] = {}
        for v in q.deal_versions(c, where, args):
            amount = None
            if any(v[k] is not None for k in ("value", "low", "high")):
                amount = {k: to_decimal(v[k]) for k in ("value", "low", "high", "usd", "low_usd", "high_usd")}
                amount.update(currency=v["currency"], approx=bool(v["approx"]), text=v["amount_text"])
                if v["up_to"]:
                    amount["up_to"] = True
                if v["joint"]:
                    amount["joint"] = True
            versions.setdefault(v["deal_id"], []).append(
                Version(
                    amount=amount,
                    date=v["date"],
                    status=v["status"],
                    reported=v["reported"],
                    article_id=v["article_id"],
                    quantities=json.loads(v["quantities"] or "[]"),
                    date_origin=v["date_origin"],
                )
            )
        evidence: dict[int, list[StoredEvidence]] = {}
        for r in q.deal_evidence(c, where, args):
            evidence.setdefault(r["deal_id"], []).append(
                StoredEvidence(
                    r["text"],
                    r["start"],
                    r["end"],
                    article_id=r["article_id"],
                    path=r["path"],
                    title=r["title"],
                    rule=r["rule"],
                    source=r["source"],
                    url=r["url"],
                    reprint_of=r["reprint_of"],
                )
            )
        return [
            StoredDeal(
                d["id"],
                d["payer"],
                d["payee"],
                d["kind"],
                versions.get(d["id"], []),
                evidence.get(d["id"], []),
            )
            for d in heads
        ]

    def entity(self, name: str) -> EntityInfo:
        """Everything the store knows of one entity; *name* may be any alias, in either script."""
        eid = self._require(name)
        c = self.store.conn
        e = q.entity_row(c, eid)
        aliases = q.entity_aliases(c, eid)
        mentions, articles = q.mention_counts(c, eid)
        facts = [
            {
                "metric": r["metric"],
                "value": json_number(r["value"]),
                "unit": r["unit"],
                "currency": r["currency"],
                "usd": json_number(r["usd"]),
                "period": r["period"],
                "counterparty": r["counterparty"],
                "evidence": r["text"],
                "article": r["article_id"],
            }
            for r in q.entity_facts(c, eid)
        ]
        return EntityInfo(
            e["name"], e["type"], e["ticker"], bool(e["discovered"]), aliases, mentions, articles, facts
        )

    def neighbors(self, name: str, direction: str = "both") -> list[EntityInfo]:
        """Counterparties of *name*: who pays it (``in``), whom it pays (``out``), or both."""
        if direction not in ("in", "out", "both"):
            raise UsageError("direction must be in, out or both")
        eid = self._require(name)
        c = self.store.conn
        ids: list[int] = []
        if direction in ("in", "both"):
            ids += q.payers_of(c, eid)
        if direction in ("out", "both"):
            ids += q.payees_of(c, eid)
        seen, out = set(), []
        for i in ids:
            if i not in seen:
                seen.add(i)
                out.append(self.entity(q.entity_name(c, i)))
        return out

    def path(self, source: str, target: str, *, max_len: int = 4) -> list[list[StoredDeal]]:
        """Money paths from *source* to *target*: chains of deals, payer to payee, at most *max_len* long.

        The shortest first; among paths of one length, the one moving the most money (the sum of
        its hops' USD) first, then by the names along it.
        """
        import networkx as nx

        g = self.to_networkx()
        a = self.entity(source).name
        b = self.entity(target).name
        simple = nx.DiGraph(g)
        out = []
        for nodes in nx.all_simple_paths(simple, a, b, cutoff=max_len):
            hops = []
            for u, v in zip(nodes, nodes[1:], strict=False):
                best = max(g[u][v].values(), key=lambda attrs: attrs.get("usd") or 0)
                hops.append(self._deal(best["deal_id"]))
            out.append(hops)
        out.sort(key=lambda hops: (len(hops), -sum(h.usd or 0 for h in hops), [(h.payer, h.payee) for h in hops]))
        return out

    def to_networkx(self, *, since: str | None = None, until: str | None = None):
        """A ``networkx.MultiDiGraph``: entities as nodes, one edge per deal, payer -> payee.

        *since* / *until* keep only the deals dated in that range (as :meth:`deals`).

        Node attributes: ``type``, ``ticker``, ``discovered``, ``aliases`` (list), ``mentions``.
        Edge key: the deal id; edge attributes: ``deal_id``, ``kind``, ``status``, ``date``,
        ``usd`` (float or None), ``value``/``low``/``high`` (Decimal or None), ``currency``,
        ``approx``, ``amount_text``, ``articles`` (list of article ids), ``evidence`` (number).
        Deals whose payer the text does not name hang from a node per payee, ``(unnamed payer
        of X)``, so unrelated deals do not meet in one made-up hub.
        """
        import networkx as nx

        g = nx.MultiDiGraph()
        c = self.store.conn
        mentions = q.mentions_per_entity(c)
        in_deals = q.entities_in_deals(c)
        aliases: dict[int, list[str]] = {}
        for eid, alias in q.all_aliases(c):
            aliases.setdefault(eid, []).append(alias)
        for e in q.all_entities(c, "id"):
            n = mentions.get(e["id"], 0)
            if e["id"] not in in_deals and not n:
                continue
            g.add_node(
                e["name"],
                type=e["type"],
                ticker=e["ticker"],
                discovered=bool(e["discovered"]),
                aliases=aliases.get(e["id"], []),
                mentions=n,
            )
        for d in self._load_deals():
            if not in_range(d.current.date, since, until):
                continue
            payer = d.payer or UNNAMED_PAYER.format(payee=d.payee)
            if payer not in g:
                g.add_node(payer, type="other", ticker=None, discovered=True, aliases=[], mentions=0, unnamed=True)
            a = d.current.amount or {}
            g.add_edge(
                payer,
                d.payee,
                key=d.id,
                deal_id=d.id,
                kind=d.kind,
                status=d.current.status,
                date=d.current.date,
                usd=float(d.usd) if d.usd is not None else None,
                value=to_decimal(a.get("value")),
                low=to_decimal(a.get("low")),
                high=to_decimal(a.get("high")),
                currency=a.get("currency"),
                approx=bool(a.get("approx", False)),
                amount_text=a.get("text"),
                articles=d.articles,
                independent_articles=len(d.independent_articles),
                date_origin=d.current.date_origin,
                evidence=len(d.evidence),
            )
        return g

    def to_html(self, path: str | Path | None = None, **filters: Any) -> Path:
        """Write the interactive graph page (one offline HTML file) and return its path.

        *filters* are those of ``kg graph``: ``min_usd``, ``kind``, ``status``, ``entity``,
        ``depth``, ``top``. The default path is ``outputs/graph.html``.
        """

        return write_html(self, path, **filters)

    def _repr_html_(self) -> str:
        """Show the graph inline in Jupyter (an ``<iframe srcdoc>``, no notebook mode needed).

        At most the 300 entities with most flow, so a large store does not put megabytes into
        the notebook; ``kg.view.graph_page.notebook_html(kg, top=...)`` chooses another number.
        """

        return notebook_html(self, top=300)

    def to_pandas(self, table: str = "deals"):
        """A pandas DataFrame of ``deals``, ``entities`` or ``facts`` (needs the ``pandas`` extra).

        Money columns are numbers: ``usd`` is float64 (sums and plots), and ``value``, ``low``,
        ``high`` and ``usd_exact`` hold the exact decimals (pandas' Arrow ``decimal128(38, 6)``
        type when pyarrow is installed, else Python Decimals). ``date`` is a datetime (a month
        or year alone as its first day; ``date_text`` keeps the stated precision).
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise UsageError("to_pandas needs pandas: pip install 'kg[pandas]'") from exc
        return typed_frame(pd, table, self.rows(table))

    def rows(self, table: str = "deals") -> list[dict[str, Any]]:
        """Flat rows (scalars only) of ``deals``, ``entities`` or ``facts``, as used by the CSV export."""
        c = self.store.conn
        if table == "deals":
            out = []
            for d in self.deals():
                a = d.current.amount or {}
                out.append(
                    {
                        "id": d.id,
                        "payer": d.payer,
                        "payee": d.payee,
                        "kind": d.kind,
                        "status": d.current.status,
                        "date": d.current.date,
                        "value": a.get("value"),
                        "low": a.get("low"),
                        "high": a.get("high"),
                        "currency": a.get("currency"),
                        "usd": str(d.usd) if d.usd is not None else None,
                        "approx": a.get("approx"),
                        "amount_text": a.get("text"),
                        "versions": len(d.versions),
                        "articles": len(d.articles),
                        "evidence": len(d.evidence),
                        **_provenance(d),
                    }
                )
            return out
        if table == "entities":
            return [
                {
                    "name": r["name"],
                    "type": r["type"],
                    "ticker": r["ticker"],
                    "discovered": bool(r["discovered"]),
                    "aliases": "; ".join(q.entity_aliases(c, r["id"])),
                }
                for r in q.all_entities(c, "name")
            ]
        if table == "facts":
            return [dict(r) for r in q.fact_table(c)]
        raise UsageError(f"unknown table {table!r}; use deals, entities or facts")


def _provenance(d: StoredDeal) -> dict[str, Any]:
    """Where a deal's row comes from: its date's origin, independent articles, first sentence and article."""
    e = d.evidence[0] if d.evidence else None
    return {
        "date_origin": d.current.date_origin,
        "independent_articles": len(d.independent_articles),
        "sentence": e.text if e else None,
        "title": e.title if e else None,
        "source": e.source if e else None,
        "url": e.url if e else None,
        "path": e.path if e else None,
    }


def _json_amount(a: dict | None) -> dict | None:
    if a is None:
        return None
    out = dict(a)
    for k in ("value", "low", "high", "usd", "low_usd", "high_usd"):
        out[k] = json_number(out.get(k))
    return out
