"""Fields of an announcement: ``招标人：甲`` and ``中标金额：N`` complete the bid award the text tells.

Exchange announcements of a bid award list the project as numbered fields (``1、项目名称：…``,
``2、招标人：甲``, ``3、中标金额：人民币1.2亿元``). The sentence that tells the award often
names only a place (the project's) or nobody as the tendering party; a ``招标人`` field names it.
The labels are rule data (``bid_fields`` in ``rules/relations.yaml``).

>>> from kg import analyze
>>> text = ("青禾科技股份有限公司（以下简称“公司”）收到宁川市公共资源交易中心发出的《中标通知书》，"
...         "确认公司为宁川市智慧水务工程设备采购项目的中标单位。\\n1、招标人：宁川水务集团有限公司\\n"
...         "2、中标金额：人民币1.2亿元\\n")
>>> [(d.payer, d.payee, d.amount.text) for d in analyze(text).deals]
[('宁川水务集团有限公司', '青禾科技股份有限公司', '人民币1.2亿元')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace as _replace

from .. import rules
from ..model import Deal, Evidence
from ..rules.shapes import words
from .amounts import MONEY
from .literals import alternation
from .merging import merge_deals


@dataclass(frozen=True)
class BidFields:
    tenderer: re.Pattern
    amount: re.Pattern
    rules: frozenset[str]


@rules.derived
def bid_fields() -> BidFields:
    """The compiled ``bid_fields`` of ``rules/relations.yaml``."""
    d = rules.load("relations.yaml").get("bid_fields") or {}
    path = "rules/relations.yaml"
    start = r"(?:^|(?<=[\n、.．)）]))\s*"

    def field(key: str) -> re.Pattern:
        labels = words(d.get(key), what=f"bid_fields.{key}", path=path)
        return re.compile(start + "(?:" + alternation(labels) + r")\s*[:：]\s*" if labels else "(?!)", re.M)

    return BidFields(
        tenderer=field("tenderer_labels"),
        amount=field("amount_labels"),
        rules=frozenset(words(d.get("rules"), what="bid_fields.rules", path=path)),
    )


def apply_bid_fields(deals: list[Deal], text: str, simp: str, mentions, amounts) -> list[Deal]:
    """The bid awards of *deals* with the tendering party and price that fields state.

    Only when its awards have one winner, and the article names one tendering party in its fields
    (a field naming another company than the one told is the more precise of the two) or several,
    one per project with one price each (:func:`_projects`). *deals* comes back as it is when no
    field applies.
    """
    bf = bid_fields()
    awards = [d for d in deals if d.rule in bf.rules and d.kind == "purchase" and d.payee]
    if not awards or len({d.payee for d in awards}) != 1:
        return deals
    by_start = {m.start: m for m in mentions}
    tenderers = [by_start[m.end()] for m in bf.tenderer.finditer(simp) if m.end() in by_start]
    names = {m.name for m in tenderers}
    by_amount = {a.start: a for a in amounts if a.unit == MONEY}
    prices = [by_amount[m.end()] for m in bf.amount.finditer(simp) if m.end() in by_amount]
    if len(names) > 1:
        return _projects(deals, awards, tenderers, prices, text, simp)
    if len(names) != 1:
        return deals
    name = names.pop()
    if name == awards[0].payee:
        return deals
    field_mention = min(tenderers, key=lambda m: m.start)
    ev = _line(field_mention, text, simp)
    price = prices[0] if len({p.text for p in prices}) == 1 else None
    award_ids = {id(d) for d in awards}
    out = []
    for d in deals:
        if id(d) in award_ids:
            d = _replace(d, payer=name, evidence=[*d.evidence, ev], amount=d.amount or price)
        out.append(d)
    return merge_deals(out)  # two tellings of the award may now name the same two parties


def _line(mention, text: str, simp: str) -> Evidence:
    """The line of the announcement that holds *mention* (a field), as evidence."""
    start = simp.rfind("\n", 0, mention.start) + 1
    end = simp.find("\n", mention.end)
    end = len(simp) if end < 0 else end
    return Evidence(text[start:end].strip(), start, end)


def _projects(deals: list[Deal], awards: list[Deal], tenderers, prices, text: str, simp: str) -> list[Deal]:
    """One award per project when the fields list several (（一）项目一 … 2、招标人：甲 3、中标金额：N
    （二）项目二 … 2、招标人：乙 3、中标金额：M): each tendering party pays the one winner its
    project's price. Only when every project has one tendering party and one price, in order;
    else *deals* as they are."""
    tenderers = sorted(tenderers, key=lambda m: m.start)
    if len({m.name for m in tenderers}) != len(tenderers):
        return deals  # one tendering party in two projects' fields: which price is whose is not said
    bounds = [m.start for m in tenderers[1:]] + [len(simp)]
    groups = []
    for m, end in zip(tenderers, bounds, strict=True):
        own = [p for p in prices if m.end <= p.start < end]
        if len(own) != 1:
            return deals
        groups.append((m, own[0]))
    first = awards[0]
    award_ids = {id(d) for d in awards}
    out = [d for d in deals if id(d) not in award_ids]
    for m, price in groups:
        if m.name == first.payee:
            return deals
        out.append(_replace(first, payer=m.name, amount=price, evidence=[*first.evidence, _line(m, text, simp)]))
    return merge_deals(out)
