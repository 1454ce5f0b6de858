"""The embedded store: one SQLite file holding every ingested article and what it gave.

Tables (schema version in ``PRAGMA user_version``, upgraded by :data:`MIGRATIONS`):

- ``articles``: content hash (id), path, source, url, title, date, script, encoding, ingested at;
- ``entities`` and ``aliases``: one row per canonical entity, whatever script or alias named it;
- ``mentions``, ``amounts``, ``facts``: per article, with offsets;
- ``deals``: one row per payer, payee and kind; ``deal_versions``: the figures reported for
  it, one row per distinct report (never averaged; the latest reported is current);
  ``evidence``: every sentence that told it, pointing to its article and span.

Each article is written in one transaction: it is in the store whole or not at all,
even if the process is killed mid-write (SQLite's WAL journal). Whether the article is
already there is decided inside that write transaction, so several processes may ingest
into one store at once and each article is stored exactly once.

Money is stored as decimal strings, so nothing is rounded by the database.

Errors are :class:`~kg.errors.StoreError` naming the store: locked by another writer for
longer than the busy timeout (``KG_BUSY_TIMEOUT`` seconds, default 30, or the *timeout*
argument), read-only file or folder, not a SQLite file, a kg schema newer than this kg.
An older schema is upgraded by :data:`MIGRATIONS` in one transaction; a file that
cannot be upgraded is refused before anything is written to it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import weakref
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from ..errors import StoreError, UsageError
from ..extract.dates import ASSUMED_ORIGINS
from ..extract.gazetteer import key
from ..kinds import deal_kinds
from ..model import ArticleResult, Deal
from . import deal_order, dedupe

SCHEMA_VERSION = 2
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a writer waits for another one (KG_BUSY_TIMEOUT overrides)

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY, path TEXT, source TEXT, url TEXT, title TEXT, date TEXT,
            script TEXT, encoding TEXT, chars INTEGER, ingested_at TEXT NOT NULL)""",
        """CREATE TABLE entities (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, norm TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
            ticker TEXT, discovered INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE aliases (
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL, norm TEXT NOT NULL, PRIMARY KEY (entity_id, norm))""",
        """CREATE TABLE mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id), start INTEGER, "end" INTEGER, text TEXT)""",
        """CREATE TABLE amounts (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER, "end" INTEGER, text TEXT, value TEXT, low TEXT, high TEXT, approx INTEGER,
            currency TEXT, usd TEXT, unit TEXT)""",
        """CREATE TABLE deals (
            id INTEGER PRIMARY KEY, payer_id INTEGER REFERENCES entities(id),
            payee_id INTEGER NOT NULL REFERENCES entities(id), kind TEXT NOT NULL)""",
        """CREATE TABLE deal_versions (
            id INTEGER PRIMARY KEY, deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            value TEXT, low TEXT, high TEXT, approx INTEGER, currency TEXT, usd TEXT, low_usd TEXT,
            high_usd TEXT, amount_text TEXT, up_to INTEGER, joint INTEGER, quantities TEXT,
            date TEXT, status TEXT, reported TEXT NOT NULL, seq INTEGER NOT NULL)""",
        """CREATE TABLE evidence (
            id INTEGER PRIMARY KEY, deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
            version_id INTEGER NOT NULL REFERENCES deal_versions(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            text TEXT, start INTEGER, "end" INTEGER, rule TEXT)""",
        """CREATE TABLE facts (
            id INTEGER PRIMARY KEY, entity_id INTEGER NOT NULL REFERENCES entities(id),
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            metric TEXT, value TEXT, low TEXT, high TEXT, unit TEXT, currency TEXT, usd TEXT, period TEXT,
            counterparty_id INTEGER REFERENCES entities(id), text TEXT, start INTEGER, "end" INTEGER)""",
        "CREATE INDEX deals_payer ON deals(payer_id, kind)",
        "CREATE INDEX deals_payee ON deals(payee_id, kind)",
        "CREATE INDEX versions_deal ON deal_versions(deal_id)",
        "CREATE INDEX versions_article ON deal_versions(article_id)",
        "CREATE INDEX evidence_deal ON evidence(deal_id)",
        "CREATE INDEX evidence_article ON evidence(article_id)",
        "CREATE INDEX mentions_article ON mentions(article_id)",
        "CREATE INDEX mentions_entity ON mentions(entity_id)",
        "CREATE INDEX amounts_article ON amounts(article_id)",
        "CREATE INDEX facts_entity ON facts(entity_id)",
        "CREATE INDEX facts_article ON facts(article_id)",
        "CREATE INDEX aliases_norm ON aliases(norm)",
    ],
    # 2: normalised content hash (whitespace, width and script copies are one article), MinHash
    # signature and LSH bands (reprints link to their original), where a deal's date came from,
    # and a small key/value table (who created the store)
    2: [
        "ALTER TABLE articles ADD COLUMN content_hash TEXT",
        "ALTER TABLE articles ADD COLUMN minhash BLOB",
        "ALTER TABLE articles ADD COLUMN reprint_of TEXT",
        "ALTER TABLE articles ADD COLUMN similarity REAL",
        "ALTER TABLE deal_versions ADD COLUMN date_origin TEXT",
        "UPDATE deal_versions SET date_origin = 'stated' WHERE date IS NOT NULL",
        """CREATE TABLE article_bands (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            band INTEGER NOT NULL, hash TEXT NOT NULL)""",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        "CREATE INDEX articles_content ON articles(content_hash)",
        "CREATE INDEX articles_reprint ON articles(reprint_of)",
        "CREATE INDEX bands_hash ON article_bands(band, hash)",
        "CREATE INDEX bands_article ON article_bands(article_id)",
    ],
}

