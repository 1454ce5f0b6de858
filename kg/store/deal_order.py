"""The store's deals do not depend on the order articles were ingested in.

:meth:`kg.store.Store._write_deal` merges a deal into what the store already holds: which
version a report joins, whether a figure-less report becomes a version, which of two deals a
third one repeats, all follow the order the reports arrived in. So every deal an article
gives is also kept as a record (``deal_records``: the deal exactly, Decimals as strings), and
the deals between one payer and one payee are the replay of their records in one canonical
order: by the article's date (undated first), then its id (the hash of its text), then the
deal's place in the article. An article that comes last in that order is merged as before;
one that comes earlier makes the pair replay. Pairs told by articles stored before the
records existed (a store from an older kg) are merged as before.
"""

from __future__ import annotations

import json
from decimal import Decimal

from ..extract.amounts import Amount
from ..model import Deal, Evidence

TABLE = [
    """CREATE TABLE deal_records (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL, payer_id INTEGER, payee_id INTEGER NOT NULL,
        reported TEXT NOT NULL, record TEXT NOT NULL)""",
    "CREATE INDEX deal_records_pair ON deal_records(payee_id, payer_id)",
    "CREATE INDEX deal_records_article ON deal_records(article_id)",
]
"""The schema migration that adds the records (an older store gets the table empty)."""

_PAIR = "payee_id = ? AND payer_id IS ?"


def _s(x: Decimal | None) -> str | None:
    return None if x is None else str(x)


def _d(x: str | None) -> Decimal | None:
    return None if x is None else Decimal(x)


def _amount(a: Amount) -> dict:
    return {
        "text": a.text,
        "start": a.start,
        "end": a.end,
        "value": _s(a.value),
        "low": _s(a.low),
        "high": _s(a.high),
        "approx": a.approx,
        "currency": a.currency,
        "unit": a.unit,
        "usd": _s(a.usd),
        "low_usd": _s(a.low_usd),
        "high_usd": _s(a.high_usd),
    }


def _amount_back(d: dict) -> Amount:
    return Amount(
        text=d["text"],
        start=d["start"],
        end=d["end"],
        value=_d(d["value"]),
        low=_d(d["low"]),
        high=_d(d["high"]),
        approx=d["approx"],
        currency=d["currency"],
        unit=d["unit"],
        usd=_d(d["usd"]),
        low_usd=_d(d["low_usd"]),
        high_usd=_d(d["high_usd"]),
    )


def dump(d: Deal) -> str:
    """The record of *d*: what merging and storing it read, exactly.

    >>> from kg import analyze
    >>> deal = analyze("輝達表示將向OpenAI投資300億美元。").deals[0]
    >>> again = load(dump(deal))
    >>> (again.payer, again.amount.value, again.evidence == deal.evidence)
    ('Nvidia', Decimal('30000000000'), True)
    """
    return json.dumps(
        {
            "payer": d.payer,
            "payee": d.payee,
            "kind": d.kind,
            "amount": _amount(d.amount) if d.amount is not None else None,
            "quantities": [_amount(q) for q in d.quantities],
            "date": d.date,
            "date_origin": d.date_origin,
            "status": d.status,
            "up_to": d.up_to,
            "joint": d.joint,
            "evidence": [[e.text, e.start, e.end] for e in d.evidence],
            "rule": d.rule,
        },
        ensure_ascii=False,
    )


def load(record: str) -> Deal:
    """The :class:`~kg.model.Deal` of a record made by :func:`dump`."""
    r = json.loads(record)
    return Deal(
        payer=r["payer"],
        payee=r["payee"],
        kind=r["kind"],
        amount=_amount_back(r["amount"]) if r["amount"] is not None else None,
        quantities=[_amount_back(q) for q in r["quantities"]],
        date=r["date"],
        date_origin=r.get("date_origin"),  # records written before it was kept: a stated date
        status=r["status"],
        up_to=r["up_to"],
        joint=r["joint"],
        evidence=[Evidence(t, s, e) for t, s, e in r["evidence"]],
        rule=r["rule"],
    )


def write_deals(store, deals: list[Deal], aid: str, eid_of, reported: str, outcome) -> None:
    """Store the deals of article *aid* (already in ``articles``), as if in canonical order."""
    conn = store.conn
    rows = []
    for i, d in enumerate(deals):
        pair = (eid_of(d.payee), eid_of(d.payer))
        conn.execute(
            "INSERT INTO deal_records (article_id, idx, payer_id, payee_id, reported, record) "
            "VALUES (?,?,?,?,?,?)",
            (aid, i, pair[1], pair[0], reported, dump(d)),
        )
        rows.append((d, pair))
    replay = sorted({p for _, p in rows if _told_later(conn, p, aid) and _replayable(conn, p)}, key=str)
    for d, (payee_id, payer_id) in rows:
        if (payee_id, payer_id) not in replay:
            outcome.deals += 1
            outcome.merged += store._write_deal(d, aid, payer_id, payee_id, reported)
    for pair in replay:
        n, merged = replay_pair(store, pair, aid)
        outcome.deals += n
        outcome.merged += merged


