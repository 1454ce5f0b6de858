"""Entity linking: the mentions of every pass (gazetteer aliases in :mod:`.mentions`, discovered
organisations in :mod:`.discovery`, shaped names in :mod:`.names`) joined into entities.

Matching runs on the Simplified, half-width copy. Candidates come from an
Aho-Corasick automaton over all alias keys; short or weak Chinese aliases
must also line up with jieba token boundaries (so 富国 in 富国强兵 or 投资 in
投资者 do not count). Overlaps are resolved by :func:`.mentions.filter_spans`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from operator import attrgetter

from .. import rules
from . import segment
from .announcements import announcer, header_short
from .defined_terms import role_rules
from .discovery import discover, find_tickers, industry_hits
from .gazetteer import Gazetteer
from .literals import alternation, spans_of
from .mentions import (
    _ACRONYM,
    _ARM_TAIL,
    _ASCII_ALNUM,
    _BRACKET_OPEN,
    _LATIN_TAIL,
    _LEGAL_FORM,
    _PLACE_TAIL,
    Entity,
    Mention,
    filter_spans,
    gazetteer_mentions,
    key,
)
from .names import (
    _bracket_data,
    bracket_names,
    is_generic_name,
    is_generic_short_name,
    legal_names,
    not_a_latin_name,
)
from .normalize import to_simplified
from .org_rules import _only_generic, _org_type, brand_of_registered, k_is_product, org_patterns
from .orgname_rules import name_rules
from .orgname_siblings import anchors, sibling_names
from .orgnames import description_heads, foreign_marks, is_description, org_kind, org_names, trim_front
from .people import marked_people
from .places import place_rules
from .wordsets import any_of, first_at


def foreign_namesake(simp: str, start: int, end: int) -> bool:
    """Is the known name ``simp[start:end]`` a national body's name (国家电网, ``national_heads`` of
    org_names.yaml) right after a foreign country (``leading_countries``): another country's body
    of the same name (菲律宾国家电网公司 is no State Grid of China)?

    >>> s = "国家电网收购菲律宾国家电网公司40%股权"
    >>> foreign_namesake(s, 0, 4), foreign_namesake(s, 9, 15)
    (False, True)
    """
    heads, countries = _namesake_rules()
    return simp.startswith(heads, start) and simp.endswith(countries, 0, start)


@rules.derived
@rules.loader("org_names.yaml")
def _namesake_rules() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``national_heads`` of org_names.yaml and the countries of rules/places.yaml (China is none of them)."""
    return name_rules().national_heads, tuple(str(rules.load("places.yaml").get("countries") or "").split())


_SIBLING_TYPES = ("company", "bank", "fund")  # a known name whose list holds more names (not a person, a body)


