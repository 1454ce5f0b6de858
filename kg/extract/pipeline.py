"""The article pipeline: text -> normalize -> segment -> entities -> amounts -> facts -> deals.

>>> r = analyze("輝達表示將向OpenAI投資300億美元。")
>>> [(d.payer, d.payee, d.kind, d.amount.text) for d in r.deals]
[('Nvidia', 'OpenAI', 'investment', '300億美元')]
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from operator import attrgetter, itemgetter

from .. import rules
from ..model import ArticleInfo, ArticleResult, Evidence, Fact
from ..rules import RuleSet, is_set, using
from ..rules.shapes import words
from ..store.dedupe import fingerprint
from . import dates, segment
from .abbreviations import (
    latin_name_shorts,
    legal_owner,
    merge_abbreviations,
    trim_glued_heads,
    units_in_brackets,
)
from .amounts import MONEY, Amount, extract_amounts, resolve_context_currency
from .announcements import announcer
from .defined_terms import (
    aliases,
    apply_roles,
    definitions,
    document_roles,
    paired_deals,
    role_mentions,
    role_rules,
)
from .entities import link_entities
from .facts import find_period, sentence_facts
from .fields import apply_fields, complete_told_deals, field_price
from .followup import followup_value
from .frames import announcer_of, denied, frame_rules, person_entities
from .frames import frame_names as _frame_names
from .gazetteer import Gazetteer, load_gazetteer
from .heads import brand_mentions, merge_short_forms
from .language import NO_CHINESE, has_chinese, script_label
from .lists import list_members
from .literals import alternation, spans_of
from .mentions import Entity, Mention
from .merging import merge_deals
from .names import code_follows, latin_candidates, product_mentions, round_subjects, same_party_gap
from .normalize import normalize, to_simplified
from .orgnames import foreign_place, org_kind
from .people import marked_people
from .places import where_not_who
from .relation_rules import described_roles, relation_rules
from .relations import SentenceContext, drop_place_payers, sentence_deals
from .relations_parties import drop_place_targets
from .template import Template


@rules.derived
def _prepared() -> Gazetteer:
    """Load the gazetteer and teach jieba its names, compile the deal frames (once per process;
    ``kg ingest`` calls it before it forks its workers, which inherit all of it)."""
    frame_rules()
    gaz = load_gazetteer()
    segment.add_words(gaz.simplified_aliases())
    extra = rules.load("segmentation.yaml")["extra_words"]
    segment.add_words(words(extra, what="extra_words", path=rules.rules_dir() / "segmentation.yaml"))
    return gaz


@rules.derived
@rules.loader("segmentation.yaml")
def _deal_words() -> re.Pattern:
    """A word that may tell a deal: ``deal_triggers`` of rules/segmentation.yaml, the clause-head
    triggers of org_names.yaml (``head_triggers``) and the deal frames' triggers (frames.yaml)."""
    own = words(
        rules.load("segmentation.yaml").get("deal_triggers") or [],
        what="deal_triggers",
        path=rules.rules_dir() / "segmentation.yaml",
    )
    found = [own, rules.load("org_names.yaml").get("head_triggers") or []]
    found.append(t for f in frame_rules().frames for t in f.triggers)
    return re.compile(alternation({w for ws in found for w in ws if w}))