def _told_later(conn, pair: tuple, aid: str) -> bool:
    """Whether another article of the pair comes after *aid* in the canonical order."""
    return (
        conn.execute(
            "SELECT 1 FROM deal_records r JOIN articles a ON a.id = r.article_id, articles me "
            f"WHERE r.{_PAIR.replace(' AND ', ' AND r.')} AND me.id = ? AND r.article_id != me.id "
            "AND (coalesce(a.date, ''), a.id) > (coalesce(me.date, ''), me.id) LIMIT 1",
            (*pair, aid),
        ).fetchone()
        is not None
    )


def _replayable(conn, pair: tuple) -> bool:
    """Whether every article that told the pair left its records (none is from an older kg)."""
    return (
        conn.execute(
            "SELECT 1 FROM evidence e JOIN deals d ON d.id = e.deal_id "
            f"WHERE d.{_PAIR.replace(' AND ', ' AND d.')} AND NOT EXISTS "
            "(SELECT 1 FROM deal_records r WHERE r.article_id = e.article_id) LIMIT 1",
            pair,
        ).fetchone()
        is None
    )


def replay_pair(store, pair: tuple, aid: str | None = None) -> tuple[int, int]:
    """Rebuild the deals of one (payee id, payer id) pair from its records, in canonical order.

    Returns how many records of article *aid* were written and how many of them merged.
    """
    conn = store.conn
    conn.execute(f"DELETE FROM deals WHERE {_PAIR}", pair)  # versions and evidence cascade
    n = merged = 0
    for r in conn.execute(
        "SELECT r.article_id, r.reported, r.record FROM deal_records r JOIN articles a ON a.id = r.article_id "
        f"WHERE r.{_PAIR.replace(' AND ', ' AND r.')} ORDER BY coalesce(a.date, ''), a.id, r.idx",
        pair,
    ).fetchall():
        m = store._write_deal(load(r["record"]), r["article_id"], pair[1], pair[0], r["reported"])
        if r["article_id"] == aid:
            n += 1
            merged += m
    return n, merged


def pairs_of(conn, aid: str) -> list[tuple]:
    """The (payee id, payer id) pairs article *aid* has records for."""
    return [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT DISTINCT payee_id, payer_id FROM deal_records WHERE article_id = ?", (aid,)
        )
    ]


def prefer_name(conn, eid: int, name: str, norm: str) -> None:
    """A discovered name that resolved to discovered entity *eid* through an alias: the entity is
    called by the longest such name (then the first in code point order), whichever came first.
    The name it loses stays an alias."""
    row = conn.execute("SELECT name, norm, discovered FROM entities WHERE id = ?", (eid,)).fetchone()
    if row is None or not row["discovered"] or (-len(name), name) >= (-len(row["name"]), row["name"]):
        return
    if conn.execute("SELECT 1 FROM entities WHERE norm = ?", (norm,)).fetchone():
        return
    conn.execute("UPDATE entities SET name = ?, norm = ? WHERE id = ?", (name, norm, eid))
    conn.execute(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, norm) VALUES (?,?,?)",
        (eid, row["name"], row["norm"]),
    )


def absorb_aliased(store, eid: int, norms) -> list[int]:
    """Entity *eid* was just named by mentions whose keys are *norms*: a discovered entity an
    earlier article stored under one of those keys is the same company, and is merged into *eid*.

    The other order already links them (a discovered name that is an alias of a stored entity
    resolves to it, :func:`prefer_name`); without this step the store would hold 甲产投 and
    甲市产业投资基金有限公司 apart or as one depending on which article came first. Returns the
    ids merged away.
    """
    conn = store.conn
    gone = []
    for norm in sorted(norms):
        row = conn.execute(
            "SELECT id, name, norm FROM entities WHERE norm = ? AND discovered = 1 AND id != ?", (norm, eid)
        ).fetchone()
        if row is not None:
            _merge_entity(store, row["id"], eid)
            prefer_name(conn, eid, row["name"], row["norm"])
            gone.append(row["id"])
    return gone


def _merge_entity(store, old: int, new: int) -> None:
    """Move everything of entity *old* to *new*, delete *old*, and replay the deals it was in."""
    conn = store.conn
    pairs = conn.execute(
        "SELECT DISTINCT payee_id, payer_id FROM deal_records WHERE payee_id = ? OR payer_id = ?", (old, old)
    ).fetchall()
    conn.execute(
        "DELETE FROM deals WHERE payee_id = ? OR payer_id = ?", (old, old)
    )  # versions, evidence cascade
    for table, col in (
        ("deal_records", "payee_id"),
        ("deal_records", "payer_id"),
        ("mentions", "entity_id"),
        ("facts", "entity_id"),
        ("facts", "counterparty_id"),
    ):
        conn.execute(f"UPDATE {table} SET {col} = ? WHERE {col} = ?", (new, old))
    conn.execute("UPDATE OR IGNORE aliases SET entity_id = ? WHERE entity_id = ?", (new, old))
    conn.execute("DELETE FROM aliases WHERE entity_id = ?", (old,))
    name = conn.execute("SELECT name, norm FROM entities WHERE id = ?", (old,)).fetchone()
    conn.execute("DELETE FROM entities WHERE id = ?", (old,))
    conn.execute(
        "INSERT OR IGNORE INTO aliases (entity_id, alias, norm) VALUES (?,?,?)", (new, name[0], name[1])
    )
    moved = {tuple(new if x == old else x for x in (p[0], p[1])) for p in pairs}
    for pair in sorted(moved, key=str):
        replay_pair(store, pair)
