"""Names the gazetteer does not know, found by their shape: legal names, names in brackets, Latin
names, products and their owners, the subjects of funding rounds, members of lists."""

from __future__ import annotations

import bisect
import re

from .. import rules
from ..errors import RuleError
from ..rules.shapes import words
from . import segment
from .breaks import breaks_of
from .gazetteer import Gazetteer
from .literals import alternation, anchor, finditer_near
from .mentions import _CJK, Mention, _latin_ok, key
from .org_rules import _only_generic, k_is_product, org_patterns

# ------------------------------------------------------------ names in brackets


@rules.derived
@rules.loader("org_patterns.yaml")
def _bracket_data():
    d = rules.load("org_patterns.yaml")
    return {
        "max": int(d["max_name_chars"]),
        "desc": tuple(d["descriptor_endings"]),
        "never_first": "".join(d.get("never_first_chars") or []),
        "sector_marks": "".join(d.get("sector_marks") or []),
        "sector_keep": set(d.get("sector_keep") or []),
        "countries": sorted(d["leading_countries"], key=len, reverse=True),
        "titles": tuple(d["person_titles"]),
        "devices": tuple(d.get("gloss_device_nouns") or ()),
        "code": re.compile(d["stock_code_pattern"]),
        # a bracket of labelled fields holding the code (甲(证券简称:乙,证券代码:300999)): the field short names end at
        "code_fields": re.compile(rf"\((?:[^()]{{0,24}}?[,;]\s?)?(?:{d.get('short_name_code_field') or '(?!)'})(?:[,;][^()]{{0,24}})?\)"),
        "freq": int(d["generic_word_freq"]),
        "latin_stop": set(d["latin_not_names"]),
        "latin_forms": set(words(d.get("latin_form_words") or [], what="latin_form_words", path="rules/org_patterns.yaml")),
        "latin_generic": set(d["latin_generic_words"]),
        "given_names": set(d.get("latin_given_names", [])),
        "count_start": re.compile(d.get("name_count_start", "(?!)")),
        "place_before": tuple(words(d.get("latin_place_before"), what="latin_place_before", path="rules/org_patterns.yaml")),
    }


def not_a_latin_name(name: str) -> bool:
    """Acronyms and concepts (EBITDA, AIaaS, PS) and generic words are not organisation names.

    A trust's form may end a name (``latin_form_words``): TCI REIT is one, HBM REIT is not.

    >>> not_a_latin_name("EBITDA"), not_a_latin_name("TCI REIT"), not_a_latin_name("HBM REIT")
    (True, False, True)
    >>> not_a_latin_name("LLC"), not_a_latin_name("Holdings, Inc."), not_a_latin_name("Harbor Compute, LLC")
    (True, True, False)
    """
    bd = _bracket_data()
    words = re.split(r"[ &.,\-]+", name.strip())
    words = [w for w in words if w]
    if len(words) > 1 and words[-1] in bd["latin_forms"] and words[0] not in bd["latin_stop"]:
        words = words[:-1]
    return (
        not words
        or any(w in bd["latin_stop"] for w in words)
        or all(w in bd["latin_generic"] for w in words)
        or k_is_product(name)
    )


# what a clause opens after: no clause starts with a conjunction (:func:`conjunctions`), so there
# 和/与/及 belong to the name (和泰精密)
CLAUSE_OPENERS = ",;:。!?　 \n)】」』"
_EN_IN_BRACKETS = re.compile(r"\(\s?(?P<en>[A-Za-z][A-Za-z0-9&.,' \-]{1,40}?)\s?\)")


@rules.derived
def conjunctions() -> frozenset[str]:
    """The one-character words that join a list's last item (``list_last_joiners`` of
    ``rules/org_names.yaml``: 和, 及, 与); they may also open a name (和泰精密).

    >>> sorted(conjunctions())
    ['与', '及', '和']
    """
    d = rules.load("org_names.yaml")
    return frozenset(w for w in words(d.get("list_last_joiners"), what="list_last_joiners", path="rules/org_names.yaml") if len(w) == 1)