def link_entities(
    simp: str,
    text: str,
    gaz: Gazetteer,
    boundaries: Callable[[list[tuple[int, int]]], set[int]],
    unit_of: Callable[[int], tuple[int, int]],
    deal: Callable[[int], bool] | None = None,
) -> list[Entity]:
    """All entities of an article with their mentions.

    *boundaries* segments the given spans and returns token boundary offsets;
    *unit_of* maps an offset to the span to segment for it (the run of text jieba
    segments on its own, see :func:`kg.extract.segment.segment_units`, else the sentence).
    Segmentation is asked for once, only where a boundary decides something. *deal* tells
    whether an offset lies in a sentence that may tell a deal (``deal_triggers``,
    rules/segmentation.yaml; None: every one): only there are the words before a corporate or
    industry suffix segmented to find where a name starts (…集团, …科技: :func:`discover`
    finds no name in a unit left unsegmented); a known name's ends and a bracket's name
    (中文名(English Name), 中文名(01686)) are segmented everywhere.
    """
    pats = org_patterns()
    low = key(simp)  # (the gazetteer's candidates and the later passes read the same key)
    cands = gazetteer_mentions(simp, gaz, low, pats.chinese)
    need = {unit_of(p) for m in cands if m.needs_boundary for p in (m.start, m.end - 1)}
    covered = sorted((m.start, m.end) for m in cands)
    dealt = deal or _anywhere
    need |= {
        unit_of(m.start())
        for m in pats.chinese.finditer(simp)
        if not _inside(covered, m.start(), m.end()) and dealt(m.start())
    }  # 软银集团: the known name already has its suffix
    need |= {unit_of(m.start() - 1) for m in _BRACKET_OPEN.finditer(simp)}
    need |= {
        unit_of(m.start()) for m in industry_hits(simp) if not _inside(covered, m.start(), m.end()) and dealt(m.start())
    }
    bounds_set = boundaries(sorted(need)) if need else set()
    bounds = sorted(bounds_set)
    cands = [m for m in cands if not m.needs_boundary or (m.start in bounds_set and m.end in bounds_set)]
    cands = [m for m in cands if not (m.needs_boundary and _glued_weak(simp, m, gaz))]
    cands = [m for m in cands if not foreign_namesake(simp, m.start, m.end)]  # 菲律宾国家电网公司: not State Grid
    mentions = filter_spans(cands)
    entities: dict[str, Entity] = {}

    def entity_for(name: str, etype: str, discovered: bool, ticker: str | None = None) -> Entity:
        if name not in entities:
            rec = gaz.records.get(name)
            entities[name] = Entity(
                name=name,
                type=rec.type if rec else etype,
                ticker=(rec.tickers[0] if rec and rec.tickers else ticker),
                discovered=discovered,
            )
        return entities[name]

    def add_mention(name: str, start: int, end: int, etype="company", discovered=False, ticker=None):
        m = Mention(name, start, end, text[start:end])
        mentions.append(m)
        entity_for(name, etype, discovered, ticker).mentions.append(m)
        return m

    for m in mentions:
        m.text = text[m.start : m.end]
        entity_for(m.name, "company", False).mentions.append(m)

    def taken(start, end):
        for x in mentions:
            if x.start < end and start < x.end:
                return True
        return False

    # tickers in explicit notation: link to known entities
    for ticker, start, end in find_tickers(simp):
        rec_name = gaz.tickers.get(ticker)
        if rec_name and not taken(start, end):
            add_mention(rec_name, start, end)

    def drop_inside(start, end):
        """Remove known mentions strictly inside a longer name (腾讯 in 腾讯音乐)."""
        inner = [
            m for m in mentions if start <= m.start and m.end <= end and (m.start, m.end) != (start, end)
        ]
        if not inner or any(
            start > m.start or m.end > end
            for m in mentions
            if m.start < end and start < m.end and m not in inner
        ):
            return False
        for m in inner:
            mentions.remove(m)
            ent = entities.get(m.name)
            if ent and m in ent.mentions:
                ent.mentions.remove(m)
        return True

    def extend(m: Mention, end: int, etype: str) -> None:
        """Replace mention *m* by a discovered organisation spanning up to *end* (蔚来 -> 蔚来能源)."""
        mentions.remove(m)
        ent = entities.get(m.name)
        if ent and m in ent.mentions:
            ent.mentions.remove(m)
        add_mention(" ".join(text[m.start : end].split()), m.start, end, etype, True)

    # Wiwynn Technology Service Malaysia after 子公司: a subsidiary, not the parent
    for m in list(mentions):
        if not m.text.isascii() and not _ASCII_ALNUM.match(simp[m.start : m.start + 1] or " "):
            continue
        ext = _LATIN_TAIL.match(simp, m.end) or _PLACE_TAIL.match(simp, m.end)
        if ext and any(
            w in simp[max(0, m.start - 12) : m.start] for w in ("子公司", "旗下", "分公司", "孙公司")
        ):
            words = ext.group().split()
            bd = _bracket_data()
            if all(w in bd["latin_generic"] for w in words) or k_is_product(ext.group().strip()):
                continue
            place = _PLACE_TAIL.match(
                simp, ext.end()
            )  # Compal USA (Texas), Delta Electronics (Netherlands) B.V.
            if place:
                ext = place
            extend(m, ext.end(), "company")

    # 蔚来旗下的蔚来能源: a subsidiary named after its parent
    op_data = rules.load("org_patterns.yaml")
    subsidiary_markers = tuple(op_data["subsidiary_markers"])
    business_words = tuple(op_data["subsidiary_business_words"])
    for m in list(mentions):
        if not simp[max(0, m.start - 4) : m.start].endswith(subsidiary_markers):
            continue
        word = next((w for w in business_words if simp.startswith(w, m.end)), None)
        if word is None or not _free([x for x in mentions if x is not m], m.start, m.end + len(word)):
            continue
        extend(m, m.end + len(word), "company")

    # 中国移动旗下基金: the company's own fund acts for it
    for m in list(mentions):
        tail = _ARM_TAIL.match(simp, m.end)
        if tail and _free([x for x in mentions if x is not m], m.start, tail.end()):
            m.end = tail.end()
            m.text = text[m.start : m.end]

    # 三菱日联银行, 台塑集团旗下: the word of the legal name the alias leaves off is the same company
    # (Mubadala Capital: a Latin name's suffix word after a space)
    tails, latin_tails, branch_words, arms, research = _tail_words()
    for m in list(mentions):
        if m.name not in gaz.records or not gaz.is_party(m.name):
            continue
        word = first_at(simp, latin_tails if m.text.isascii() else tails, m.end)
        if word and m.text.isascii() and _LATIN_CHAR.match(simp, m.end + len(word)):
            word = next((w for w in latin_tails if simp.startswith(w, m.end) and not _LATIN_CHAR.match(simp, m.end + len(w))), None)
        if word is None or not _free([x for x in mentions if x is not m], m.start, m.end + len(word)):
            continue
        longer = gaz.resolve(simp[m.start : m.end + len(word)])
        if longer is not None and longer.name != m.name:
            continue  # a different company of its own (the gazetteer's longest match said so)
        m.end += len(word)
        m.text = text[m.start : m.end]

    # 兴业银行武汉分行, 国家开发银行四川省分行: a known company's branch in a place (branch_suffixes of
    # org_patterns.yaml after one or two known places) is a party of its own, not the parent; with the
    # parent named again in its sentence it is the parent's voice (与国开行湖北省分行签署…获得国开行授信)
    def unit_end(m) -> int | None:
        end = m.end
        while end - m.end < 10 and (p := place_rules().first.match(simp, end)):
            end = p.end()
        word = first_at(simp, branch_words, end) if end > m.end else None
        if word:
            return end + len(word)
        kind = gaz.records[m.name].type if m.name in gaz.records else entities[m.name].type
        return bank_unit_end(simp, m.end) if kind == "bank" and simp.endswith("银行", 0, m.end) else None

    def units(cands) -> None:
        for m in cands:
            a, b = simp.rfind("。", 0, m.start) + 1, simp.find("。", m.end) % (len(simp) + 1)
            if any(x.name == m.name and x is not m and a <= x.start < b and unit_end(x) is None for x in mentions):
                continue  # (another unit of the parent in the sentence, 国网湖北电力…国网湖北省电力有限公司, is no parent)
            end = unit_end(m)
            if end and _free([x for x in mentions if x is not m], m.start, end):
                extend(m, end, entities[m.name].type)  # a bank's branch lends as a bank

    units([m for m in mentions if m.name in gaz.records and not m.text.isascii()])

    # 北汽产投, 吉利资本: a company's investment arm is a party of its own
    verb_object = _arm_verb_object()
    for m in list(mentions):
        if m.text.isascii():
            continue
        word = first_at(simp, arms, m.end)
        if word is None or not _free([x for x in mentions if x is not m], m.start, m.end + len(word)):
            continue
        if word == "投资" and simp.startswith(("者", "人", "方"), m.end + 2):
            continue
        after = m.end + len(word)
        if word == "投资" and (
            verb_object.match(simp, after)
            or any(x.start == after + (simp[after : after + 1] == " ") for x in mentions)
        ):
            continue  # 英伟达投资OpenAI 1000亿美元, 腾讯投资5亿元: the verb, not an investment arm
        if gaz.resolve(simp[m.start : m.end + len(word)]) is not None:
            continue
        if pats.suffix_stop.match(simp, after):
            continue  # 腾讯资本开支: a common noun (资本开支), no investment arm
        extend(m, m.end + len(word), "fund")

    # 元大投顾, 野村综合研究所: a known group's research arm speaks for itself (an analyst's firm), not the group
    for m in list(mentions):
        word = None if m.text.isascii() else first_at(simp, research, m.end)
        end = m.end + len(word) if word else 0
        if word and _free([x for x in mentions if x is not m], m.start, end) and gaz.resolve(simp[m.start : end]) is None:
            extend(m, end, "other")

    # QMN (Quanta Manufacturing Nashville): an acronym and its full name
    for am in _ACRONYM.finditer(simp):
        if taken(am.start("abbr"), am.end("abbr")) or taken(am.start("full"), am.end("full")):
            continue
        full = " ".join(am["full"].split())
        if not_a_latin_name(full) or gaz.resolve(full) or gaz.resolve(am["abbr"]):
            continue
        add_mention(full, am.start("full"), am.end("full"), _org_type(full), True)
        add_mention(full, am.start("abbr"), am.end("abbr"), _org_type(full), True)
        for la, lb in spans_of(simp, am["abbr"], lead=True, tail=True):
            if not taken(la, lb):
                add_mention(full, la, lb, _org_type(full), True)

    # registered names, with the short name the article goes on to use
    legal = legal_names(simp)
    # a full name defined with a short name anywhere in the text is that company everywhere (a
    # heading line names it before the body defines 以下简称)
    defined = {simp[ls:le]: " ".join(text[ss:se].split()) for ls, le, ss, se in reversed(legal) if ss is not None}
    ann, head = announcer(simp), header_short(simp)
    if ann and head:  # 证券简称:睿芯微 … 苏州睿芯微电子股份有限公司关于…的公告: one company
        defined.setdefault(simp[ann[0][0] : ann[0][1]], text[head[0] : head[1]])
    kinds_of: list[tuple[int, int]] = []  # a fund's kind said before its name: no name itself
    named_forms = tuple(rules.load("org_patterns.yaml").get("legal_suffixes_named") or ())
    for ls, le, ss, se in legal:
        ls = _past_description(simp, ls, le)  # 本地新能源企业芜湖长岭动力科技有限公司: the name after it
        short = simp[ss:se] if ss is not None else None
        core = _LEGAL_FORM.sub("", simp[ls:le])  # 合肥市建设投资控股(集团)有限公司 -> 合肥市建设投资控股
        known = gaz.resolve(simp[ls:le]) or gaz.resolve(core) or (gaz.resolve(short) if short else None)
        known = known or brand_of_registered(gaz, core)  # 腾讯科技(深圳)有限公司: Tencent's
        if taken(ls, le) and not drop_inside(ls, le):
            continue
        form = next((f for f in named_forms if simp.endswith(f, ls, le)), None) if short is None and known is None else None
        if form and is_generic_name(simp[ls : le - len(form)]):
            continue  # 核心员工专项资产管理计划: the kind of plan, no name
        if known is not None:
            add_mention(known.name, ls, le)
            if ss is not None and not taken(ss, se):
                add_mention(known.name, ss, se)
            continue
        app = _fund_apposition().match(simp, le) if ss is None and simp.endswith("基金", ls, le) else None
        if app and _kind_of_money(app["name"]):  # 引导基金战略投资: a word, no name
            app = None
        if app and not taken(*app.span("name")):  # 消费产业基金禾川资本: the kind of fund, then its name
            kinds_of.append((ls, le))
            add_mention(" ".join(text[app.start("name") : app.end("name")].split()), *app.span("name"), "fund", True)
            continue
        name = " ".join(text[ss:se].split()) if ss is not None else defined.get(simp[ls:le], " ".join(text[ls:le].split()))
        add_mention(name, ls, le, _org_type(simp[ls:le]), True)
        if ss is not None and (not taken(ss, se) or drop_inside(ss, se)):
            add_mention(name, ss, se, _org_type(simp[ls:le]), True)

    # 中文名(English Name) and 中文名(01686)
    for zs, ze, other, os_, oe, is_code in bracket_names(simp, text, bounds, gaz):
        zh_known = next((m for m in mentions if m.start == zs and m.end == ze), None)
        ending = next((m for m in mentions if m.end == ze and zs < m.start and gaz.records.get(m.name)), None)
        if zh_known is None and ending is not None:  # 私有化恒生银行(00011): the known name is the name
            zs, zh_known = ending.start, ending
        if zh_known is None and taken(zs, ze) and not (is_code or not gaz.resolve(other)):
            continue
        if zh_known is None and taken(zs, ze) and not drop_inside(zs, ze):
            continue
        if is_code:
            rec_name = gaz.by_ticker(other)
            if rec_name and not zh_known and len(other) == 4 and not _names_it(gaz, rec_name, simp[zs:ze]):
                # a bare four-digit code is a Hong Kong or a Taiwan listing (1519 is both 極兔 and
                # 華城): it names a known company only when the name before it holds one of its names
                rec_name = None
            if zh_known or rec_name:
                name = zh_known.name if zh_known else rec_name
                if not zh_known:
                    add_mention(name, zs, ze)
                continue
            part = simp[zs:ze]
            if is_generic_name(part):
                continue
            add_mention(" ".join(text[zs:ze].split()), zs, ze, _org_type(part), True, other)
            continue
        en_rec = gaz.resolve(other)
        en_known = next((m for m in mentions if m.start == os_), None)
        if en_rec is None and (
            not_a_latin_name(other)
            or not other[:1].isupper()
            or sum(w[:1].islower() for w in other.split()) > 1
        ):
            continue
        if zh_known and not en_known and not en_rec:
            add_mention(zh_known.name, os_, oe)
        elif en_rec and not zh_known:
            if gaz.is_party(en_rec.name) or en_rec.type == "other":
                add_mention(en_rec.name, zs, ze)
                if not en_known and not taken(os_, oe):
                    add_mention(en_rec.name, os_, oe)
        elif not en_rec and not zh_known and not en_known:
            if is_generic_name(simp[zs:ze]):
                continue
            name = " ".join(other.split())
            add_mention(name, zs, ze, _org_type(name), True)
            add_mention(name, os_, oe, _org_type(name), True)
            _add_head_mentions(simp, text, entities[name], mentions)

    written: dict[str, tuple[str, str]] = {}  # a name as the article writes it (宏勁材料), not its Simplified copy; its kind
    people = _people_names(simp)  # 董事长江柏睿表示: a person a title marks is no name
    for start, end in _quoted_after_kind(simp):  # 设立合资公司“青川智造”: a new company named in quotes
        if (not taken(start, end) or drop_inside(start, end)) and not is_generic_name(simp[start:end]):
            add_mention(" ".join(text[start:end].split()), start, end, "company", True)
    for start, end, name in org_names(simp, mentions, gaz):  # short names by their context
        if name in people:
            continue
        if not taken(start, end) or drop_inside(start, end):  # 平煤隆基: the known 隆基 inside gives way
            if name not in written:  # (every occurrence of a name comes back: its form and kind once)
                written[name] = " ".join(text[start:end].split()), org_kind(name) or _org_type(name)
            shown, kind = written[name]
            add_mention(shown, start, end, kind, True)
    vouches: dict[tuple[str, bool], bool] = {}  # a name is asked about once, not once per mention

    def vouches_for(form: str, discovered: bool) -> bool:
        k = (form, discovered)
        if k not in vouches:
            vouches[k] = anchors(form, discovered)
        return vouches[k]

    parties = [
        m for m in mentions
        if m.name in entities and entities[m.name].type in _SIBLING_TYPES and vouches_for(m.text, entities[m.name].discovered)
    ]
    for start, end in sibling_names(simp, parties, mentions):  # 甲和乙 with 乙 known: 甲 (kg/extract/orgname_siblings.py)
        if not taken(start, end):
            name = " ".join(text[start:end].split())
            add_mention(name, start, end, org_kind(simp[start:end]) or _org_type(name), True)
    # XX股份有限公司关于…的公告: 公司/本公司 is XX (ann, found above)
    owner = next((x for x in mentions if ann and (x.start, x.end) == ann[0]), None)
    for start, end in ann[1] if owner else []:
        if not taken(start, end):
            add_mention(owner.name, start, end)
    shorts: list = []  # 深瞳半导体 after 苏州深瞳半导体有限公司: a mention of the longer name
    for name, etype, start, end in discover(simp, text, mentions, gaz, lambda spans: bounds_set, unit_of, shorts):
        if not _ASCII_ALNUM.match(simp[start]):  # a Latin name keeps its digits (3G资本)
            trimmed = trim_front(simp, start, end)  # 彼时广州证券 -> 广州证券
            if is_generic_short_name(simp[trimmed:end]) or pats.chinese.fullmatch(simp, trimmed, end):
                continue  # 以本集团: what the trim leaves stands for a company, naming none (本集团, 公司);
                # 成为公司|控股子公司: a corporate suffix alone is a word, no name
            start = trimmed
        role = name_rules().role_nouns.search(simp, max(0, start - 5), end)
        if role and role.start() <= start < role.end():  # 一致行动人|青禾港口: the role word's end is no part of it
            if end - role.end() < 3:
                continue  # 转让方|股份: a role and a word
            start = trim_front(simp, role.end(), end)  # 作为借款人|向|宁川银行: nor what opens the rest
        never = name_rules().never_inside
        if never is not None and never.search(simp, start, end):
            continue  # 进一步增强控股: a clause's words, though 控股 ends it
        if simp[start:end] in name_rules().not_names:
            continue  # 发行N股供股股份: the shares of an offering, whatever shape found them
        if any(a < end and start < b for a, b in kinds_of):
            continue
        name = text[start:end]
        canonical = " ".join(name.split())
        ent = None
        for e in entities.values():
            if e.discovered and key(e.name).replace(" ", "") == key(canonical).replace(" ", ""):
                ent = e
        ent = ent or entity_for(canonical, etype, True)
        m = Mention(ent.name, start, end, text[start:end])
        ent.mentions.append(m)
        mentions.append(m)
        _add_head_mentions(simp, text, ent, mentions)
    # 徽商银行芜湖分行: a bank found by its suffix has its branches and regional banks too
    units([m for m in mentions if m.name in entities and entities[m.name].discovered and entities[m.name].type == "bank"])
    named = {key(n): n for n in entities} if shorts else {}
    for owner, start, end in shorts:
        if owner in entities and not taken(start, end) and named.get(key(text[start:end]), owner) == owner:
            # (澄湾数据 is a company of its own once a code bracket named it: not a short form of 澄湾数据中心(葵涌)有限公司)
            m = Mention(owner, start, end, text[start:end])
            entities[owner].mentions.append(m)
            mentions.append(m)
    _other_occurrences(low, text, entities, mentions)
    _short_forms(low, text, entities, mentions)
    _phases(simp, text, entities, mentions)
    hidden_before, hidden = _hidden_marks()
    for e in entities.values():  # 某头部基金, 某国资产业基金, 中东某主权基金: a fund the article does not name
        if e.discovered:
            e.mentions = [m for m in e.mentions if not hidden_before.search(simp, max(0, m.start - 3), m.start) and not hidden.search(simp, m.start, m.end)]
    for name in [n for n, e in entities.items() if not e.mentions]:
        del entities[name]
    for e in entities.values():
        e.mentions.sort(key=attrgetter("start"))
    return sorted(entities.values(), key=lambda e: e.mentions[0].start)


