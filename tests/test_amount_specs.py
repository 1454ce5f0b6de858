"""Run the spec table tests/specs/amounts.yaml against kg.extract.amounts, one test per case."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from kg.extract.amounts import Amount, extract_amounts, resolve_context_currency
from kg.extract.normalize import normalize

SPEC = yaml.safe_load((Path(__file__).parent / "specs" / "amounts.yaml").read_text(encoding="utf-8"))
NUMBERS = {"value", "low", "high"}
FIELDS = NUMBERS | {"text", "start", "end", "approx", "currency", "currency_inferred", "unit", "per_share"}


def cases(kind: str) -> list:
    return [
        pytest.param(
            case,
            id=case["id"],
            marks=[pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else [],
        )
        for case in SPEC[kind]
    ]


def run(case: dict) -> list[Amount]:
    nt = normalize(case["input"])
    script = case.get("script", nt.script)
    found = extract_amounts(nt.simp, nt.text, script=script)
    resolve_context_currency(found, script)
    for a in found:
        assert case["input"][a.start : a.end] == a.text, a
    return found


def show(found: list[Amount]) -> list[tuple]:
    return [(a.text, a.value, a.low, a.high, a.approx, a.currency, a.unit, a.per_share) for a in found]


@pytest.mark.parametrize("case", cases("positive"))
def test_positive(case: dict) -> None:
    found = run(case)
    assert len(found) == len(case["results"]), show(found)
    for got, want in zip(found, case["results"], strict=True):
        assert set(want) <= FIELDS, set(want) - FIELDS
        for name, expected in want.items():
            actual = getattr(got, name)
            if name in NUMBERS and expected is not None:
                assert isinstance(expected, str), f"{name}: write numbers as strings"
                assert actual is not None and actual == Decimal(expected), (name, show([got]))
            else:
                assert actual == expected, (name, show([got]))


@pytest.mark.parametrize("case", cases("negative"))
def test_negative(case: dict) -> None:
    unit = case.get("unit")
    assert [a for a in run(case) if unit in (None, a.unit)] == []


def test_spec_table_shape() -> None:
    ids = [case["id"] for kind in ("positive", "negative") for case in SPEC[kind]]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert len(SPEC["positive"]) >= 170 and len(SPEC["negative"]) >= 45
