"""Fact rules: figures describing one company (valuation, revenue, debt...), not flows.

Rules are data in ``rules/facts.yaml``; see that file for the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import rules
from ..errors import RuleError
from ..model import Evidence, Fact
from .amounts import MONEY, Amount
from .literals import start_chars
from .prefilter import live_patterns, word_index
from .template import compile_pattern

_FIELDS = {"metric", "patterns", "examples", "unit", "shared", "owner", "note"}
_YEAR = start_chars(re.compile(
    r"((?:19|20)\d{2})\s?年(?:\s?(?:第?([一二三四1-4])季|Q([1-4])))?|((?:19|20)\d{2})\s?Q([1-4])"
))
_QUARTER = {"一": "1", "二": "2", "三": "3", "四": "4"}


@dataclass
class FactRule:
    metric: str
    patterns: list[re.Pattern]
    unit: str = MONEY
    shared: bool = False
    owner: str = "nearest"
    examples: list[dict] = field(default_factory=list)


@dataclass
class FactRules:
    rules: list[FactRule]
    coreference: re.Pattern
    continue_with: list[str]
    # words of the clause before a figure that make it a forecast (预估下季营收...): metric_forecast
    forecast: re.Pattern = field(default_factory=lambda: re.compile("(?!)"))


_OWNERS = {"nearest", "topic"}
_AMOUNT_GROUPS = ("money", "qty", "pct")


def _str_list(value, *, what: str, path: Path, allow_empty: bool = True) -> list[str]:
    """*value* as a list of non-empty strings, or a RuleError saying what was expected."""
    if value is None and allow_empty:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleError(f"{what} must be a list of non-empty strings, got {value!r}", path=str(path))
    if not value and not allow_empty:
        raise RuleError(f"{what} must not be empty", path=str(path))
    return value


_compile_regex = rules.compile_regex


def _fact_rule(item, path: Path) -> FactRule:
    rules.check_keys(item, _FIELDS, {"metric", "patterns"}, path=path, what="fact rule")
    metric = item["metric"]
    if not isinstance(metric, str) or not metric.strip():
        raise RuleError(f"fact rule metric must be a non-empty string, got {metric!r}", path=str(path))
    where = f"{path} (fact {metric})"
    patterns = []
    for p in _str_list(item["patterns"], what=f"fact {metric!r}: patterns", path=path, allow_empty=False):
        pat = compile_pattern(p, where=where)
        if not any(g in pat.groupindex for g in _AMOUNT_GROUPS):
            raise RuleError(
                f"fact {metric!r}: pattern {p!r} has no {{MONEY}}, {{QTY}} or {{PCT}} placeholder "
                "for the figure",
                path=str(path),
            )
        patterns.append(pat)
    unit = item.get("unit", MONEY)
    if not isinstance(unit, str) or not unit:
        raise RuleError(f"fact {metric!r}: unit must be a string, got {unit!r}", path=str(path))
    shared = item.get("shared", False)
    if not isinstance(shared, bool):
        raise RuleError(f"fact {metric!r}: shared must be true or false, got {shared!r}", path=str(path))
    owner = item.get("owner", "nearest")
    if owner not in _OWNERS:
        raise RuleError(
            f"fact {metric!r}: owner must be one of {sorted(_OWNERS)}, got {owner!r}", path=str(path)
        )
    examples = item.get("examples") or []
    if not isinstance(examples, list):
        raise RuleError(f"fact {metric!r}: examples must be a list", path=str(path))
    return FactRule(
        metric=metric, patterns=patterns, unit=unit, shared=shared, owner=owner, examples=examples
    )


def load_fact_rules(path: Path | None = None) -> FactRules:
    path = path or rules.active().base / "facts.yaml"
    data = rules.load_yaml(path)
    if not isinstance(data, dict) or "facts" not in data:
        raise RuleError("expected a mapping with a `facts` list", path=str(path))
    items = data["facts"]
    if not isinstance(items, list) or not items:
        raise RuleError(f"`facts` must be a non-empty list of fact rules, got {items!r}", path=str(path))
    out = [_fact_rule(item, path) for item in items]
    coref = data.get("coreference")
    coreference = _compile_regex(coref, what="coreference", path=path) if coref else re.compile("(?!)")
    continue_with = _str_list(data.get("continue_with"), what="continue_with", path=path)
    words = _str_list(data.get("forecast_words"), what="forecast_words", path=path)
    forecast = re.compile("|".join(re.escape(w) for w in words)) if words else re.compile("(?!)")
    return FactRules(out, coreference, continue_with, forecast)


@rules.derived
def fact_rules() -> FactRules:
    return load_fact_rules()


def _is_forecast(text: str, pos: int, fr: FactRules) -> bool:
    """A forecast word (预估, 预计...) in the clause before position *pos* of the template text.

    >>> fr = FactRules([], re.compile("(?!)"), [], re.compile("预估|预计"))
    >>> _is_forecast("营收达570亿美元,并预估下季营收约650亿美元", 22, fr), _is_forecast("营收达570亿美元", 3, fr)
    (True, False)
    """
    start = max(text.rfind(sep, 0, pos) for sep in ",，;；。:：") + 1
    return fr.forecast.search(text, start, pos) is not None


def find_period(simp_sentence: str, before: int) -> str | None:
    """The year (or quarter) stated nearest before position *before*.

    >>> find_period("2024年公司营收达19亿美元", 10), find_period("2025年第二季营收", 8)
    ('2024', '2025Q2')
    """
    best = None
    for m in _YEAR.finditer(simp_sentence):
        if m.start() > before:
            break
        y = m.group(1) or m.group(4)
        q = m.group(2) or m.group(3) or m.group(5)
        best = y + (f"Q{_QUARTER.get(q, q)}" if q else "")
    return best


def _fact_index(fr: FactRules):
    """The (rule, pattern) pairs in order; the indexes of those without a required word; per word,
    the indexes of those needing it (:func:`~kg.extract.literals.required_literals`, the placeholders
    not counted); an automaton finding the words; per pattern, every set of words it needs. Kept on
    *fr*, built once per rule set."""
    index = fr.__dict__.get("_index")
    if index is None:
        order = [(rule, pat) for rule in fr.rules for pat in rule.patterns]
        always, by_word, automaton, reqs = word_index([pat for _, pat in order], weak="ⒺⓂⓅⓆ")
        index = fr.__dict__["_index"] = (always, by_word, automaton, order, reqs)
    return index


def sentence_facts(ctx, resolve_back, fr: FactRules | None = None) -> list[Fact]:
    """Facts of one sentence; *resolve_back()* names the organisation a back-reference points to.

    Marks the amounts it uses in ``ctx.ineligible`` so they are not taken as deal amounts.
    """
    fr = fr or fact_rules()
    t = ctx.template
    facts: list[Fact] = []
    taken: set[int] = set()

    def owner(pos: int, m: re.Match, rule: FactRule) -> str | None:
        if "entity" in m.re.groupindex and m.group("entity"):
            return t.obj(m.start("entity")).name
        for p in reversed(t.positions("Ⓔ")):
            if p < pos and ctx.org_types.get(t.obj(p).name, "person") != "person":
                return t.obj(p).name
        if rule.owner == "topic" and ctx.topic:
            return ctx.topic
        if fr.coreference.search(ctx.simp):
            return resolve_back()
        return None

    candidates = []
    always, by_word, automaton, order, reqs = _fact_index(fr)
    for k in live_patterns(t.text, always, by_word, automaton, reqs):  # the words they need are here
        rule, pat = order[k]
        for m in pat.finditer(t.text):
            g = "money" if "money" in pat.groupindex else "qty" if "qty" in pat.groupindex else "pct"
            candidates.append((m.end() - m.start(), rule, m, g))
    candidates.sort(key=lambda c: c[0])  # the tightest match wins an amount
    for _, rule, m, g in candidates:
        a: Amount = t.obj(m.start(g))
        if a is None or id(a) in taken or a.unit != rule.unit:
            continue
        who = owner(m.start(), m, rule)
        if not who:
            continue
        taken.add(id(a))
        if not rule.shared:
            ctx.ineligible.add(id(a))
        facts.append(
            Fact(
                who,
                rule.metric + ("_forecast" if _is_forecast(t.text, m.start(g), fr) else ""),
                a,
                find_period(ctx.simp, a.start - ctx.start),
                Evidence(ctx.text, ctx.start, ctx.end),
            )
        )
    # 2022年营收1583万美元,2023年突破至2.29亿美元: the same metric continues
    if facts:
        for p in t.positions("Ⓜ"):
            a = t.obj(p)
            if a is None or id(a) in taken or a.unit != MONEY:
                continue
            prev = [f for f in facts if f.amount.start < a.start]
            before = t.text[max(0, p - 4) : p]
            if prev and any(before.endswith(w) for w in fr.continue_with):
                f0 = prev[-1]
                period = find_period(ctx.simp, a.start - ctx.start)
                if period and period != f0.period:
                    taken.add(id(a))
                    ctx.ineligible.add(id(a))
                    facts.append(Fact(f0.entity, f0.metric, a, period, f0.evidence))
    facts.sort(key=lambda f: f.amount.start)
    return facts