# every deal also kept as a record: the store does not depend on ingest order (kg/store/deal_order.py)
MIGRATIONS[2] = MIGRATIONS[2] + deal_order.TABLE

NOT_A_STORE = "not a kg store"

TOLERANCE = Decimal("0.005")  # amounts within 0.5 % are the same figure


def _s(d: Decimal | None) -> str | None:
    return None if d is None else str(d)


def entity_norm(name: str) -> str:
    """Script-, width- and space-insensitive key of an entity name (輝達公司 and 辉达公司 agree).

    >>> entity_norm("Magnetar  Capital") == entity_norm("magnetar capital"), entity_norm("鴻海") == entity_norm("鸿海")
    (True, True)
    """
    return "".join(key(name).split())


@dataclass
class IngestOutcome:
    """What ingesting one article did."""

    article_id: str
    status: str  # "new", "skipped" (already there) or "replaced" (--force)
    deals: int = 0
    merged: int = 0  # deals that were already in the store (evidence added or a new version)
    notes: list[str] = field(default_factory=list)  # the article's notes (e.g. no Chinese text)


def busy_timeout() -> float:
    """Seconds to wait for another writer: ``KG_BUSY_TIMEOUT`` or :data:`DEFAULT_BUSY_TIMEOUT`."""
    raw = os.environ.get("KG_BUSY_TIMEOUT")
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not value >= 0:

            raise UsageError(f"KG_BUSY_TIMEOUT must be a number of seconds, got {raw!r}")
        return value
    return DEFAULT_BUSY_TIMEOUT


