"""A company the article names by its brand alone after naming it in full.

News names a company once (宏远数据, 江苏澜川科技股份有限公司) and then by its brand only: 宏远表示,
澜川同时向甲采购. :func:`brand_mentions` gives such free occurrences of a discovered company's
brand to that company, so the sentences that speak of it by the brand find their party. The brand
is the first ``brand_chars`` characters of a name of the company (after a place that opens it)
when the rest of the name is common words (数据, 科技股份有限公司) or ends in a name word (算力集团); it must be rare (below
``rare_word_freq`` in jieba's dictionary, so no dictionary word like 中华 or 互助), no place, in no
other name of the article, and each occurrence must be a word of its own (jieba's boundaries at
both ends) not followed by a name word or a noun (宏远资本, 宏远生物 are other companies). Known companies keep their
aliases from the gazetteer and are left alone.

>>> from kg.extract.mentions import Entity, Mention
>>> s = "宏远数据与兆丰银行签约。宏远表示,资金用于园区。"
>>> e = Entity("宏远数据", "company", discovered=True, mentions=[Mention("宏远数据", 0, 4, s[0:4])])
>>> words = lambda a, b: True
>>> [(m.text, m.start) for m in brand_mentions([e], s, s, words)]
[('宏远', 12)]
>>> e.mentions[-1].name
'宏远数据'
"""

from __future__ import annotations

from collections.abc import Callable

from .. import rules
from ..errors import RuleError
from ..rules.shapes import words
from . import segment
from .abbreviations import abbreviation_rules, common_words, legal_core, merge_into
from .mentions import Entity, Mention
from .orgname_rules import name_rules
from .places import is_place
from .postag import tags


@rules.derived
def brand_chars() -> int:
    """``brand_chars`` of rules/org_names.yaml (0: no brand mentions)."""
    n = rules.load("org_names.yaml").get("brand_chars", 0)
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise RuleError(f"brand_chars must be a whole number, got {n!r}", path="rules/org_names.yaml")
    return n


@rules.derived
def _noun_tags() -> frozenset[str]:
    d = rules.load("org_names.yaml")
    return frozenset(words(d.get("brand_not_before_tags") or [], what="brand_not_before_tags", path="rules/org_names.yaml"))


@rules.derived
def _not_in_name_tags() -> frozenset[str]:
    d = rules.load("org_names.yaml")
    return frozenset(words(d.get("short_form_rest_not_tags") or [], what="short_form_rest_not_tags", path="rules/org_names.yaml"))


def _name_like(rest: str) -> bool:
    """Does *rest* (what a longer name adds to a shorter one) hold no verb or function word that
    is no name word (jieba.posseg)?

    >>> _name_like("数码基建"), _name_like("国际控股"), _name_like("终止"), _name_like("引入产业资本")
    (True, True, False, False)
    """
    bad, name_words = _not_in_name_tags(), set(name_rules().name_words)
    return not any(flag in bad and word not in name_words for word, flag in tags(rest))


def stands_alone(clause: str, n: int) -> bool:
    """Is ``clause[:n]`` a word of its own that no noun follows (jieba.posseg)?

    宏远表示 and 宏远同时向 speak of a company; 宏远生物 and 宏远物业服务 name another one.

    >>> stands_alone("宏远表示,", 2), stands_alone("宏远同时向甲采购", 2), stands_alone("宏远生物", 2)
    (True, True, False)
    """
    at = 0
    for word, flag in tags(clause):
        if at == n:
            return flag not in _noun_tags()
        at += len(word)
        if at > n:
            return False
    return at == n


def brand_of(name: str) -> str | None:
    """The brand a company named *name* (Simplified) is called by alone, or None.

    >>> brand_of("宏远数据"), brand_of("江苏澜川科技股份有限公司"), brand_of("云川算力集团"), brand_of("云迈算力")
    ('宏远', '澜川', '云川', '云迈')
    >>> brand_of("中华开发资本"), brand_of("宏远"), brand_of("华为"), brand_of("宏远Cloud")
    (None, None, None, None)
    """
    n = brand_chars()
    if not n or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return None
    name = legal_core(name) or name  # 科技股份有限公司: the legal ending is no word of the brand's rest
    for k in (3, 2):  # a place that opens the name is not its brand (江苏澜川科技)
        if len(name) - k >= n + 2 and is_place(name[:k]):
            name = name[k:]
            break
    brand, rest = name[:n], name[n:]
    if len(rest) < 2 or is_place(brand) or segment.word_frequencies().get(brand, 0) >= name_rules().rare_freq:
        return None
    return brand if common_words(rest) or rest.endswith(name_rules().name_words) else None