@rules.derived
def _legal_pattern():
    d = rules.load("org_patterns.yaml")
    suffixes = "|".join(
        re.escape(x).replace("\\(", "\\(").replace("\\)", "\\)")
        for x in sorted(d["legal_suffixes"], key=len, reverse=True)
    )
    branches = "|".join(re.escape(x) for x in sorted(d.get("branch_suffixes") or ["(?!)"], key=len, reverse=True))
    markers = "|".join(re.escape(x) for x in sorted(d["short_name_markers"], key=len, reverse=True))
    lead_fields = words(d.get("short_name_lead_fields"), what="short_name_lead_fields", path="rules/org_patterns.yaml")
    lead = alternation(lead_fields) if lead_fields else "(?!)"  # (暂定名,以下简称“乙”)
    joiners = short_name_joiners()
    # one short name: quoted, or a run without a joiner that never opens a name (和/及 may: 和泰精密)
    hard = "".join(re.escape(j) for j in joiners if len(j) == 1 and j not in conjunctions())
    code = d.get("short_name_code_field") or "(?!)"  # (证券简称:乙,证券代码:300999): a field, no short name
    one_short = rf"(?!{code})[\"“”「『]?[^\"“”「」『』(){hard}]{{2,16}}[\"“”」』]?"
    roles = _role_words()  # a role a document defines is never a short name nor a part of a name
    breakers = sorted(set(d["legal_name_breakers"]) | roles, key=len, reverse=True)
    unit_stop = "|".join(re.escape(b) for b in [*breakers, "银行"])
    pat = re.compile(
        # a run never crosses a legal form: 甲(无锡)有限公司向乙股份有限公司 is two names; (有限合伙) is
        # a legal form, no city (甲投资管理中心(有限合伙)持有的乙有限公司: two names)
        rf"(?P<run>{_NO_FORM}{{2,28}}(?:\((?!有限合伙)[\u4e00-\u9fff]{{2,4}}\){_NO_FORM}{{0,12}})?)"
        # (a branch's place after the legal form holds no breaker nor another bank: 甲有限公司|向乙银行丙分行)
        rf"(?P<suffix>(?:{suffixes})(?:(?:(?!{unit_stop})[\u4e00-\u9fff]){{2,8}}?(?:{branches}))?)"
        # (a fund's partnership form after its name, before its short name: 甲产业发展基金(有限合伙)(以下简称“乙”))
        rf"(?:\(有限合伙\)(?=[”」』]?\s?\())?"
        # a short name after a marker, or quoted alone (甲有限公司(「甲」), Hong Kong style), or a Latin
        # abbreviation after a quoted name («甲投资法人»(ABC REIT)), or a bare one (甲数据股份有限公司(甲数据),
        # Taiwan style: kept only when it abbreviates the name, see legal_names)
        rf"(?:[”」』]?\s?\(\s?(?:(?:(?:{lead})[^()]{{0,24}}?[,;]\s?)?(?:{markers})\s?|(?=[\"“「『])|(?=[^()\"“”「」,;]{{2,16}}\s?[,;]\s?{code}\s?\))|(?<=[”」』]\()(?=[A-Z][A-Za-z0-9&. -]{{1,20}}\))|(?=[\u4e00-\u9fff]{{2,8}}\s?\)))(?P<shorts>{one_short}(?:\s?(?:{alternation(joiners)})\s?{one_short}){{0,3}})(?:\s?[,;]\s?{code})?\s?\))?"
    )
    return (
        pat,
        re.compile("|".join(re.escape(b) for b in breakers)),
        frozenset(d.get("generic_short_names") or ()) | roles,
        re.compile(suffixes),  # every match holds a legal form, _LEGAL_REACH at most after its start
        frozenset(d.get("legal_form_common_after") or ()),
        tuple(words(d.get("legal_name_words"), what="legal_name_words", path="rules/org_patterns.yaml")),
    )


def _role_words() -> frozenset[str]:
    """The role words of ``defined_roles`` in ``rules/fields.yaml`` (kg/extract/defined_terms.py)."""
    d = rules.load("fields.yaml").get("defined_roles") or {}
    return frozenset(words(d.get("words"), what="defined_roles.words", path="rules/fields.yaml"))


_LEGAL_REACH = 28 + 1 + 4 + 1 + 12  # the longest run before the legal form: 28, then (2-4 characters) and 12
_NO_FORM = r"(?:(?!有限公司|有限责任公司|合伙企业)[\u4e00-\u9fff])"
# a legal name's run holds Chinese characters and brackets only, from its start up to its legal form
# (the first one after its start: :func:`kg.extract.literals.finditer_near`'s *breaks*)
_LEGAL_BREAKS = re.compile(r"(?s).*[^\u4e00-\u9fff()]")


