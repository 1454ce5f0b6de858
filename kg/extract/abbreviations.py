"""Short names that abbreviate a legal name of the same article, with no 简称 said; and names
with a headline's words glued before them.

News names a company in full once and by a short form after (江苏远帆产业发展集团有限公司 ...
远帆产业), often without ``（以下简称“…”）``. :func:`merge_abbreviations` makes such a short name
and the legal name one entity. The short form keeps the legal name's brand: its first two
characters open the legal name, or follow a place there (江苏, 宁波梅山保税港区), and its other
characters come in order after them, skipping only common words (恒毅投资 in 宁川梅山恒毅股权投资合伙企业;
宁川科技 is not 宁川华泰科技有限公司). A branch is not its
parent, and a group's name is not its listed company's short name (青禾实业 and 广州青禾实业集团有限公司
are two parties of many a share transfer). The legal endings, branch and group words are rule data
(``abbreviation_legal_endings``, ``abbreviation_not_branch``, ``abbreviation_group_words`` in
``rules/org_names.yaml``).

>>> from kg.extract.mentions import Entity, Mention
>>> s = "江苏远帆产业发展有限公司受让股份,远帆产业将成为第二大股东。"
>>> long = Entity("江苏远帆产业发展有限公司", "company", discovered=True,
...               mentions=[Mention("江苏远帆产业发展有限公司", 0, 12, s[0:12])])
>>> short = Entity("远帆产业", "company", discovered=True, mentions=[Mention("远帆产业", 17, 21, s[17:21])])
>>> [(e.name, [m.text for m in e.mentions]) for e in merge_abbreviations([long, short], s)]
[('江苏远帆产业发展有限公司', ['江苏远帆产业发展有限公司', '远帆产业'])]

A brand before a place in brackets of a legal name that another short name stands for is its parent, not it:

>>> s = "远帆储能公告,远帆储能(江苏)有限公司(下称“江苏远帆”)签订合同。"
>>> parent = Entity("远帆储能", "company", discovered=True, mentions=[Mention("远帆储能", 0, 4, s[0:4])])
>>> unit = Entity("江苏远帆", "company", discovered=True, mentions=[Mention("江苏远帆", 7, 19, s[7:19])])
>>> sorted(e.name for e in merge_abbreviations([parent, unit], s))
['江苏远帆', '远帆储能']
>>> abbreviates("恒毅投资", "宁川梅山保税港区恒毅股权投资合伙企业")
True
>>> abbreviates("远帆银行", "江苏远帆产业发展有限公司"), abbreviates("远帆科技", "远帆产业发展有限公司")
(False, False)
>>> abbreviates("远帆集团", "远帆产业发展集团有限公司"), abbreviates("远帆产业", "远帆产业发展集团有限公司")
(True, False)
>>> abbreviates("招商银行", "招商银行股份有限公司苏州分行"), abbreviates("浙江旅游", "浙江千岛花谷旅游股份有限公司")
(False, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import rules
from . import segment
from .mentions import Entity, Mention
from .names import is_generic_name
from .orgname_rules import name_rules, per_rules
from .places import is_place

_CJK_NAME = re.compile(r"[\u4e00-\u9fff]{3,6}")


@dataclass(frozen=True)
class AbbreviationRules:
    endings: tuple[str, ...]
    branches: tuple[str, ...]
    groups: tuple[str, ...]
    kept: tuple[str, ...] = ()


@rules.derived
@rules.loader("org_names.yaml")
def abbreviation_rules() -> AbbreviationRules:
    d = rules.load("org_names.yaml")
    endings = tuple(sorted(d.get("abbreviation_legal_endings") or (), key=len, reverse=True))
    return AbbreviationRules(
        endings,
        tuple(d.get("abbreviation_not_branch") or ()),
        tuple(d.get("abbreviation_group_words") or ()),
        tuple(d.get("abbreviation_kept_endings") or ()),
    )


@per_rules(1024)
def legal_core(legal: str) -> str | None:
    """The legal name without its ending, or None when it has no legal ending or names a branch.

    A fund's kind word (``abbreviation_kept_endings``) stays: its short form keeps it too.
    (Remembered per rule set: the short-name and brand rules ask about the same few legal
    names of an article again and again, 7,239 times for 1,300 names over corpora/.)

    >>> legal_core("宁川远帆新材料股份有限公司"), legal_core("宁川市国有产业投资基金"), legal_core("远帆新材")
    ('宁川远帆新材料', '宁川市国有产业投资基金', None)
    """
    r = abbreviation_rules()
    end = None
    for e in r.endings:  # (a loop: asked for every legal name)
        if legal.endswith(e):
            end = e
            break
    if end is None and legal.endswith(r.kept) and len(legal) >= 8 and name_rules().place_marks.search(legal[2:4]):
        # (a local fund named after its place; a short form is shorter: 宁川产业基金)
        end = ""
    if end is None or any(map(legal.__contains__, r.branches)):
        return None
    if not end:
        return re.sub(r"\([^()]*\)", "", legal)
    return re.sub(r"\([^()]*\)", "", legal[: -len(end)])


def _place_prefix(prefix: str) -> bool:
    """Is *prefix* nothing, or a place (江苏, 宁波梅山保税港区) that opens a legal name?"""
    return not prefix or is_place(prefix) or bool(name_rules().place_marks.fullmatch(prefix[-1:])) and len(prefix) >= 2


def abbreviates(short: str, legal: str) -> bool:
    """Is *short* (three to six Chinese characters, not a place) a short form of *legal*?"""
    return _abbreviates_core(short, legal_core(legal))


def _abbreviates_core(short: str, core: str | None) -> bool:
    if core is None or not _CJK_NAME.fullmatch(short) or is_place(short):
        return False
    if any(g in core and g not in short for g in abbreviation_rules().groups):
        return False  # 青禾实业 and 广州青禾实业集团有限公司: a listed company and its parent
    if any(is_place(short[:k]) for k in (2, 3)):
        if core.startswith(short) or any(core.startswith(short, k) for k in range(2, 6) if is_place(core[:k])):
            return True
        # a fund's 宁川产业基金 of 宁川市国有产业投资基金: the place, then the rest in order skipping common words
        k = next((k for k in (3, 2) if is_place(short[:k]) and core.startswith(short[:k])), 0)
        mark = name_rules().place_marks
        j = k + 1 if k and mark.fullmatch(core[k : k + 1]) else k
        kept = abbreviation_rules().kept
        return bool(k) and core.endswith(kept) and short.endswith(kept) and _in_order(short[k:], core[j:])
    p = core.find(short[:2])
    while p >= 0:
        if _place_prefix(core[:p]) and _in_order(short[2:], core[p + 2 :]):
            return True
        p = core.find(short[:2], p + 1)
    return False


def _brand(core: str) -> str:
    """The first two characters of *core* after the place it opens with.

    >>> _brand("宁川市国有产业投资基金"), _brand("宁川市城投集团"), _brand("骏泓医疗集团")
    ('国有', '城投', '骏泓')
    """
    marks = name_rules().place_marks
    for k in (3, 2):
        # a known place of three or two characters, or two characters and a place mark (宁川市)
        if is_place(core[:k]) or (k == 3 and marks.fullmatch(core[2:3])):
            j = k + 1 if marks.fullmatch(core[k : k + 1]) else k
            return core[j : j + 2]
    return core[:2]


def _place_only(core: str, short: str) -> bool:
    """Is *short* the legal name's *core* without the place it opens with (无锡|甲半导体), perhaps
    without common words after it too (无锡|甲精工|科技)?

    >>> _place_only("无锡远帆半导体", "远帆半导体"), _place_only("无锡远帆企业管理", "远帆半导体")
    (True, False)
    >>> _place_only("无锡远帆精工科技", "远帆精工"), _place_only("无锡远帆精工华泰", "远帆精工")
    (True, False)
    """
    i = core.find(short)
    if i <= 0 or not _place_prefix(core[:i]):
        return False
    return i + len(short) == len(core) or common_words(core[i + len(short) :])


def _in_order(rest: str, tail: str) -> bool:
    """Do the characters of *rest* come in order in *tail*, skipping only common words?

    A short form drops the common words of a legal name (恒毅投资: 恒毅股权投资, 股权 dropped), not a
    second brand (宁川科技 is not 宁川华泰科技: 华泰 is a name, rare or no word at all).
    """
    i = 0
    for c in rest:
        j = tail.find(c, i)
        if j < 0 or not common_words(tail[i:j]):
            return False
        i = j + 1
    return True


def common_words(text: str) -> bool:
    """Is every jieba word of *text* a common one (``rare_word_freq`` or more), none a name kg
    taught jieba? (An empty text is.) What a short form may drop, and what may be glued to a name."""
    freq, taught, rare = segment.word_frequencies(), segment.taught_words(), name_rules().rare_freq
    words = (text[a:b] for a, b in segment.tokens(text))
    return all(w not in taught and freq.get(w, 0) >= rare for w in words)


def merge_abbreviations(entities: list[Entity], simp: str) -> list[Entity]:
    """*entities* with each discovered short name merged into the one legal name it abbreviates.

    Both must be discovered names: a known (gazetteer) company's short form before a legal name
    it does not know is a parent before its subsidiary (华虹半导体 ... 华虹半导体制造(无锡)有限公司).
    A short name whose brand opens two legal names of the article (a group and its subsidiary)
    stays apart.
    """
    legal: dict[str, str] = {}  # entity name -> the core of its legal name
    bracketed: dict[str, str] = {}  # a term in the bracket right after a legal name -> that entity
    regional: dict[str, str] = {}  # a brand before a place in brackets -> the legal name it opens, when that
    # legal name is defined by another short name (甲(江苏)有限公司(下称“江苏甲”): 甲 alone is the parent)
    units: dict[str, str] = {}  # a legal name with a place in brackets after its brand -> the brand
    for e in entities:
        for m in e.mentions if e.discovered else ():
            core = legal_core(simp[m.start : m.end])
            if core is not None:
                legal.setdefault(e.name, core)
                place = _PLACE_AFTER_BRAND.match(simp, m.start, m.end)
                defined = legal_core(e.name) is None and len(e.name) < m.end - m.start - 3  # named by its short
                if place and defined and e.name != place["brand"]:
                    regional.setdefault(place["brand"], e.name)
                if place:
                    units.setdefault(e.name, place["brand"])
                b = _BRACKET_TERM.match(simp, m.end)
                if b:
                    bracketed.setdefault(b.group(1), e.name)
    if not legal:
        return entities
    rules_ = abbreviation_rules()
    group_forms = {simp[m.start : m.end] for x in entities for m in x.mentions if x.name not in legal}
    gone: set[str] = set()
    for e in entities:
        if not e.discovered or e.name in legal or e.name in gone or not e.mentions:
            continue
        forms = {simp[m.start : m.end] for m in e.mentions}
        said = {bracketed[f] for f in forms if f in bracketed and f[:2] in legal[bracketed[f]]}
        if len(said) == 1 and said.isdisjoint(gone):  # 甲控股有限公司(甲): the bracket defines it, a group or not
            owner = next(x for x in entities if x.name in said)
            merge_into(owner, e)
            gone.add(e.name)
            continue
        kin = {n for n, core in legal.items() if any(f[:2] in core for f in forms)}
        kin -= {regional[f] for f in forms if f in regional}
        if any(_CODE_AFTER.match(simp, m.end) for m in e.mentions) and any(
            brand.startswith(f) for brand in units.values() for f in forms
        ):
            continue  # 甲数据(02738) beside 甲数据中心(葵涌)有限公司: a listed parent, none of its units
        if units and any(f + g in group_forms for f in forms for g in rules_.groups):
            continue  # 甲能源 beside 甲能源控股 and 甲(深圳)新能源有限公司: the group's short name, not its unit's
        exact = {n for n in kin if legal[n] in forms}  # 甲国控 of 甲国控(香港)有限公司 beside 甲国际控股集团有限公司
        if len(kin) != 1 and len(exact) == 1:
            kin = exact
        if len(kin) != 1:
            # 甲医疗 beside 甲医疗集团有限公司 and 甲医疗投资(香港)有限公司: a group's family; but 甲半导体 is
            # 无锡甲半导体有限公司 beside 无锡甲企业管理合伙企业: the whole name but its place
            near = {n for n in kin if any(_place_only(legal[n], f) for f in forms)}
            if len(near) != 1 and len({_brand(legal[n]) for n in kin}) == len(kin):
                # names of different brands (宁川产业基金 beside 宁川市国有产业投资基金 and 宁川市城投集团):
                # the one a form abbreviates; a family's names (甲医疗集团, 甲医疗投资) stay apart
                near = {n for n in kin if any(_abbreviates_core(f, legal[n]) for f in forms)}
            if len(near) != 1:
                continue
            kin = near
        owners = {n for n in kin if n not in gone and any(_abbreviates_core(f, legal[n]) for f in forms)}
        if len(owners) != 1:
            continue
        owner = next(x for x in entities if x.name in owners)
        merge_into(owner, e)
        gone.add(e.name)
    return [e for e in entities if e.name not in gone]


# a stock code in brackets right after a name: 宁川数据(02738), 宁川储能(688712.SH)
_CODE_AFTER = re.compile(r"\s?\(\s?\d{4,6}(?:\.[A-Z]{2})?\s?\)")

# a legal name's brand right before a place in brackets: 宁川储能(江苏)有限公司
_PLACE_AFTER_BRAND = re.compile(r"(?P<brand>[\u4e00-\u9fff]{2,8})\s?\([\u4e00-\u9fff]{2,4}\)")

# a bracket right after a legal name that holds one short term, maybe with a stock code after it:
# 甲控股有限公司(甲), 乙集团有限公司(乙,00786)
_BRACKET_TERM = re.compile(r"\s?\(\s?([\u4e00-\u9fff]{2,8})\s?(?:[,;]\s?\d{4,6}(?:\.[A-Z]{2})?)?\s?\)")


def merge_into(keep: Entity, drop: Entity) -> None:
    """Give every mention of *drop* to *keep* (the caller drops *drop* from its list)."""
    for m in drop.mentions:
        m.name = keep.name
    keep.mentions = sorted(keep.mentions + drop.mentions, key=lambda m: m.start)


def legal_owner(short: str, entities: list[Entity], simp: str) -> Entity | None:
    """The one discovered legal-name entity that *short* abbreviates (:func:`abbreviates`), or None.

    For names found after the entities are linked (a deal frame's party in a headline:
    【远帆新材获战略投资】… 江西远帆新材料股份有限公司…): the short name is that company.

    >>> from kg.extract.mentions import Entity, Mention
    >>> s = "江西远帆新材料股份有限公司"
    >>> e = Entity(s, "company", discovered=True, mentions=[Mention(s, 0, len(s), s)])
    >>> legal_owner("远帆新材", [e], s).name, legal_owner("远帆科技", [e], s)
    ('江西远帆新材料股份有限公司', None)
    """
    kin = []
    for e in entities:
        cores = {legal_core(simp[m.start : m.end]) for m in e.mentions} - {None} if e.discovered else set()
        if any(short[:2] in c for c in cores):
            kin.append((e, cores))
    if len(kin) > 1:
        kin = [(e, cores) for e, cores in kin if any(_place_only(c, short) for c in cores)]
    if len(kin) != 1:
        return None
    e, cores = kin[0]
    return e if any(_abbreviates_core(short, c) for c in cores) else None


def trim_glued_heads(entities: list[Entity], simp: str) -> list[Entity]:
    """Mentions that hold another entity's name after common words, given to that entity.

    A headline run into its body without a stop (…扩大业务规模远帆科技(300999)…), or a noun before
    a name (股权青禾股份), glues words to the front of a name the article names alone elsewhere. When
    every jieba word of the glued head is a common one (at least ``rare_word_freq``, not a name
    kg taught jieba) and the head is no place, the mention is the other entity's, from where its
    name starts. A brand before a name (宁川远帆, 平煤隆基) is rare or no word at all and stays.

    >>> from kg.extract.mentions import Entity, Mention
    >>> s = "青禾股份:拟收购远帆科技股权青禾股份(600999)公告,青禾股份拟收购。"
    >>> a = Entity("青禾股份", "company", mentions=[Mention("青禾股份", 0, 4, s[0:4])])
    >>> i = s.index("股权青禾股份")
    >>> b = Entity("股权青禾股份", "company", discovered=True, mentions=[Mention("股权青禾股份", i, i + 6, s[i : i + 6])])
    >>> [(e.name, [m.text for m in e.mentions]) for e in trim_glued_heads([a, b], s)]
    [('青禾股份', ['青禾股份', '青禾股份'])]
    """
    alone: dict[str, Entity] = {}
    for e in entities:
        for m in e.mentions:
            alone.setdefault(simp[m.start : m.end], e)
    moved = False
    for e in entities:
        if not e.discovered:
            continue
        for m in list(e.mentions):
            t = simp[m.start : m.end]
            if legal_core(t) is not None:
                continue  # a registered name (…有限公司) is whole; its front is judged where it is found
            for k in range(2, len(t) - 2):  # the other name has three characters or more
                owner = alone.get(t[k:])
                if owner is None or owner is e:
                    continue
                head = t[:k]
                first = next(segment.tokens(head))
                if is_place(head[first[0] : first[1]]) or not common_words(head):
                    break
                e.mentions.remove(m)
                m.name, m.start, m.text = owner.name, m.start + k, m.text[k:]
                owner.mentions.append(m)
                owner.mentions.sort(key=lambda x: x.start)
                moved = True
                break
    return [e for e in entities if e.mentions] if moved else entities


def units_in_brackets(entities: list[Entity], simp: str, text: str) -> list[Entity]:
    """*entities* with a short name written with a place in brackets after it (宁海智能(卢森堡), once
    宁海智能(卢森堡)有限公司 is named) given to that unit, the bracket included: not the parent's short name.

    >>> from kg.extract.mentions import Entity, Mention
    >>> s = "远帆智能(卢森堡)有限公司拟收购乙。远帆智能称,丙向远帆智能(卢森堡)提供贷款。"
    >>> parent = Entity("远帆智能", "company", discovered=True, mentions=[Mention("远帆智能", 18, 22, "远帆智能"),
    ...                                                                  Mention("远帆智能", 26, 30, "远帆智能")])
    >>> unit = Entity("远帆智能(卢森堡)有限公司", "company", discovered=True, mentions=[Mention("远帆智能(卢森堡)有限公司", 0, 13, s[:13])])
    >>> [(e.name, [m.text for m in e.mentions]) for e in units_in_brackets([parent, unit], s, s)]
    [('远帆智能', ['远帆智能']), ('远帆智能(卢森堡)有限公司', ['远帆智能(卢森堡)有限公司', '远帆智能(卢森堡)'])]
    """
    units: dict[str, Entity] = {}
    for e in entities:
        for m in e.mentions:
            place = _PLACE_AFTER_BRAND.match(simp, m.start, m.end)
            if place and legal_core(simp[m.start : m.end]) is not None:
                units.setdefault(place.group(), e)
    if not units:
        return entities
    for e in entities:
        for m in list(e.mentions):
            b = _BRACKETED_PLACE.match(simp, m.end)
            unit = units.get(simp[m.start : m.end] + b.group()) if b else None
            if unit is not None and unit is not e:
                e.mentions.remove(m)
                m.name, m.end, m.text = unit.name, b.end(), text[m.start : b.end()]
                unit.mentions = sorted([*unit.mentions, m], key=lambda x: x.start)
    return [e for e in entities if e.mentions]


def latin_name_shorts(entities: list[Entity], simp: str, text: str) -> list[Entity]:
    """*entities* with the Chinese short name a bracket gives right after a company's Latin name
    (Inventec Mexico S.A. de C.V.(英业达墨西哥)) made that company's, there and wherever the article
    uses it, over a shorter known name inside it (英业达, the parent); so is a Latin acronym made of the
    name's letters (Preferred Networks(PFN)). A place, a common word, and a name the gazetteer knows
    whole (Nvidia(辉达)) are left as they are.

    >>> from kg.extract.mentions import Entity, Mention
    >>> s = "子公司Yuanfan Mexico S.A.(远帆墨西哥)接获订单。远帆对远帆墨西哥增资。"
    >>> parent = Entity("Yuanfan", "company", mentions=[Mention("Yuanfan", 23, 25, "远帆"),
    ...     Mention("Yuanfan", 34, 36, "远帆"), Mention("Yuanfan", 37, 39, "远帆")])
    >>> unit = Entity("Yuanfan Mexico S.A.", "company", discovered=True, mentions=[Mention("Yuanfan Mexico S.A.", 3, 22, s[3:22])])
    >>> [(e.name, [m.text for m in e.mentions]) for e in latin_name_shorts([parent, unit], s, s)]
    [('Yuanfan', ['远帆']), ('Yuanfan Mexico S.A.', ['Yuanfan Mexico S.A.', '远帆墨西哥', '远帆墨西哥'])]
    """
    terms: dict[str, Entity] = {}
    for e in entities:
        for m in e.mentions:
            b = _BRACKETED_SHORT.match(simp, m.end) if m.text.isascii() else None
            if b is None:
                continue
            term = b["term"]
            if term.isascii():  # Preferred Networks(PFN): the acronym's letters are the name's, in order
                if _initials_in_order(term, m.text):
                    terms.setdefault(term, e)
            elif e.discovered and not is_place(term) and not is_generic_name(term):
                terms.setdefault(term, e)
    if not terms:
        return entities
    whole = {(m.start, m.end) for e in entities if not e.discovered for m in e.mentions}
    for term, owner in terms.items():
        spans = [(k, k + len(term)) for k in _occurrences(simp, term)]
        if any(sp in whole for sp in spans):
            continue  # the gazetteer knows the name whole: its own company
        for a, b in spans:
            if any(m.start < b and a < m.end and not (a <= m.start and m.end <= b) for e in entities for m in e.mentions):
                continue  # part of a longer name (PFN in 日立PFN数据中心)
            for e in entities:
                e.mentions[:] = [m for m in e.mentions if not (a <= m.start and m.end <= b)]
            owner.mentions.append(Mention(owner.name, a, b, text[a:b]))
        owner.mentions.sort(key=lambda x: x.start)
    return [e for e in entities if e.mentions]


def _occurrences(simp: str, term: str) -> list[int]:
    """Where *term* stands in *simp* (a Latin one as a word of its own)."""
    out, k = [], simp.find(term)
    while k >= 0:
        latin_glued = term.isascii() and (
            simp[k - 1 : k].isascii() and simp[k - 1 : k].isalnum() or simp[k + len(term) : k + len(term) + 1].isascii()
            and simp[k + len(term) : k + len(term) + 1].isalnum()
        )
        if not latin_glued:
            out.append(k)
        k = simp.find(term, k + len(term))
    return out


def _initials_in_order(acronym: str, name: str) -> bool:
    """Does *acronym* open with *name*'s first letter and take its other letters from the name in order
    (PFN of Preferred Networks), the name being longer than a word?"""
    if " " not in name.strip() or acronym[0].lower() != name.strip()[0].lower():
        return False
    rest = iter(name.strip()[1:].lower())
    return all(c in rest for c in acronym[1:].lower())


_BRACKETED_SHORT = re.compile(r"\s?\((?P<term>[\u4e00-\u9fff]{2,8}|[A-Z][A-Z0-9]{1,5})\)")
_BRACKETED_PLACE = re.compile(r"\s?\([\u4e00-\u9fff]{2,4}\)")

