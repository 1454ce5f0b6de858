"""Every read query of the store, one function each: the API (:mod:`kg.api`) and the exports
(:mod:`kg.view.export`) assemble their objects from these rows and hold no SQL of their own.

Functions take the store's ``sqlite3.Connection`` (rows are ``sqlite3.Row``). ``cond`` and
``args`` select deals: a WHERE clause on ``deals d`` (empty: every deal).

Money columns (``value``, ``low``, ``high``, ``usd``, ``low_usd``, ``high_usd``) come out
through :func:`money`: a figure a store written before the amount bound
(:data:`kg.extract.bounds.MAX_AMOUNT`) may hold — ``1`` and forty ``億``, ten thousand digits,
``1E+400`` — is no amount and reads as ``NULL`` (its words stay in ``amount_text``), so that no
writer (tables, JSON, CSV, Parquet, GraphML, the page, the report, the flows) meets ``inf``,
an overflow or Python's 4,300-digit limit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ..extract.bounds import MAX_AMOUNT

if TYPE_CHECKING:
    from .database import Store

Rows = list[sqlite3.Row]

MONEY_COLUMNS = frozenset({"value", "low", "high", "usd", "low_usd", "high_usd"})
MONEY_LIMIT = MAX_AMOUNT * 1000  # in USD a figure may exceed its own unit's bound (1 KWD is ~3 USD)


def money(x: Any) -> Any:
    """A stored money value if it is a plausible figure, else None.

    >>> money("100000000000"), money("1" + "0" * 320), money("9" * 10_000), money("1E+400"), money(None)
    ('100000000000', None, None, None, None)
    >>> money("-2.5"), money("NaN"), money("abc")
    ('-2.5', None, None)
    """
    if x is None:
        return None
    if isinstance(x, str) and len(x) > 64:  # a figure within the bound is never this long
        return None
    try:
        d = x if isinstance(x, Decimal) else Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or abs(d) > MONEY_LIMIT:
        return None
    return x


def _money_row(cursor: sqlite3.Cursor, row: tuple) -> sqlite3.Row:
    """A row whose money columns went through :func:`money`."""
    names = [c[0] for c in cursor.description]
    row = tuple(money(v) if n in MONEY_COLUMNS else v for n, v in zip(names, row, strict=True))
    return sqlite3.Row(cursor, row)


def _with_money(cursor: sqlite3.Cursor) -> sqlite3.Cursor:
    cursor.row_factory = _money_row
    return cursor


def entity_id_by_norm(conn: sqlite3.Connection, norm: str) -> int | None:
    """The entity whose normalized name is *norm*."""
    row = conn.execute("SELECT id FROM entities WHERE norm = ?", (norm,)).fetchone()
    return row["id"] if row else None


def entity_id_by_alias(conn: sqlite3.Connection, norm: str) -> int | None:
    """The entity most often called *norm* (a normalized alias)."""
    row = conn.execute(
        "SELECT entity_id FROM aliases WHERE norm = ? GROUP BY entity_id ORDER BY count(*) DESC", (norm,)
    ).fetchone()
    return row["entity_id"] if row else None


def deal_heads(conn: sqlite3.Connection, cond: str = "", args: Sequence[Any] = ()) -> Rows:
    """id, kind, payer and payee names of the selected deals, by id."""
    where = f" WHERE {cond}" if cond else ""
    return conn.execute(
        "SELECT d.id, d.kind, p.name AS payer, q.name AS payee FROM deals d "
        "LEFT JOIN entities p ON p.id = d.payer_id JOIN entities q ON q.id = d.payee_id"
        + where
        + " ORDER BY d.id",
        args,
    ).fetchall()


def deal_versions(conn: sqlite3.Connection, cond: str = "", args: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
    """The versions of the selected deals, each deal's in the order they were told."""
    where = f" WHERE {cond}" if cond else ""
    ids = f"SELECT d.id FROM deals d{where}"
    return _with_money(conn.execute(
        "SELECT v.* FROM deal_versions v LEFT JOIN articles a ON a.id = v.article_id "
        f"WHERE v.deal_id IN ({ids}) ORDER BY v.deal_id, coalesce(a.date, v.reported), v.seq",
        args,
    ))


def deal_evidence(conn: sqlite3.Connection, cond: str = "", args: Sequence[Any] = ()) -> Iterator[sqlite3.Row]:
    """The evidence sentences of the selected deals, with their article's path and title."""
    where = f" WHERE {cond}" if cond else ""
    ids = f"SELECT d.id FROM deals d{where}"
    return conn.execute(
        "SELECT e.*, a.path, a.title, a.source, a.url, a.reprint_of FROM evidence e JOIN articles a "
        f"ON a.id = e.article_id WHERE e.deal_id IN ({ids}) ORDER BY e.deal_id, e.id",
        args,
    )