def _deal_sentences(simp: str, sentences, headline: bool):
    """``deal(offset)``: does *offset* lie in a sentence holding a word of :func:`_deal_words`, or
    in the headline (the first sentence, when *headline*)? Name discovery segments only those."""
    found = _deal_words().search
    spans = [(s.start, s.end) for k, s in enumerate(sentences) if (k == 0 and headline) or found(simp, s.start, s.end)]
    starts = [a for a, _ in spans]

    def deal(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < spans[i][1]

    return deal


def article_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


ARTICLE = -1  # the key of _topics for the organisation the whole article is about


def _topics(entities: list[Entity], sentences, org_types) -> dict[int, str | None]:
    """The organisation each paragraph is about: its most mentioned one (else the article's); under
    ``ARTICLE``, the organisation the article is about (its most mentioned one, named in two paragraphs
    or more), else None."""
    para_of = {}
    starts = [s.start for s in sentences]
    per_para: dict[int, Counter] = {}
    total: Counter = Counter()
    for e in entities:
        if org_types.get(e.name) == "person":
            continue
        for m in e.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            p = sentences[i].paragraph if i >= 0 else 0
            per_para.setdefault(p, Counter())[e.name] += 1
            total[e.name] += 1
    best_total = total.most_common(1)[0][0] if total else None
    # the article's topic stands in for a paragraph that does not name it only when the article
    # is about it: it is named in two paragraphs or more (a headline and a body, say), not when
    # one paragraph of a roundup or a digest happens to name it most
    spread = sum(best_total in c for c in per_para.values()) if best_total else 0
    for s in sentences:
        c = per_para.get(s.paragraph)
        fallback = best_total if spread >= 2 or (c and best_total in c) else None
        if c:
            name, n = c.most_common(1)[0]
            para_of[s.paragraph] = name if n >= 2 else fallback
        else:
            para_of[s.paragraph] = fallback
    para_of[ARTICLE] = best_total if spread >= 2 else None
    return para_of


def _article_company(entities: list[Entity], topics: dict[int, str | None], org_types, simp: str) -> str | None:
    """The company a story is about, for 公司 in it: the first organisation it names with its stock code
    right after it (甲(300952)), else the first it says announces (甲晚间公告), else the organisation it is
    about (``topics[ARTICLE]``), else None."""
    listed = [
        m
        for e in entities
        if org_types.get(e.name) in _PARTY_TYPES
        for m in e.mentions
        if code_follows(simp, m.end)
    ]
    if listed:
        return min(listed, key=attrgetter("start")).name
    announces = _announces()  # 甲12月7日晚公告,公司控股股东…: the company that announces
    told = [m for e in entities if org_types.get(e.name) in _PARTY_TYPES for m in e.mentions if announces.match(simp, m.end)]
    if told:
        return min(told, key=attrgetter("start")).name
    return topics.get(ARTICLE)


def analyze(
    text: str,
    *,
    path: str | None = None,
    encoding: str = "utf-8",
    title: str | None = None,
    date: str | None = None,
    source: str | None = None,
    headline: bool = True,
    rules: RuleSet | None = None,
) -> ArticleResult:
    """Run the whole pipeline on one article's text.

    *headline*: the text may start with a headline, whose deals only confirm the body's
    (False for the later blocks of an article analysed in parts). *rules*: the
    :class:`~kg.rules.RuleSet` to use (default: the active one, the bundled rules unless a
    caller chose others with :func:`kg.rules.using`).
    """
    if rules is None and not is_set():
        rules = RuleSet.bundled()  # made active for the whole call: every rule look-up finds it at once
    if rules is not None:
        with using(rules):
            return analyze(
                text, path=path, encoding=encoding, title=title, date=date, source=source, headline=headline
            )
    gaz = _prepared()
    nt = normalize(text, path=path)
    simp = nt.simp
    sentences = segment.split_sentences(simp)
    starts = [s.start for s in sentences]
    seg_cache: dict[tuple[int, int], set[int]] = {}

    def sentence_of(offset: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return sentences[i].start, sentences[i].end

    units = segment.segment_units(simp)
    unit_starts = [u[0] for u in units]

    def unit_of(offset: int) -> tuple[int, int]:
        """The run of text jieba segments on its own around *offset* (or the sentence)."""
        i = bisect.bisect_right(unit_starts, offset) - 1
        if i >= 0 and units[i][0] <= offset < units[i][1]:
            return units[i]
        return sentence_of(offset)

    def boundaries(spans):
        todo = [sp for sp in spans if sp not in seg_cache]
        if todo:
            seg_cache.update(segment.token_boundaries(simp, todo))
        out = set()
        for sp in spans:
            out |= seg_cache[sp]
        return out

    entities = link_entities(simp, text, gaz, boundaries, unit_of, _deal_sentences(simp, sentences, headline))
    entities = trim_glued_heads(merge_abbreviations(entities, simp), simp)  # kg/extract/abbreviations.py
    entities = units_in_brackets(entities, simp, text)  # 宁海智能(卢森堡) after 宁海智能(卢森堡)有限公司: that unit
    entities = latin_name_shorts(entities, simp, text)  # Inventec Mexico S.A. de C.V.(英业达墨西哥): that company
    entities = merge_short_forms(entities, simp)  # 泰港 and 泰港数码 beside 泰港数码基建 (kg/extract/heads.py)

    def is_word(start: int, end: int) -> bool:
        unit = unit_of(start)
        return unit[0] <= start and end <= unit[1] and {start, end} <= boundaries([unit])

    brand_mentions(entities, simp, text, is_word)  # 宏远数据 … 宏远表示 (kg/extract/heads.py)
    org_types = {e.name: e.type for e in entities}
    mentions = sorted((m for e in entities for m in e.mentions), key=attrgetter("start"))
    taken = set()
    for m in mentions:
        taken.update(range(m.start, m.end))
    amounts = [
        a
        for a in extract_amounts(simp, text, script=nt.script)
        if taken.isdisjoint(range(a.start, a.end))
    ]
    resolve_context_currency(amounts, nt.script)
    topics = _topics(entities, sentences, org_types)
    story_company = _article_company(entities, topics, org_types, simp)  # 公司 in a news story
    for a in amounts:
        taken.update(range(a.start, a.end))

    # stand-ins that only relation rules see: products as their makers, unknown Latin names
    extra = product_mentions(simp, taken, gaz)
    for m in extra:
        org_types.setdefault(m.name, gaz.records[m.name].type if m.name in gaz.records else "company")
        taken.update(range(m.start, m.end))
    provisional: dict[str, str] = {}  # name -> its form in the Simplified copy, where its mentions are sought

    def stand_in(start: int, end: int, name: str) -> None:
        """A name only relation rules see; it becomes an entity if a deal or fact uses it."""
        owner = legal_owner(simp[start:end], entities, simp) if name not in org_types else None
        if owner is not None:  # 【远帆新材获投资】 before 江西远帆新材料股份有限公司: that company
            m = Mention(owner.name, start, end, text[start:end])
            owner.mentions.append(m)
            mentions.append(m)
            taken.update(range(start, end))
            return
        extra.append(Mention(name, start, end, text[start:end]))
        taken.update(range(start, end))
        if name not in org_types:
            provisional[name] = simp[start:end]
            org_types[name] = org_kind(name) or "company"  # 宿迁市中心城区: a place is a government

    heads = _latin_heads(entities)
    for start, end, name in latin_candidates(simp, taken):
        owner = heads.get(name)
        if owner is not None:  # "Cipher" after "Cipher Mining": the same company
            m = Mention(owner.name, start, end, text[start:end])
            owner.mentions.append(m)
            mentions.append(m)
            continue
        stand_in(start, end, name)
    for start, end in list_members(simp, mentions):  # kg/extract/lists.py
        stand_in(start, end, text[start:end])
    for start, end in round_subjects(simp, taken):
        stand_in(start, end, text[start:end])
    _defined_roles(entities, mentions, extra, simp, text, taken)  # 甲(「买方」)…买方: 甲 (kg/extract/defined_terms.py)
    announcers: list = []
    people: list = []  # natural persons in deal frames' party slots: entities, never parties
    framed = set()
    for start, end in _frame_names(simp, sentences, taken, amounts, announcers, people):  # kg/frames.py
        if foreign_place(simp, start, end) or where_not_who(simp, start, end):
            continue  # 收购美国俄亥俄州的…开发商, 收购位于甲县的…: a place abroad is no party (places.py)
        stand_in(start, end, text[start:end])
        framed.add(text[start:end])
    announcers.extend(_counterpart_companies(simp, taken, announcers))  # 客户已向公司下达订单
    para_start = {}
    for s in sentences:
        para_start.setdefault(s.paragraph, s.start)

    def paragraph_of(offset: int) -> tuple[int, int]:
        """(paragraph index, its start) of the sentence holding *offset*."""
        i = max(0, bisect.bisect_right(starts, offset) - 1)
        p = sentences[i].paragraph if sentences else 0
        return p, para_start.get(p, 0)

    _announcer_mentions(announcers, mentions, extra, taken, text, simp, org_types, paragraph_of, topics, story_company)
    mentions.sort(key=attrgetter("start"))
    all_mentions = sorted(mentions + extra, key=attrgetter("start"))

    singles = [a for a in amounts if not a.parts]  # the ends of a range also appear alone
    deals, facts = [], []
    m_starts = [m.start for m in all_mentions]
    party_starts = [m.start for m in mentions]
    singles.sort(key=attrgetter("start"))
    a_starts = [a.start for a in singles]
    by_paragraph: dict[int, list] = {}
    subjects: dict[int, str] = {}  # the first organisation of the latest sentence, per paragraph
    tender: tuple[str, int, int] | None = None  # who published a tender's result (_owner)
    raiser: tuple[str, int, int] | None = None  # who raises a syndicated loan (_owner)
    described = described_roles(simp, all_mentions)  # 云服务商甲: a supplier wherever it is named (roles.yaml)
    ann = announcer(simp)  # XX股份有限公司关于…的公告 (kg/extract/announcements.py)
    own = _own_company(ann, simp, mentions)  # the announcer, for `announcer` roles of relations.yaml
    rr = relation_rules()
    opening: dict[int, int] = {}  # paragraph -> where its first sentence starts
    for s in sentences:
        opening.setdefault(s.paragraph, s.start)
    for idx, s in enumerate(sentences):
        lo, hi = bisect.bisect_left(m_starts, s.start), bisect.bisect_left(m_starts, s.end)
        sent_mentions = [m for m in all_mentions[lo:hi] if m.end <= s.end]
        a_lo, a_hi = bisect.bisect_left(a_starts, s.start), bisect.bisect_left(a_starts, s.end)
        sent_amounts = [a for a in singles[a_lo:a_hi] if a.end <= s.end]
        if not sent_amounts and not sent_mentions:
            continue
        items = _merge_adjacent([(m.start, m.end, "E", m) for m in sent_mentions], simp, org_types)
        items += [(a.start, a.end, _mark(a), a) for a in sent_amounts]
        tpl = Template(simp[s.start : s.end], s.start, _non_overlapping(items))
        recent = by_paragraph.setdefault(s.paragraph, [])
        told = recent  # 这笔联贷由…: the deals of the paragraph before, while this one has none
        # (and a paragraph that opens with the breakdown of the deal before: 其中,甲出资N,乙出资M, or with its
        # round, as its first sentence: 本轮由甲领投)
        opens = idx == 0 or sentences[idx - 1].paragraph != s.paragraph
        refs = (rr.deal_ref_start, rr.breakdown_start, rr.round_start) if opens else (rr.deal_ref_start, rr.breakdown_start)
        if not recent and any(p.match(simp, s.start) for p in refs):
            told = next((by_paragraph[p] for p in sorted(by_paragraph, reverse=True) if p < s.paragraph and by_paragraph[p]), recent)
        previous = subjects.get(s.paragraph)
        ctx = SentenceContext(
            index=idx,
            template=tpl,
            simp=simp[s.start : s.end],
            text=text[s.start : s.end],
            start=s.start,
            end=s.end,
            topic=topics.get(s.paragraph),
            org_types=org_types,
            ineligible=set(),
            recent=list(told),
            previous_subject=previous,
            after_semicolon=_after_semicolon(simp, s.start),
            article=deals,
            described=described,
            announcer=own,
            company=own or story_company,
            article_simp=simp,
            paragraph_start=opening[s.paragraph],
        )
        tender = _owner(tpl, tender, s.paragraph, rr.tender_owner, rr.tender_venue)  # 甲公布了…中标结果
        ctx.tenderer = tender[0] if tender else None
        raiser = _owner(tpl, raiser, s.paragraph, rr.syndicate_borrower)  # 甲筹组的联合授信案
        ctx.borrower = raiser[0] if raiser else None
        first = bisect.bisect_left(party_starts, s.start)

        def resolve_back(s=s, ctx=ctx, first=first):
            # the nearest organisation mentioned before this sentence in the paragraph
            for m in reversed(mentions[:first]):
                if gaz.is_party(m.name, org_types.get(m.name)) and s.start - m.end < 400:
                    return m.name
            return ctx.topic

        if sent_amounts:
            facts.extend(sentence_facts(ctx, resolve_back))
        orgs = [m for m in sent_mentions if org_types.get(m.name) in _PARTY_TYPES]
        # (甲旗下项目公司乙与银团签署…: 乙 acts, its parent only describes it)
        first = next((k for k, m in enumerate(orgs) if not (k + 1 < len(orgs) and rr.parent_of_next.match(simp, m.end))), 0)
        first_org = orgs[first].name if orgs else None
        if first_org:
            subjects[s.paragraph] = first_org
        found = sentence_deals(ctx)
        if found and denied(ctx.simp):  # 否认投资, 终止收购: no live deal (kg/frames.py)
            found = []
        if not found and sent_amounts:
            followup_value(ctx, recent, earlier=deals)
        deals.extend(found)
        recent.extend(found)
        for d in found:
            if d.share is not None and d.payee:
                facts.append(
                    Fact(
                        d.payee,
                        "customer_share",
                        d.share,
                        find_period(ctx.simp, d.share.start - s.start),
                        Evidence(ctx.text, s.start, s.end),
                        counterparty=d.payer,
                    )
                )
    _valuations_to_investee(facts, deals)
    title_idx = _title_index(simp, sentences) if headline else None
    announced = ann is not None and title_idx is not None and ann[0][1] <= sentences[title_idx].end
    deals = _headline_only_confirms(merge_deals(deals), title_idx, sentences, announced)
    deals = complete_told_deals(deals, text, simp, mentions, amounts)  # 2、招标人：甲 (kg/extract/fields.py)
    deals = drop_place_payers(org_types, deals)  # 淮滨开发区 of a project's name, 2、招标人：安徽淮滨开发区管委会
    deals = drop_place_targets(deals)  # 对欧洲的并购: a place or a region is where, no party
    deals = merge_deals(apply_roles(deals, document_roles(simp, mentions)))  # 卖方甲…: 甲 is paid
    company = _announcing_company(own, mentions, topics, paragraph_of)
    deals = apply_fields(deals, text, simp, all_mentions, amounts, company)  # 甲方：… 合同金额：… (fields.py)
    # 甲(以下简称“卖方”)…乙(以下简称“买方”): their deal, when no sentence tells it (defined_terms.py)
    deals = paired_deals(deals, text, simp, all_mentions, lambda kind: field_price(simp, amounts, kind))
    _promote_provisional(entities, provisional, deals, facts, simp, text, extra, framed)
    people += [(a, b, simp[a:b]) for a, b in marked_people(simp) if not any(i in taken for i in range(a, b))]
    entities.extend(person_entities(simp, text, people, entities))  # 赵某先生, 实际控制人王某 (people.py)
    article_date = dates.parse_date(date) or dates.text_date(text)
    simplified: dict[str, str] = {}  # an evidence sentence of several deals is converted once
    dates.date_deals(deals, article_date, lambda s: simplified[s] if s in simplified else simplified.setdefault(s, to_simplified(s)))
    info = ArticleInfo(
        id=article_id(text),
        path=path,
        title=title,
        script=script_label(text, nt.script),  # "none" for an article without Chinese text
        encoding=encoding,
        chars=len(text),
        date=article_date or date,
        source=source,
        fingerprint=fingerprint(text, signature=False),  # the store adds the MinHash (kg/store/dedupe.py)
        notes=[] if has_chinese(text) else [NO_CHINESE],
    )
    return ArticleResult(
        article=info, entities=entities, amounts=amounts, deals=deals, facts=facts, text=text
    )


_PARTY_TYPES = ("company", "bank", "fund", "government")


def _owner(tpl: Template, last: tuple[str, int, int] | None, paragraph: int, pattern, venue=None) -> tuple[str, int, int] | None:
    """``(name, paragraph, paragraphs passed)`` of the organisation *pattern*'s ``owner`` group names in
    this sentence (who publishes a tender's result, `tender_owner` of relations.yaml; who raises a
    syndicated loan, `syndicate_borrower`), else of *last* while it is from this paragraph or the one
    before. An owner whose name *venue* finds names no one (a trading venue publishes a result)."""
    m = pattern.search(tpl.text)
    owner = tpl.obj(m.start("owner")) if m else None
    if owner is not None and getattr(owner, "name", None):
        if venue is not None and venue.search(getattr(owner, "text", "") or owner.name):
            return None  # 甲公共资源交易中心公示了…中标候选人: a venue publishes, the tenderer is not named
        return owner.name, paragraph, 0
    if last is None or last[1] == paragraph:
        return last
    return (last[0], paragraph, last[2] + 1) if last[2] < 1 else None


def _counterpart_companies(simp: str, taken: set[int], announcers: list) -> list[tuple[int, int]]:
    """Spans of 公司 on the other side of a deal verb (客户已向公司下达订单, ``counterpart_company`` of
    rules/org_names.yaml), read like 公司 in a deal frame's slot; none already found or taken."""
    counterpart = rules.load("org_names.yaml").get("counterpart_company")
    if not counterpart or "公司" not in simp:
        return []
    held = set(announcers)
    return [m.span() for m in re.finditer(counterpart, simp) if m.span() not in held and m.start() not in taken]


def _announcer_mentions(spans, mentions, extra, taken, text, simp, org_types, paragraph_of, topics, story_company):
    """公司 in a deal frame's party slot: a mention of the company named before it (kg/frames.py).

    The company is sought in 公司's own paragraph; a paragraph that names none before it speaks of
    the company the article is about (*topics*, see :func:`_topics`), not of whichever company the
    paragraph before happened to name last.
    """
    if not spans:
        return
    sender = frame_rules().names.sender_before  # 收到甲发来的中标通知书,确认公司为…: 公司 is not 甲
    counterpart = frame_rules().names.counterpart_before  # 甲向公司提供…: 公司 is not 甲
    self_words = frame_rules().names.counterpart_self_words  # 公司 alone, as a counterparty names it
    # 收到甲（以下简称“乙”）发出的…: the short name a bracket defines repeats 甲, judged with it
    markers = tuple(rules.load("org_patterns.yaml")["short_name_markers"])

    def defined(m) -> bool:  # the Simplified, width-folded copy: 以下简称：“乙” reads as 以下简称:“乙”
        return simp[max(0, m.start - 8) : m.start].rstrip("“\"「『‘' ").endswith(markers)

    roles = role_rules().words  # 标的公司 (a defined term, kg/extract/defined_terms.py) is never what 公司 means

    known = sorted(
        (
            m
            for m in mentions + extra
            if not sender.search(text, max(0, m.start - 8), m.start) and not defined(m) and simp[m.start : m.end] not in roles
        ),
        key=lambda m: m.start,
    )

    def is_party(n):
        return org_types.get(n) in _PARTY_TYPES

    coded = {m.name for m in known if code_follows(simp, m.end)}  # listed companies: 甲(300952)
    for start, end in spans:
        if any(i in taken for i in range(start, end)):
            continue
        para, para_start = paragraph_of(start)
        here = [m for m in known if m.start >= para_start]
        owner = announcer_of(start, here, is_party)
        told = _announcing(simp, here, start, is_party)
        near = owner  # (甲公告,乙已向公司采购: 乙 is the other side, 公司 the announcing 甲)
        if told is not None and owner is not None and told.name != owner.name:
            owner = told  # 甲(300916)晚间公告,公司控股股东…与乙签署…,乙拟受让公司…: 公司 is 甲, not 乙
            if simp[start:end] in self_words and counterpart.match(to_simplified(text[near.end : start])):
                extra.append(Mention(told.name, start, end, text[start:end]))
                taken.update(range(start, end))
                continue
        listed = announcer_of(start, [m for m in here if m.name in coded], is_party) if coded else None
        if listed is not None and owner is not None and owner.name not in coded:
            owner = listed  # 甲(300952)披露预案,拟购买乙股份。同时,公司拟…: 公司 is the listed 甲, not 乙 named since
        if owner is not None and simp[start:end] in self_words and counterpart.match(to_simplified(text[owner.end : start])):
            # 甲向公司提供授信: 公司 is not 甲 but the listed company the paragraph named before it, else the
            # company the article (else the paragraph) is about (not 甲向全资子公司增资: the subsidiary is 甲's)
            coded_before = announcer_of(start, [m for m in here if m.name in coded and m.name != owner.name], is_party)
            firsts = (coded_before.name if coded_before else None, story_company, topics.get(para))
            name = next((t for t in firsts if t and t != owner.name and is_party(t)), None)
            if name is not None:
                extra.append(Mention(name, start, end, text[start:end]))
                taken.update(range(start, end))
            continue
        if owner is not None and _object_of_owner(text, owner.end, start):
            # 控股股东甲增持公司股份 / 甲拟受让公司24.8%股权: 公司 is what 甲 acts on, not 甲 itself
            owner = announcer_of(start, [m for m in here if m.end <= owner.start and m.name != owner.name], is_party)
        name = owner.name if owner is not None else None
        if name is None and not any(m.end <= start for m in here):
            topic = topics.get(para)
            name = topic if topic and is_party(topic) and any(m.name == topic and m.end <= start for m in known) else None
        if name is not None:
            extra.append(Mention(name, start, end, text[start:end]))
            taken.update(range(start, end))


def _defined_roles(entities, mentions, extra, simp, text, taken) -> None:
    """The role words brackets define (甲有限公司(「买方」)), as mentions of their company after it."""
    by_name = {e.name: e for e in entities}
    simplified: dict[str, str] = {}  # each name converted once, not once per defined term

    def simp_name(n: str) -> str:
        return simplified[n] if n in simplified else simplified.setdefault(n, to_simplified(n))

    for term, name in aliases(simp, mentions + extra):  # 甲(「乙」) when 乙 was found on its own: one company
        other = next((e for e in entities if e.discovered and e.name != name and simp_name(e.name) == term), None)
        if other is None or name not in by_name:
            continue
        for m in other.mentions:
            m.name = name
            by_name[name].mentions.append(m)
        by_name[name].mentions.sort(key=attrgetter("start"))
        entities.remove(other)
        del by_name[other.name]
    # a name found by its shape that a defined role word starts or ends (甲方向乙方, 人有条件同意 after
    # 认购人) is the role word glued to its neighbours: the role wins
    firm_ends = role_rules().firm_ends
    soft = [m for m in mentions if by_name[m.name].discovered and not m.name.endswith(firm_ends)]
    soft += [m for m in extra if not m.name.isascii()]
    positions = {k for m in soft for k in range(m.start, m.end)}
    roles = role_mentions(simp, text, mentions + extra, set(taken), positions)
    words = role_rules().words
    glued = {id(m) for m in soft for r in roles if m.start < r.end and r.start < m.end and simp[r.start : r.end] in words}
    if glued:
        for e in entities:
            e.mentions[:] = [m for m in e.mentions if id(m) not in glued]
        entities[:] = [e for e in entities if e.mentions]
        by_name = {e.name: e for e in entities}
        mentions[:] = [m for m in mentions if id(m) not in glued]
        extra[:] = [m for m in extra if id(m) not in glued]
    for m in roles:
        taken.update(range(m.start, m.end))
        ent = by_name.get(m.name)
        if ent is None:
            extra.append(m)  # a stand-in's role: relation rules see it
            continue
        ent.mentions.append(m)
        ent.mentions.sort(key=attrgetter("start"))
        mentions.append(m)
    mentions.sort(key=attrgetter("start"))


def _announcing_company(own, mentions, topics, paragraph_of):
    """``company(offset)``: the company that announces, for a labelled field at *offset*: *own*, the
    announcement's company (:func:`_own_company`), else the company the field's paragraph (or the
    article) is about, else the first one the article names (青山电子公告重大讯息如下)."""
    first = mentions[0].name if mentions else None

    def company(offset: int) -> str | None:
        return own or topics.get(paragraph_of(offset)[0]) or first

    return company


def _own_company(ann, simp, mentions) -> str | None:
    """The company of an announcement: XX股份有限公司关于…的公告 (*ann*, :func:`announcer`), else the
    one a bracket defines as 公司/本公司 (``self_words`` of roles.yaml), else None."""
    own = next((m.name for m in mentions if ann and (m.start, m.end) == ann[0]), None)
    if own is None:
        own = next((n for t, n, _ in definitions(simp, mentions) if t in role_rules().self_words), None)
    rr = role_rules()
    if own is None:  # 本公司代子公司甲公告…: 甲; else 公司名称:乙 (a Taiwan 重大讯息)
        own = next((m.name for m in mentions if rr.acting_for.search(simp, max(0, m.start - 16), m.start)), None)
    if own is None:
        own = next((m.name for m in mentions if rr.company_name_field.search(simp, max(0, m.start - 8), m.start)), None)
    return own


def _after_semicolon(simp: str, start: int) -> bool:
    """Does the sentence at *start* follow a semicolon (spaces between)? (The text is width-folded.)"""
    i = start - 1
    while i >= 0 and simp[i].isspace():
        i -= 1
    return i >= 0 and simp[i] == ";"


@rules.derived
@rules.loader("org_names.yaml")
def _announces() -> re.Pattern:
    """What follows a company that announces (``announcer_says`` of org_names.yaml: 甲(300916.SZ)晚间公告,
    甲发布公告称): 公司 after it in its paragraph is 甲."""
    return re.compile(rules.load("org_names.yaml").get("announcer_says") or "(?!)")


def _announcing(simp: str, here, start: int, is_party):
    """The latest company before *start* among *here* that the text says announces (:func:`_announces`)."""
    announces = _announces()
    for m in reversed(here):
        if m.end <= start and is_party(m.name) and announces.match(simp, m.end):
            return m
    return None


def _object_of_owner(text: str, owner_end: int, start: int) -> bool:
    """Is 公司 at *start* the object of a deal verb whose subject ends at *owner_end*, in one clause?
    (the verbs of ``object_before`` in rules/relations.yaml, but not 回购: a company buys back its own)"""
    between = to_simplified(text[owner_end:start])
    if len(between) > 40 or any(c in between for c in ",;:。，；："):
        return False
    return between.rstrip().endswith(relation_rules().object_before)


def _title_index(simp: str, sentences) -> int | None:
    """Index of the headline sentence: a short first line with no full stop, followed by more text."""
    if len(sentences) < 2 or sentences[0].paragraph == sentences[1].paragraph:
        return None
    first = simp[sentences[0].start : sentences[0].end]
    if len(first) > 80 or first.rstrip()[-1:] in "。.!?！？":
        return None
    return 0


def _headline_only_confirms(deals, title_idx, sentences, announced=False):
    """A headline sums up the body: its deals add evidence to body deals but create none.

    Headlines compress several deals into one line (小米比亚迪配股合共集资860亿), so a
    deal found only there is more often a misreading than news. An exchange announcement's title
    (*announced*: XX股份有限公司关于中标…项目的公告) is no headline but the announcement's subject: its
    deal stands when no body deal names either of its parties (the body may tell the award only in
    fields, 招标人：…, or as 确定公司为上述项目的中标人).
    """
    if title_idx is None:
        return deals
    t = sentences[title_idx]

    def in_title(d):
        return all(t.start <= e.start and e.end <= t.end for e in d.evidence)

    body = [d for d in deals if not in_title(d)]
    told = {p for b in body for p in (b.payer, b.payee)}
    stand = []
    for d in deals:
        if not in_title(d):
            continue
        twin = next((b for b in body if (b.payer, b.payee) == (d.payer, d.payee) and b.kind == d.kind), None)
        if twin is not None:
            twin.evidence[:0] = [e for e in d.evidence if e not in twin.evidence]
            if twin.amount is None and d.amount is not None:
                twin.amount = d.amount
        elif announced and d.payer not in told and d.payee not in told:
            stand.append(d)
    return stand + body


def _latin_heads(entities: list[Entity]) -> dict[str, Entity]:
    """First words of multi-word Latin names in this article: {"Cipher": <Cipher Mining>}."""
    out: dict[str, Entity] = {}
    for e in entities:
        forms = {e.name} | {m.text for m in e.mentions}
        for f in forms:
            words = f.split()
            if len(words) >= 2 and f.isascii() and len(words[0]) >= 4:
                out.setdefault(words[0], e)
    return out


_BRACKET_TAIL = re.compile(r"(?:[-.][A-Z]{1,3})?\s?\)")
_OWNER_GAP = re.compile(r"\s?旗下(?:的)?\s?|\s?子公司\s?")


def _merge_adjacent(items, simp, org_types=None):
    """Collapse mentions that name one party into one template item.

    ``阿斯麦(ASML)``, ``Google新一代TPU``, ``Microsoft的Azure``: one entity twice;
    ``Amazon旗下的AWS``: the subsidiary is the party; ``亚马逊AWS``, ``国网某省电力有限公司某供电公司``:
    two organisations written together with nothing between are one party named by its owner and
    its unit (a list has separators), the first name standing for it.
    """
    org_types = org_types or {}
    items = sorted(items, key=itemgetter(0))
    same_gap, short_name_tail = same_party_gap()  # (a bracket may define a role too: “乙”或“标的公司”)
    out = []
    also: dict[int, str] = {}  # the unit's name of an owner-and-unit item (亚马逊AWS新一代Trainium)
    for it in items:
        if out:
            prev = out[-1]
            gap = simp[prev[1] : it[0]]
            if it[3].name in (prev[3].name, also.get(len(out) - 1)) and same_gap.fullmatch(gap):
                tail = (
                    (_BRACKET_TAIL.match(simp, it[1]) or short_name_tail.match(simp, it[1]))
                    if "(" in gap
                    else None
                )
                end = tail.end() if tail else it[1]
                out[-1] = (prev[0], end, "E", prev[3])
                continue
            if _OWNER_GAP.fullmatch(gap):
                out[-1] = (prev[0], it[1], "E", it[3])
                continue
            if not gap and org_types.get(prev[3].name) in _PARTY_TYPES and org_types.get(it[3].name) in _PARTY_TYPES:
                out[-1] = (prev[0], it[1], "E", prev[3])
                also[len(out) - 1] = it[3].name
                continue
        out.append(it)
    return out


def _promote_provisional(entities, provisional, deals, facts, simp, text, extra, framed=()):
    """Latin names that ended up as a party of a deal are organisations: list them as discovered.

    So are the names that filled a party slot of a deal frame (*framed*, kg/frames.py). Their
    mentions are their free occurrences and the stand-ins of *extra* that named them (收购SQM12.5%
    股权: SQM touches a digit, yet the deal's party is an entity with that mention).
    """
    used = {n for d in deals for n in (d.payer, d.payee) if n in provisional}
    used |= {n for n in framed if n in provisional}
    used |= {f.entity for f in facts if f.entity in provisional}
    for name in sorted(used):
        ent = Entity(name=name, type="company", discovered=True)
        form = provisional[name]  # 價之鏈 is sought as 价之链 in the Simplified copy
        # a Latin name touches no Latin letter or digit; a Chinese one may touch digits
        spans = set(spans_of(simp, form, lead=form[:1].isascii(), tail=form[-1:].isascii()))
        spans |= {(m.start, m.end) for m in extra if m.name == name}
        for a, b in sorted(spans):
            ent.mentions.append(Mention(name, a, b, text[a:b]))
        if ent.mentions:
            entities.append(ent)


def _valuations_to_investee(facts: list[Fact], deals) -> None:
    """In a funding sentence the valuation is the investee's, not the investor's."""
    by_sentence = {}
    for d in deals:
        if d.kind == "investment" and d.payee:
            by_sentence.setdefault(d.evidence[0].start, []).append(d)
    for f in facts:
        if f.metric != "valuation":
            continue
        for d in by_sentence.get(f.evidence.start, []):
            if d.payer == f.entity:
                f.entity = d.payee
                break


def _mark(a: Amount) -> str:
    if a.unit == MONEY:
        return "M"
    if a.unit == "percent":
        return "P"
    return "Q"


def _non_overlapping(items):
    out, last_end = [], -1
    for it in sorted(items, key=lambda x: (x[0], -(x[1] - x[0]))):
        if it[0] >= last_end:
            out.append(it)
            last_end = it[1]
    return out
