"""Merging repeats of one deal within an article (an article tells a deal several times)."""

from __future__ import annotations

import re
from decimal import Decimal

from ..kinds import deal_kinds
from ..model import Deal
from .amounts import Amount
from .normalize import fold_width, to_simplified
from .relation_rules import relation_rules

# the rules that name a round's lead investor (relations.yaml): a round's amount told without its
# investors goes to its lead rather than to a co-investor named before it
_ROUND_LEADS = frozenset({"led_round", "led_named"})
# the rules of an old shareholder's money in a new round (老股东甲继续加注): not the same deal as its
# earlier round with a figure told in another sentence (2023年获甲数千万元天使轮投资)
_NEW_ROUND = frozenset({"old_holder_adds"})


# a part of a price paid (第一期股权转让款, 首期款, 尾款): a payment of a deal told with its whole price
_INSTALMENT = re.compile(r"(?:第[一二三四五六七八九十\d]+期|首期|分期|尾款|剩余|首笔|第[一二三四五]笔)[^,;。]{0,8}?(?:款|价款|对价)")


def _smaller_part(o: Deal, d: Deal) -> bool:
    """Are *o* and *d* of one kind, both with a figure, *d*'s the smaller (a part of *o*'s)?"""
    if o.kind != d.kind or o.amount is None or d.amount is None:
        return False
    x, y = o.amount.best_usd(), d.amount.best_usd()
    return x is not None and y is not None and y < x


def _instalment_of(o: Deal, d: Deal) -> bool:
    """Is *d* a part of *o*'s price paid (same parties and kind, a smaller figure told as an instalment)?"""
    return _smaller_part(o, d) and any(_INSTALMENT.search(e.text) for e in d.evidence)


def _share_of_joint(o: Deal, d: Deal) -> bool:
    """Is *d*'s figure one party's share of the figure *o* was told jointly (甲向乙、丙购买…合计作价8.6亿元;
    甲向乙支付对价5.332亿元): same parties and kind, *o* ``joint``, *d* not, and *d*'s figure smaller?"""
    return bool(o.joint) and not d.joint and _smaller_part(o, d)


def _round_told_again(o: Deal, d: Deal) -> bool:
    """Is *d* the lead of *o*'s round told again with the round's whole figure (甲领投25亿美元。…本轮募资
    总额40亿美元,除甲领投外,…): both lead readings of one investment, *d*'s figure the larger, and *d*'s
    sentence refers back to the round (``round_refs`` of relations.yaml)?"""
    if o.rule not in _ROUND_LEADS or d.rule not in _ROUND_LEADS or o.sentence_index == d.sentence_index:
        return False
    rr = relation_rules()
    texts = [to_simplified(fold_width(e.text)) for e in d.evidence]  # the rules read the Simplified, width-folded copy
    refers = any(rr.round_start.match(t) or rr.round_clause.search(t) for t in texts)
    return refers and _smaller_part(d, o)


def _other_round(o: Deal, d: Deal) -> bool:
    """Is one of *o*, *d* an old shareholder's new round and the other an earlier one with a figure?"""
    if o.sentence_index == d.sentence_index or o.kind != "investment" or d.kind != "investment":
        return False
    return (o.rule in _NEW_ROUND and o.amount is None and d.amount is not None) or (
        d.rule in _NEW_ROUND and d.amount is None and o.amount is not None
    )


def _same_amount(a: Amount | None, b: Amount | None) -> bool:
    """May *a* and *b* be one deal's figure? Equal to half a percent, or to 5 % when one is said
    roughly (逾9亿元 in a headline, 91,776万元 in the body)."""
    if a is None or b is None:
        return True
    x, y = a.best_usd(), b.best_usd()
    if x is None or y is None:
        return a.text == b.text
    tolerance = 50 if a.approx or b.approx else 5
    return abs(x - y) <= abs(max(x, y, key=abs)) * tolerance / 1000


def _digits(a: Amount) -> int:
    """How many significant digits *a*'s figure states (0 for a range or none)."""
    if a.value is None:
        return 0
    return len(Decimal(str(a.value)).normalize().as_tuple().digits)


def _rougher(a: Amount, b: Amount) -> bool:
    """Is *a* said more roughly than *b*, a figure of the same deal (逾9亿元 against 91,776.00万元)?

    >>> from kg.extract.amounts import extract_amounts
    >>> rough, fine = extract_amounts("斥资逾9亿元认购,募集资金总额不超过91,776.00万元")
    >>> _rougher(rough, fine), _rougher(fine, rough)
    (True, False)
    """
    if not a.approx:
        return False
    return not b.approx or _digits(b) > _digits(a)