def entity_row(conn: sqlite3.Connection, eid: int) -> sqlite3.Row:
    return conn.execute("SELECT * FROM entities WHERE id = ?", (eid,)).fetchone()


def entity_name(conn: sqlite3.Connection, eid: int) -> str:
    return conn.execute("SELECT name FROM entities WHERE id = ?", (eid,)).fetchone()[0]


def entity_aliases(conn: sqlite3.Connection, eid: int) -> list[str]:
    return [r["alias"] for r in conn.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias", (eid,))]


def mention_counts(conn: sqlite3.Connection, eid: int) -> tuple[int, int]:
    """How many mentions of the entity, in how many articles."""
    return tuple(
        conn.execute(
            "SELECT count(*), count(DISTINCT article_id) FROM mentions WHERE entity_id = ?", (eid,)
        ).fetchone()
    )


def entity_facts(conn: sqlite3.Connection, eid: int) -> Iterator[sqlite3.Row]:
    """The facts about the entity (with the counterparty's name), by metric and period."""
    return _with_money(conn.execute(
        "SELECT f.*, x.name AS counterparty FROM facts f LEFT JOIN entities x "
        "ON x.id = f.counterparty_id WHERE f.entity_id = ? ORDER BY f.metric, f.period",
        (eid,),
    ))


def payers_of(conn: sqlite3.Connection, eid: int) -> list[int]:
    """Who pays the entity, deal by deal (named payers only)."""
    return [r[0] for r in conn.execute("SELECT payer_id FROM deals WHERE payee_id = ? AND payer_id IS NOT NULL", (eid,))]


def payees_of(conn: sqlite3.Connection, eid: int) -> list[int]:
    """Whom the entity pays, deal by deal."""
    return [r[0] for r in conn.execute("SELECT payee_id FROM deals WHERE payer_id = ?", (eid,))]


def mentions_per_entity(conn: sqlite3.Connection) -> dict[int, int]:
    return dict(conn.execute("SELECT entity_id, count(*) FROM mentions GROUP BY entity_id").fetchall())


def entities_in_deals(conn: sqlite3.Connection) -> set[int]:
    return {r[0] for r in conn.execute("SELECT payer_id FROM deals UNION SELECT payee_id FROM deals")}


def all_aliases(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """(entity_id, alias) of every alias, by entity."""
    return conn.execute("SELECT entity_id, alias FROM aliases ORDER BY entity_id, norm")


def all_entities(conn: sqlite3.Connection, order: str = "id") -> Iterator[sqlite3.Row]:
    """Every entity, by id or by name."""
    if order not in ("id", "name"):
        raise ValueError(f"order by id or name, not {order!r}")
    return conn.execute(f"SELECT * FROM entities ORDER BY {order}")


def fact_table(conn: sqlite3.Connection) -> Rows:
    """Every fact with its entity's and counterparty's names (the ``facts`` export table)."""
    return _with_money(conn.execute(
        "SELECT e.name AS entity, f.metric, f.value, f.unit, f.currency, f.usd, f.period, "
        "x.name AS counterparty, f.article_id AS article FROM facts f JOIN entities e ON e.id = f.entity_id "
        "LEFT JOIN entities x ON x.id = f.counterparty_id ORDER BY e.name, f.metric, f.period"
    )).fetchall()


def article_table(conn: sqlite3.Connection, columns: Sequence[str]) -> Rows:
    """The articles (the given columns), in the order they were ingested."""
    return conn.execute("SELECT " + ", ".join(columns) + " FROM articles ORDER BY ingested_at, rowid").fetchall()


# ---------------------------------------------------------------- reprints (kg entity, kg demo)


def reprints_of_entity(store: Store, entity_id: int | None) -> list[dict[str, Any]]:
    """Articles mentioning the entity that reprint another stored article, with their original."""
    if entity_id is None:
        return []
    rows = store.conn.execute(
        "SELECT a.id, a.path, a.title, a.similarity, o.id AS oid, o.path AS opath, o.title AS otitle "
        "FROM articles a JOIN articles o ON o.id = a.reprint_of "
        "WHERE a.id IN (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?) ORDER BY a.path",
        (entity_id,),
    ).fetchall()
    return [
        {
            "article": r["id"],
            "path": r["path"],
            "title": r["title"],
            "reprint_of": r["oid"],
            "original_path": r["opath"],
            "original_title": r["otitle"],
            "similarity": r["similarity"],
        }
        for r in rows
    ]


def independent_merged(store: Store) -> int:
    """Deals told by more than one independent article (a reprint counts as its original)."""
    return store.conn.execute(
        "SELECT count(*) FROM (SELECT e.deal_id FROM evidence e JOIN articles a ON a.id = e.article_id "
        "GROUP BY e.deal_id HAVING count(DISTINCT coalesce(a.reprint_of, a.id)) > 1)"
    ).fetchone()[0]
