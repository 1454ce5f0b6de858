"""``kg rules check``: load every rule file (bundled and ``--rules``) through the loaders the
pipeline uses and say, per file, what it holds or what is wrong (:func:`check_all`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..analysis import rates
from ..errors import RuleError
from ..extract import (
    dates,
    defined_terms,
    facts,
    fields,
    frames,
    gazetteer,
    normalize,
    org_rules,
    orgnames,
    places,
    relation_rules,
)
from ..extract import names as name_rules
from ..extract.amounts import grammar
from ..kinds import deal_kinds
from . import shapes
from .loading import RuleMap, _as_rule_error, _n, parse_file
from .ruleset import RuleSet, active, load, using


@dataclass
class FileCheck:
    """What ``kg rules check`` says about one rule file."""

    path: str
    summary: str
    user: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class CheckReport:
    files: list[FileCheck]
    errors: list[RuleError]

    @property
    def ok(self) -> bool:
        return not self.errors


_COUNTED = {
    "relations.yaml": ("relations", "relation rules"),
    "facts.yaml": ("facts", "fact rules"),
    "currencies.yaml": ("currencies", "currencies"),
    "segmentation.yaml": ("extra_words", "extra words"),
    "products.yaml": ("names", "product names"),
    "kinds.yaml": ("kinds", "deal kinds"),
    "frames.yaml": ("frames", "deal frames"),
    "dates.yaml": ("examples", "date examples"),
}


def _summary(rel: str, data: Any) -> str:
    if data is None:
        return "empty"
    if rel.startswith("entities/"):
        if not isinstance(data, list):
            return "not a list"
        n_alias = sum(
            len(r.get("aliases") or []) + len(r.get("weak_aliases") or [])
            for r in data
            if isinstance(r, dict)
        )
        return f"{len(data)} entities, {n_alias} aliases"
    if isinstance(data, dict):
        if rel in _COUNTED and isinstance(data.get(_COUNTED[rel][0]), (list, dict)):
            k, noun = _COUNTED[rel]
            return f"{len(data[k])} {noun}, {_n(len(data), 'key')}"
        if rel == "roles.yaml":
            return ", ".join(f"{len(v)} {k}" for k, v in data.items() if isinstance(v, list))
        return _n(len(data), "key")
    return f"{len(data)} entries" if isinstance(data, list) else "a single value"


def check_all(rules: RuleSet | None = None) -> CheckReport:
    """Load every rule file of *rules* (default: the active rule set; bundled and ``--rules``
    files) through the loaders the pipeline uses.

    Each loader runs on its own, so one broken file does not hide the errors of others.

    >>> check_all().ok
    True
    """
    rs = rules if rules is not None else active()
    with using(rs):
        return _check_all(rs)


def _check_all(rs: RuleSet) -> CheckReport:
    files: list[FileCheck] = []
    errors: list[RuleError] = []

    def attempt(fn):
        try:
            return fn()
        except RuleError as exc:
            if not any(str(exc) == str(e) for e in errors):
                errors.append(exc)
            return None

    base = rs.base
    for p in sorted(base.rglob("*.yaml")):
        rel = p.relative_to(base).as_posix()
        data = attempt(lambda p=p: parse_file(p))
        if data is not None or p.stat().st_size == 0:
            files.append(FileCheck(str(p), _summary(rel, data), warnings=list_warnings(data) + _said_twice(rel, data)))
    for d in rs.user_dirs:
        for p in sorted(d.rglob("*.yaml")):
            rel = p.relative_to(d).as_posix()
            data = attempt(lambda p=p: parse_file(p))
            if data is not None:
                into = "adds entities" if rel.startswith("entities/") else f"merged into {rel}"
                files.append(
                    FileCheck(str(p), f"{_summary(rel, data)} ({into})", user=True, warnings=list_warnings(data) + _said_twice(rel, data))
                )

    def seg():
        shapes.words(
            load("segmentation.yaml").get("extra_words"), what="extra_words", path=str(base / "segmentation.yaml")
        )
        normalize._regional_words()

    def roles():
        data = load("roles.yaml")
        if not isinstance(data, dict):
            raise RuleError("expected a mapping of role to a list of names", path=str(base / "roles.yaml"))
        gaz = gazetteer.load_gazetteer()
        relation_rules._descriptors()
        for role, names in data.items():
            if role == "described_as":
                continue
            if not isinstance(names, list):
                raise RuleError(f"role {role!r} must be a list of names", path=str(base / "roles.yaml"))
            for n in names:
                if not isinstance(n, str) or gaz.resolve(n) is None:
                    raise RuleError(
                        f"role {role!r}: {n!r} is not a gazetteer name or alias; expected a known entity",
                        path=str(base / "roles.yaml"),
                    )

    def products():
        org_rules.org_patterns()
        name_rules.product_owners()

    checks = [
        (gazetteer.load_gazetteer, "entities"),
        (relation_rules.load_relation_rules, "relations.yaml"),
        (frames.load_frames, "frames.yaml"),
        (facts.load_fact_rules, "facts.yaml"),
        (grammar, "amounts.yaml"),
        (deal_kinds, "kinds.yaml"),
        (rates._bundled_rates, "currencies.yaml"),
        (org_rules.org_patterns, "org_patterns.yaml"),
        (org_rules._org_type_words, "org_patterns.yaml"),
        (name_rules._bracket_data, "org_patterns.yaml"),
        (name_rules._legal_pattern, "org_patterns.yaml"),
        (name_rules._round_data, "org_patterns.yaml"),
        (orgnames.name_rules, "org_names.yaml"),
        (places.place_rules, "places.yaml"),
        (products, "products.yaml"),
        (roles, "roles.yaml"),
        (seg, "segmentation.yaml"),
        (defined_terms.role_rules, "fields.yaml"),
        (fields.field_frames, "fields.yaml"),
        (fields.block_head, "fields.yaml"),
        (dates.date_rules, "dates.yaml"),
    ]
    for fn, rel in checks:
        attempt(_as_rule_error(fn, base / rel))
    return CheckReport(files, errors)




def _said_twice(rel: str, data: Any) -> list[str]:
    """Words of org_names.yaml ``bad_starts`` that hold a word of ``bad_parts`` or ``never_inside``: a
    name never holds such a word anywhere, so listing it as a start says it twice.

    >>> _said_twice("org_names.yaml", {"bad_parts": ["签署"], "bad_starts": ["因", "签署"]})
    ["bad_starts: '签署' holds '签署' of bad_parts, which no name holds anywhere; list it once"]
    """
    if rel != "org_names.yaml" or not isinstance(data, dict):
        return []
    parts = [
        (w, key)
        for key in ("bad_parts", "never_inside")
        for w in data.get(key) or []
        if isinstance(w, str) and w
    ]
    out = []
    for w in data.get("bad_starts") or []:
        held = next(((p, key) for p, key in parts if isinstance(w, str) and p in w), None)
        if held:
            out.append(f"bad_starts: {w!r} holds {held[0]!r} of {held[1]}, which no name holds anywhere; list it once")
    return out


_CJK_SPACE = re.compile(r"[\u3400-\u9fff]\s+\S|\S\s+[\u3400-\u9fff]")


def list_warnings(data: Any, where: str = "") -> list[str]:
    """What looks like a slip in the word lists of one rule file: an entry listed twice, or
    an entry with a space next to a Chinese character (two words that lost the comma
    between them: ``[表示, 指出 持有]``). Latin names with spaces (``Hong Kong``) are fine.

    >>> list_warnings({"cues": ["对价", "价款", "对价"], "breakers": ["指出 持有", "Hong Kong"]})
    ["cues: '对价' is listed twice (line ?)", "breakers: '指出 持有' has a space inside; a missing comma?"]
    >>> list_warnings({"negatives": ["甲方:宁川机电\\n乙方:德清港务\\n", "甲方:宁川机电\\n乙方:德清港务\\n"]})
    []
    """
    out: list[str] = []
    if isinstance(data, dict):
        for k, v in data.items():
            if k in ("examples", "negatives") or str(k).endswith(("_examples", "_negatives")):
                continue  # test sentences (fields.yaml texts of announcements too): repeats and line breaks are meant
            sub = f"{where}.{k}" if where else str(k)
            if isinstance(v, list):
                line = data.line_of(k) if isinstance(data, RuleMap) else None
                out += _list_slips(v, sub, line)
            out += list_warnings(v, sub) if isinstance(v, dict) else []
            if isinstance(v, list):
                for i, item in enumerate(v):
                    if isinstance(item, dict):
                        out += list_warnings(item, f"{sub}[{i}]")
    return out


def _list_slips(items: list, where: str, line: int | None) -> list[str]:
    out, seen = [], set()
    at = f"line {line}" if line else "line ?"
    for item in items:
        if not isinstance(item, str):
            continue
        if item in seen:
            out.append(f"{where}: {item!r} is listed twice ({at})")
        seen.add(item)
        if _CJK_SPACE.search(item):
            out.append(f"{where}: {item!r} has a space inside; a missing comma?")
    return out
