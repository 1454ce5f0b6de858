"""Coded error messages, in one place (the spaCy way).

Every error the library raises on bad input is a :class:`KGError` subclass
carrying a code (``E001``...) so users can search for it and the CLI can map
it to an exit code without a traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of every error the library raises on purpose."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"[{self.code}] {where}{message}")


class InputError(KGError):
    """An input file is missing, unreadable, binary or cannot be decoded."""

    code = "E001"


class RuleError(KGError):
    """A rule file is malformed (bad YAML, unknown field, pattern that does not compile)."""

    code = "E002"
    exit_code = 2


class StoreError(KGError):
    """The embedded store cannot be opened or written."""

    code = "E003"
    exit_code = 3


class UsageError(KGError):
    """The caller asked for something that makes no sense."""

    code = "E004"
    exit_code = 2


# Message templates, so wording stays consistent across modules.
MESSAGES = {
    "empty": "the file is empty (or whitespace only); nothing to analyze",
    "binary": "looks like a binary file ({kind}), not text",
    "undecodable": "cannot decode as UTF-8, UTF-16, GB18030 or Big5",
    "missing": "no such file",
    "is_dir": "is a directory; pass files, or use `kg ingest` for folders",
}
