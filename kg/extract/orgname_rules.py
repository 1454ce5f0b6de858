"""The compiled word lists of ``rules/org_names.yaml`` (:func:`name_rules`) and the per-rule-set
cache the name tests of :mod:`kg.extract.orgnames` use; kept apart so that module stays short."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import rules
from ..errors import RuleError
from ..rules.shapes import expand_lists, named_lists, words
from .anchored import end_anchored
from .literals import alternation as _alt
from .literals import compile_quick, spans_of
from .org_rules import words_by_first as _by_first


def per_rules(maxsize: int):
    """An LRU cache of a one-argument helper that reads the rules, kept apart per rule set."""

    def wrap(fn):
        key = ("per_rules", fn.__module__, fn.__qualname__)

        def build():
            return lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def run(arg):
            rs = rules.active()  # one cache per rule set, kept on it: the look-up hashes *arg* only
            cached = rs._derived.get(key)
            if cached is None:
                cached = rs.derived(key, build)
            return cached(arg)

        run.cache_clear = lambda: rules.active().derived(key, build).cache_clear()
        return run

    return wrap


@dataclass(frozen=True)
class NameRules:
    breaks: frozenset[str]
    max_chars: int
    min_chars: int
    strong: re.Pattern
    medium: re.Pattern
    weak: re.Pattern
    name_words: tuple[str, ...]
    rare_freq: int
    bad_tags: frozenset[str]
    left: re.Pattern
    weak_left: frozenset[str]
    stop: tuple[str, ...]
    time_prefix: re.Pattern
    descriptors: tuple[str, ...]
    bad_chars: frozenset[str]
    bad_endings: tuple[str, ...]
    bad_ending_kept: tuple[str, ...]  # name words that end in a bad ending (控股)
    bad_parts: re.Pattern
    bad_shape: re.Pattern
    bad_starts: tuple[str, ...]
    generic: frozenset[str]
    stop_first: dict
    countries: tuple[str, ...]
    hidden_mark: str  # 某: a name the article hides (entities.py)
    national_heads: tuple[str, ...]  # 国家: a national body's name after a foreign country is that country's (entities.py)
    generic_first: dict
    description_heads: tuple[str, ...]
    cue_in_name_before: tuple[str, ...]
    not_names: frozenset[str]
    common_freq: int
    list_tail: re.Pattern
    place_name_after: str  # what may follow a place-first short name (orgname_shapes.place_names)
    place_name_not_after: str  # ... and what may not stand before it
    company_word: re.Pattern  # a coined name, then 公司 (orgnames.word_company_names)
    company_body_max: int
    company_body_not_end: tuple[str, ...]
    company_body_not_tags: frozenset[str]
    company_body_not_first_tags: frozenset[str]
    company_body_not_head_tags: frozenset[str]
    list_head: re.Pattern  # a count of organisations and a colon or a bracket, right before a list
    counted: re.Pattern
    list_item_max: int
    list_end: re.Pattern
    share_classes: tuple[str, ...]
    object_not_after: str
    person_tags: frozenset[str]
    not_given_name_tags: frozenset[str]
    joined_name_ends: tuple[str, ...]
    owner_head_tags: frozenset[str]
    head_triggers: re.Pattern
    head_after: str
    head_stop: frozenset[str]
    head_max_tokens: int
    head_max_chars: int
    break_re: re.Pattern
    st: re.Pattern
    trailing: re.Pattern
    function_tags: frozenset[str]
    org_word_tags: frozenset[str]  # jieba's tag of a dictionary word that names an organisation (nt)
    org_word_not_end: str  # ... not when it ends in one of these (a place's, a team's)
    role_nouns: re.Pattern
    place_marks: re.Pattern
    place_only: re.Pattern
    place_end_chars: str
    body: re.Pattern
    body_max: int
    bid_place: re.Pattern
    obj_verb: re.Pattern
    obj_end: re.Pattern
    start_cue: re.Pattern
    surnames: str
    announcer: re.Pattern
    pronoun: re.Pattern
    header_short: re.Pattern
    latin_after: re.Pattern
    body_not_chars: frozenset[str] = frozenset()  # a body holding one is a count or a list
    front_joiners: tuple[str, ...] = ()
    front_prepositions: tuple[str, ...] = ()
    foreign_marks: tuple[str, ...] = ()  # 日商, 荷商: a foreign company's mark before its registered name (Taiwan)
    joiner_heads: frozenset[str] = frozenset()
    list_role: re.Pattern = re.compile("(?!)")  # the role a list's items hold, after its last (甲、乙为中标人)
    named_head_min: int = 0  # a clause head up to its last name word (named_head_min_chars)
    right_cue: re.Pattern = re.compile("(?!)")  # strong, medium or weak: one match tells whether any of them matches
    head_stop_chars: frozenset[str] | None = None  # one-character words that stop a clause head (None: any so tagged)
    never_inside: re.Pattern | None = None  # (a subset of bad_parts: words no name of any shape holds)


def runs_holding(text: str, ch: str, stops: str):
    """The matches of ``[^stops]+`` in *text* that hold *ch* (not in *stops*), in order, found from
    the occurrences of *ch* (most runs of an article hold none).

    >>> [m.group() for m in runs_holding("甲、乙,丙丁;戊、己、庚", "、", ",;")]
    ['甲、乙', '戊、己、庚']
    """
    runs = re.compile(f"[^{re.escape(stops)}]+")
    done = 0
    for i, _ in spans_of(text, ch):
        if i >= done:
            j = i - 1  # the last stop before i (each run is walked back once: no rfind per stop to the text's start)
            while j >= 0 and text[j] not in stops:
                j -= 1
            seg = runs.search(text, j + 1)
            done = seg.end()
            yield seg


def _fast(pattern: str) -> re.Pattern:
    """*pattern* compiled to be searched for only where a match can start (literals.fast)."""
    return compile_quick(pattern)  # kg/extract/literals.py


def _chars(d: dict, key: str, path: str) -> str:
    """The string of characters *key* of org_names.yaml (a RuleError when it is not a string)."""
    if not isinstance(d.get(key), str):
        raise RuleError(f"{key} must be a string of characters, got {d.get(key)!r}", path=path)
    return d[key]


def _place_only(d: dict) -> re.Pattern:
    """A place's name and nothing else, its first unit's name as group 1 (``place_units`` and
    ``place_marks`` of org_names.yaml); a unit that is no place mark is a RuleError.

    >>> _place_only({"place_marks": "(?:市|县|区)", "place_units": ["市"]}).match("宿迁市中心城区").group(1)
    '宿迁'
    """
    marks = re.compile(d["place_marks"])
    units = words(d.get("place_units"), what="place_units", path="org_names.yaml")
    for u in units:
        if not marks.fullmatch(u):
            raise RuleError(f"place_units: {u!r} is not one of place_marks; expected a place mark", path="org_names.yaml")
    cjk = "[\u4e00-\u9fff]"
    return re.compile(f"({cjk}{{2,4}}?)(?:{_alt(units) or '(?!)'})(?:{cjk}{{0,6}}{d['place_marks']})?$")


@rules.derived
@rules.loader("org_names.yaml")
def name_rules() -> NameRules:
    """The compiled ``rules/org_names.yaml``."""
    d = rules.load("org_names.yaml")
    path = str(rules.active().base / "org_names.yaml")
    lists = named_lists(d.get("lists"), what="lists", path=path)
    generic = (
        frozenset(d["generic_words"])
        | frozenset(rules.load("org_patterns.yaml")["chinese_generic"])
        | frozenset(rules.load("org_patterns.yaml").get("industry_name_generic") or [])
    )
    return NameRules(
        breaks=frozenset(d["clause_breaks"]),
        max_chars=int(d["max_chars"]),
        min_chars=int(d["min_chars"]),
        strong=_fast("|".join(f"(?:{p})" for p in d["right_strong"])),
        medium=_fast("|".join(f"(?:{p})" for p in d["right_medium"])),
        weak=_fast("|".join(f"(?:{p})" for p in d["right_weak"])),
        name_words=tuple(d["name_words"]) + tuple(rules.load("org_patterns.yaml")["industry_suffixes"]),
        rare_freq=int(d["rare_word_freq"]),
        bad_tags=frozenset(d["not_name_tags"]),
        left=_fast(_alt(d["left_cues"])),
        weak_left=frozenset(d["weak_left"]),
        stop=tuple(sorted(d["stop_prefixes"], key=len, reverse=True)),
        time_prefix=_fast(d["time_prefix"]),
        descriptors=tuple(sorted(d["descriptors"], key=len, reverse=True)),
        bad_chars=frozenset(d["bad_chars"]),
        bad_endings=tuple(d["bad_endings"]),
        bad_ending_kept=tuple(d.get("bad_ending_kept") or ()),
        bad_parts=_fast(_alt([*d["bad_parts"], *(d.get("never_inside") or [])])),
        never_inside=_fast(_alt(d["never_inside"])) if d.get("never_inside") else None,
        bad_shape=_fast(d.get("bad_shape") or "(?!)"),
        bad_starts=tuple(d["bad_starts"]),
        generic=generic | frozenset(rules.load("org_patterns.yaml").get("leading_countries") or []),
        stop_first=_by_first(d["stop_prefixes"]),
        countries=tuple(sorted(d["leading_countries"], key=len, reverse=True)),
        hidden_mark=str(d["hidden_name_mark"]),
        national_heads=tuple(d.get("national_heads") or ()),
        generic_first=_by_first(generic),
        description_heads=tuple(d.get("description_heads") or ()),
        foreign_marks=tuple(sorted(d.get("foreign_company_marks") or (), key=len, reverse=True)),
        cue_in_name_before=tuple(d.get("cue_in_name_before") or ()),
        not_names=frozenset(d["not_names"]),
        common_freq=int(d["common_word_freq"]),
        list_tail=_fast(expand_lists(d["list_tail"], lists, what="list_tail", path=path)),
        place_name_after=str(d.get("place_name_after") or ""),
        place_name_not_after=str(d.get("place_name_not_after") or ""),
        company_word=_fast(d.get("company_word") or "(?!)"),
        company_body_max=int(d.get("company_body_max") or 0),
        company_body_not_end=tuple(words(d.get("company_body_not_end") or [], what="company_body_not_end", path=path)),
        company_body_not_tags=frozenset(words(d.get("company_body_not_tags") or [], what="company_body_not_tags", path=path)),
        company_body_not_first_tags=frozenset(words(d.get("company_body_not_first_tags") or [], what="company_body_not_first_tags", path=path)),
        company_body_not_head_tags=frozenset(words(d.get("company_body_not_head_tags") or [], what="company_body_not_head_tags", path=path)),
        list_head=_fast(expand_lists(d.get("list_head") or "(?!)", lists, what="list_head", path=path)),
        counted=_fast(expand_lists(d["counted"], lists, what="counted", path=path)),
        list_item_max=int(d["list_item_max"]),
        list_end=_fast("等|" + _alt(words(d["list_last_joiners"], what="list_last_joiners", path=path))),
        share_classes=tuple(words(d["share_classes"], what="share_classes", path=path)),
        object_not_after=_chars(d, "object_not_after", path),
        person_tags=frozenset(d["person_tags"]),
        not_given_name_tags=frozenset(words(d["not_given_name_tags"], what="not_given_name_tags", path=path)),
        joined_name_ends=tuple(words(d["joined_name_ends"], what="joined_name_ends", path=path)),
        owner_head_tags=frozenset(words(d["owner_head_tags"], what="owner_head_tags", path=path)),
        head_triggers=_fast(_alt(d["head_triggers"])),
        head_after=d["head_after"],
        head_stop=frozenset(d["head_stop_tags"]),
        head_stop_chars=frozenset(d["head_stop_chars"]) if d.get("head_stop_chars") else None,
        head_max_tokens=int(d["head_max_tokens"]),
        head_max_chars=int(d["head_max_chars"]),
        break_re=_fast("[" + re.escape("".join(sorted(d["clause_breaks"]))) + "]"),
        st=_fast(d["special_treatment"]),
        trailing=end_anchored(d["trailing_function"]),  # kg/extract/anchored.py
        function_tags=frozenset(d["function_tags"]),
        org_word_tags=frozenset(d.get("org_word_tags") or ()),
        org_word_not_end=str(d.get("org_word_not_end") or ""),
        role_nouns=_fast(d["role_nouns"]),
        place_marks=_fast(d["place_marks"]),
        place_only=_place_only(d),
        place_end_chars=_chars(d, "place_end_chars", path),
        body=_fast(f"(?:{_alt(d['body_suffixes'])})(?!{_alt(d.get('body_not_before') or []) or '(?!)'})"),
        body_max=int(d["body_max_chars"]),
        bid_place=_fast(f"(?:{d['bid_place_before']})(?P<place>{d['place_name']})(?=[\u4e00-\u9fff])"),
        obj_verb=_fast(d["object_verbs"]),
        obj_end=_fast(d["object_end"]),
        start_cue=_fast(d["clause_start_cues"]),
        surnames=d["person_surnames"],
        announcer=_fast(d["announcer_pattern"]),
        pronoun=_fast(d["announcer_pronoun"]),
        header_short=_fast(d.get("header_short_pattern") or "(?!)"),
        latin_after=_fast(d.get("latin_after") or "(?!)"),
        body_not_chars=frozenset(_chars(d, "body_not_chars", path)),
        front_joiners=tuple(sorted(words(d.get("front_joiners") or [], what="front_joiners", path=path), key=len, reverse=True)),
        front_prepositions=tuple(sorted(words(d.get("front_prepositions") or [], what="front_prepositions", path=path), key=len, reverse=True)),
        joiner_heads=frozenset(words(d.get("joiner_heads") or [], what="joiner_heads", path=path)),
        list_role=_fast(d.get("list_role") or "(?!)"),
        named_head_min=int(d.get("named_head_min_chars") or 0),
        right_cue=_fast("|".join(f"(?:{p})" for p in (*d["right_strong"], *d["right_medium"], *d["right_weak"]))),
    )