@rules.derived
@rules.loader("org_names.yaml")
def _hidden_marks() -> tuple[re.Pattern, re.Pattern]:
    """(the mark right before a name, the mark in one): org_names.yaml ``hidden_name_mark``
    (某头部基金, 某知名美元基金, 中东某主权基金: the article hides the name); doubled (某某) it is a person's.

    The first ends by ``endpos``: a match starts in the 3 characters before a mention.

    >>> before, opens = _hidden_marks()
    >>> bool(before.search("投资方为某 ")), bool(opens.match("某头部基金")), bool(opens.match("某某"))
    (True, True, False)
    """
    m = re.escape(name_rules().hidden_mark)
    return re.compile(rf"(?<!{m}){m}\s?$"), re.compile(rf"(?<!{m}){m}(?!{m})")


@rules.derived
def _tail_words() -> tuple[tuple[str, ...], ...]:
    """Words of org_patterns.yaml that may follow a known name, the longest first: its legal name's
    tail (``known_name_tails``; `` english_suffixes`` after a space), a branch's (``branch_suffixes``,
    ``place_unit_words``), an investment arm's and a research arm's (``investment_arm_words``, ``research_arm_words``)."""
    d = rules.load("org_patterns.yaml")
    lists = (d.get("known_name_tails", []), [" " + w for w in d.get("english_suffixes", [])])
    lists += (d.get("branch_suffixes", []) + d.get("place_unit_words", []), d.get("investment_arm_words", []))
    return tuple(tuple(sorted(ws, key=len, reverse=True)) for ws in (*lists, d.get("research_arm_words", [])))