@rules.derived
def short_name_joiners() -> list[str]:
    """The words that join the terms one bracket defines (``short_name_joiners`` of
    ``rules/org_patterns.yaml``: 以下简称“公司”或“华澜新材”)."""
    d = rules.load("org_patterns.yaml")
    return words(d.get("short_name_joiners"), what="short_name_joiners", path="rules/org_patterns.yaml")


@rules.derived
def same_party_gap() -> tuple[re.Pattern, re.Pattern]:
    """What may stand between two mentions of one party, and the rest of a short name's bracket.

    The gap: spaces and brackets, a word of ``same_party_gap`` (Microsoft的Azure), or an opening
    bracket with a short-name marker (甲有限公司(下称“甲”). The tail: the closing quote, more terms
    joined by ``short_name_joiners`` (或“标的公司”) and the closing bracket.

    >>> gap, tail = same_party_gap()
    >>> [bool(gap.fullmatch(g)) for g in ("的", " (", "(以下简称“", "与")]
    [True, True, True, False]
    >>> tail.match("”或“标的公司”)").end()
    9
    """
    d = rules.load("org_patterns.yaml")
    words_between = words(d.get("same_party_gap") or [], what="same_party_gap", path="rules/org_patterns.yaml")
    markers = words(d.get("short_name_markers") or [], what="short_name_markers", path="rules/org_patterns.yaml")
    gap = re.compile(
        rf"[\s()]*|\s?(?:{alternation(words_between) if words_between else '(?!)'})\s?"
        rf"|\s?\(\s?(?:{alternation(markers)})\s?[\"“「『]?"
    )
    tail = re.compile(
        rf"[\"”」』]?(?:\s?(?:{alternation(short_name_joiners())})\s?[\"“「『][^\"“”「」『』()]{{1,8}}[\"”」』])*\s?\)"
    )
    return gap, tail


@rules.derived
def _short_item() -> re.Pattern:
    """One term of a bracket's definitions: no quote, bracket, joiner or space."""
    joiners = "".join(re.escape(j) for j in short_name_joiners() if len(j) == 1)
    return re.compile(rf"[A-Z][A-Za-z0-9&.-]*(?: [A-Z][A-Za-z0-9&.-]*){{1,3}}|[^\"“”「」『』(){joiners}\s]{{2,16}}")  # TCI REIT


def _first_short(m: re.Match, generic: frozenset) -> tuple[int | None, int | None]:
    """The first defined short name in the bracket that is a name, not a role (公司, 标的公司)."""
    if not m["shorts"]:
        return None, None
    for item in _short_item().finditer(m.string, m.start("shorts"), m.end("shorts")):
        if item.group() not in generic:
            return item.span()
    return None, None


_CLOSERS = ")]】」』”’"
_ALL_HAN = re.compile(r"[\u4e00-\u9fff]+")


def legal_names(simp: str) -> list[tuple[int, int, int | None, int | None]]:
    """Registered company names (…有限公司), with their declared short name: ``(start, end, s_start, s_end)``.

    >>> s = "据悉,安徽省高新技术产业投资有限公司(下称“安徽高新投”)将增资"
    >>> [(s[a:b], s[c:d]) for a, b, c, d in legal_names(s)]
    [('安徽省高新技术产业投资有限公司', '安徽高新投')]

    A bare bracket defines a short name only when it abbreviates the name (Taiwan style):

    >>> s = "宏川精密股份有限公司(宏川)与宏川精密科技有限公司(香港)"
    >>> [(s[a:b], c and s[c:d]) for a, b, c, d in legal_names(s)]
    [('宏川精密股份有限公司', '宏川'), ('宏川精密科技有限公司', None)]
    """
    pat, breakers, generic, forms, common_after, name_words = _legal_pattern()
    out = []
    for m in finditer_near(pat, simp, forms, _LEGAL_REACH, _LEGAL_BREAKS):
        if simp[m.end("run") - 1] in common_after:  # 于开曼群岛注册成立之有限公司: a kind of company, no name
            continue
        start = m.start("run")
        cut = 0
        # (a breaker may start before the run: 甲有限公司和乙有限公司, the run of 乙 starts at 和)
        for b in breakers.finditer(simp, max(0, start - 3), m.end("run")):
            if start < b.end() < m.end("run") - 1 and not (name_words and simp.startswith(name_words, b.start())):
                cut = b.end()  # (产业投资有限公司, 并购投资基金: a word of the name, not a verb before it)
        if cut:
            start = cut
        while simp[start] in _CLOSERS and start < m.end("run") - 2:
            start += 1  # 保荐机构(主承销商)|甲证券股份有限公司: a bracket's end opens no name
        if simp[start] in common_after and m.end("run") - start > 2 and not is_generic_name(simp[start + 1 : m.end("run")]):
            start += 1  # 由甲全资拥有|之|乙投资有限公司: 之 (的) ends the words before the name
        if m.end("run") - start < 2 or simp[start] in common_after:  # (成立)之投资控股公司
            continue
        if simp.endswith("基金", 0, m.end("suffix")) and _only_generic(simp[start : m.end("run")], org_patterns().generic):
            continue  # 省级产业基金, 区级引导基金: a fund's level and field, no name
        ss, se = _first_short(m, generic)
        bare = ss is not None and simp[ss - 1] == "(" and _ALL_HAN.fullmatch(simp, ss, se)
        if bare and not _subsequence(simp[ss:se], simp[start : m.start("suffix")]):
            ss = se = None  # 甲有限公司(香港): a bare bracket that does not abbreviate the name defines nothing
        out.append((start, m.end("suffix"), ss, se))
    return out