def _absorb(into: Deal, d: Deal, spans: set | None = None) -> None:
    """Fold *d* into *into*; *spans*: the (start, end) of into's evidence, kept up to date by
    the caller across calls (a set, so a deal told on every line is merged in linear time)."""
    if spans is None:
        spans = {(x.start, x.end) for x in into.evidence}
    for e in d.evidence:
        if (e.start, e.end) not in spans:
            into.evidence.append(e)
            spans.add((e.start, e.end))
    same_report = (into.amount is None) == (d.amount is None)
    if d.amount is not None and (into.amount is None or _rougher(into.amount, d.amount)):
        into.amount, into.up_to = d.amount, d.up_to  # none yet, or a rough one (逾9亿元) and now a finer
    if not into.quantities and d.quantities:
        into.quantities = d.quantities
    if same_report:
        into.date = into.date or d.date


def merge_deals(deals: list[Deal]) -> list[Deal]:
    """Merge repeats of one deal within an article.

    Same payer, payee and kind with compatible amounts become one deal with
    several evidence spans; a vaguer ``partnership`` folds into a more specific
    deal between the same parties (and a purchase without an amount, or with the
    same amount told in another sentence, into a lease, or the other way round;
    a stake bought into an acquisition likewise); a deal with an unnamed payer folds into a
    named one for the same payee told in the same or the next sentence.
    """
    out: list[Deal] = []
    spans: dict[int, set] = {}  # id(deal in out) -> the spans of its evidence
    told: dict[int, set] = {}  # id(deal in out) -> the sentences it was told in
    for d in deals:
        target = None
        for o in out:
            if o.payer == d.payer and o.payee == d.payee and _instalment_of(o, d):
                target = o  # 支付第一期股权转让款1.08亿元 of a 2.16亿元 stake: the same deal
                break
            if o.payer == d.payer and o.payee == d.payee and _instalment_of(d, o):
                o.amount, o.up_to = d.amount, d.up_to  # the whole price told after an instalment
                target = o
                break
            if o.payer == d.payer and o.payee == d.payee and _round_told_again(o, d):
                target = o  # the lead keeps its own figure; the round's is the sentence's
                break
            if o.payer == d.payer and o.payee == d.payee and (_share_of_joint(o, d) or _share_of_joint(d, o)):
                if o.joint:
                    o.amount, o.up_to, o.joint = d.amount, d.up_to, False  # its own share, told after the joint figure
                target = o
                break
            if o.payer == d.payer and o.payee == d.payee and _same_amount(o.amount, d.amount) and not _other_round(o, d):
                if (
                    o.kind == d.kind
                    or "partnership" in (o.kind, d.kind)
                    # (one of them without an amount, or both with the same: 收购乙60%股权 in the headline,
                    # 以1.86亿元受让…乙45%股权及…15%股权 in the body, 1.86亿元 in both)
                    or (
                        deal_kinds().related(o.kind, d.kind)
                        and (o.amount is None or d.amount is None or o.sentence_index != d.sentence_index)
                    )
                ):
                    target = o
                    break
        if target is not None:
            if (
                (target.kind == "partnership" and d.kind != "partnership")
                or (target.kind == "purchase" and d.kind == "lease")
                or (target.kind == "investment" and d.kind == "acquisition")  # the stake gave control
            ):
                target.kind, target.rule = d.kind, d.rule
            if id(target) not in spans:
                spans[id(target)] = {(x.start, x.end) for x in target.evidence}
            _absorb(target, d, spans[id(target)])
            told.setdefault(id(target), {target.sentence_index}).add(d.sentence_index)
        else:
            out.append(d)
    directed = {frozenset((o.payer, o.payee)) for o in out if o.kind != "partnership" and o.payer}
    out = [
        o
        for o in out
        if not (o.kind == "partnership" and o.amount is None and frozenset((o.payer, o.payee)) in directed)
    ]
    final: list[Deal] = []
    for d in out:
        if d.payer is None:
            # (a round told in the headline and the lead, its investors in the sentence after the
            # lead: 完成5亿元B轮融资。本轮融资由甲领投,乙跟投 — the lead carries the round's amount)
            near = told.get(id(d), {d.sentence_index})
            hosts = [
                o
                for o in out
                if o.payer
                and o.payee == d.payee
                and o.kind == d.kind
                and any(abs(o.sentence_index - k) <= 1 for k in near)
                and o.amount is None
            ]
            host = next((o for o in hosts if o.rule in _ROUND_LEADS), None)
            if host is None and hosts and any(
                o.rule in _ROUND_LEADS and o.amount is not None and o.payee == d.payee and o.kind == d.kind for o in out
            ):
                # (the lead's own figure told, 甲领投N1,其余资金来自乙、丙: the round's amount is the others' joint one)
                for o in hosts:
                    _absorb(o, d)
                    o.joint = True
                continue
            host = host or (hosts[0] if hosts else None)
            if host is not None:
                _absorb(host, d)
                continue
        final.append(d)
    return final