@rules.derived
def _arm_verb_object() -> re.Pattern:
    """What follows 投资 when it is the verb, not an investment arm (``investment_arm_verb_object``)."""
    return rules.compile_regex(
        rules.load("org_patterns.yaml").get("investment_arm_verb_object") or "(?!)",
        what="investment_arm_verb_object",
        path="org_patterns.yaml",
    )


@rules.derived
def _bank_units() -> tuple[re.Pattern, re.Pattern, tuple[str, ...], frozenset[str]]:
    """(branch, region, words no branch's place holds, regions) of ``bank_units`` in rules/org_patterns.yaml."""
    d = rules.load("org_patterns.yaml")["bank_units"]
    branch = re.compile(rf"(?P<place>[\u4e00-\u9fff]{{2,{int(d['place_max'])}}}?)(?:{'|'.join(map(re.escape, d['branch_words']))})")
    region = re.compile(r"\s?\((?P<place>[\u4e00-\u9fff]{2,6})\)")
    return branch, region, tuple(d["place_not"]), frozenset(d["regions"])


def bank_unit_end(simp: str, end: int) -> int | None:
    """End of a bank's unit right after the bank's name at *end*: its branch in a place (洛杉矶分行, 芜湖分行)
    or its bank incorporated in a place or region, in brackets ((香港), (亚洲)); None when there is none.

    >>> s = "向甲银行洛杉矶分行借款,乙银行(亚洲)牵头,丙银行境外分行,丁银行(2019)"
    >>> [bank_unit_end(s, s.index(b) + 3) for b in ("甲银行", "乙银行", "丙银行", "丁银行")]
    [9, 19, None, None]
    """
    branch, region, place_not, regions = _bank_units()
    m = region.match(simp, end)
    if m:
        place = m["place"]
        p = place_rules().first.match(place)
        return m.end() if place in regions or (p and p.end() == len(place)) else None
    m = branch.match(simp, end)
    if m and not any(w in m["place"] for w in place_not):
        return m.end()
    return None