def _subsequence(short: str, name: str) -> bool:
    """Are *short*'s characters those of *name*, in order (智云数据 of 台湾智云数据)?"""
    it = iter(name)
    return all(c in it for c in short)


def name_before(simp: str, pos: int, bounds: list[int]) -> int | None:
    """Start of the Chinese name that ends at *pos* (walking back over tokens), or None."""
    bd = _bracket_data()
    pats = org_patterns()
    k = bisect.bisect_left(bounds, pos)
    start = pos
    kept = False  # a conjunction kept as the name's first character
    while k > 0:
        b = bounds[k - 1]
        tok = simp[b:start]
        if not tok or not all(_CJK.match(c) or c == "·" for c in tok):
            break
        if tok in conjunctions() and start < pos and (b == 0 or simp[b - 1] in CLAUSE_OPENERS or simp.endswith(bd["desc"], 0, b)):
            start, kept = b, True  # 工具机厂和泰精密, 。和泰精密: no conjunction follows a descriptor or opens a clause
            break
        if pats.breakers.fullmatch(tok) or (b > 0 and simp[b - 1].isdigit()):
            break  # a function word, or the unit of a number (131亿港元)
        if start < pos and tok.endswith(bd["desc"]):
            break
        if pos - b > bd["max"]:
            break
        start = b
        k -= 1
    while not kept and pos - start > 2:  # jieba glued a function word on: 向德弘 -> 德弘, 委由澜川 -> 澜川
        w = next((k for k in (2, 1) if pos - start - k >= 2 and pats.breakers.fullmatch(simp[start : start + k])), 0)
        if not w:
            break
        start += w
    while pos - start > 3 and simp[start] in bd["never_first"] and not segment.word_frequencies().get(simp[start : start + 2]):
        start += 1  # jieba glued a descriptor's last character on: 半导体厂|联翔 -> 联翔半导体
    part = simp[start:pos]
    cut = _sector_cut(part, bd)
    if cut:  # 环保股金辉环保, 零部件商卓驰科技: a sector and 股/商/厂 describe the name after them
        start += cut
        part = simp[start:pos]
    for c in bd["countries"]:
        if part.startswith(c) and len(part) - len(c) >= 2:
            start += len(c)
            break
    return start if pos - start >= 2 else None


def _sector_cut(part: str, bd: dict) -> int:
    """Where the name starts after a sector word and a descriptor character (环保股|金辉环保), or 0."""
    freq = segment.word_frequencies()
    for i in range(2, len(part) - 2):
        if part[i] in bd["sector_marks"] and part[i : i + 2] not in bd["sector_keep"] and (
            freq.get(part[:i]) or (i >= 4 and freq.get(part[i - 2 : i]))  # 记忆体模组|厂|宜鼎: a sector's last word
        ):
            return i + 1
    return 0


def is_generic_short_name(part: str) -> bool:
    """A word that stands for a company without naming one (``generic_short_names`` of
    ``rules/org_patterns.yaml`` and the role words of ``rules/fields.yaml``).

    >>> is_generic_short_name("本集团"), is_generic_short_name("上海银行")
    (True, False)
    """
    return part in _legal_pattern()[2]


