"""The report's list of deals: each with its original amount, US dollars, date, sentence and article.

A reader of the report can check every figure: the amount as the article wrote it beside its
US-dollar value, where the date came from, how many independent articles told it (a reprint
counts once), the sentence, and the article's title, source and URL.
"""

from __future__ import annotations

from typing import Any

from ..extract.dates import ASSUMED_ORIGINS

MAX_SENTENCE = 160


def _usd(v) -> str:
    if v is None:
        return "-"
    f = float(v)
    for div, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(f) >= div:
            return f"{f / div:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{f:.0f}"


def date_text(date: str | None, origin: str | None) -> str:
    """A deal's date for a table, marked when its text does not state it.

    >>> date_text("2025-10-06", "stated"), date_text("2025-10", "article"), date_text("2025", "default")
    ('2025-10-06', '2025-10 (article)', '2025 (default)')
    """
    return f"{date} ({origin})" if date and origin in ASSUMED_ORIGINS else date or ""


def date_cell(d) -> str:
    """A stored deal's date for a table, marked when it is only its article's date (or a default)."""
    return date_text(d.current.date, d.current.date_origin)


def articles_cell(d) -> str:
    """How many independent articles told a stored deal, and how many reprints besides."""
    told, independent = len(d.articles), len(d.independent_articles)
    extra = told - independent
    return str(independent) + (f" (+{extra} reprint{'s' if extra > 1 else ''})" if extra else "")


def deal_rows(kg) -> list[list[str]]:
    """One row per deal of *kg* (largest first): the cells of the report's deal table."""
    rows = []
    for d in kg.deals():
        a = d.current.amount or {}
        e = d.evidence[0] if d.evidence else None
        sentence = (e.text if e else "").strip().replace("\n", " ")
        if len(sentence) > MAX_SENTENCE:
            sentence = sentence[: MAX_SENTENCE - 1] + "…"
        rows.append(
            [
                str(d.id),
                d.payer or "(unnamed)",
                d.payee,
                d.kind,
                d.current.status,
                a.get("text") or "-",
                _usd(d.usd),
                date_cell(d),
                articles_cell(d),
                sentence,
                (e.title or e.path or "") if e else "",
                (e.source or "") if e else "",
                (e.url or "") if e else "",
            ]
        )
    return rows


HEADERS = [
    "id",
    "payer",
    "payee",
    "kind",
    "status",
    "amount",
    "USD",
    "date",
    "articles",
    "sentence",
    "article",
    "source",
    "URL",
]


def deal_blocks(source: Any) -> list[tuple]:
    """Report blocks listing every deal (nothing for a bare graph, which has no sentences)."""
    if not hasattr(source, "deals"):
        return []
    rows = deal_rows(source)
    return [
        ("h2", "Every deal, with its sentence and article"),
        (
            "p",
            "The amount as the article wrote it, its US-dollar value, the date (stated, or the "
            "article's), and the independent articles that told it (a reprint counts once).",
        ),
        ("table", HEADERS, rows),
    ]
