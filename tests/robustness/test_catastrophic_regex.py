"""Issue 14 item 7: a user rule with a catastrophic regex cannot hang a run.

``(?:(?:投|资)+)+`` passed ``kg rules check`` and then hung extraction (N = 18: over 60 s).
Patterns with an unbounded repeat inside another are refused when rules load (E002).
"""

from __future__ import annotations

import pytest

from .conftest import invoke

N = 18
TEXT = "英伟达" + "投资" * N + "艾克米5亿美元。"


@pytest.mark.parametrize(
    "field",
    [
        "    patterns: ['{PAYER}(?:(?:投|资)+)+{PAYEE}{G4}{MONEY}']\n",
        "    patterns: ['{PAYER}{GAP}注资{PAYEE}{G4}{MONEY}']\n    unless: '(a*)*b'\n",
    ],
    ids=["pattern", "unless"],
)
def test_nested_unbounded_repeats_are_refused(tmp_path, field):
    d = tmp_path / "rules"
    d.mkdir()
    (d / "relations.yaml").write_text(
        "relations:\n  - name: hang\n    kind: investment\n" + field, encoding="utf-8"
    )
    src = tmp_path / "a.txt"
    src.write_text(TEXT + "\n", encoding="utf-8")
    for args in (("rules", "check"), ("extract", src)):
        r = invoke("--rules", d, *args)  # refused before any matching: no time limit needed
        assert r.exit_code == 2, (r.stderr, r.exception)
        assert "[E002]" in r.stderr and "unbounded repeat inside another" in r.stderr