def is_generic_name(part: str) -> bool:
    """A name part made of generic words only (本地, 欧洲, 投资), or a count (十多家), is not a name."""
    bd = _bracket_data()
    d = rules.load("org_patterns.yaml")
    if part[:1] in d["name_bad_first"] or any(c in d["name_count_chars"] for c in part):
        return True
    if bd["count_start"].match(part):
        return True
    if _only_generic(part, org_patterns().generic):
        return True
    return segment.word_frequencies().get(part, 0) >= bd["freq"]


def bracket_names(simp: str, text: str, bounds: list[int], gaz: Gazetteer):
    """``中文名(English Name)`` and ``中文名(01686)`` pairs.

    Yields ``(zh_start, zh_end, en_or_code, en_start, en_end, is_code)``.
    """
    bd = _bracket_data()
    for m in _EN_IN_BRACKETS.finditer(simp):
        if m.start() == 0 or not _CJK.match(simp[m.start() - 1]):
            continue
        zs = name_before(simp, m.start(), bounds)
        if zs is None:
            continue
        before = simp[max(0, zs - 6) : zs]
        if "·" in simp[zs : m.start()] or before.endswith(bd["titles"]):
            continue
        if simp.endswith(bd["devices"], zs, m.start()):
            continue  # 冷却液分配装置(CDU): the bracket glosses a device
        yield zs, m.start(), m["en"].strip(), m.start("en"), m.start("en") + len(m["en"].strip()), False
    for m in bd["code"].finditer(simp):
        if m.start() == 0 or not _CJK.match(simp[m.start() - 1]):
            continue
        code = m["code"]
        if len(code) == 4 and code[:2] in ("19", "20"):
            continue  # a year
        zs = name_before(simp, m.start(), bounds)
        if zs is None:
            continue
        yield zs, m.start(), code, m.start("code"), m.end("code"), True


def code_follows(simp: str, pos: int) -> bool:
    """Does a stock code in brackets follow *pos* (甲(300952), 甲 (0700.HK), 甲(证券简称:乙,证券代码:300999))?
    (``stock_code_pattern``, ``short_name_code_field``)

    >>> code_follows("宁川电子(300999)公告", 4), code_follows("宁川电子(2026年)公告", 4)
    (True, False)
    >>> code_follows("宁川电子股份有限公司(证券简称:宁川电子,证券代码:300999)公告", 10)
    True
    """
    bd = _bracket_data()
    at = pos + (simp[pos : pos + 1] == " ")
    return bool(bd["code"].match(simp, at) or bd["code_fields"].match(simp, at))


def latin_candidates(simp: str, taken: set[int]) -> list[tuple[int, int, str]]:
    """Capitalised Latin names not covered by a known mention (ICONIQ, Fluidstack, Beignet Investor)."""
    bd = _bracket_data()
    pats = org_patterns()
    out = []
    for m in re.finditer(
        r"(?<![A-Za-z0-9À-ɏ])[A-Z][A-Za-z0-9À-ɏ]*(?:(?: |&| & |-|\.)[A-Z0-9][A-Za-z0-9À-ɏ]*){0,3}(?![A-Za-z0-9À-ɏ])",
        simp,  # letters with accents belong to the name (FläktGroup, Nestlé)
    ):
        name = m.group()
        if any(i in taken for i in range(m.start(), m.end())):
            continue
        if simp[max(0, m.start() - 2) : m.start()].endswith(bd["place_before"]):
            continue  # 新泽西州Vineland, 位于Abilene: a place
        if simp[m.start() - 1 : m.start()] == "(" and simp.endswith(bd["devices"], 0, m.start() - 1):
            continue  # 延迟提款定期贷款(DDTL), 液冷机柜(CDU): the bracket glosses a thing, no company
        if name.split()[0] in bd["given_names"] and len(name.split()) >= 2:
            continue  # Nat Friedman: a person
        if simp[max(0, m.start() - 6) : m.start()].rstrip().endswith(bd["titles"]):
            continue  # 执行长Sam Altman
        if not_a_latin_name(name):
            continue
        if len(name) < 4 and not any(c.islower() for c in name) and "&" not in name:
            continue
        if key(name).replace(" ", "") in pats.products or pats.model_name.match(name):
            continue
        if any(c.isdigit() for c in name) and not any(c.islower() for c in name):
            continue
        out.append((m.start(), m.end(), name))
    return out


