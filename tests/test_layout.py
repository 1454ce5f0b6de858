"""The package boundary: what a wheel carries and how the modules of kg depend on each other."""

from __future__ import annotations

import re
from pathlib import Path

import kg
from kg import data, rules

ROOT = Path(__file__).resolve().parent.parent
KG = ROOT / "kg"


def _setuptools_packages() -> list[str]:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r"^packages = \[(.*?)\]", text, re.M | re.S)
    assert m, "pyproject.toml lists kg's packages explicitly ([tool.setuptools] packages)"
    return re.findall(r'"([^"]+)"', m.group(1))


def test_every_package_of_kg_is_in_the_wheel():
    on_disk = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in KG.rglob("__init__.py") if "__pycache__" not in p.parts
    }
    listed = set(_setuptools_packages())
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"
    assert {"kg.data.rules", "kg.data.corpora"} <= listed


def test_bundled_data_is_read_through_the_package():
    assert data.rules_folder().resolve() == (ROOT / "rules").resolve()  # editable install: the checkout's
    assert data.corpus_folder().resolve() == (ROOT / "corpora").resolve()
    assert rules.rules_dir() == data.rules_folder()


def test_py_typed_is_there():
    assert (Path(kg.__file__).parent / "py.typed").is_file()
