"""Who a party of a relation match is: the helpers that tell, around an entity of a sentence's template,
whether it is an object, a source, an intermediary, a seller paid in shares, or a company told beside its
unit (split from :mod:`kg.extract.relations`, which applies the rules; ``ctx`` is its SentenceContext,
not imported here: relations imports this module)."""

from __future__ import annotations

import re

from ..model import Deal
from .orgname_rules import name_rules
from .places import is_place, is_where, place_rules, regions
from .relation_rules import RelationRules
from .wordsets import any_of


def _only_after_preposition(ctx, name: str, end: int, rr: RelationRules) -> bool:
    """Is *name* named before template position *end* only right after an intermediary word
    (公司向甲购买乙100%股权: 甲 is who sells, not the subject the article is about)?"""
    t = ctx.template
    here = [p for p in t.positions("Ⓔ") if p < end and getattr(t.obj(p), "name", None) == name]
    return bool(here) and all(_after_intermediary(ctx, p, rr) for p in here)


def _only_as_object(ctx, name: str, end: int, rr: RelationRules) -> bool:
    """Is *name* named before template position *end* only as the object of a deal verb (收购甲已实现
    扭亏为盈,而此番收购乙30%股权: 甲 is bought, it buys nothing here)?"""
    here = [p for p in ctx.template.positions("Ⓔ") if p < end and getattr(ctx.template.obj(p), "name", None) == name]
    return bool(here) and all(_is_object(ctx, p, rr) for p in here)


def _invests_here(ctx, name: str, rr: RelationRules) -> bool:
    """Is *name* said in this sentence to lead or join a round (甲领投, 乙跟投: ``investor_before``), alone
    or in a list that does (甲、乙跟投)?"""
    t = ctx.template
    for p in t.positions("Ⓔ"):
        o = t.obj(p)
        if o is not None and getattr(o, "name", None) == name and p + 1 < len(t.text):
            q = p + 1
            while q + 1 < len(t.text) and t.text[q] in "、和及与" and t.text[q + 1] == "Ⓔ":
                q += 2  # (the rest of the list)
            if q < len(t.text) and ctx.simp.startswith(rr.investor_before, ctx.rel(q)):
                return True
    return False




def _list_before(ctx, pos: int, other: list[str], rr: RelationRules) -> list[str]:
    """The parties of the list of names that ends nearest before template position *pos*."""
    best = None
    for lm in rr.party_list.finditer(ctx.template.text, 0, pos):
        best = lm
    if best is None:
        return []
    names = []
    for mention in ctx.template.objs_in(*best.span()):
        if ctx.is_party(mention.name) and mention.name not in other and mention.name not in names:
            names.append(mention.name)
    return names


def _is_object(ctx, p: int, rr: RelationRules) -> bool:
    """Is the entity at template position *p* the object of a deal verb right before it?"""
    if not rr.object_before:
        return False
    while p < len(ctx.template.text) and ctx.template.text[p] != "Ⓔ":
        p += 1
    before = ctx.simp[max(0, ctx.rel(p) - 16) : ctx.rel(p)].rstrip()
    if before.endswith(rr.object_before):
        return True
    place = rr.short_prefix.search(before)  # 收购了美国甲: a short place word between the verb and the name
    if place and before[: place.start()].endswith(rr.object_before):
        return True
    listed = rr.listed_after.search(before)  # 收购了甲、乙: 乙 is listed with an object (not 乙收购丙, a new clause)
    if listed and not _acts(ctx, p, rr):
        q = ctx.template.text.rfind("Ⓔ", 0, p)
        if q >= 0 and ctx.rel(q + 1) >= ctx.rel(p) - len(listed.group()) - 1:  # nothing else between them
            return _is_object(ctx, q, rr)
    q = ctx.template.text.rfind("Ⓔ", 0, p)
    if q >= 0 and rr.stake_listed.fullmatch(ctx.template.text, q + 1, p):
        return _is_object(ctx, q, rr)  # 购买甲51%股权和乙62%股权: 乙 is listed with an object's stake
    # 收购了酒店预订平台甲: a descriptor between the verb and the name
    return _word_then(before, rr.object_before, rr.object_descriptor) is not None


