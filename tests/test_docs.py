"""The README's walkthroughs run: each ``## Add ...`` section's files are written to a
folder and its Python snippets run there, in order (in the style of sqlite-utils' test_docs)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.M | re.S)


def _sections() -> dict[str, str]:
    text = README.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)
    return {p.split("\n", 1)[0]: p for p in parts if p.startswith("Add ")}


SECTIONS = _sections()


def test_the_readme_has_the_walkthroughs():
    assert {"Add a rule", "Add a deal kind"} <= set(SECTIONS)


@pytest.mark.parametrize("title", sorted(SECTIONS))
def test_walkthrough_runs(title, tmp_path):
    blocks = FENCE.findall(SECTIONS[title])
    ran = 0
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        namespace: dict = {}
        for lang, body in blocks:
            first = body.split("\n", 1)[0]
            if lang == "yaml" and first.startswith("# "):  # a file: "# my_rules/relations.yaml"
                path = tmp_path / first[2:].strip()
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(body, encoding="utf-8")
            elif lang == "python":
                exec(compile(body, f"README.md ({title})", "exec"), namespace)  # noqa: S102
                ran += 1
    finally:
        os.chdir(cwd)
    assert ran, f"no Python snippet in the section {title!r}"
