"""Names the gazetteer does not know, found by their shape: legal names, names in brackets, Latin
names, products and their owners, the subjects of funding rounds, members of lists."""

from __future__ import annotations

import bisect
import re

from .. import rules
from .gazetteer import Gazetteer
from .mentions import _CJK, Mention, _latin_ok, key
from .org_rules import _only_generic, k_is_product, org_patterns

# ------------------------------------------------------------ names in brackets


@rules.derived
@rules.loader("org_patterns.yaml")
def _bracket_data():
    d = rules.load("org_patterns.yaml")
    import jieba

    return {
        "max": int(d["max_name_chars"]),
        "desc": tuple(d["descriptor_endings"]),
        "countries": sorted(d["leading_countries"], key=len, reverse=True),
        "titles": tuple(d["person_titles"]),
        "code": re.compile(d["stock_code_pattern"]),
        "freq": int(d["generic_word_freq"]),
        "FREQ": jieba.dt.FREQ,
        "latin_stop": set(d["latin_not_names"]),
        "latin_generic": set(d["latin_generic_words"]),
        "given_names": set(d.get("latin_given_names", [])),
        "count_start": re.compile(d.get("name_count_start", "(?!)")),
    }


def not_a_latin_name(name: str) -> bool:
    """Acronyms and concepts (EBITDA, AIaaS, PS) and generic words are not organisation names."""
    bd = _bracket_data()
    words = re.split(r"[ &.\-]+", name.strip())
    words = [w for w in words if w]
    return (
        not words
        or any(w in bd["latin_stop"] for w in words)
        or all(w in bd["latin_generic"] for w in words)
        or k_is_product(name)
    )


_PLACE_BEFORE = ("州", "市", "省", "县", "镇", "区", "位于", "在", "于", "城")
_EN_IN_BRACKETS = re.compile(r"\(\s?(?P<en>[A-Za-z][A-Za-z0-9&.,' \-]{1,40}?)\s?\)")


@rules.derived
def _legal_pattern():
    d = rules.load("org_patterns.yaml")
    suffixes = "|".join(
        re.escape(x).replace("\\(", "\\(").replace("\\)", "\\)")
        for x in sorted(d["legal_suffixes"], key=len, reverse=True)
    )
    markers = "|".join(re.escape(x) for x in sorted(d["short_name_markers"], key=len, reverse=True))
    breakers = sorted(d["legal_name_breakers"], key=len, reverse=True)
    pat = re.compile(
        rf"(?P<run>[\u4e00-\u9fff]{{2,28}}(?:\([\u4e00-\u9fff]{{2,4}}\)[\u4e00-\u9fff]{{0,12}})?)"
        rf"(?P<suffix>{suffixes})"
        rf"(?:\s?\(\s?(?:{markers})\s?[\"“”「『]?(?P<short>[^\"“”「」『』()]{{2,16}})[\"“”」』]?\s?\))?"
    )
    return pat, re.compile("|".join(re.escape(b) for b in breakers))


def legal_names(simp: str) -> list[tuple[int, int, int | None, int | None]]:
    """Registered company names (…有限公司), with their declared short name: ``(start, end, s_start, s_end)``.

    >>> s = "据悉,安徽省高新技术产业投资有限公司(下称“安徽高新投”)将增资"
    >>> [(s[a:b], s[c:d]) for a, b, c, d in legal_names(s)]
    [('安徽省高新技术产业投资有限公司', '安徽高新投')]
    """
    pat, breakers = _legal_pattern()
    out = []
    for m in pat.finditer(simp):
        start = m.start("run")
        cut = 0
        for b in breakers.finditer(simp, start, m.end("run")):
            if b.end() < m.end("run") - 1:  # 产业投资有限公司: a word of the name, not a verb before it
                cut = b.end()
        if cut:
            start = cut
        if m.end("run") - start < 2:
            continue
        ss, se = (m.start("short"), m.end("short")) if m["short"] else (None, None)
        out.append((start, m.end("suffix"), ss, se))
    return out


