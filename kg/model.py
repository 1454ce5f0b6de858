"""Records of the article pipeline, each with ``to_dict()`` giving ``kg.article/1`` JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import UsageError
from .extract.amounts import MONEY, Amount
from .extract.mentions import Entity, Mention
from .kinds import deal_kinds
from .numbers import json_number, to_decimal

SCHEMA = "kg.article/1"
STATUSES = ("announced", "planned", "rumoured", "completed")


def checked_filter(values: str | Iterable[str] | None, known: Iterable[str], what: str) -> frozenset[str] | None:
    """A ``kinds=`` / ``statuses=`` filter value, checked: None or an empty value means no
    filter; a string may list several, comma-separated; an unknown name is a UsageError.

    >>> sorted(checked_filter("loan, lease", deal_kinds().names, "kind"))
    ['lease', 'loan']
    >>> checked_filter([], STATUSES, "status") is None
    True
    >>> checked_filter(["sold"], STATUSES, "status")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: [E004] unknown status sold; choose from announced, planned, rumoured, completed
    """
    if values is None:
        return None
    if isinstance(values, str):
        values = [x.strip() for x in values.split(",") if x.strip()]
    out = frozenset(values)
    if not out:
        return None
    known = tuple(known)
    unknown = sorted(out - set(known))
    if unknown:
        raise UsageError(f"unknown {what} {', '.join(unknown)}; choose from {', '.join(known)}")
    return out


@dataclass
class Evidence:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def trimmed(cls, text: str, start: int, end: int) -> Evidence:
        """The evidence of ``text[start:end]`` without the white space at its ends, its offsets moved
        with it (a line of an announcement: ``text[ev.start:ev.end] == ev.text`` always).

        >>> Evidence.trimmed(" 甲公司 \\n", 0, 6)
        Evidence(text='甲公司', start=1, end=4)
        """
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return cls(text[start:end], start, end)


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
    date_origin: str | None = None  # "stated" (in the sentence, maybe relative) or "article" (its date)

    def amount_dict(self) -> dict[str, Any] | None:
        a = self.amount
        if a is None:
            return None
        d = {
            "value": json_number(a.value),
            "low": json_number(a.low),
            "high": json_number(a.high),
            "approx": a.approx,
            "currency": a.currency,
            "usd": json_number(a.usd),
            "text": a.text,
        }
        if a.low_usd is not None or a.high_usd is not None:
            d["low_usd"], d["high_usd"] = json_number(a.low_usd), json_number(a.high_usd)
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
                    "value": json_number(q.value),
                    "low": json_number(q.low),
                    "high": json_number(q.high),
                    "unit": q.unit,
                    "text": q.text,
                }
                for q in self.quantities
            ],
            "date": self.date,
            **({"date_origin": self.date_origin} if self.date_origin else {}),
            "status": self.status,
            **({"share_of_payee_revenue": json_number(self.share.value / 100)} if self.share is not None else {}),
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
            "value": json_number(a.value),
            "low": json_number(a.low),
            "high": json_number(a.high),
            "unit": a.unit,
            "currency": a.currency,
            "usd": json_number(a.usd),
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
    url: str | None = None
    # (normalised content hash, MinHash signature) for the store's duplicate and reprint checks, or
    # (content hash,) as the pipeline leaves it: the signature is not part of the record and the
    # store (or a worker of kg ingest) adds it from the text (kg.store.dedupe.signed)
    fingerprint: tuple | None = field(default=None, repr=False, compare=False)
    notes: list[str] = field(default_factory=list)  # what a reader should know (e.g. no Chinese text)

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
        if self.url:
            d["url"] = self.url
        if self.fingerprint and self.fingerprint[0]:
            d["content_hash"] = self.fingerprint[0]
        if self.notes:
            d["notes"] = list(self.notes)
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

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> ArticleResult:
        """Rebuild a result from its ``kg.article/1`` record (what ``to_dict`` gave).

        ``from_dict(r.to_dict()).to_dict() == r.to_dict()``, and storing the rebuilt result
        writes the same rows and figures as storing *r*, with two limits of the record's JSON
        numbers: a Decimal's trailing zeros are gone (``2881000000.00`` is stored as
        ``2881000000``), and fractions travel as floats (exact to 15 significant digits).
        What the record does not carry is left empty: the article text (``text == ""``),
        the MinHash signature (the ``content_hash`` is there: copies are still one article,
        but a store written from records does not link reprints), entity aliases, and the offsets of a deal's or fact's amount when the article's
        amount list has no such figure.

        >>> from kg import analyze
        >>> r = analyze("輝達表示將向OpenAI投資300億美元。")
        >>> ArticleResult.from_dict(r.to_dict()).to_dict() == r.to_dict()
        True
        """
        if record.get("schema", SCHEMA) != SCHEMA:
            raise ValueError(f"not a {SCHEMA} record: schema {record.get('schema')!r}")
        a = record["article"]
        info = ArticleInfo(
            id=a["id"],
            path=a.get("path"),
            title=a.get("title"),
            script=a.get("script", ""),
            encoding=a.get("encoding", "utf-8"),
            chars=a.get("chars", 0),
            date=a.get("date"),
            source=a.get("source"),
            url=a.get("url"),
            fingerprint=(a["content_hash"], None) if a.get("content_hash") else None,
            notes=list(a.get("notes", [])),
        )
        entities = [
            Entity(
                name=e["name"],
                type=e["type"],
                ticker=e.get("ticker"),
                discovered=bool(e.get("discovered", False)),
                mentions=[Mention(e["name"], m["start"], m["end"], m.get("text", "")) for m in e["mentions"]],
            )
            for e in record.get("entities", [])
        ]
        amounts = [_amount(x, MONEY) for x in record.get("amounts", [])]
        deals = []
        for d in record.get("deals", []):
            evidence = [Evidence(e["text"], e["start"], e["end"]) for e in d.get("evidence", [])]
            am = d.get("amount")
            amount = _locate(_amount(am, MONEY), amounts, evidence) if am is not None else None
            share = d.get("share_of_payee_revenue")
            deals.append(
                Deal(
                    payer=d.get("payer"),
                    payee=d.get("payee"),
                    kind=d["kind"],
                    amount=amount,
                    quantities=[_amount(q, "") for q in d.get("quantities", [])],
                    date=d.get("date"),
                    date_origin=d.get("date_origin"),
                    status=d.get("status", "announced"),
                    up_to=bool(am and am.get("up_to")),
                    joint=bool(am and am.get("joint")),
                    share=(
                        Amount(text="", start=0, end=0, value=to_decimal(share) * 100, unit="percent")
                        if share is not None
                        else None
                    ),
                    evidence=evidence,
                    rule=d.get("rule", ""),
                )
            )
        facts = []
        for f in record.get("facts", []):
            ev = f["evidence"]
            evidence = Evidence(ev["text"], ev["start"], ev["end"])
            facts.append(
                Fact(
                    entity=f["entity"],
                    metric=f["metric"],
                    amount=_locate(_amount(f, MONEY), amounts, [evidence]),
                    period=f.get("period"),
                    evidence=evidence,
                    counterparty=f.get("counterparty"),
                )
            )
        return cls(article=info, entities=entities, amounts=amounts, deals=deals, facts=facts)




def _amount(d: dict[str, Any], unit: str) -> Amount:
    """An :class:`Amount` from the amount fields of a record (an amount, a deal's, a fact)."""
    return Amount(
        text=d.get("text") or "",
        start=d.get("start", 0),
        end=d.get("end", 0),
        value=to_decimal(d.get("value")),
        low=to_decimal(d.get("low")),
        high=to_decimal(d.get("high")),
        approx=bool(d.get("approx", False)),
        currency=d.get("currency"),
        unit=d.get("unit") or unit,
        per_share=bool(d.get("per_share", False)),
        currency_inferred=bool(d.get("currency_inferred", False)),
        usd=to_decimal(d.get("usd")),
        low_usd=to_decimal(d.get("low_usd")),
        high_usd=to_decimal(d.get("high_usd")),
    )


def _locate(amount: Amount, amounts: list[Amount], spans: list[Evidence]) -> Amount:
    """Give *amount* the offsets (and text) of the same figure in the article's amount list."""
    key = (amount.value, amount.low, amount.high, amount.currency)
    same = [a for a in amounts if (a.value, a.low, a.high, a.currency) == key]
    if amount.text:
        same = [a for a in same if a.text == amount.text]
    inside = [a for a in same if any(e.start <= a.start and a.end <= e.end for e in spans)]
    found = (inside or same or [None])[0]
    if found is not None:
        amount.start, amount.end = found.start, found.end
        amount.text = amount.text or found.text
    return amount


def __getattr__(name: str):
    # KINDS: the deal kinds of the active rule set (rules/kinds.yaml; see kg.kinds)
    if name == "KINDS":
        return deal_kinds().names
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
