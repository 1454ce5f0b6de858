"""Records of the article pipeline, each with ``to_dict()`` giving ``kg.article/1`` JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .amounts import Amount, num
from .entities import Entity

SCHEMA = "kg.article/1"
KINDS = ("investment", "purchase", "lease", "warrant", "loan", "acquisition", "partnership")
STATUSES = ("announced", "planned", "rumoured", "completed")


@dataclass
class Evidence:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Deal:
    """A flow of money: ``payer`` pays ``payee``. ``payer`` may be None (unnamed investors)."""

    payer: str | None
    payee: str | None
    kind: str
    amount: Amount | None = None
    quantities: list[Amount] = field(default_factory=list)
    date: str | None = None
    status: str = "announced"
    up_to: bool = False
    joint: bool = False  # one amount told for several parties together (甲、乙合计投资...)
    share: Amount | None = None  # the payer's share of the payee's revenue (微软占营收62%)
    evidence: list[Evidence] = field(default_factory=list)
    rule: str = ""
    sentence_index: int = 0

    def amount_dict(self) -> dict[str, Any] | None:
        a = self.amount
        if a is None:
            return None
        d = {
            "value": num(a.value),
            "low": num(a.low),
            "high": num(a.high),
            "approx": a.approx,
            "currency": a.currency,
            "usd": num(a.usd),
            "text": a.text,
        }
        if a.low_usd is not None or a.high_usd is not None:
            d["low_usd"], d["high_usd"] = num(a.low_usd), num(a.high_usd)
        if self.up_to:
            d["up_to"] = True
        if self.joint:
            d["joint"] = True
        return d

    def to_dict(self) -> dict[str, Any]:
        return {
            "payer": self.payer,
            "payee": self.payee,
            "kind": self.kind,
            "amount": self.amount_dict(),
            "quantities": [
                {
                    "value": num(q.value),
                    "low": num(q.low),
                    "high": num(q.high),
                    "unit": q.unit,
                    "text": q.text,
                }
                for q in self.quantities
            ],
            "date": self.date,
            "status": self.status,
            **({"share_of_payee_revenue": num(self.share.value / 100)} if self.share is not None else {}),
            "evidence": [e.to_dict() for e in self.evidence],
            "rule": self.rule,
        }


@dataclass
class Fact:
    entity: str
    metric: str
    amount: Amount
    period: str | None
    evidence: Evidence
    counterparty: str | None = None

    def to_dict(self) -> dict[str, Any]:
        a = self.amount
        d = {
            "entity": self.entity,
            "metric": self.metric,
            "value": num(a.value),
            "low": num(a.low),
            "high": num(a.high),
            "unit": a.unit,
            "currency": a.currency,
            "usd": num(a.usd),
            "period": self.period,
            "evidence": self.evidence.to_dict(),
        }
        if self.counterparty:
            d["counterparty"] = self.counterparty
        return d


@dataclass
class ArticleInfo:
    id: str
    path: str | None
    title: str | None
    script: str
    encoding: str
    chars: int
    date: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "script": self.script,
            "encoding": self.encoding,
            "chars": self.chars,
        }
        if self.date:
            d["date"] = self.date
        if self.source:
            d["source"] = self.source
        return d


@dataclass
class ArticleResult:
    """Everything found in one article."""

    article: ArticleInfo
    entities: list[Entity]
    amounts: list[Amount]
    deals: list[Deal]
    facts: list[Fact]
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "article": self.article.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "amounts": [a.to_dict() for a in self.amounts],
            "deals": [d.to_dict() for d in self.deals],
            "facts": [f.to_dict() for f in self.facts],
        }
