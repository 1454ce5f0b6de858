"""``kg rules check``: load every rule file (bundled and ``--rules``) through the loaders the
pipeline uses and say, per file, what it holds or what is wrong (:func:`check_all`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis import rates
from ..errors import RuleError
from ..extract import facts, gazetteer, org_rules, relation_rules
from ..extract import names as name_rules
from ..extract.amounts import grammar
from . import _USER_DIRS, _as_rule_error, _n, _parse, clear_caches, load, rules_dir


@dataclass
class FileCheck:
    """What ``kg rules check`` says about one rule file."""

    path: str
    summary: str
    user: bool = False


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


def check_all() -> CheckReport:
    """Load every rule file (bundled and ``--rules``) through the loaders the pipeline uses.

    Each loader runs on its own, so one broken file does not hide the errors of others.
    """
    clear_caches()
    files: list[FileCheck] = []
    errors: list[RuleError] = []

    def attempt(fn):
        try:
            return fn()
        except RuleError as exc:
            if not any(str(exc) == str(e) for e in errors):
                errors.append(exc)
            return None

    base = rules_dir()
    for p in sorted(base.rglob("*.yaml")):
        rel = p.relative_to(base).as_posix()
        data = attempt(lambda p=p: _parse(p))
        if data is not None or p.stat().st_size == 0:
            files.append(FileCheck(str(p), _summary(rel, data)))
    for d in _USER_DIRS:
        for p in sorted(d.rglob("*.yaml")):
            rel = p.relative_to(d).as_posix()
            data = attempt(lambda p=p: _parse(p))
            if data is not None:
                into = "adds entities" if rel.startswith("entities/") else f"merged into {rel}"
                files.append(FileCheck(str(p), f"{_summary(rel, data)} ({into})", user=True))

    def seg():
        words = load("segmentation.yaml").get("extra_words")
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise RuleError(
                "extra_words must be a list of non-empty strings", path=str(base / "segmentation.yaml")
            )

    def roles():
        data = load("roles.yaml")
        if not isinstance(data, dict):
            raise RuleError("expected a mapping of role to a list of names", path=str(base / "roles.yaml"))
        gaz = gazetteer.load_gazetteer()
        for role, names in data.items():
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
        (facts.load_fact_rules, "facts.yaml"),
        (grammar, "amounts.yaml"),
        (rates._bundled_rates, "currencies.yaml"),
        (org_rules.org_patterns, "org_patterns.yaml"),
        (name_rules._bracket_data, "org_patterns.yaml"),
        (name_rules._legal_pattern, "org_patterns.yaml"),
        (name_rules._round_data, "org_patterns.yaml"),
        (products, "products.yaml"),
        (roles, "roles.yaml"),
        (seg, "segmentation.yaml"),
    ]
    for fn, rel in checks:
        attempt(_as_rule_error(fn, base / rel))
    clear_caches()
    return CheckReport(files, errors)