def merge_short_forms(entities: list[Entity], simp: str) -> list[Entity]:
    """*entities* with each discovered name that opens one other discovered name merged into it.

    泰港 and 泰港数码 beside 泰港数码基建: one company, named by its brand (:func:`brand_of`) or by
    its opening words. The longer name must have a brand that opens the shorter one, and what the
    shorter one leaves out must be common words or a name word without a group's word (青禾实业 and
    青禾实业集团 are a listed company and its parent). A name that opens two others stays apart.

    >>> from kg.extract.mentions import Entity, Mention
    >>> s = "泰港数码基建宣布贷款。泰港数码表示,泰港将建设园区。"
    >>> ents = [Entity(n, "company", discovered=True, mentions=[Mention(n, s.index(n), s.index(n) + len(n), n)])
    ...         for n in ("泰港数码基建", "泰港数码")] + [Entity("泰港", "company", discovered=True,
    ...         mentions=[Mention("泰港", 18, 20, "泰港")])]
    >>> [(e.name, [m.text for m in e.mentions]) for e in merge_short_forms(ents, s)]
    [('泰港数码基建', ['泰港数码基建', '泰港数码', '泰港'])]
    """
    forms = {e.name: {simp[m.start : m.end] for m in e.mentions} for e in entities if e.discovered}
    groups = abbreviation_rules().groups + tuple(rules.load("org_names.yaml").get("short_form_holding_words") or ())
    name_words = name_rules().name_words
    gone: set[str] = set()
    # (longest first; ties by the text, never by set order: the result must not depend on the hash seed)
    for e in sorted((e for e in entities if e.name in forms), key=lambda e: (-max(map(len, forms[e.name]), default=0), e.name)):
        short = max(sorted(forms[e.name]), key=len, default="")
        owners = [
            o
            for o in entities
            if o.name in forms and o is not e and o.name not in gone
            and any(g.startswith(short) and len(g) > len(short) for g in forms[o.name])
        ]
        if len(owners) != 1:
            continue
        owner = owners[0]
        long = min(sorted(g for g in forms[owner.name] if g.startswith(short) and len(g) > len(short)), key=len)
        brand, rest = brand_of(long), long[len(short) :]
        if not brand or not short.startswith(brand) or any(w in rest for w in groups):
            continue
        if not (common_words(rest) or rest.endswith(name_words) or legal_core(long) is not None) or not _name_like(rest):
            continue  # (楚衡环境终止, 甲精工引入产业资本: a verb glued to the name, no longer name)
        if short == brand and not any(stands_alone(simp[m.start : m.end + 8], len(short)) for m in e.mentions):
            continue  # 中粮旗下 beside 中粮生化: a bare brand only ever before a noun is the parent
        merge_into(owner, e)
        forms[owner.name] |= forms.pop(e.name)
        gone.add(e.name)
    return [e for e in entities if e.name not in gone] if gone else entities


def _shares_brand(brand: str, other: str, own: tuple[str, ...] = ()) -> bool:
    """Does the name *other* hold *brand* as a company of its own would (宏远生物 beside 宏远数据),
    not as the brand's unit in a place (宏远越南有限公司, 宏远(香港)有限公司, 苏州宏远精密有限公司, and
    after one of the company's *own* forms: 宏远数据(越南)有限公司, are its subsidiaries)?

    >>> _shares_brand("宏远", "宏远生物"), _shares_brand("宏远", "宏远越南责任有限公司"), _shares_brand("宏远", "澜川")
    (True, False, False)
    >>> _shares_brand("宏远", "苏州宏远精密有限公司"), _shares_brand("宏远", "宏远数据(越南)有限公司", ("宏远数据",))
    (False, False)
    """
    i = other.find(brand)
    if i < 0:
        return False
    if i and is_place(other[:i]):
        return False  # 苏州|宏远精密: a unit of the brand in a place
    for f in own:
        if other.startswith(f) and any(is_place(other[len(f) :].lstrip("(")[:k]) for k in (2, 3)):
            return False
    after = other[i + len(brand) :].lstrip("(")
    return not any(is_place(after[:k]) for k in (2, 3))


def brand_mentions(
    entities: list[Entity], simp: str, text: str, is_word: Callable[[int, int], bool]
) -> list[Mention]:
    """Add to each discovered entity the free occurrences of its brand (:func:`brand_of`).

    *is_word(start, end)* says whether jieba cuts the article at both ends of that span. Returns
    the new mentions (each also appended to its entity's ``mentions``).
    """
    if not brand_chars():
        return []
    taken = {i for e in entities for m in e.mentions for i in range(m.start, m.end)}
    forms = {e.name: {simp[m.start : m.end] for m in e.mentions} for e in entities}
    name_words = name_rules().name_words
    added: list[Mention] = []
    for e in entities:
        if not e.discovered:
            continue
        brand = next((b for f in sorted(forms[e.name], key=lambda f: (len(f), f)) if (b := brand_of(f))), None)
        own = tuple(forms[e.name])
        if brand is None or any(brand in f and _shares_brand(brand, f, own) for o in entities if o is not e for f in forms[o.name]):
            continue
        start = simp.find(brand)
        while start >= 0:
            end = start + len(brand)
            if (
                not taken.intersection(range(start, end))
                and not simp.startswith(name_words, end)
                and is_word(start, end)
                and stands_alone(simp[start : end + 8], len(brand))
            ):
                m = Mention(e.name, start, end, text[start:end])
                e.mentions.append(m)
                added.append(m)
                taken.update(range(start, end))
            start = simp.find(brand, end)
        e.mentions.sort(key=lambda m: m.start)
    return added
