"""Coded error messages, in one place (the spaCy way).

Every error the library raises on bad input is a :class:`KGError` subclass
carrying a code (``E001``...) so users can search for it and the CLI can map
it to an exit code without a traceback.
"""

from __future__ import annotations

import re


class KGError(Exception):
    """Base class of every error the library raises on purpose.

    The message reads ``[E00x] path: line N: what is wrong`` (path and line when known), on
    one line: control characters of the message are shown escaped, so a file name or a
    value from a broken file cannot break the CLI's one-line error.
    """

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        super().__init__(self._format())

    def __reduce__(self):
        # rebuilt from its parts in another process (kg ingest --jobs), not from the formatted text
        return _rebuild, (type(self), self.reason, self.path, self.line)

    def _format(self) -> str:
        where = f"{_one_line(str(self.path))}: " if self.path else ""
        if self.line is not None and not re.match(r"line \d+", self.reason):
            where += f"line {self.line}: "
        return f"[{self.code}] {where}{_one_line(_capped(self.reason))}"


def _rebuild(cls, reason, path, line):
    err = cls.__new__(cls)
    err.path, err.line, err.reason = path, line, reason
    Exception.__init__(err, err._format())
    return err


MAX_MESSAGE = 600
"""Characters of an error's reason shown; a value quoted from a huge input is cut."""


def _capped(s: str) -> str:
    """*s*, cut to :data:`MAX_MESSAGE` characters (saying how long it was).

    >>> _capped("x" * 1000)[-24:]
    'xxx... (1000 characters)'
    """
    s = str(s)
    return s if len(s) <= MAX_MESSAGE else f"{s[:MAX_MESSAGE]}... ({len(s)} characters)"


def _one_line(s: str) -> str:
    """*s* with line breaks and other control characters escaped (``\\n``, ``\\x07``)."""
    if s.isprintable():
        return s
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in s)


class InputError(KGError):
    """An input file is missing, unreadable, binary or cannot be decoded."""

    code = "E001"


class RuleError(KGError):
    """A rule file is malformed (bad YAML, unknown field, pattern that does not compile).

    When raised without a *line*, :data:`RuleError.locator` (set by :mod:`kg.rules`) is
    asked for the file and line the message is about, so every rule error can name both.
    """

    code = "E002"
    exit_code = 2
    locator = None  # callable(path, message) -> (path, line) | None

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        if line is None and path and RuleError.locator is not None and not re.match(r"line \d+", message):
            try:
                found = RuleError.locator(path, message)
            except Exception:  # noqa: BLE001 - locating is a nicety; never hide the real error
                found = None
            if found:
                path, line = found
        super().__init__(message, path=path, line=line)


class StoreError(KGError):
    """The embedded store cannot be opened or written."""

    code = "E003"
    exit_code = 3


class UsageError(KGError):
    """The caller asked for something that makes no sense."""

    code = "E004"
    exit_code = 2


class OutputError(KGError):
    """An output (an export, the graph page) cannot be written where or as asked."""

    code = "E005"
    exit_code = 2


class ArticleError(KGError):
    """An unexpected error inside one article's analysis (a bug, or input no rule foresaw).

    That article fails, named, and the batch goes on (see :mod:`kg.guard`).
    """

    code = "E006"


# Message templates, so wording stays consistent across modules.
MESSAGES = {
    "empty": "the file is empty (or whitespace only); nothing to analyze",
    "binary": "looks like a binary file ({kind}), not text",
    "undecodable": "cannot decode as UTF-8, UTF-16, GB18030 or Big5",
    "missing": "no such file",
    "is_dir": "is a directory; pass files, or use `kg ingest` for folders",
    "not_regular": "is not a regular file (a device, FIFO or socket); pass text files",
}
