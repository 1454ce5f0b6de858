"""Relation rules: sentence templates with parties and amounts -> deals.

The rules are data (``rules/relations.yaml``); this module compiles them and
applies them in priority order. See that file for the rule format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Deal, Evidence
from .amounts import MONEY, Amount
from .prefilter import live_patterns, word_index
from .relation_rules import (
    _DATE,
    RelationRule,
    RelationRules,
    leads_with_payer,
    needed_entities,
    relation_rules,
    role_members,
)
from .relations_parties import (
    _after_intermediary,
    _alias_head,
    _holder_partner,
    _invests_here,
    _is_object,
    _issuee,
    _list_before,
    _only_after_preposition,
    _only_as_object,
    _parent_beside,
    _source,
    drop_place_payers,
)
from .template import Template

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
    recent: list[Deal] = field(default_factory=list)  # deals of earlier sentences of the paragraph
    previous_subject: str | None = None  # first organisation of the sentence before, same paragraph
    prior_kind: str | None = None  # kind of the deal a `prior` role was taken from
    after_semicolon: bool = False  # the sentence before ended in a semicolon (one sentence, two clauses)
    tenderer: str | None = None  # who published the tender result told here (`tender_owner`), or None
    article_simp: str = ""  # the article's Simplified copy (read only by paragraph_before)
    paragraph_start: int = 0  # where the sentence's paragraph starts in it
    borrower: str | None = None  # who raises the syndicated loan told here (`syndicate_borrower`), or None
    announcer: str | None = None  # the company of an announcement (XX股份有限公司关于…的公告, 以下简称“公司”)
    company: str | None = None  # the announcer, else the company the article is about (`company` roles)
    article: list[Deal] = field(default_factory=list)  # the article's deals so far (`acquirer` roles)
    described: dict[str, frozenset[str]] = field(default_factory=dict)  # role -> names its trade word introduces

    def is_party(self, name: str | None) -> bool:
        return self.org_types.get(name, "person") in ("company", "bank", "fund", "government")

    def rel(self, i: int) -> int:
        """Offset into the sentence of template position *i*."""
        return self.template.offset(i) - self.start


def _excepted(ctx: SentenceContext, p: int, rr: RelationRules) -> bool:
    """Is the name at template position *p* set apart by 除…外 (除甲外,乙也将出资N)?"""
    a = ctx.rel(p)
    return bool(rr.except_before.search(ctx.simp, max(0, a - 3), a) and rr.except_after.match(ctx.simp, ctx.rel(p + 1)))


def find_date(simp_sentence: str, before: int | None = None) -> str | None:
    """The stated date nearest before position *before* (any, when None), as ISO ``YYYY[-MM[-DD]]``.

    >>> find_date("2025年10月6日,甲与乙达成协议"), find_date("2023年4月拿到"), find_date("本周五")
    ('2025-10-06', '2023-04', None)
    """
    best = None
    for m in _DATE.finditer(simp_sentence):
        if before is not None and m.start() > before:
            break  # a date after the deal's words is about something else (最快2027年开始认列)
        y, mo, d = m["y"], m["m"], m["d"]
        best = y + (f"-{int(mo):02d}" if mo else "") + (f"-{int(d):02d}" if mo and d else "")
    return best


def _status(window: str, words: dict[str, list[str]]) -> str:
    for status in ("rumoured", "planned", "completed"):
        for w in words.get(status, []):  # (a loop, not any() over a generator: asked per match)
            if w in window:
                return status
    return "announced"


_CLAUSE_SEPS = ",:;"


def _clause_span(text: str, i: int, j: int) -> tuple[int, int]:
    """Widen template positions [i, j) to the surrounding clause (commas, colons)."""
    a = i
    while a > 0 and text[a - 1] not in _CLAUSE_SEPS:
        a -= 1
    b = j
    while b < len(text) and text[b] not in _CLAUSE_SEPS:
        b += 1
    return a, b


def _pick_money(ctx: SentenceContext, i: int, j: int, used: set[int], rr: RelationRules) -> Amount | None:
    """The money amount of a deal matched at template positions [i, j).

    Inside the match first; then after it, up to 24 characters and never past
    another entity -- unless a value word (交易总额, 金额达) introduces it, which
    ties it to the deal anywhere later in the sentence; before the match only
    within the same clause.
    """
    t = ctx.template
    best, best_d = None, None
    for p in t.positions("Ⓜ"):
        a = t.obj(p)
        if a is None or id(a) in used or id(a) in ctx.ineligible or a.per_share or a.unit != MONEY:
            continue
        if rr.conversion.search(ctx.simp[max(0, a.start - ctx.start - 4) : a.start - ctx.start]):
            continue  # 约40亿美元(约合280亿元人民币): a conversion of the figure before it
        if i <= p < j:
            # inside the match; a figure in an earlier clause than the deal's verb is a weaker pick
            d = 8.0 if any(c in t.text[p:j] for c in _CLAUSE_SEPS) else 0.0
        elif p >= j:
            cued = ctx.simp[: ctx.rel(p)].rstrip(rr.value_cue_filler).endswith(tuple(rr.value_cues))
            if not cued and ("Ⓔ" in t.text[j:p] or p - j > 24):
                continue
            d = (p - j) if not cued else 1.0
        else:
            cued = ctx.simp[: ctx.rel(p)].rstrip(rr.value_cue_filler).endswith(tuple(rr.value_cues))
            if cued:
                d = 50.0 + (i - p)  # 总额约882亿港元的贷款,由中银香港...牵头: a last resort
            elif "Ⓔ" in t.text[p:i] or any(c in t.text[p:i] for c in _CLAUSE_SEPS):
                continue
            else:
                d = (i - p) + 0.5
        if best_d is None or d < best_d:
            best, best_d = a, d
    return _revised(ctx, best, used, rr)


def _revised(ctx: SentenceContext, money: Amount | None, used: set[int], rr: RelationRules) -> Amount | None:
    """A later figure that revises *money* (集资约356亿港元,...增至约410亿港元), else *money*."""
    if money is None:
        return None
    t = ctx.template
    bp = next((p for p in t.positions("Ⓜ") if t.obj(p) is money), None)
    if bp is None:
        return money
    for p in t.positions("Ⓜ"):
        a = t.obj(p)
        if p <= bp or "Ⓔ" in t.text[bp:p] or a is None or a.unit != MONEY or id(a) in used:
            continue
        before = ctx.simp[max(0, ctx.rel(p) - 6) : ctx.rel(p)]
        if any(w in before for w in rr.revision_cues):
            money = a
    return money


def _pick_quantity(ctx: SentenceContext, i: int, j: int) -> Amount | None:
    t = ctx.template
    best, best_d = None, None
    for p in t.positions("Ⓠ"):
        a = t.obj(p)
        if a is None or a.unit not in ("GW", "MW", "GPUs", "shares"):
            continue
        if i <= p < j:
            d = 0
        elif p >= j and "Ⓔ" not in t.text[j:p] and p - j <= 16:
            d = p - j
        else:
            continue
        if best_d is None or d < best_d:
            best, best_d = a, d
    return best


def _fill(
    rule: RelationRule,
    mode: str,
    role: str,
    ctx: SentenceContext,
    m: re.Match,
    other: list[str],
    prior: list[Deal],
    rr: RelationRules,
) -> list[str | None]:
    """Fill a role the pattern does not name (see ``payer:``/``payee:`` in relations.yaml)."""
    if mode == "none":
        return [None]
    t = ctx.template
    round_ref = False  # the match follows a reference to the round told before (本轮…)

    def ok(name):
        return name and name not in other and ctx.is_party(name)

    def nearest_before():
        for p in reversed(t.positions("Ⓔ")):
            if p >= m.start():
                continue
            o = t.obj(p)
            if o is not None and hasattr(o, "name") and not ok(o.name):
                continue  # (no party, or one already named: the tests below cannot make it the one)
            if _after_intermediary(ctx, p, rr) or _after_intermediary(ctx, p, rr, rr.not_subject_after):
                continue  # 通过摩根士丹利安排: an intermediary, not the subject; 收到甲的通知: a sender
            if _is_object(ctx, p, rr) or _source(ctx, p, p + 1, rr):
                continue  # 收购了甲: an object; 从甲手中收购: a source
            if _invests_here(ctx, t.obj(p).name, rr):
                continue  # 甲领投了这家公司的融资,乙跟投: 甲 invests in the round, it is not the round's company
            if _issuee(ctx, p, rr):
                continue  # 甲拟向乙及其子公司丙发行股份购买丁股权: 丙 is paid in shares, it is not the buyer
            if rr.holder_after.match(ctx.simp, ctx.rel(p + 1)):
                continue  # 受让甲所持乙20%股份: 甲 holds what is bought, it is not the buyer
            if _excepted(ctx, p, rr):
                continue  # 除甲外,乙也将出资N: 甲 is a peer set apart
            if rr.approver_before.search(ctx.simp, 0, ctx.rel(p)) and rr.approver_after.match(ctx.simp, ctx.rel(p + 1)):
                continue  # 已获甲证监许可…注册: 甲 approves, it is not the subject
            if rr.partner_before.search(ctx.simp, 0, ctx.rel(p)) and rr.partner_after.match(
                ctx.simp, ctx.rel(p + 1), ctx.rel(m.start())
            ):
                continue  # 甲与乙签订合约,并发行公司债: 乙 is the signing's partner, 甲 the subject
            if _holder_partner(ctx, p, m.end(), rr):
                continue  # 公司与乙的股东丙、丁签署…,拟收购: 丙 and 丁 sell
            if ok(t.obj(p).name):
                return t.obj(p).name
        return None

    def first_in_sentence():
        for p in t.positions("Ⓔ"):
            if p < m.start() and ok(t.obj(p).name) and not rr.parent_of_next.match(ctx.simp, ctx.rel(p + 1)):
                return t.obj(p).name  # (融创旗下的甲和乙增持: 融创 is neither's company)
        return None

    def from_deals(deals, same_kind=False, priced=False):
        for d in reversed(deals):
            name = d.payee if role == "payee" else d.payer
            if priced and d.kind == "partnership":
                continue  # 再追加10亿美元 adds money to a deal that has some: a partnership has none
            if ok(name) and (not same_kind or d.kind == rule.kind):
                return name
        return None

    def carried():
        # 甲收购乙…;同年又以5亿元收购丙: a clause after a semicolon keeps the buyer of the clause before
        if not ctx.after_semicolon or not ctx.recent:
            return None
        d = ctx.recent[-1]
        if d.sentence_index == ctx.index - 1 and d.kind in _CARRIED_KINDS and rule.kind in _CARRIED_KINDS:
            return d.payer if ok(d.payer) else None
        return None

    def counterparty():
        # a deal of the rule's kind first (甲应支付的股份转让价款: the seller of 甲's purchase, not the
        # company whose stake 甲 acquires), else the latest deal of any kind
        for same in (True, False):
            for d in reversed(prior + ctx.recent):
                if same and d.kind != rule.kind:
                    continue
                if d.payer in other and d.payee and d.payee not in other:
                    return d.payee
                if d.payee in other and d.payer and d.payer not in other:
                    return d.payer
        return None

    if mode == "subject" and rr.person_start.match(ctx.simp):
        return []  # 2、张三,中国国籍,本次向公司转让…: the subject is a person
    if mode == "subject":
        h = rr.holder_subject.search(t.text, 0, m.start())
        if h is not None and not any(ok(t.obj(p).name) for p in t.positions("Ⓔ") if h.start() <= p < m.start()):
            return []  # 甲公告,公司控股股东张三拟将所持股份转让给乙: the holder acts, not 甲 (no party)
    def peer_share():
        # 除甲外,乙也将出资N: where 甲's own money of the rule's kind went
        peers = {t.obj(p).name for p in t.positions("Ⓔ") if p < m.start() and _excepted(ctx, p, rr)}
        return next(
            (d.payee for d in reversed(prior + ctx.article) if d.payer in peers and d.kind == rule.kind and ok(d.payee)),
            None,
        )

    def own_share():
        # 甲拟向乙、丙、丁发行股票,募资不超过N。…乙拟认购N1,丙拟认购N2: the payer's own figure of a deal the
        # article gave it with no amount or one shared with other payers
        for d in reversed(prior + ctx.article):
            if d.payer in other and d.kind == rule.kind and ok(d.payee):
                shared = d.amount is None or d.joint or any(
                    e is not d and e.payee == d.payee and e.payer != d.payer and e.amount == d.amount for e in ctx.article
                )
                return d.payee if shared else None
        return None

    def acquirer():
        # 申请并购贷款: the buyer of the article's latest acquisition borrows
        return next((d.payer for d in reversed(prior + ctx.article) if d.kind == "acquisition" and ok(d.payer)), None)

    def buyer():
        # 收购资金来自乙银行提供的贷款: the buyer of the latest acquisition or purchase, in the sentence or before
        # (the sentence's own purchase first: 向乙采购…,采购资金来自丙的贷款)
        return next((d.payer for d in reversed(ctx.article + prior) if d.kind in ("acquisition", "purchase") and ok(d.payer)), None)

    if mode == "acquirer":
        order = [nearest_before, acquirer]
    elif mode == "buyer":
        order = [buyer]
    elif mode == "first":
        order = [first_in_sentence]
    elif mode == "counterparty":
        order = [counterparty]
    elif mode == "raiser":  # 所得资金将用于…: the company that just raised money (invested in or lent to)
        order = [
            nearest_before,
            lambda: next(
                (d.payee for d in reversed(prior + ctx.recent) if d.kind in ("investment", "loan") and ok(d.payee)),
                None,
            ),
            # 甲私募N股…。(另一段)其中,乙认购…: the offering (or loan) told earlier in the article, no payer of its own
            lambda: next((d.payee for d in reversed(ctx.article) if d.kind in ("investment", "loan") and d.payer is None and ok(d.payee)), None),
        ]
    elif mode == "prior":
        # (a named party joining the deal just told, 乙也将提供N贷款: that party of the latest deal of the rule's kind;
        # more of the same deal, 再追加N: the deal just told, whatever its kind, and the new one takes it)
        same = rule.payer != "prior" or rule.payee != "prior"
        order = [
            lambda: from_deals(prior, same_kind=same, priced=True),
            lambda: from_deals(ctx.recent[-1:], same_kind=same, priced=True),
        ]
        if role == "payer":  # 谷歌...又追加投资逾10亿美元: a payer named in the sentence comes first
            order.insert(0, nearest_before)
        src = (prior or ctx.recent[-1:] or [None])[-1]
        if src is not None and not same:
            ctx.prior_kind = src.kind
    elif mode == "topic":
        order = []
    elif mode == "borrower":  # 本案由甲担任主办行 / 甲承贷N: the borrower of the loan told, else of the syndicate
        order = [
            lambda: from_deals(prior, same_kind=True),
            lambda: from_deals(ctx.recent[-1:], same_kind=True),
            lambda: ctx.borrower if ok(ctx.borrower) else None,
        ]
    elif mode == "tenderer":  # 甲公布了…中标结果。乙中标…: 甲, never a guess from the topic
        return [ctx.tenderer] if ok(ctx.tenderer) else []
    elif mode == "announcer":  # 甲将其持有的公司股份转让给乙: 公司 is the announcer, whoever opens the sentence
        return [ctx.announcer] if ok(ctx.announcer) else []
    elif mode == "company":  # (news) 甲所持公司股份: 公司 is the announcer, else the company the article is about
        return [ctx.company] if ok(ctx.company) else []
    elif mode == "previous":  # 甲持有公司股份N股。其中,N股处于质押状态: the holder of the sentence before
        return [ctx.previous_subject] if ok(ctx.previous_subject) else []
    elif mode == "vehicle":  # 双方共同设立甲。其中,乙出资N: the company set up in the sentence before
        order = [
            lambda: from_deals(prior),
            own_share,
            peer_share,
            nearest_before,
            lambda: from_deals(ctx.recent[-1:], same_kind=True),  # (甲出资N;乙出资M: the clause before's company)
            # (only for a breakdown of what the sentence before told: 其中,…)
            lambda: ctx.previous_subject if ok(ctx.previous_subject) and rr.breakdown_start.match(ctx.simp) else None,
            # (a list of partners' contributions after the article told the company set up: 甲,出资额:N)
            lambda: next((d.payee for d in reversed(ctx.article) if d.rule in rr.set_up_rules and ok(d.payee)), None),
        ]
    elif role == "payee" and (round_ref := bool(rr.round_start.match(ctx.simp) or rr.round_clause.search(t.text, 0, m.start()))):
        # 本轮由X领投 (or a clause before the match opens so: 据甲发布的新闻稿,本轮募资总额N,…,乙也参与投资):
        # the round of the company the sentence before was about
        order = [
            lambda: from_deals(prior, same_kind=True),
            lambda: from_deals(ctx.recent[-2:], same_kind=True),
            lambda: ctx.previous_subject if ok(ctx.previous_subject) else None,
            nearest_before,
        ]
    elif role == "payee":
        order = [
            lambda: from_deals(prior),
            nearest_before,
            lambda: from_deals(ctx.recent[-2:], same_kind=True),
        ]
    else:
        order = [nearest_before, lambda: from_deals(prior), carried]
    for f in order:
        name = f()
        if name:
            return [name]
    if rule.topic_fallback == "never":
        return []
    if rule.topic_fallback == "cue" and not rr.coreference.search(ctx.simp[: ctx.rel(m.end())]):
        return []
    if role == "payer" and _only_as_object(ctx, ctx.topic, m.start(), rr):
        return []  # 收购甲已扭亏,而此番收购乙: the topic named here only as what was bought pays for nothing
    if ok(ctx.topic) and not _invests_here(ctx, ctx.topic, rr) and (round_ref or not _only_after_preposition(ctx, ctx.topic, m.start(), rr)):
        return [ctx.topic]  # (本轮…: the round is the topic's even when the sentence names it after 根据)
    if rule.kind == "loan" and rule.direction == "lenders" and ctx.topic and ctx.topic in other:
        # …以乙银行提供的贷款支付 in a paragraph about the bank 乙: the buyer of the article's latest purchase
        # borrows (the loan pays for it), else the story's company
        name = buyer()
        if name or ok(ctx.company):
            return [name or ctx.company]
    if role == "payer" and ctx.topic in other and rr.owned_unit_word.search(m.group()) and "Ⓔ" not in t.text[: m.start()] and ok(ctx.company):
        return [ctx.company]  # 董事会核准对子公司乙增资 in a paragraph about 乙: the story's company, its owner, pays
    return []


_CARRIED_KINDS = ("acquisition", "investment", "purchase")


# Objects coordinated after the one a rule matched, each perhaps with its own stake or a bracket
# (购买甲51%股权和乙62%股权, 增持了甲(600000)、乙): the same deal with each of them
# (RelationRules.coordinated and coordinated_stakes, from the word lists of relations.yaml).
_COORDINATING = {"acquisition", "investment"}


def _object_slot(pat: re.Pattern, m: re.Match) -> bool:
    """The rule names its payee after its payer (甲收购乙), or names only its payee (收购了乙, the subject
    filled), as the object of the verb."""
    return "payee" in pat.groupindex and ("payer" not in pat.groupindex or m.start("payer") < m.start("payee"))


def _coordinated(ctx: SentenceContext, pos: int, rr: RelationRules) -> list[str]:
    """Parties coordinated with the object that ends at template position *pos*."""
    out = []
    t = ctx.template
    while True:
        c = rr.coordinated.match(t.text, pos) or rr.coordinated_stakes.match(t.text, pos)
        if c is None:
            return out
        obj = t.obj(c.start("e"))
        if obj is not None and ctx.is_party(obj.name):
            out.append(obj.name)
        pos = c.end("e")


def _partner_clause(ctx: SentenceContext, m: re.Match, pat: re.Pattern, rr: RelationRules):
    """甲与乙签订合约,随后向丙采购: when the payer slot holds the partner of an earlier clause's verb
    (``partner_before``/``partner_verbs`` in relations.yaml) and the payee is in a later clause, the
    template position where the payee's clause starts and the payers that remain (the subject before
    the partner word); else None."""
    if "payer" not in pat.groupindex or "payee" not in pat.groupindex:
        return None
    t = ctx.template
    ps, pe = m.span("payer")
    qs = m.start("payee")
    if qs < pe:
        return None
    seps = [k for k in range(pe, qs) if t.text[k] in ",;"]
    if not seps or not rr.partner_after.match(ctx.simp, ctx.rel(pe), ctx.rel(seps[0])):
        return None
    if "后者" in t.text[seps[0] : qs]:
        return None  # 与乙达成意向,后者拟向公司提供贷款: the later clause's actor is the partner itself
    kept, partners = [], 0
    for p in range(ps, pe):
        if t.text[p] != "Ⓔ" or t.obj(p) is None:
            continue
        if rr.partner_before.search(ctx.simp, 0, ctx.rel(p)):
            partners += 1
        elif t.obj(p).name not in kept:
            kept.append(t.obj(p).name)
    if not partners:
        return None
    if not kept:  # the slot held the partner alone: the subject is the name before the partner word
        before = [p for p in t.positions("Ⓔ") if p < ps and t.obj(p) is not None]
        if before and ctx.is_party(t.obj(before[-1]).name):
            kept = [t.obj(before[-1]).name]
    return seps[-1] + 1, kept


def _group_names(ctx: SentenceContext, m: re.Match, group: str) -> list[str]:
    i, j = m.span(group)
    names = []
    for mention in ctx.template.objs_in(i, j):
        if ctx.is_party(mention.name) and mention.name not in names:
            names.append(mention.name)
    return names


def _trigger_index(rr: RelationRules):
    """The (rule, pattern) pairs by priority; the indexes of those without a required word;
    per word, the indexes of those needing it; an automaton finding the words; per pattern, how
    many parties it needs and whether it opens with its payer (a compiled pattern hashes its whole
    program, so these are looked up by index, not cached by pattern)."""
    index = rr.__dict__.get("_triggers")
    if index is None:
        order = [(rule, pat) for rule in rr.rules for pat in rule.patterns]
        always, by_word, automaton, reqs = word_index([pat for _, pat in order], weak="ⒺⓂ")
        needed = [needed_entities(pat) for _, pat in order]
        leads = [leads_with_payer(pat) for _, pat in order]
        index = rr.__dict__["_triggers"] = (always, by_word, automaton, order, needed, leads, reqs)
    return index


def sentence_deals(ctx: SentenceContext, rr: RelationRules | None = None) -> list[Deal]:
    """Apply every relation rule to one sentence; highest priority first."""
    rr = rr or relation_rules()
    t = ctx.template
    deals: list[Deal] = []
    pairs: set[frozenset] = set()
    apart: set[frozenset] = set()  # parties 分别 paired with others (甲和乙分别收购丙和丁: never 甲 丁)
    claimed: dict = {}  # pair -> (clause start, clause end, kind, payer) of the deal that took it
    used: set[int] = set()
    n_entities = t.text.count("Ⓔ")
    n_money = t.text.count("Ⓜ")
    always, by_word, automaton, order, needed, leads, reqs = _trigger_index(rr)
    for k in live_patterns(t.text, always, by_word, automaton, reqs):  # by priority; their words are here
        rule, pat = order[k]
        if rule.requires_money and not n_money:
            continue
        if rule.when is not None and not rule.when.search(ctx.simp):
            continue  # (承贷: the sentence tells a syndicate's shares)
        if n_entities < needed[k]:
            continue  # a pattern naming two parties cannot match a sentence with one
        pos = 0
        while pos <= len(t.text):
            m = pat.search(t.text, pos)
            if not m:
                break
            pos = m.start() + 1
            for g in ("payer", "payee"):  # a list matched whole: do not match its tail again
                if g in pat.groupindex and t.text.count("Ⓔ", *m.span(g)) > 1:
                    pos = max(pos, m.end(g))
            i, j = m.span()
            window = ctx.simp[max(0, ctx.rel(i) - 8) : ctx.rel(j)]
            if rule.unless and rule.unless.search(window):
                continue
            if rr.negated_verb.search(window):
                continue  # 甲从未收购乙 / 乙未获得甲投资: the verb is negated
            via = (
                _after_intermediary(ctx, m.start("payer"), rr)
                if leads[k] and m.start("payer") <= m.start() + 1
                else None
            )
            if via in rr.channel_words:
                continue  # 通过AWS调用英伟达GPU: AWS is the channel; the money goes to it, not to Nvidia
            if "payer" in pat.groupindex and _is_object(ctx, m.start("payer"), rr):
                continue  # 收购了甲,又收购了乙 / 收购甲所持有乙的股份: 甲 is an object, not a payer
            # 向中科曙光股东发行股票的方式,换股吸收合并中科曙光: the subject acts; so it does when the
            # named payer is where a stake comes from (从甲手中收购乙 / 从乙现有股东甲购买)
            # (公司与乙的股东丙、丁签署…收购: 丙 and 丁 sell, the subject buys)
            held = "payer" in pat.groupindex and _holder_partner(ctx, m.start("payer"), m.end(), rr)
            channel = not held and (via is not None or ("payer" in pat.groupindex and _source(ctx, *m.span("payer"), rr)))
            # 向甲、乙等发行股份购买丙100%股权: 乙 sells for shares, it buys nothing; the subject buys
            issuee = held or ("payer" in pat.groupindex and not channel and _issuee(ctx, m.start("payer"), rr))
            payers = _group_names(ctx, m, "payer") if "payer" in pat.groupindex and not channel and not issuee else None
            if rule.kind == "purchase" and payers and all(p and rr.tender_venue.search(p) for p in payers):
                continue  # 甲公共资源交易中心发出的中标通知书: a venue sends the notice; it buys nothing
            payees = _group_names(ctx, m, "payee") if "payee" in pat.groupindex else None
            # a slot holding only a non-party (an exchange, a person) is filled like a missing one
            if payers is None or (not payers and "payer" in pat.groupindex):
                mode = rule.payer if rule.payer != "group" else "subject"
                fill_rule = rule
                if channel or issuee:  # the demoted name is not the payer, and no topic guess replaces it
                    payees = [p for p in (payees or []) if p not in _group_names(ctx, m, "payer")]
                    fill_rule = replace(rule, topic_fallback="never")
                # (从甲(乙)手中收购: the list before the alias's name)
                at = min(m.start(), _alias_head(ctx, m.start("payer"))) if "payer" in pat.groupindex else m.start()
                payers = _list_before(ctx, at, payees or [], rr) if channel else []
                payers = payers or _fill(fill_rule, mode, "payer", ctx, m, payees or [], deals, rr)
            if (
                payees
                and len(payees) == 1
                and rule.kind in _COORDINATING
                and _object_slot(pat, m)
                and ("payer" in pat.groupindex or any(o.name in payers for o in t.objs_in(0, m.start())))
            ):  # (a payer guessed from the paragraph's topic does not get the whole list)
                payees += [n for n in _coordinated(ctx, m.end("payee"), rr) if n not in payees]
            if payees is None or (not payees and "payee" in pat.groupindex):
                mode = rule.payee if rule.payee != "group" else "subject"
                payees = _fill(rule, mode, "payee", ctx, m, [p for p in payers if p], deals, rr)
            for side in (payers, payees):  # 公司及全资子公司甲中标: the company named first is a party beside 甲
                parent = _parent_beside(ctx, side, payers + payees, m.end(), rr)
                if parent:
                    side.insert(0, parent)
            deal_clause = None if held else _partner_clause(ctx, m, pat, rr)
            if deal_clause is not None:  # 甲与乙签订合约,随后向丙采购: 甲 buys, not 乙
                payers = deal_clause[1]
            if any(n and rr.bid_lot_name.search(n) for n in (*payers, *payees)):
                # 第六分标, 包号02: a tender's lot read as a name is what was won, no party
                payers = [n for n in payers if not (n and rr.bid_lot_name.search(n))]
                payees = [n for n in payees if not (n and rr.bid_lot_name.search(n))]
            if not payers or not payees:
                continue
            reverse = bool(rule.reverse_if and rule.reverse_if.search(ctx.simp[ctx.rel(i) : ctx.rel(j) + 12]))
            if rule.direction == "lenders":  # 甲与乙银行签订借款合同: the bank lends, whichever is named first
                lenders = role_members("lenders")
                is_lender = [
                    [n in lenders or ctx.org_types.get(n) == "bank" for n in side] for side in (payers, payees)
                ]
                if len(payers) == 1 and is_lender[1] == [True] and not is_lender[0][0]:
                    reverse = True
                elif not all(is_lender[0]) or any(is_lender[1]):
                    continue  # no lender, or both: the text does not say who lends
            elif not reverse and rule.direction != "as_written" and len(payers) == 1 and len(payees) == 1:
                sup = role_members(rule.direction) | ctx.described.get(rule.direction, frozenset())
                reverse = payers[0] in sup and payees[0] not in sup
                if reverse and any(
                    _invested(ctx, t.obj(p), rr) for p in t.positions("Ⓜ") if i <= p < j and t.obj(p) is not None
                ):
                    reverse = False  # AWS宣布将投资50亿美元,与Humain合作: the supplier is the one paying
            if reverse:
                payers, payees = payees, payers
            money = None
            if rule.takes_money:
                if "money" in pat.groupindex:
                    money = t.obj(m.start("money"))
                    if money is None or id(money) in used or id(money) in ctx.ineligible or money.per_share:
                        money = None
                    money = _revised(ctx, money, used, rr)
                else:
                    money = _pick_money(ctx, i, j, used, rr)
            if money is not None and deal_clause is not None and money.start - ctx.start < ctx.rel(deal_clause[0]):
                money = None  # the first clause's amount (签订总值N的合约) is not the later deal's
            if rule.requires_money and money is None:
                continue
            qty = _pick_quantity(ctx, i, j)
            share = t.obj(m.start("pct")) if "pct" in pat.groupindex else None
            kind = rule.kind
            if "prior" in (rule.payer, rule.payee) and ctx.prior_kind:
                kind = ctx.prior_kind  # 再追加40亿美元: more of the same deal
                ctx.prior_kind = None
            if (
                rule.kind_if_supplier_paid
                and money is not None
                and len(payees) == 1
                and payees[0] in role_members("suppliers")
                and not _invested(ctx, money, rr)
            ):
                kind = rule.kind_if_supplier_paid
            if kind == "investment" and not rule.sets_up and _majority_stake(ctx, i, j):
                kind = "acquisition"  # 收购华力微97.5%的股权: control, not a stake (a company set up is invested in)
            # the match and what follows (甲全资子公司乙收购丙30%股权: 全资 tells 乙, not the stake), or the
            # sentence before it too for a rule whose word names an instrument (發行可轉換公司債,應募人為乙)
            after = ctx.simp[0 if rule.kind_words_before else ctx.rel(i) : ctx.rel(j) + 30]
            if rule.kind_words_before == "paragraph":
                # (可转债…。网上投资者认购N,放弃认购的M由甲包销: the paragraph's text before the sentence)
                after = ctx.article_simp[ctx.paragraph_start : ctx.start] + after
            for word, by_word_kind in rule.kind_by_word.items():
                if word in after:
                    kind = by_word_kind
                    break
            a, b = _clause_span(t.text, i, j)
            status = _status(ctx.simp[ctx.rel(a) : ctx.rel(b)], rr.status_words)
            date = find_date(ctx.simp, ctx.rel(i))
            made = False
            respective = _respective_amounts(ctx, i, j, payers, payees, used)
            each = (
                money is not None and ctx.simp[max(0, money.start - ctx.start - 4) : money.start - ctx.start]
            )
            joint = money is not None and (len(payers) > 1 or len(payees) > 1) and "各" not in (each or "")
            # 甲和乙分别收购了丙和丁: two lists of one length and 分别 pair in order, 甲 丙 and 乙 丁
            respectively = "分别" in ctx.simp[ctx.rel(i) : ctx.rel(j) + 4]
            paired = len(payers) == len(payees) > 1 and respectively
            if respectively and len(payers) > 1 and len(payees) > 1 and len(payers) != len(payees):
                continue  # 甲、乙分别增持丙、丁和戊: lists of two lengths say no pairs; every pair would be a guess
            if paired:
                apart.update(frozenset((x, y)) for a, x in enumerate(payers) for b, y in enumerate(payees) if a != b)
            for n_payer, payer in enumerate(payers):
                for n_payee, payee in enumerate(payees):
                    if payer == payee or payee is None or frozenset((payer, payee)) in apart:
                        continue
                    if respective:
                        money = respective[max(n_payer, n_payee)]
                        joint = False
                    pair = frozenset((payer, payee)) if payer else frozenset((None, payee, "raise"))
                    if rule.directed:  # a stated role, told besides the other direction
                        pair = (payer, payee)
                    tranche = "prior" in (rule.payer, rule.payee) and money is not None
                    other = claimed.get(pair)  # 甲向乙投资…,乙则向甲购买…: two deals in two clauses
                    if (
                        other is not None
                        and (j <= other[0] or i >= other[1])
                        and other[2] != kind
                        and other[3] == payee  # the other way round
                        and "warrant" not in (other[2], kind)  # shares bought on a warrant: one deal
                    ):
                        tranche = True
                    if pair in pairs and not tranche:
                        prev = next((d for d in deals if frozenset((d.payer, d.payee)) == pair), None)
                        if (
                            rule.refines
                            and prev is not None
                            and money is not None
                            and prev.amount is not money
                        ):
                            # 其中软银承诺出资300亿美元: this party's own share of the round (a loan's
                            # banks split the whole facility: no unnamed rest to keep)
                            if prev.amount is not None and prev.kind != "loan" and not any(
                                d.payer is None and d.payee == prev.payee for d in deals
                            ):
                                deals.append(
                                    Deal(
                                        payer=None,
                                        payee=prev.payee,
                                        kind=prev.kind,
                                        amount=prev.amount,
                                        date=prev.date,
                                        status=prev.status,
                                        evidence=list(prev.evidence),
                                        rule=f"{prev.rule}+round_total",
                                        sentence_index=ctx.index,
                                    )
                                )
                            prev.amount, prev.joint = money, False
                            made = True
                            continue
                        # a weaker rule on the same two parties may still know the amount
                        if (
                            prev is not None
                            and prev.amount is None
                            and money is not None
                            and prev.kind != "warrant"
                        ):
                            prev.amount = money
                            made = True
                        continue
                    pairs.add(pair)
                    claimed.setdefault(pair, (*_clause_span(t.text, i, j), kind, payer))
                    up_to = False
                    if money is not None:
                        before = ctx.simp[max(0, money.start - ctx.start - 6) : money.start - ctx.start]
                        up_to = any(map(before.__contains__, rr.up_to_words))
                    deals.append(
                        Deal(
                            payer=payer,
                            payee=payee,
                            kind=kind,
                            amount=money,
                            quantities=[qty] if qty is not None else [],
                            date=date,
                            status=status,
                            up_to=up_to,
                            joint=joint,
                            share=share,
                            evidence=[Evidence(ctx.text, ctx.start, ctx.end)],
                            rule=rule.name,
                            sentence_index=ctx.index,
                        )
                    )
                    made = True
            if made and money is not None and not rule.shares_money:
                used.add(id(money))  # (a shared price stays for the stake's own deal: shares_money)
            for a in respective or []:
                used.add(id(a))
    return drop_place_payers(ctx.org_types, deals)


def _invested(ctx: SentenceContext, money: Amount, rr: RelationRules) -> bool:
    """投资超过50亿美元: an amount someone invests is no contract price (``invest_verbs``)."""
    before = ctx.simp[max(0, money.start - ctx.start - 6) : money.start - ctx.start]
    return any(w in before for w in rr.invest_verbs)


_BREAK = re.compile(r"[,;。]")


def _majority_stake(ctx: SentenceContext, i: int, j: int) -> bool:
    """A percentage of more than half of the shares within the match or just after it (not one
    that describes a unit already owned: 对100%持股之子公司乙增资)."""
    t = ctx.template
    owned = relation_rules().owned_unit_after
    for p in t.positions("Ⓟ"):
        a = t.obj(p)
        if a is not None and i <= p <= j + 12 and a.value is not None and a.value > 50:
            brk = _BREAK.search(t.text, j, p) if p > j else None
            if owned.match(ctx.simp, a.end - ctx.start) or (brk and "Ⓔ" in t.text[brk.end() : p]):
                continue  # (a unit already owned; another company's stake in the next clause: 增资N,同时将所持乙100%股权划转)
            tail = ctx.simp[ctx.rel(p) : ctx.rel(p) + 12]
            if "股" in tail or "股" in ctx.simp[ctx.rel(i) : ctx.rel(j)]:
                return True
    return False


def _respective_amounts(ctx: SentenceContext, i: int, j: int, payers, payees, used) -> list[Amount] | None:
    """微软和英伟达将分别向Anthropic投资50亿美元和100亿美元: one amount per party, in order."""
    n = max(len(payers), len(payees))
    if n < 2 or "分别" not in ctx.simp[ctx.rel(i) : ctx.rel(j) + 4]:
        return None
    t = ctx.template
    a, b = _clause_span(t.text, i, j)
    found = [
        t.obj(p) for p in t.positions("Ⓜ") if i <= p < b and t.obj(p) is not None and id(t.obj(p)) not in used
    ]
    found = [x for x in found if x.unit == MONEY and not x.per_share]
    if len(found) < n and b < len(t.text):
        # 甲、乙分别与丙签署贷款合同,贷款金额分别为N1和N2: the amounts in the next clause, told respectively there
        c, d = _clause_span(t.text, b + 1, b + 1)
        if "Ⓔ" not in t.text[c:d] and "分别" in t.text[c:d]:
            more = [t.obj(p) for p in t.positions("Ⓜ") if c <= p < d and t.obj(p) is not None and id(t.obj(p)) not in used]
            found += [x for x in more if x.unit == MONEY and not x.per_share]
    return found[:n] if len(found) >= n else None