def _word_then(before: str, words: tuple[str, ...], rest: re.Pattern) -> str | None:
    """The first of *words* whose last occurrence in *before* is followed by what *rest* matches whole
    (the verb and a descriptor before a name), else None. Most texts hold none of the words: one search
    for any of them (:func:`~kg.extract.wordsets.any_of`) answers that before the word by word look.

    >>> _word_then("已收购了平台", ("收购了", "收购"), re.compile("平台"))
    '收购了'
    """
    if not any_of(words).search(before):
        return None
    for w in words:
        k = before.rfind(w)
        if k >= 0 and rest.fullmatch(before, k + len(w)):
            return w
    return None


def _source(ctx, i: int, j: int, rr: RelationRules) -> bool:
    """Is the single entity of template span *i*..*j* the party a stake is bought from (从甲手中收购,
    从乙现有股东甲购买)?"""
    if ctx.template.text.count("Ⓔ", i, j) != 1:
        return False
    p = ctx.template.text.index("Ⓔ", i, j)
    start = ctx.rel(p)
    end = ctx.rel(p + 1) if p + 1 < len(ctx.template.text) else len(ctx.simp)
    return bool(rr.source_before.search(ctx.simp, 0, start) or rr.source_after.match(ctx.simp, end))


def _parent_beside(ctx, names: list, taken: list, end: int, rr: RelationRules) -> str | None:
    """The company that ``公司``/``本公司`` stands for when the first of *names* is told as its unit beside it
    (公司以及全资子公司甲、乙为中标人; 公司及控股子公司甲,中标…: ``parent_with_unit``): the first party of the
    sentence, else the announcer; None when no such words stand before that name (before template *end*)."""
    t = ctx.template
    if not names or names[0] is None:
        return None
    here = [p for p in t.positions("Ⓔ") if p < end and getattr(t.obj(p), "name", None) == names[0]]
    if not here or not rr.parent_with_unit.search(ctx.simp, max(0, ctx.rel(here[-1]) - 16), ctx.rel(here[-1])):
        return None
    for p in t.positions("Ⓔ"):
        name = getattr(t.obj(p), "name", None)
        if p < here[-1] and name and ctx.is_party(name):
            return name if name not in taken else None
    a = ctx.announcer
    return a if a and ctx.is_party(a) and a not in taken else None


def _issuee(ctx, p: int, rr: RelationRules) -> bool:
    """Is the entity at template position *p* among those a company issues shares to in payment for what
    it buys (向甲及其子公司乙发行股份购买丙股权: ``share_consideration``): a seller, never the buyer?"""
    t = ctx.template.text
    while p < len(t) and t[p] != "Ⓔ":
        p += 1
    return any(mm.start("issuees") <= p < mm.end("issuees") for mm in rr.share_consideration.finditer(t))


def _holder_partner(ctx, p: int, end: int, rr: RelationRules) -> bool:
    """Is the entity at template position *p* one of a company's holders that the subject signs with
    (公司与乙的股东丙、丁签署…,拟收购二者合计持有的乙60%股权): a seller, never the buyer?"""
    t = ctx.template.text
    while p < len(t) and t[p] != "Ⓔ":
        p += 1
    before = ctx.simp[: ctx.rel(p)]
    return bool(rr.holders_of_partner.search(before)) and bool(
        rr.partner_after.match(ctx.simp, ctx.rel(p + 1) if p + 1 < len(t) else len(ctx.simp), ctx.rel(end) if end < len(t) else len(ctx.simp))
    )


def _acts(ctx, p: int, rr: RelationRules) -> bool:
    """Does a deal verb follow the entity at template position *p* closely (飞利信(300287)收购…)?"""
    after = ctx.simp[ctx.rel(p + 1) : ctx.rel(p + 1) + 30] if p + 1 < len(ctx.template.text) else ""
    after = re.sub(r"^\s?\([^()]{0,20}\)", "", after)
    head = re.match(r"[^,;:。、]{0,8}", after).group()
    return any_of(rr.object_before).search(head) is not None