def name_before(simp: str, pos: int, bounds: list[int]) -> int | None:
    """Start of the Chinese name that ends at *pos* (walking back over tokens), or None."""
    bd = _bracket_data()
    pats = org_patterns()
    k = bisect.bisect_left(bounds, pos)
    start = pos
    while k > 0:
        b = bounds[k - 1]
        tok = simp[b:start]
        if not tok or not all(_CJK.match(c) or c == "·" for c in tok):
            break
        if pats.breakers.fullmatch(tok) or (b > 0 and simp[b - 1].isdigit()):
            break  # a function word, or the unit of a number (131亿港元)
        if start < pos and tok.endswith(bd["desc"]):
            break
        if pos - b > bd["max"]:
            break
        start = b
        k -= 1
    while pos - start > 2 and pats.breakers.fullmatch(simp[start]):
        start += 1  # jieba glued a function word on: 向德弘 -> 德弘
    part = simp[start:pos]
    for c in bd["countries"]:
        if part.startswith(c) and len(part) - len(c) >= 2:
            start += len(c)
            break
    return start if pos - start >= 2 else None


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
    return bd["FREQ"].get(part, 0) >= bd["freq"]


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
        if simp[max(0, m.start() - 2) : m.start()].endswith(_PLACE_BEFORE):
            continue  # 新泽西州Vineland, 位于Abilene: a place
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
    pat = re.compile(r"(?<![\u4e00-\u9fffA-Za-z0-9·])" + d["round_subject_pattern"])
    desc = sorted(d.get("round_subject_descriptors", []), key=len, reverse=True)
    return pat, desc


_TRAILING_FUNCTION = "则也亦还又将已即便就均都"


def round_subjects(simp: str, taken: set[int]) -> list[tuple[int, int]]:
    """Unknown companies that complete a funding round: ``银河通用完成11亿元融资`` -> 银河通用.

    >>> round_subjects("具身智能公司银河通用完成11亿元融资,宁德时代领投。", set())
    [(6, 10)]
    """
    pat, desc = _round_data()
    out = []
    for m in pat.finditer(simp):
        start, end = m.span("name")
        part = simp[start:end]
        cut = max((part.rfind(w) + len(w) for w in desc if w in part), default=0)
        start += cut
        while end - start > 2 and simp[end - 1] in _TRAILING_FUNCTION:
            end -= 1  # 剂泰医药则完成...: the conjunction is not part of the name
        part = simp[start:end]
        if len(part) < 2 or any(i in taken for i in range(start, end)):
            continue
        if part in desc or is_generic_name(part) or any(c.isdigit() for c in part):
            continue
        out.append((start, end))
    return out


_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9&·]{2,14}"
_LIST = re.compile(rf"{_LIST_ITEM}(?:、{_LIST_ITEM})+(?:(?:和|及|与|以及){_LIST_ITEM})?")
_LIST_TAIL = re.compile(
    r"(?:等|共同|联合|分别|均|也|亦|继续|相继|作为)*(?:领投|跟投|参投|参与|出资|认购|加注|入股)$"
)


_PAIR = re.compile(rf"(?P<a>{_LIST_ITEM})(?:与|和|及)(?P<b>{_LIST_ITEM}?)(?=共同|联合|分别)")


def list_members(simp: str, mentions: list) -> list[tuple[int, int]]:
    """Unknown names listed with known ones: ``国科投资、北汽产投、建信投资跟投`` -> the unknown items.

    An item between two list separators is a name of the same kind as its neighbours when at
    least one other item of the list is a known organisation.
    """
    spans = {(m.start, m.end) for m in mentions}
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    out = []
    for lm in _LIST.finditer(simp):
        items, pos = [], lm.start()
        for part in re.split(r"(、|和|及|与|以及)", lm.group()):
            if part in ("、", "和", "及", "与", "以及"):
                pos += len(part)
                continue
            items.append((pos, pos + len(part)))
            pos += len(part)
        known = [it for it in items if it in spans]
        if not known:
            continue
        for k, (a, b) in enumerate(items):
            if (a, b) in spans or any(i in covered for i in range(a, b)):
                continue
            if k == 0 and a > 0 and simp[a - 1] not in ",:;。 \n(":
                continue  # the first item may hold words before the list, unless a clause starts there
            if k == len(items) - 1:
                cut = _LIST_TAIL.search(simp, a, b)
                b = cut.start() if cut else b
            part = simp[a:b]
            if len(part) < 2 or any(c.isdigit() for c in part) or is_generic_name(part):
                continue
            out.append((a, b))
    for pm in _PAIR.finditer(simp):  # 阿里云与国科投资共同领投: a pair, one of them known
        a_span, b_span = pm.span("a"), pm.span("b")
        if a_span[1] in {e for _, e in spans} and b_span not in spans:
            a, b = b_span
            part = simp[a:b]
            if len(part) >= 2 and not any(i in covered for i in range(a, b)) and not is_generic_name(part):
                out.append((a, b))
    return out
