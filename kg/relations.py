"""Relation rules: sentence templates with parties and amounts -> deals.

The rules are data (``rules/relations.yaml``); this module compiles them and
applies them in priority order. See that file for the rule format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import rules
from .amounts import MONEY, Amount
from .errors import RuleError
from .model import KINDS, Deal, Evidence
from .template import Template, compile_pattern

_RULE_FIELDS = {
    "name",
    "kind",
    "priority",
    "patterns",
    "payer",
    "payee",
    "requires_money",
    "unless",
    "kind_by_word",
    "examples",
    "negatives",
    "note",
}
_MODES = {"group", "subject", "topic", "none"}
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s?年\s?(?:(?P<m>1[0-2]|0?[1-9])\s?月(?:\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?[日号])?)?"
)


@dataclass
class RelationRule:
    name: str
    kind: str
    priority: int
    patterns: list[re.Pattern]
    payer: str = "group"
    payee: str = "group"
    requires_money: bool = False
    unless: re.Pattern | None = None
    kind_by_word: dict[str, str] = field(default_factory=dict)
    examples: list[dict] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)


@dataclass
class RelationRules:
    rules: list[RelationRule]
    status_words: dict[str, list[str]]
    up_to_words: list[str]


def load_relation_rules(path: Path | None = None) -> RelationRules:
    path = path or rules.rules_dir() / "relations.yaml"
    data = rules.load_yaml(path)
    if not isinstance(data, dict) or "relations" not in data:
        raise RuleError("expected a mapping with a `relations` list", path=str(path))
    out, names = [], set()
    for item in data["relations"]:
        rules.check_keys(item, _RULE_FIELDS, {"name", "kind", "patterns"}, path=path, what="relation rule")
        if item["name"] in names:
            raise RuleError(f"relation rule {item['name']!r} is defined twice", path=str(path))
        names.add(item["name"])
        if item["kind"] not in KINDS:
            raise RuleError(
                f"rule {item['name']!r}: kind {item['kind']!r} is not one of {list(KINDS)}", path=str(path)
            )
        pats = [compile_pattern(p, where=f"{path} (rule {item['name']})") for p in item["patterns"]]
        payer, payee = item.get("payer", "group"), item.get("payee", "group")
        for role, mode in (("payer", payer), ("payee", payee)):
            if mode not in _MODES:
                raise RuleError(
                    f"rule {item['name']!r}: {role} must be one of {sorted(_MODES)}", path=str(path)
                )
            if mode == "group" and not all(role in p.groupindex for p in pats):
                raise RuleError(
                    f"rule {item['name']!r}: a pattern lacks {{{role.upper()}}} and no `{role}:` mode "
                    "says how to fill it",
                    path=str(path),
                )
        unless = re.compile(item["unless"]) if item.get("unless") else None
        out.append(
            RelationRule(
                name=item["name"],
                kind=item["kind"],
                priority=int(item.get("priority", 50)),
                patterns=pats,
                payer=payer,
                payee=payee,
                requires_money=bool(item.get("requires_money", False)),
                unless=unless,
                kind_by_word=dict(item.get("kind_by_word") or {}),
                examples=item.get("examples") or [],
                negatives=item.get("negatives") or [],
            )
        )
    out.sort(key=lambda r: -r.priority)
    return RelationRules(out, data.get("status_words", {}), data.get("up_to_words", []))


@lru_cache(maxsize=1)
def relation_rules() -> RelationRules:
    return load_relation_rules()


# ------------------------------------------------------------------ engine


@dataclass
class SentenceContext:
    """What the engine needs to know about one sentence."""

    index: int
    template: Template
    simp: str  # the sentence, Simplified
    text: str  # the sentence, original
    start: int
    end: int
    topic: str | None
    org_types: dict[str, str]
    ineligible: set[int]  # ids of amounts a fact has taken


def find_date(simp_sentence: str, before: int | None = None) -> str | None:
    """The stated date nearest before *before* (or the first), as ISO ``YYYY[-MM[-DD]]``.

    >>> find_date("2025年10月6日,甲与乙达成协议"), find_date("2023年4月拿到"), find_date("本周五")
    ('2025-10-06', '2023-04', None)
    """
    best = None
    for m in _DATE.finditer(simp_sentence):
        if before is not None and m.start() > before and best is not None:
            break
        y, mo, d = m["y"], m["m"], m["d"]
        best = y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if mo and d else "")
    return best


def _status(window: str, words: dict[str, list[str]]) -> str:
    for status in ("rumoured", "planned", "completed"):
        if any(w in window for w in words.get(status, [])):
            return status
    return "announced"


def _clause_span(text: str, i: int, j: int) -> tuple[int, int]:
    """Widen template positions [i, j) to the surrounding clause (commas, colons)."""
    seps = ",:;"
    a = i
    while a > 0 and text[a - 1] not in seps:
        a -= 1
    b = j
    while b < len(text) and text[b] not in seps:
        b += 1
    return a, b


def _nearest_amount(
    ctx: SentenceContext, i: int, j: int, used: set[int], *, money: bool, max_dist: int = 24
) -> Amount | None:
    """The eligible amount nearest to the match [i, j) not separated from it by another entity."""
    t = ctx.template
    best, best_d = None, None
    for p in t.positions("Ⓜ" if money else "Ⓠ"):
        a = t.obj(p)
        if a is None or id(a) in used or id(a) in ctx.ineligible or (money and a.per_share):
            continue
        if money and a.unit != MONEY:
            continue
        if i <= p < j:
            d = 0
        elif p >= j:
            if "Ⓔ" in t.text[j:p] or p - j > max_dist:
                continue
            d = p - j
        else:
            if "Ⓔ" in t.text[p:i] or i - p > max_dist:
                continue
            d = (i - p) + 0.5  # prefer what follows on ties
        if best_d is None or d < best_d:
            best, best_d = a, d
    return best


def _fill(
    mode: str, role: str, ctx: SentenceContext, m: re.Match, other: list[str], prior: list[Deal]
) -> list[str | None]:
    if mode == "none":
        return [None]
    t = ctx.template

    def nearest_before():
        for p in reversed(t.positions("Ⓔ")):
            if p >= m.start():
                continue
            name = t.obj(p).name
            if name not in other and ctx.org_types.get(name, "person") != "person":
                return name
        return None

    def from_prior():
        for d in reversed(prior):
            name = d.payee if role == "payee" else d.payer
            if name and name not in other:
                return name
        return None

    order = [from_prior, nearest_before] if role == "payee" else [nearest_before, from_prior]
    if mode == "topic":
        order = []
    for f in order:
        name = f()
        if name:
            return [name]
    if ctx.topic and ctx.topic not in other:
        return [ctx.topic]
    return []


def _group_names(ctx: SentenceContext, m: re.Match, group: str) -> list[str]:
    i, j = m.span(group)
    names = []
    for mention in ctx.template.objs_in(i, j):
        if ctx.org_types.get(mention.name, "person") != "person" and mention.name not in names:
            names.append(mention.name)
    return names


def sentence_deals(ctx: SentenceContext, rr: RelationRules | None = None) -> list[Deal]:
    """Apply every relation rule to one sentence; highest priority first."""
    rr = rr or relation_rules()
    t = ctx.template
    deals: list[Deal] = []
    pairs: set[frozenset] = set()
    used: set[int] = set()
    for rule in rr.rules:
        for pat in rule.patterns:
            pos = 0
            while pos <= len(t.text):
                m = pat.search(t.text, pos)
                if not m:
                    break
                pos = m.start() + 1
                if rule.unless and rule.unless.search(
                    ctx.simp[max(0, t.offset(m.start()) - ctx.start - 8) : t.offset(m.end()) - ctx.start]
                ):
                    continue
                payers = _group_names(ctx, m, "payer") if "payer" in pat.groupindex else None
                payees = _group_names(ctx, m, "payee") if "payee" in pat.groupindex else None
                if payers is None:
                    payers = _fill(rule.payer, "payer", ctx, m, payees or [], deals)
                if payees is None:
                    payees = _fill(rule.payee, "payee", ctx, m, [p for p in payers if p], deals)
                if not payers or not payees:
                    continue
                i, j = m.span()
                if "money" in pat.groupindex:
                    money = t.obj(m.start("money"))
                    if money is None or id(money) in used or id(money) in ctx.ineligible or money.per_share:
                        money = None
                else:
                    money = _nearest_amount(ctx, i, j, used, money=True)
                if rule.requires_money and money is None:
                    continue
                qty = _nearest_amount(ctx, i, j, set(), money=False, max_dist=16)
                share = t.obj(m.start("pct")) if "pct" in pat.groupindex else None
                kind = rule.kind
                for word, k in rule.kind_by_word.items():
                    if word in ctx.simp[t.offset(i) - ctx.start : t.offset(j) - ctx.start]:
                        kind = k
                        break
                a, b = _clause_span(t.text, i, j)
                window = ctx.simp[t.offset(a) - ctx.start : t.offset(b) - ctx.start]
                status = _status(window, rr.status_words)
                date = find_date(ctx.simp, t.offset(i) - ctx.start)
                made = False
                for payer in payers:
                    for payee in payees:
                        if payer == payee or payee is None:
                            continue
                        pair = frozenset((payer, payee)) if payer else frozenset((None, payee, "raise"))
                        if pair in pairs:
                            continue
                        pairs.add(pair)
                        up_to = False
                        if money is not None:
                            before = ctx.simp[max(0, money.start - ctx.start - 6) : money.start - ctx.start]
                            up_to = any(w in before for w in rr.up_to_words)
                        deals.append(
                            Deal(
                                payer=payer,
                                payee=payee,
                                kind=kind,
                                amount=money,
                                quantities=[qty]
                                if qty is not None and qty.unit in ("GW", "MW", "GPUs", "shares")
                                else [],
                                date=date,
                                status=status,
                                up_to=up_to,
                                share=share,
                                evidence=[Evidence(ctx.text, ctx.start, ctx.end)],
                                rule=rule.name,
                                sentence_index=ctx.index,
                            )
                        )
                        made = True
                if made and money is not None:
                    used.add(id(money))
                if payers and None not in payers:
                    pairs.add(frozenset((None, payees[0], "raise")))
    return deals


# ------------------------------------------------------------------ merging


def _same_amount(a: Amount | None, b: Amount | None) -> bool:
    if a is None or b is None:
        return True
    x, y = a.best_usd(), b.best_usd()
    if x is None or y is None:
        return a.text == b.text
    return abs(x - y) <= abs(max(x, y)) * 5 / 1000


def _absorb(into: Deal, d: Deal) -> None:
    for e in d.evidence:
        if all((e.start, e.end) != (x.start, x.end) for x in into.evidence):
            into.evidence.append(e)
    same_report = (into.amount is None) == (d.amount is None)
    if into.amount is None and d.amount is not None:
        into.amount, into.up_to = d.amount, d.up_to
    if not into.quantities and d.quantities:
        into.quantities = d.quantities
    if same_report:
        into.date = into.date or d.date


def merge_deals(deals: list[Deal]) -> list[Deal]:
    """Merge repeats of one deal within an article.

    Same payer, payee and kind with compatible amounts become one deal with
    several evidence spans; a vaguer ``partnership`` folds into a more specific
    deal between the same parties; a deal with an unnamed payer folds into a
    named one for the same payee told in the same or the next sentence.
    """
    out: list[Deal] = []
    for d in deals:
        target = None
        for o in out:
            if o.payer == d.payer and o.payee == d.payee and _same_amount(o.amount, d.amount):
                if (
                    o.kind == d.kind
                    or "partnership" in (o.kind, d.kind)
                    or ({o.kind, d.kind} == {"purchase", "lease"} and (o.amount is None or d.amount is None))
                ):
                    target = o
                    break
        if target is not None:
            if (target.kind == "partnership" and d.kind != "partnership") or (
                target.kind == "purchase" and d.kind == "lease"
            ):
                target.kind, target.rule = d.kind, d.rule
            _absorb(target, d)
        else:
            out.append(d)
    final: list[Deal] = []
    for d in out:
        if d.payer is None:
            host = next(
                (
                    o
                    for o in out
                    if o.payer
                    and o.payee == d.payee
                    and o.kind == d.kind
                    and abs(o.sentence_index - d.sentence_index) <= 1
                    and o.amount is None
                ),
                None,
            )
            if host is not None:
                _absorb(host, d)
                continue
        final.append(d)
    return final