class Store:
    """A knowledge-graph store in one SQLite file (``":memory:"`` for a temporary one).

    *timeout* is how many seconds a write waits for another process's write to finish
    before giving up with a :class:`StoreError` (default: :func:`busy_timeout`).
    """

    def __init__(
        self, path: str | Path = ":memory:", *, readonly: bool = False, timeout: float | None = None
    ):
        self.path = str(path)
        self.readonly = readonly
        self.timeout = busy_timeout() if timeout is None else float(timeout)
        self.conn = None
        try:
            if self.path != ":memory:":
                p = Path(self.path)
                if p.is_dir():
                    raise StoreError("is a folder; the store is a file (e.g. outputs/kg.db)", path=self.path)
                if not readonly:
                    self._check_writable(p)
                elif not p.exists():
                    raise StoreError("no such store; run `kg ingest` first", path=self.path)
                if p.is_file() and p.stat().st_size == 0:
                    raise StoreError(f"{NOT_A_STORE} (an empty file)", path=self.path)
                mode = "rwc"
                if readonly:
                    # a reader that may write opens read-write but query-only, so that closing it
                    # checkpoints and removes the -wal/-shm files SQLite makes for a WAL store
                    mode = "rw" if os.access(p, os.W_OK) and os.access(p.parent, os.W_OK) else "ro"
                self._mode = mode
                uri = f"{p.resolve().as_uri()}?mode={mode}"
                self.conn = sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
                self._finalizer = weakref.finalize(self, _close_connection, self.conn)
            else:
                self.conn = sqlite3.connect(":memory:", isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if readonly:
                self.conn.execute("PRAGMA query_only = ON")
            self.conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            self._migrate()  # refuses a file it cannot upgrade before anything is written to it
            if self.path != ":memory:" and not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
        except StoreError:
            self._close_quietly()
            raise
        except sqlite3.Error as exc:
            self._close_quietly()
            raise self._error(exc, "cannot open the store") from exc

    def _check_writable(self, p: Path) -> None:
        """Refuse a read-only store file or folder up front, with a message that says so."""
        folder = p.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store's folder {str(folder)!r}: {exc.strerror}", path=self.path
            ) from exc
        if p.exists() and not os.access(p, os.W_OK):
            raise StoreError(
                "the store file is read-only; make it writable, or query it (kg deals, kg entity...) "
                "which opens it read-only",
                path=self.path,
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(
                f"the store's folder {str(folder)!r} is read-only; SQLite needs to write its journal "
                "next to the store",
                path=self.path,
            )

    def _close_quietly(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:
                pass

    def _error(self, exc: sqlite3.Error, doing: str) -> StoreError:
        """A StoreError saying in plain words what a sqlite3 error means for the user."""
        msg = str(exc)
        low = msg.lower()
        if "locked" in low or "busy" in low:
            why = (
                f"the store is locked by another process (waited {self.timeout:g} s); try again when it "
                "finishes, or raise KG_BUSY_TIMEOUT"
            )
        elif "readonly" in low or "read-only" in low:
            why = "the store is read-only (file or folder permissions, or opened read-only)"
        elif "not a database" in low:
            why = NOT_A_STORE
        elif "malformed" in low:
            why = f"not a readable kg store ({msg})"
        elif "unable to open" in low:
            why = f"cannot open the file ({msg}); check that its folder exists and is writable"
        elif "disk" in low and "full" in low:
            why = "the disk is full"
        else:
            why = msg
        return StoreError(f"{doing}: {why}", path=self.path)

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION` in one transaction, or refuse unchanged."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store has schema version {version}, newer than this kg ({SCHEMA_VERSION}); upgrade kg",
                path=self.path,
            )
        if version == SCHEMA_VERSION:
            return
        if version == 0 and (
            self.readonly or self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ):
            raise StoreError(f"{NOT_A_STORE} (a SQLite file without kg's tables)", path=self.path)
        if self.readonly:
            if self.conn.execute("PRAGMA query_only").fetchone()[0] and self._upgrade_as_reader(version):
                return
            raise StoreError(
                f"the store needs an upgrade from schema {version}; open it writable once", path=self.path
            )
        missing = [v for v in range(version + 1, SCHEMA_VERSION + 1) if v not in MIGRATIONS]
        if missing:
            raise StoreError(
                f"the store has schema version {version} and this kg cannot upgrade it "
                f"(no migration to version {missing[0]}); re-ingest into a new store",
                path=self.path,
            )
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self.schema_version() != version:  # another process upgraded it meanwhile
                self.conn.execute("ROLLBACK")
                return self._migrate()
            for v in range(version + 1, SCHEMA_VERSION + 1):
                for stmt in MIGRATIONS[v]:
                    self.conn.execute(stmt)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(
                f"cannot upgrade the store from schema {version} to {SCHEMA_VERSION}, left unchanged: {exc}",
                path=self.path,
            ) from exc
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _upgrade_as_reader(self, version: int) -> bool:
        """A reader of an older store it may write upgrades it (the upgrade keeps every row)."""
        if self.path == ":memory:" or getattr(self, "_mode", "ro") != "rw":
            return False
        self.conn.execute("PRAGMA query_only = OFF")
        self.readonly = False
        try:
            self._migrate()
        finally:
            self.readonly = True
            self.conn.execute("PRAGMA query_only = ON")
        return True

    def close(self) -> None:
        self.conn.close()

    def get_meta(self, key: str) -> str | None:
        """A value of the store's ``meta`` table (e.g. ``created_by``), or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # ------------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def ingest(
        self,
        result: ArticleResult,
        *,
        force: bool = False,
        source: str | None = None,
        url: str | None = None,
        date: str | None = None,
    ) -> IngestOutcome:
        """Write one analysed article in a single transaction.

        The same text again is a no-op unless *force*, which replaces what it gave.
        """
        aid = result.article.id
        chash, sig = _fingerprint(result)
        if not force and self._has_article_quietly(aid, chash):  # cheap early exit, without the write lock
            return IngestOutcome(aid, "skipped")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot write to the store") from exc
        try:
            # decided under the write lock: another process may have stored it meanwhile
            existing = self._find_article(aid, chash)
            if existing is not None and not force:
                self.conn.execute("ROLLBACK")
                return IngestOutcome(aid, "skipped")
            if existing is not None:
                self._delete_article(existing)
            outcome = self._write(result, source=source, url=url, date=date)
            self._link_reprint(aid, chash, sig)
            if existing is not None and existing != aid:
                self.conn.execute("UPDATE articles SET reprint_of = ? WHERE reprint_of = ?", (aid, existing))
            outcome.status = "replaced" if existing is not None else "new"
            outcome.notes = list(getattr(result.article, "notes", []))
            self.conn.execute("COMMIT")
            return outcome
        except sqlite3.Error as exc:
            self._rollback_quietly()
            raise self._error(exc, "cannot write to the store") from exc
        except BaseException:
            self._rollback_quietly()
            raise

    def _has_article_quietly(self, aid: str, chash: str | None = None) -> bool:
        try:
            return self._find_article(aid, chash) is not None
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot read the store") from exc

    def _find_article(self, aid: str, chash: str | None) -> str | None:
        """The id of the stored article with this id or this normalised content hash, or None."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE id = ? OR (content_hash IS NOT NULL AND content_hash = ?) "
            "ORDER BY id != ? LIMIT 1",
            (aid, chash, aid),
        ).fetchone()
        return None if row is None else row[0]

    def _link_reprint(self, aid: str, chash: str | None, sig: tuple[int, ...] | None) -> None:
        """Record the article's hash and signature; link it to the stored article it reprints."""
        self.conn.execute(
            "UPDATE articles SET content_hash = ?, minhash = ? WHERE id = ?", (chash, dedupe.pack(sig), aid)
        )
        if sig is None:
            return
        keys = dedupe.bands(sig)
        cands: set[str] = set()
        for band, h in keys:
            cands.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT article_id FROM article_bands WHERE band = ? AND hash = ? AND article_id != ?",
                    (band, h, aid),
                )
            )
        best, best_sim = None, 0.0
        for cid in sorted(cands):
            row = self.conn.execute("SELECT minhash, reprint_of FROM articles WHERE id = ?", (cid,)).fetchone()
            if row is None:
                continue
            sim = dedupe.similarity(sig, dedupe.unpack(row["minhash"]))
            if sim >= dedupe.REPRINT_JACCARD and sim > best_sim:
                best, best_sim = (row["reprint_of"] or cid), sim
        if best is not None and self._original_key(aid) < self._original_key(best):
            # the new article comes first in the canonical order (date, then id): it is the original
            # and the cluster's articles reprint it, whichever order they were ingested in
            self.conn.execute(
                "UPDATE articles SET reprint_of = ? WHERE reprint_of = ? OR id = ?", (aid, best, best)
            )
            self.conn.execute("UPDATE articles SET similarity = ? WHERE id = ?", (best_sim, best))
        elif best is not None:
            self.conn.execute(
                "UPDATE articles SET reprint_of = ?, similarity = ? WHERE id = ?", (best, best_sim, aid)
            )
        self.conn.executemany(
            "INSERT INTO article_bands (article_id, band, hash) VALUES (?,?,?)",
            [(aid, band, h) for band, h in keys],
        )

    def _original_key(self, aid: str) -> tuple:
        """Which of near-duplicate articles is the original: the earliest dated, then the least id."""
        row = self.conn.execute("SELECT date FROM articles WHERE id = ?", (aid,)).fetchone()
        date = row["date"] if row is not None else None
        return (date is None, date or "", aid)

    def _rollback_quietly(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the transaction is gone already (SQLite rolled it back itself)

    def _delete_article(self, aid: str) -> None:
        # a version first told by this article but also by others now belongs to the next teller
        for v in self.conn.execute("SELECT id FROM deal_versions WHERE article_id = ?", (aid,)).fetchall():
            other = self.conn.execute(
                "SELECT article_id FROM evidence WHERE version_id = ? AND article_id != ? "
                "ORDER BY id LIMIT 1",
                (v["id"], aid),
            ).fetchone()
            if other is not None:
                self.conn.execute("UPDATE deal_versions SET article_id = ? WHERE id = ?", (other[0], v["id"]))
        pairs = deal_order.pairs_of(self.conn, aid)
        self.conn.execute("DELETE FROM articles WHERE id = ?", (aid,))
        # deals that no article tells any more
        self.conn.execute("DELETE FROM deals WHERE id NOT IN (SELECT deal_id FROM deal_versions)")
        for pair in pairs:  # the others' reports of these pairs, merged as if this one never came
            if deal_order._replayable(self.conn, pair):
                deal_order.replay_pair(self, pair)

    def _entity_id(
        self, name: str, etype: str = "company", ticker: str | None = None, discovered: bool = False
    ) -> int:
        norm = entity_norm(name)
        row = self.conn.execute("SELECT id, name, discovered FROM entities WHERE norm = ?", (norm,)).fetchone()
        if row is not None:
            if row["discovered"] and not discovered:  # a later gazetteer entry names it properly
                self.conn.execute(
                    "UPDATE entities SET name = ?, type = ?, ticker = coalesce(?, ticker), "
                    "discovered = 0 WHERE id = ?",
                    (name, etype, ticker, row["id"]),
                )
            elif row["discovered"] and discovered and (-len(name), name) < (-len(row["name"]), row["name"]):
                # one discovered name in two scripts (成都高新区, 成都高新區): the same one whatever came first
                self.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (name, row["id"]))
            return row["id"]
        alias = self.conn.execute("SELECT entity_id FROM aliases WHERE norm = ?", (norm,)).fetchone()
        if alias is not None and discovered:
            deal_order.prefer_name(self.conn, alias["entity_id"], name, norm)
            return alias["entity_id"]
        cur = self.conn.execute(
            "INSERT INTO entities (name, norm, type, ticker, discovered) VALUES (?,?,?,?,?)",
            (name, norm, etype, ticker, int(discovered)),
        )
        return cur.lastrowid

    def _write(self, result: ArticleResult, *, source, url, date) -> IngestOutcome:
        a = result.article
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO articles (id, path, source, url, title, date, script, encoding, chars, ingested_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                a.id,
                a.path,
                source or a.source,
                url or a.url,
                a.title,
                date or a.date,
                a.script,
                a.encoding,
                a.chars,
                now,
            ),
        )
        ids: dict[str, int] = {}
        for e in result.entities:
            eid = self._entity_id(e.name, e.type, e.ticker, e.discovered)
            for gone in deal_order.absorb_aliased(self, eid, {entity_norm(m.text) for m in e.mentions}):
                ids = {n: eid if i == gone else i for n, i in ids.items()}  # an entity of this article too
            ids[e.name] = eid
            for m in e.mentions:
                self.conn.execute(
                    'INSERT INTO mentions (article_id, entity_id, start, "end", text) VALUES (?,?,?,?,?)',
                    (a.id, eid, m.start, m.end, m.text),
                )
                self.conn.execute(
                    "INSERT OR IGNORE INTO aliases (entity_id, alias, norm) VALUES (?,?,?)",
                    (eid, m.text, entity_norm(m.text)),
                )
        for am in result.amounts:
            self.conn.execute(
                'INSERT INTO amounts (article_id, start, "end", text, value, low, high, approx, currency, usd, unit) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    a.id,
                    am.start,
                    am.end,
                    am.text,
                    _s(am.value),
                    _s(am.low),
                    _s(am.high),
                    int(am.approx),
                    am.currency,
                    _s(am.usd),
                    am.unit,
                ),
            )

        def eid_of(name):
            if name is None:
                return None
            if name not in ids:
                ids[name] = self._entity_id(name)
            return ids[name]

        for f in result.facts:
            am = f.amount
            self.conn.execute(
                "INSERT INTO facts (entity_id, article_id, metric, value, low, high, unit, currency, usd, period, "
                'counterparty_id, text, start, "end") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
                (
                    eid_of(f.entity),
                    a.id,
                    f.metric,
                    _s(am.value),
                    _s(am.low),
                    _s(am.high),
                    am.unit,
                    am.currency,
                    _s(am.usd),
                    f.period,
                    eid_of(f.counterparty),
                    f.evidence.text,
                    f.evidence.start,
                    f.evidence.end,
                ),
            )
        outcome = IngestOutcome(a.id, "new")
        reported = date or a.date or now
        deal_order.write_deals(self, result.deals, a.id, eid_of, reported, outcome)
        return outcome

    def _write_deal(self, d: Deal, aid: str, payer_id: int | None, payee_id: int, reported: str) -> bool:
        """Attach *d* to the deal it repeats (same parties, compatible kind, figures and dates), else a new one.

        Returns True when the deal was already in the store.
        """
        candidates = self.conn.execute(
            "SELECT id, kind FROM deals WHERE payee_id = ? AND payer_id IS ? ORDER BY id DESC",
            (payee_id, payer_id),
        ).fetchall()
        candidates = [c for c in candidates if _kinds_compatible(c["kind"], d.kind)]
        # deals this same article already wrote are separate deals, not versions of each other
        own = {
            r["deal_id"]
            for r in self.conn.execute(
                "SELECT DISTINCT deal_id FROM deal_versions WHERE article_id = ?", (aid,)
            )
        }
        candidates = [c for c in candidates if c["id"] not in own]
        usd = d.amount.best_usd() if d.amount else None
        # an article's own date (or one its reader gave) says when it was told, not when the deal
        # was made: only stated dates keep two reports apart
        d_date = d.date if d.date_origin not in ASSUMED_ORIGINS else None
        for c in candidates:
            for v in self.conn.execute(
                "SELECT * FROM deal_versions WHERE deal_id = ? ORDER BY seq", (c["id"],)
            ):
                if _dates_compatible(_stated(v), d_date) and _same_figure(
                    v["usd"], v["low_usd"], v["high_usd"], usd, d.amount
                ):
                    if v["usd"] is None and v["low_usd"] is None and d.amount is not None:
                        break  # the earlier report had no figure: this one becomes a new version
                    self._evidence(c["id"], v["id"], aid, d)
                    self._upgrade_kind(c["id"], c["kind"], d.kind)
                    return True
            if d_date is None or all(
                _dates_compatible(_stated(v), d_date)
                for v in self.conn.execute(
                    "SELECT date, date_origin FROM deal_versions WHERE deal_id = ?", (c["id"],)
                )
            ):
                vid = self._version(c["id"], aid, d, reported)
                self._evidence(c["id"], vid, aid, d)
                self._upgrade_kind(c["id"], c["kind"], d.kind)
                return True
        cur = self.conn.execute(
            "INSERT INTO deals (payer_id, payee_id, kind) VALUES (?,?,?)", (payer_id, payee_id, d.kind)
        )
        vid = self._version(cur.lastrowid, aid, d, reported)
        self._evidence(cur.lastrowid, vid, aid, d)
        return False

    def _upgrade_kind(self, deal_id: int, old: str, new: str) -> None:
        if old == "partnership" and new != "partnership":
            self.conn.execute("UPDATE deals SET kind = ? WHERE id = ?", (new, deal_id))

    def _version(self, deal_id: int, aid: str, d: Deal, reported: str) -> int:
        a = d.amount
        seq = self.conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM deal_versions WHERE deal_id = ?", (deal_id,)
        ).fetchone()[0]
        qty = (
            json.dumps(
                [
                    {"value": str(q.value) if q.value is not None else None, "unit": q.unit, "text": q.text}
                    for q in d.quantities
                ],
                ensure_ascii=False,
            )
            if d.quantities
            else None
        )
        cur = self.conn.execute(
            "INSERT INTO deal_versions (deal_id, article_id, value, low, high, approx, currency, usd, low_usd, "
            "high_usd, amount_text, up_to, joint, quantities, date, status, reported, seq, date_origin) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                deal_id,
                aid,
                _s(a.value) if a else None,
                _s(a.low) if a else None,
                _s(a.high) if a else None,
                int(a.approx) if a else 0,
                a.currency if a else None,
                _s(a.usd) if a else None,
                _s(a.low_usd) if a else None,
                _s(a.high_usd) if a else None,
                a.text if a else None,
                int(d.up_to),
                int(d.joint),
                qty,
                d.date,
                d.status,
                reported,
                seq,
                (d.date_origin or "stated") if d.date else None,
            ),
        )
        return cur.lastrowid

    def _evidence(self, deal_id: int, version_id: int, aid: str, d: Deal) -> None:
        for e in d.evidence:
            self.conn.execute(
                'INSERT INTO evidence (deal_id, version_id, article_id, text, start, "end", rule) '
                "VALUES (?,?,?,?,?,?,?)",
                (deal_id, version_id, aid, e.text, e.start, e.end, d.rule),
            )

    # ------------------------------------------------------------------ reading

    def counts(self) -> dict[str, int]:
        q = {
            "articles": "SELECT count(*) FROM articles",
            "entities": "SELECT count(*) FROM entities",
            "deals": "SELECT count(*) FROM deals",
            "deal_versions": "SELECT count(*) FROM deal_versions",
            "evidence": "SELECT count(*) FROM evidence",
            "facts": "SELECT count(*) FROM facts",
            # told by several independent articles: a reprint counts as its original
            "merged_deals": "SELECT count(*) FROM (SELECT e.deal_id FROM evidence e JOIN articles a "
            "ON a.id = e.article_id GROUP BY e.deal_id HAVING count(DISTINCT coalesce(a.reprint_of, a.id)) > 1)",
            "reprints": "SELECT count(*) FROM articles WHERE reprint_of IS NOT NULL",
        }
        return {k: self.conn.execute(v).fetchone()[0] for k, v in q.items()}

    def check_integrity(self) -> None:
        """Refuse to write into a damaged store: a StoreError when SQLite's ``integrity_check`` fails.

        ``kg ingest`` (every writer of articles: :meth:`kg.api.KnowledgeGraph.write_results`) calls
        it before the first write, so a store with a broken index or page is left as it is
        (nothing added to it, nothing lost) instead of being damaged further.
        """
        if self.path == ":memory:":
            return
        try:
            bad = [r[0] for r in self.conn.execute("PRAGMA integrity_check(5)") if r[0] != "ok"]
        except sqlite3.Error as exc:
            raise self._error(exc, "cannot check the store") from exc
        if bad:
            raise StoreError(
                f"the store fails SQLite's integrity check ({bad[0]}"
                + ("; and more" if len(bad) > 1 else "")
                + "); nothing was written to it. Recover its rows into a new file "
                "(`sqlite3 FILE .recover | sqlite3 NEW`) or ingest into a new store",
                path=self.path,
            )

    def integrity_errors(self) -> list[str]:
        """SQLite's own check plus foreign keys; empty when the store is consistent."""
        out = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        out += [f"foreign key: {tuple(r)}" for r in self.conn.execute("PRAGMA foreign_key_check")]
        return out


def _fingerprint(result: ArticleResult) -> tuple[str | None, tuple[int, ...] | None]:
    """The normalised content hash and MinHash of an article (the pipeline's, completed here when needed)."""
    return dedupe.signed(getattr(result.article, "fingerprint", None), result.text)


def _close_connection(conn) -> None:
    """Close a store's connection when the Store is collected or the process exits."""
    try:
        conn.close()
    except sqlite3.Error:
        pass


def _kinds_compatible(a: str, b: str) -> bool:
    return deal_kinds().compatible(a, b)


def _stated(version) -> str | None:
    """A stored version's date when the text stated it (not the article's own date, nor a default)."""
    return None if version["date_origin"] in ASSUMED_ORIGINS else version["date"]


def _dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown dates fit anything; otherwise one must be a prefix of the other (2025-10 and 2025-10-06)."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def _same_figure(v_usd, v_low, v_high, usd: Decimal | None, amount) -> bool:
    """A stored version and a new amount tell the same figure (within 0.5 %), or one has none."""
    if amount is None:
        return True
    if v_usd is None and v_low is None and v_high is None:
        return True
    if v_usd is not None and usd is not None:
        x, y = Decimal(v_usd), usd
        return abs(x - y) <= TOLERANCE * max(abs(x), abs(y))
    lo = Decimal(v_low) if v_low is not None else None
    hi = Decimal(v_high) if v_high is not None else None
    if usd is not None and lo is not None and hi is not None:
        return lo <= usd <= hi
    return False
