"""Read-only queries over the store that the command line shows (reprints, independent counts)."""

from __future__ import annotations

from typing import Any

from .database import Store


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