def _people_names(simp: str) -> set[str]:
    """The persons a title or an honorific marks in *simp* (kg/extract/people.py): no organisation's names.

    >>> sorted(_people_names("宁川算力董事长江柏睿表示,订单已排到明年;青禾光电董事长赖博群指出,需求升温。"))
    ['江柏睿', '赖博群']
    """
    return {simp[a:b] for a, b in marked_people(simp)}


def _anywhere(offset: int) -> bool:
    return True


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Is [start, end) inside one of the sorted *spans*?"""
    k = bisect.bisect_right(spans, (start, len(spans) and 1 << 60)) - 1
    for a, b in spans[max(0, k - 3) : k + 1]:
        if a <= start and end <= b:
            return True
    return False


def _names_it(gaz, name: str, part: str) -> bool:
    """Does *part* (記憶體廠南亞科) hold one of the names of the known company *name*?"""
    rec = gaz.records.get(name)
    forms = [name, *rec.aliases, *rec.weak_aliases] if rec else [name]
    low = key(part)
    return any(len(f) >= 2 and key(to_simplified(f)) in low for f in forms)


_LATIN_CHAR = re.compile(r"[A-Za-z0-9]")


@rules.derived
@rules.loader("org_names.yaml")
def _head_before_place() -> re.Pattern:
    """A description's last word right before a known place that opens a registered name
    (``description_before_place`` of org_names.yaml; the places of rules/places.yaml)."""
    head = rules.load("org_names.yaml").get("description_before_place") or "(?!)"
    return re.compile(f"(?:{head})(?={place_rules().first.pattern})")


@rules.derived
@rules.loader("org_names.yaml")
def _fund_apposition() -> re.Pattern:
    """The name right after a fund's kind (``fund_apposition`` of org_names.yaml)."""
    return re.compile(rules.load("org_names.yaml").get("fund_apposition") or "(?!)")


