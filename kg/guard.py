"""Batch immunity: an unexpected error inside one article's analysis fails that article only.

Every path that analyses several articles (``kg extract``, ``kg ingest`` with or without
``--jobs``, :meth:`kg.api.KnowledgeGraph.ingest`, :mod:`kg.dask`) turns an exception that is
not a :class:`~kg.errors.KGError` into an :class:`~kg.errors.ArticleError` (``E006``) naming
the article, and goes on with the next one. The traceback travels with the message (also
across processes) and is shown under ``kg --debug``.

>>> try:
...     {}["点"]
... except KeyError as exc:
...     err = article_failure(exc, "bad.txt")
>>> str(err)
"[E006] bad.txt: internal error while analysing this article: KeyError: '点'"
>>> "Traceback" in error_text(err).details
True
"""

from __future__ import annotations

import traceback

from .errors import ArticleError

MAX_DETAIL = 200
"""Characters of the original exception's message quoted in the one-line error."""


class ErrorText(str):
    """An error message (one line) that carries the traceback text in :attr:`details`.

    A plain ``str`` for everything that prints or stores it; it pickles with its details, so a
    worker process's traceback reaches the parent's ``--debug``.
    """

    details: str = ""

    def __reduce__(self):
        return _error_text, (str(self), self.details)


def _error_text(message: str, details: str) -> ErrorText:
    out = ErrorText(message)
    out.details = details
    return out


def _short(exc: BaseException) -> str:
    try:
        msg = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__ must not hide the failure
        msg = "?"
    if len(msg) > MAX_DETAIL:
        msg = msg[:MAX_DETAIL] + f"... ({len(msg)} characters)"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def article_failure(exc: BaseException, label: str | None) -> ArticleError:
    """The :class:`~kg.errors.ArticleError` for *exc* raised while analysing *label*.

    Its ``details`` attribute holds the formatted traceback of *exc*.
    """
    err = ArticleError(f"internal error while analysing this article: {_short(exc)}", path=label)
    err.details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return err


def error_text(err: BaseException) -> ErrorText:
    """``str(err)`` with the traceback (``err.details``, when it has one) attached."""
    return _error_text(str(err), getattr(err, "details", "") or "")
