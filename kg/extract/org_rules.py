"""The organisation patterns of ``rules/org_patterns.yaml`` compiled (:func:`org_patterns`), and what
they say about a name: its type, whether it is only generic words, whether it is a product."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import rules
from .literals import start_chars
from .mentions import key

# ------------------------------------------------------------ discovery


@dataclass
class OrgPatterns:
    english: re.Pattern
    english_stop: set[str]
    chinese: re.Pattern
    breakers: re.Pattern
    suffix_stop: re.Pattern
    place_suffixes: set
    generic: set[str]
    tickers: list[re.Pattern]
    products: set[str]
    model_name: re.Pattern
    variant_words: frozenset[str] = frozenset()  # words a product's name may be followed by (Ultra, NVL72)
    industry: re.Pattern | None = None
    industry_max_freq: int = 50
    industry_bad_first: str = ""
    industry_bad_last: str = ""
    industry_generic: frozenset[str] = frozenset()
    industry_bad_tags: frozenset[str] = frozenset()
    industry_verb_tags: frozenset[str] = frozenset()
    part_bad_last_tags: frozenset[str] = frozenset()  # a suffix's name part never ends in a word of these tags
    part_verb_keep: frozenset[str] = frozenset()  # ... but for these words
    verb_suffixes: frozenset[str] = frozenset()  # ... before these suffixes (控股)
    money_suffixes: frozenset[str] = frozenset()  # suffixes that make a kind of money after a generic word (资本)
    generic_first: dict | None = None  # `generic` by first character (words_by_first)


@rules.derived
@rules.loader("org_patterns.yaml")
def org_patterns() -> OrgPatterns:
    d = rules.load("org_patterns.yaml")
    p = rules.load("products.yaml")
    suffixes = "|".join(re.escape(s) for s in sorted(d["english_suffixes"], key=len, reverse=True))
    word = r"[A-Z][A-Za-z0-9&'\-]*\.?"
    english = start_chars(re.compile(rf"(?<![A-Za-z0-9])((?:{word}\s(?:&\s)?){{0,3}}{word})\s(?:{suffixes})(?![A-Za-z])"))
    cs = "|".join(re.escape(s) for s in sorted(d["chinese_suffixes"], key=len, reverse=True))
    chinese = re.compile(rf"(?:{cs})")
    breakers = re.compile(
        "|".join(re.escape(b) for b in sorted(d["chinese_breakers"], key=len, reverse=True))
    )
    return OrgPatterns(
        english=english,
        english_stop=set(d["english_stopwords"]),
        chinese=chinese,
        place_suffixes=set(d.get("place_suffixes", [])),
        suffix_stop=re.compile("|".join(re.escape(w) for w in d["chinese_suffix_not_before"])),
        breakers=breakers,
        generic=set(d["chinese_generic"]),
        generic_first=words_by_first(d["chinese_generic"]),
        tickers=[re.compile(t) for t in d["ticker_patterns"]],
        products={key(n).replace(" ", "") for n in p["names"]},  # looked up without spaces (Vera Rubin)
        model_name=re.compile(p["model_name_pattern"]),
        variant_words=frozenset(w.lower() for v in p.get("variant_words") or [] for w in v.split()),
        industry=_alternation(d.get("industry_suffixes") or []),
        industry_max_freq=int(d.get("industry_name_max_freq", 50)),
        industry_bad_first="".join(d.get("industry_name_bad_first") or []),
        industry_bad_last="".join(d.get("industry_name_bad_last") or []),
        industry_generic=frozenset(key(w) for w in d.get("industry_name_generic") or []),
        industry_bad_tags=frozenset(d.get("industry_name_bad_tags") or []),
        industry_verb_tags=frozenset(d.get("industry_name_verb_tags") or []),
        part_bad_last_tags=frozenset(d.get("chinese_part_bad_last_tags") or []),
        part_verb_keep=frozenset(d.get("chinese_part_verb_keep") or []),
        verb_suffixes=frozenset(d.get("chinese_verb_suffixes") or []),
        money_suffixes=frozenset(d.get("money_kind_suffixes") or []),
    )


def _alternation(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def words_by_first(words) -> dict[str, tuple[str, ...]]:
    """Words grouped by their first character, longest first (for :func:`only_generic`)."""
    out: dict[str, list[str]] = {}
    for w in sorted((w for w in words if w), key=len, reverse=True):
        out.setdefault(w[0], []).append(w)
    return {c: tuple(v) for c, v in out.items()}


def only_generic(s: str, by_first: dict[str, tuple[str, ...]]) -> bool:
    """True when *s* can be cut entirely into the words of *by_first* (:func:`words_by_first`).

    >>> only_generic("主权基金", words_by_first(["主权", "基金"])), only_generic("德展基金", words_by_first(["基金"]))
    (True, False)
    """
    if not s:
        return True
    return any(only_generic(s[len(g) :], by_first) for g in by_first.get(s[0], ()) if s.startswith(g))


def _only_generic(s: str, generic: set[str]) -> bool:
    """True when *s* can be cut entirely into generic words (:func:`only_generic`).

    >>> _only_generic("主权基金", {"主权", "基金"}), _only_generic("德展基金", org_patterns().generic)
    (True, False)
    """
    pats = org_patterns()
    return only_generic(s, pats.generic_first if generic is pats.generic else words_by_first(generic))


@rules.derived
@rules.loader("org_patterns.yaml")
def _org_type_words() -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """``org_types`` of ``rules/org_patterns.yaml``: (type, words it contains, Latin endings)."""
    out = []
    for kind, words in rules.load("org_patterns.yaml")["org_types"].items():
        out.append((str(kind), tuple(words.get("contains") or ()), tuple(words.get("ends_with") or ())))
    return tuple(out)


def _org_type(name: str) -> str:
    """The type of an organisation by the words of its name (``org_types``), else company.

    >>> _org_type("招商银行"), _org_type("Magnetar Capital"), _org_type("苏州高新区"), _org_type("小米")
    ('bank', 'fund', 'government', 'company')
    """
    low = name.lower()
    for kind, contains, ends in _org_type_words():
        for w in contains:  # (a loop, not any() over a generator: asked for every candidate name)
            if w in name:
                return kind
        if low.endswith(ends):
            return kind
    return "company"


def k_is_product(name: str) -> bool:
    """Is *name* a product, a model or a programme (``rules/products.yaml``), no company?

    A product's name followed only by variant words or model names is that product too.

    >>> k_is_product("Blackwell"), k_is_product("Blackwell Ultra"), k_is_product("GB300 NVL72")
    (True, True, True)
    >>> k_is_product("Blackwell Capital"), k_is_product("Ultra Pro")
    (False, False)
    """
    pats = org_patterns()
    if key(name).replace(" ", "") in pats.products or pats.model_name.match(name):
        return True
    parts = name.split()
    for k in range(len(parts) - 1, 0, -1):  # the longest head that is a product, then its tail
        if key("".join(parts[:k])) in pats.products:
            return all(w.lower() in pats.variant_words or pats.model_name.match(w) for w in parts[k:])
    return False


# ------------------------------------------------------------ a brand's registered names


@rules.derived
def _brand_registered() -> tuple[re.Pattern, re.Pattern]:
    """(business words, a place in brackets) of ``brand_registered_words`` in rules/org_patterns.yaml."""
    words = rules.load("org_patterns.yaml").get("brand_registered_words") or []
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:{alt})+"), re.compile(r"[(（][\u4e00-\u9fff]{2,6}[)）]")


def brand_of_registered(gaz, core: str):
    """The known company whose registered name *core* is (its legal form cut off): a strong alias
    of it, then business words only and perhaps a place in brackets; None otherwise.

    >>> from kg.extract.gazetteer import load_gazetteer
    >>> g = load_gazetteer()
    >>> brand_of_registered(g, "腾讯科技(深圳)").name, brand_of_registered(g, "阿里云计算").name
    ('Tencent', 'Alibaba')
    >>> brand_of_registered(g, "腾讯音乐娱乐科技").name, brand_of_registered(g, "腾讯文旅发展")
    ('Tencent Music Entertainment', None)
    """
    words, place = _brand_registered()
    core = place.sub("", core)
    for k in range(len(core) - 1, 1, -1):
        info = gaz.index.get(key(core[:k]))
        if info is not None and not info.weak and not info.latin:
            return gaz.records[info.name] if words.fullmatch(core, k) else None
    return None