def _glued_weak(simp: str, m: Mention, gaz) -> bool:
    """Is *m* a weak alias (an ordinary word, 元禾) with a word no dictionary knows right after it
    (元禾|璞华): the head of another, longer name, not the known company?

    A word the dictionary knows after it (元禾|跟投, 元禾|控股, 台电|输变电) leaves the alias alone.
    """
    rec = gaz.records.get(m.name)
    if rec is None or not rec.weak_aliases or simp[m.start : m.end] not in {to_simplified(w) for w in rec.weak_aliases}:
        return False
    nxt = simp[m.end : m.end + 2]
    free = str(rules.load("org_names.yaml").get("weak_alias_free_after") or "")
    freq = segment.word_frequencies()
    return (
        len(nxt) == 2
        and all("\u4e00" <= c <= "\u9fff" for c in nxt)
        and nxt[0] not in free
        and not any(freq.get(simp[m.end : m.end + k]) for k in (2, 3, 4))
    )


def _kind_of_money(name: str) -> bool:
    """Is *name* a kind of investment (战略投资, 天使投资, 产业资本), not a fund's name?"""
    head = name[:-2]
    return is_generic_name(name) or (name.endswith("投资") and segment.word_frequencies().get(head, 0) >= name_rules().common_freq)


_PROVINCE = re.compile(r"^[\u4e00-\u9fff]{2,3}?(?:省|自治区)(?=[\u4e00-\u9fff]{2})")  # 湖南省国企: the province's firm


