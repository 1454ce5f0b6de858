"""Small wording helpers of the command line."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 deal``, ``2 deals``, ``1 entity``, ``3 entities``.

    >>> plural(1, "deal"), plural(2, "deal"), plural(0, "entity", "entities")
    ('1 deal', '2 deals', '0 entities')
    """
    return f"{n} {one if n == 1 else (many or one + 's')}"