@rules.derived
def product_owners() -> dict[str, str]:
    """Product key -> maker, for the products that stand in for their maker (``stand_ins``)."""
    p = rules.load("products.yaml")
    stand = {key(x) for x in p.get("stand_ins") or []}
    return {key(k): v for k, v in (p.get("owners") or {}).items() if key(k) in stand}


def product_mentions(simp: str, taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Mentions of products with a known maker, as mentions of the maker (for relation rules only)."""
    owners = product_owners()
    if not owners:
        return []
    out = []
    low = key(simp)
    for k, owner in owners.items():
        rec = gaz.resolve(owner)
        if rec is None:
            continue
        start = 0
        while True:
            i = low.find(k, start)
            if i < 0:
                break
            start = i + 1
            j = i + len(k)
            if not _latin_ok(simp, i, j) or any(x in taken for x in range(i, j)):
                continue
            out.append(Mention(rec.name, i, j, simp[i:j]))
    return out


@rules.derived
def _round_data():
    d = rules.load("org_patterns.yaml")
    pat = re.compile(r"(?<![\u4e00-\u9fffA-Za-z0-9·])(?<![A-Za-z0-9] )" + d["round_subject_pattern"])
    desc = sorted(d.get("round_subject_descriptors", []), key=len, reverse=True)
    near = anchor(pat)  # the words every match holds, and the characters none holds (breaks.py)
    return pat, desc, (*near, breaks_of(pat)) if near else None


@rules.derived
def _round_edges() -> tuple[str, tuple[str, ...]]:
    """The characters a round's company never ends in, and the words right after it that make it
    the round's own name (``round_subject_trailing``, ``round_name_words`` of org_patterns.yaml)."""
    d = rules.load("org_patterns.yaml")
    trailing = d.get("round_subject_trailing") or ""
    if not isinstance(trailing, str):
        raise RuleError(f"round_subject_trailing must be a string of characters, got {trailing!r}", path="rules/org_patterns.yaml")
    return trailing, tuple(words(d.get("round_name_words"), what="round_name_words", path="rules/org_patterns.yaml"))


_LATIN_AFTER_CJK = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z][A-Za-z0-9]*(?: [A-Za-z0-9]+)*$")


def round_subjects(simp: str, taken: set[int]) -> list[tuple[int, int]]:
    """Unknown companies that complete a funding round: ``银河通用完成11亿元融资`` -> 银河通用.

    >>> round_subjects("具身智能公司银河通用完成11亿元融资,宁德时代领投。", set())
    [(6, 10)]
    >>> round_subjects("算力调度平台“青云擎”完成6亿元B轮融资", set())  # a name in quotes
    [(7, 10)]
    >>> s = "新兴算力租赁商Rovan AI完成8亿美元C轮融资"
    >>> [s[a:b] for a, b in round_subjects(s, set())]
    ['Rovan AI']
    >>> s = "宏岳AI完成5亿元A轮融资"  # a generic Latin word ends a Chinese name, it is none alone
    >>> [s[a:b] for a, b in round_subjects(s, set())]
    ['宏岳AI']
    """
    pat, desc, near = _round_data()
    trailing, round_words = _round_edges()
    generic_latin = _bracket_data()["latin_stop"] | _bracket_data()["latin_generic"]  # AI, Tech: no name alone
    out = []  # searched for only near the words every match holds (融资, 投资): kg/extract/literals.py
    for m in finditer_near(pat, simp, *near) if near else pat.finditer(simp):
        start, end = m.span("name")
        part = simp[start:end]
        cut = max((part.rfind(w) + len(w) for w in desc if w in part), default=0)
        latin = _LATIN_AFTER_CJK.search(part, cut)
        if latin and not all(w in generic_latin for w in part[latin.start() :].split()):
            cut = latin.start()  # 算力租赁商Vantor AI: a Latin name after a Chinese description is the name (宏岳AI: not AI)
        start += cut
        while end - start > 2 and simp[end - 1] in trailing:
            end -= 1  # 剂泰医药则完成...: the conjunction is not part of the name
        part = simp[start:end]
        if not 2 <= len(part) <= 16 or any(i in taken for i in range(start, end)):
            continue
        if part in desc or is_generic_name(part) or any(c.isdigit() for c in part):
            continue
        if simp.startswith(round_words, end):
            continue  # 完成数千万元Pre-A轮融资: the round's name, not its company
        out.append((start, end))
    return out