def _past_description(simp: str, start: int, end: int) -> int:
    """Start of a registered name once a description of the business before it is dropped
    (另一家储能企业合肥擎峰能源科技有限公司 -> 合肥擎峰能源科技有限公司; orgnames.is_description),
    or a description that ends before the place the registered name opens with
    (视觉检测设备制造商杭州远帆智能科技有限公司 -> 杭州远帆智能科技有限公司), or a province's firm of a kind
    (湖南省国企湘江国际控股集团有限公司 -> 湘江国际控股集团有限公司).

    >>> s = "视觉检测设备制造商杭州远帆智能科技有限公司"
    >>> s[_past_description(s, 0, len(s)):]
    '杭州远帆智能科技有限公司'

    A glossary line's word (释义: 收购人:指甲有限公司) is no part of the name either:

    >>> s = "收购人:指宁川产业投资集团有限公司"
    >>> s[_past_description(s, 4, len(s)):]
    '宁川产业投资集团有限公司'
    """
    best = start
    marks = foreign_marks()
    mark = next((w for w in marks if simp.startswith(w, start) and end - start - len(w) >= 4), None) if simp.startswith(marks, start) else None
    if mark:  # 日商东京威力科创股份有限公司: a foreign company's mark
        best = start = start + len(mark)
    if start and simp[start - 1] == ":":  # a glossary line (释义): 收购人:指甲有限公司
        for mark in role_rules().glossary_marks:
            if simp.startswith(mark, start) and end - start - len(mark) >= 6:
                best = start + len(mark)
    for m in _head_before_place().finditer(simp, start, end):
        if end - m.end() >= 6 and m.start() - start >= 1:
            best = max(best, m.end())
    for head in description_heads() if any_of(description_heads()).search(simp, start, end) else ():
        i = simp.find(head, start, end)
        while i >= 0:
            k = i + len(head)
            rest = _LEGAL_FORM.sub("", simp[k:end])  # (湖南省新兴产业发展基金|合伙企业(有限合伙): what is left must be a name)
            described = is_description(_PROVINCE.sub("", simp[start:k], count=1))
            if end - k >= 6 and k > best and described and rest and not _only_generic(rest, org_patterns().generic):
                best = k
            i = simp.find(head, k, end)
    return best


def _free(mentions, start, end) -> bool:
    for m in mentions:  # (a loop, not any() over a generator: asked for every occurrence)
        if m.start < end and start < m.end:
            return False
    return True


def _other_occurrences(low, text, entities, mentions):
    """A discovered Chinese name found once (新世界发展(00017), 羅姆（ROHM）) is the same company elsewhere in the text."""
    for e in list(entities.values()):
        if not e.discovered:
            continue
        # (a two-character form counts when the article glosses it with a Latin name: 羅姆（ROHM）)
        shortest = 2 if e.name.isascii() else 3
        forms = {key(m.text) for m in e.mentions if not m.text.isascii() and len(m.text) >= shortest}
        for form in sorted(forms, key=lambda f: (-len(f), f)):  # an explicit order: longest first
            for ma, mb in spans_of(low, form):
                inner = [x for x in mentions if x.start < mb and ma < x.end]  # (what _free tests)
                free = not inner
                if inner and all(
                    ma <= x.start
                    and x.end <= mb
                    and x.name != e.name
                    and ((x.end - x.start) < len(form) or _same_name_alone(x, entities))
                    for x in inner
                ):
                    for x in inner:  # 蔚来中国 (a discovered subsidiary) over 蔚来 (NIO)
                        mentions.remove(x)
                        owner = entities.get(x.name)
                        if owner and x in owner.mentions:
                            owner.mentions.remove(x)
                    free = True  # every mention across the span is gone
                if free:
                    m = Mention(e.name, ma, mb, text[ma:mb])
                    e.mentions.append(m)
                    mentions.append(m)


