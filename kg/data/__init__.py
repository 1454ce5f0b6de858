"""The data kg ships: the bundled rule files and the sample corpus.

In a checkout, the canonical copies are the top-level ``rules/`` and ``corpora/`` folders
(edit rules there); the build maps them into the package as ``kg.data.rules`` and
``kg.data.corpora`` (``[tool.setuptools.package-dir]`` in ``pyproject.toml``), so a wheel or
``pip install .`` carries them, and an editable install reads the checkout's folders.
Both are read through :mod:`importlib.resources`.

>>> (rules_folder() / "relations.yaml").is_file()
True
>>> any(corpus_folder().glob("*.txt"))
True
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["corpus_folder", "rules_folder"]


def _folder(package: str) -> Path:
    # kg is installed as files (wheel or editable), never imported from a zip: a real folder
    return Path(str(resources.files(package)))


def rules_folder() -> Path:
    """The folder of the bundled rule files (``relations.yaml``, ``entities/`` ...)."""
    return _folder("kg.data.rules")


def corpus_folder() -> Path:
    """The folder of the bundled sample articles (``*.txt``)."""
    return _folder("kg.data.corpora")