def _after_intermediary(ctx, p: int, rr: RelationRules, words=None) -> str | None:
    """The intermediary word (or one of *words*) right before the entity at template position *p*, if any."""
    while p < len(ctx.template.text) and ctx.template.text[p] != "Ⓔ":
        p += 1
    p = _alias_head(ctx, p)
    ws = rr.intermediary_before if words is None else words
    end = ctx.rel(p)
    before = ctx.simp[max(0, end - 8) : end]  # (the longest words: 独家财务顾问)
    found = _after_word(before, ws, rr)
    if found:
        return found
    # 从美国甲采购: a country or region between the word and the name
    for k in range(2, 5):
        if len(before) > k and is_place(before[-k:]):
            return _after_word(before[:-k], ws, rr)
    # 向控股股东甲收购: the name's role in the deal's company between the word and the name
    wide = ctx.simp[max(0, end - 12) : end]
    if rr.intermediary_roles and wide.endswith(rr.intermediary_roles):
        role = next(r for r in rr.intermediary_roles if wide.endswith(r))
        return _after_word(wide[: -len(role)], ws, rr)
    # 向新加坡基金甲收购: a descriptor (object_descriptors) between 向/从 and a name that sells
    if words is None and ctx.simp.startswith(rr.seller_verbs, ctx.rel(p + 1)):
        wide = ctx.simp[max(0, end - 14) : end]
        for w in rr.intermediary_with_descriptor:
            k = wide.rfind(w)
            if k >= 0 and rr.object_descriptor.fullmatch(wide, k + len(w)) and _after_word(wide[: k + len(w)], (w,), rr):
                return w
    return None


def _alias_head(ctx, p: int) -> int:
    """The template position of the name whose bracketed alias is the entity at *p* (从甲(乙)手中收购: 乙
    stands where 甲 stands), else *p*."""
    text = ctx.template.text
    k = p - 1
    while k > 0 and text[k] == " ":
        k -= 1
    return _alias_head(ctx, k - 1) if k > 0 and text[k] == "(" and text[k - 1] == "Ⓔ" else p


def _after_word(before: str, words, rr: RelationRules) -> str | None:
    """The one of *words* that *before* ends with (a one-character preposition not after a verb's
    first character, ``not_preposition_after``: 流向 is a verb), else None."""
    if not before.endswith(words):  # (most often none: one call for all of them)
        return None
    for w in words:
        if before.endswith(w) and not (len(w) == 1 and before[-2:-1] and before[-2] in rr.not_preposition_after):
            return w
    return None


def drop_place_targets(deals: list[Deal]) -> list[Deal]:
    """No company buys or invests in a place or a region (对欧洲的并购, 收购荷兰一家公司: 荷兰 is where), and a
    region pays no one.

    >>> [d.payee for d in drop_place_targets([Deal("甲", "欧洲", "acquisition"), Deal("甲", "乙", "acquisition")])]
    ['乙']
    """
    return [
        d
        for d in deals
        if not (d.payee and d.kind in ("acquisition", "investment") and is_where(d.payee))
        and not (d.payer and d.payer in regions())
    ]


def drop_place_payers(org_types: dict, deals: list[Deal]) -> list[Deal]:
    """A place whose name is inside the name of another payer of the same deal is that payer (中标德清县
    水利局发包的德清县…项目: 德清县 is where 德清县水利局 is, not a second buyer; 浙江德清县管委会 too).
    Applied to a sentence's deals and again to an article's (the tendering body named in a field).

    >>> ds = [Deal("淮滨开发区", "甲", "purchase"), Deal("安徽淮滨开发区管委会", "甲", "purchase")]
    >>> [d.payer for d in drop_place_payers({"淮滨开发区": "government"}, ds)]
    ['安徽淮滨开发区管委会']
    """
    out = []
    for d in deals:
        if not d.payer or org_types.get(d.payer) != "government":
            out.append(d)
            continue
        heads = {d.payer if len(d.payer) < 3 else d.payer.rstrip(name_rules().place_end_chars)}
        place = name_rules().place_only.match(d.payer)  # 宿迁市中心城区, a place only: 宿迁城投 is its tenderer too
        if place:
            heads.add(place.group(1))
        city = place_rules().first.match(d.payer)  # 襄阳东津新区 (a district of 襄阳): 襄阳市交投 tenders
        if city and d.payer[-1:] in name_rules().place_end_chars and len(d.payer) - len(city.group()) <= 6:
            heads.add(city.group().rstrip(name_rules().place_end_chars) or city.group())
        if any(
            e.payee == d.payee and e.kind == d.kind and e.payer and e.payer != d.payer
            and (
                any(h in e.payer for h in heads)
                # (中标湖南常德市…工程,招标人为常德水投: a body the sentence names tenders, not the project's place)
                or (
                    (place or is_place(d.payer))
                    and e.sentence_index == d.sentence_index
                    and org_types.get(e.payer) != "government"
                )
            )
            for e in deals
        ):
            continue
        out.append(d)
    return out
