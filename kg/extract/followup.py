"""A sentence that names no party but gives the value of a deal told before it.

以此计算,本次交易对价约为1159.67亿元; 本次吸收合并的交易规模约为120亿元 (paragraphs after the
merger); 中标金额为N (the award the sentence before told). The words are data
(``followup_value_words``, ``followup_value_far``, ``followup_award_words`` of ``rules/relations.yaml``).
"""

from __future__ import annotations

from ..model import Deal, Evidence
from .amounts import MONEY
from .relation_rules import RelationRules, relation_rules
from .relations import SentenceContext
from .wordsets import any_of


def followup_value(
    ctx: SentenceContext, recent: list[Deal], rr: RelationRules | None = None, earlier: list[Deal] | None = None
) -> Deal | None:
    """以此计算,本次交易对价约为1159.67亿元: give the latest amount-less deal of the last sentences its value.

    With a word of ``followup_value_far`` and a value word after it (本次吸收合并的交易规模约为120亿元),
    the latest acquisition without an amount among *earlier* (the article's deals so far) takes it.
    With only a word of ``followup_award_words`` (中标金额为N), only a purchase (an award) takes it.
    """
    rr = rr or relation_rules()
    far = _far_value(ctx.simp, rr) if earlier else ""
    told = any(map(ctx.simp.__contains__, rr.followup_value_words))
    award = not told and any(map(ctx.simp.__contains__, rr.followup_award))  # 中标金额为N: a purchase's price
    if not far and not told and not award:
        return None
    target = next(
        (
            d
            for d in reversed(recent)
            if d.amount is None
            and ctx.index - d.sentence_index <= 2
            and d.kind not in ("warrant", "partnership")
            and (not award or d.kind == "purchase")
        ),
        None,
    )
    if target is None and far:
        # (a transfer's total price is the price of the shares bought too: 转让总价款为N)
        kinds = ("acquisition", "purchase") if "转让" in far else ("acquisition",)
        target = next((d for d in reversed(earlier) if d.amount is None and d.kind in kinds), None)
    if target is None:
        return None
    t = ctx.template
    for p in t.positions("Ⓜ"):
        a = t.obj(p)
        if a is not None and a.unit == MONEY and not a.per_share and id(a) not in ctx.ineligible:
            target.amount = a
            target.evidence.append(Evidence(ctx.text, ctx.start, ctx.end))
            return target
    return None


def _far_value(simp: str, rr: RelationRules) -> str:
    """The word of ``followup_value_far`` that comes right before a value word in *simp* (本次吸收合并的
    交易规模; not 本次交易以评估值为定价基础,…评估价值: an appraisal is no price), else ""."""
    if not any_of(rr.followup_far).search(simp):
        return ""  # (most often none of them: one search)
    for w in rr.followup_far:
        i = simp.find(w)
        if i < 0:
            continue
        if w.endswith(tuple(rr.value_cues)):
            return w  # 转让总价款为N: the word is a value word itself
        after = simp[i + len(w) : i + len(w) + 8].lstrip("的")
        if after.startswith(tuple(rr.value_cues)) or after[2:].startswith(tuple(rr.value_cues)) and after.startswith("交易"):
            return w
    return ""