def _same_name_alone(x, entities) -> bool:
    """Is mention *x* a discovered company named by nothing but this text (蓝杉云 beside the company a
    bracket names 蓝杉云（BlueFir Cloud）), so another company holding the text takes it over?"""
    owner = entities.get(x.name)
    return owner is not None and owner.discovered and key(owner.name) == key(x.text)


def _short_forms(low, text, entities, mentions):
    """联想集团 is later just 联想: a name minus its corporate suffix, in the same article."""
    d = rules.load("org_patterns.yaml")
    suffixes = tuple(key(x) for x in d.get("short_form_suffixes", []))
    legal = tuple(key(x) for x in rules.load("org_names.yaml").get("abbreviation_legal_endings") or ())
    covered: set[int] | None = None
    for e in list(entities.values()):
        shorts = set()
        bare = set()  # the name without its legal form only (甲医药集团 of 甲医药集团有限公司, not 甲 of 甲集团)
        for m in e.mentions:
            k = key(m.text)
            if not k.endswith(suffixes) or k.isascii():
                continue  # (most mentions end in no suffix)
            for suf in suffixes:
                if k.endswith(suf) and len(k) - len(suf) >= 2 and not k.isascii():
                    shorts.add(k[: -len(suf)])
                    if suf in legal:
                        bare.add(k[: -len(suf)])
        for short in sorted(shorts, key=lambda f: (-len(f), f)):  # 同方股份 before 同方, whatever the hash seed
            if _only_generic(short, org_patterns().generic):
                continue  # a common word is fine here: 联想 right after 联想集团 is Lenovo
            for ma, mb in spans_of(low, short):
                if covered is None:  # mentions only grow here: keep their characters in a set
                    covered = {i for x in mentions for i in range(x.start, x.end)}
                if covered.isdisjoint(range(ma, mb)):
                    m = Mention(e.name, ma, mb, text[ma:mb])
                    e.mentions.append(m)
                    mentions.append(m)
                    covered.update(range(m.start, m.end))
                    continue
                x = next((x for x in mentions if (x.start, x.end) == (ma, mb) and x.name != e.name), None)
                if x is not None and short in bare and e.discovered and _same_name_alone(x, entities):
                    entities[x.name].mentions.remove(x)  # 甲医药集团 in a headline before 甲医药集团有限公司: one company
                    x.name = e.name
                    e.mentions.append(x)


_PHASE = re.compile(r"[一二三四五六七八九]期")


def _phases(simp, text, entities, mentions):
    """大基金三期 is a fund of its own, not 大基金 (phase I)."""
    for m in list(mentions):
        p = _PHASE.match(simp, m.end)
        if not p or not _free([x for x in mentions if x is not m], m.start, p.end()):
            continue
        base = entities.get(m.name)
        name = f"{m.name} {simp[m.end : p.end()]}"
        ent = entities.get(name) or Entity(name=name, type=base.type if base else "fund", discovered=True)
        entities[name] = ent
        if base and m in base.mentions:
            base.mentions.remove(m)
        mentions.remove(m)
        nm = Mention(name, m.start, p.end(), text[m.start : p.end()])
        ent.mentions.append(nm)
        mentions.append(nm)



def _add_head_mentions(simp: str, text: str, ent: Entity, mentions: list[Mention]) -> None:
    """'Magnetar Capital' is later just 'Magnetar': find the head word alone too."""
    words = ent.name.split()
    if len(words) < 2 or not ent.name.isascii():
        return
    head = " ".join(words[:-1])
    if len(head) < 4:
        return
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for a, b in spans_of(simp, head, lead=True, tail=True):
        if any(i in taken for i in range(a, b)):
            continue
        mm = Mention(ent.name, a, b, text[a:b])
        ent.mentions.append(mm)
        mentions.append(mm)


@rules.derived
def _quoted_after_kind_re():
    words = rules.load("org_patterns.yaml").get("quoted_name_after") or []
    if not words:
        return None
    return re.compile(rf"(?:{alternation(words)})\s?[“\"「『]\s?(?P<name>[\u4e00-\u9fffA-Za-z0-9·&]{{2,16}})\s?[”\"」』]")


def _quoted_after_kind(simp: str) -> list[tuple[int, int]]:
    """Spans of names in quotes right after a kind of new company (``quoted_name_after`` of
    org_patterns.yaml: 设立合资公司“青川智造”).

    >>> s = "双方拟共同设立合资公司“青川智造”,注册资本3亿元"
    >>> [s[a:b] for a, b in _quoted_after_kind(s)]
    ['青川智造']
    """
    pat = _quoted_after_kind_re()
    return [m.span("name") for m in pat.finditer(simp)] if pat is not None else []
