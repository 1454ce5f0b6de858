"""The relation rules of ``rules/relations.yaml``, loaded and checked (:func:`load_relation_rules`),
and the role lists of ``rules/roles.yaml`` (:func:`role_members`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import rules
from ..errors import RuleError
from ..kinds import deal_kinds
from ..rules.regex_budget import compile_rule_pattern
from ..rules.regex_safety import nested_unbounded
from ..rules.shapes import expand_lists, named_lists, word_map, words
from .gazetteer import load_gazetteer
from .literals import alternation
from .template import compile_pattern, party_list

_RULE_FIELDS = {
    "name",
    "kind",
    "priority",
    "patterns",
    "payer",
    "payee",
    "requires_money",
    "takes_money",
    "shares_money",
    "unless",
    "when",
    "kind_by_word",
    "kind_words_before",
    "reverse_if",
    "direction",
    "topic_fallback",
    "refines",
    "sets_up",
    "directed",
    "kind_if_supplier_paid",
    "examples",
    "negatives",
    "note",
}
_MODES = {"group", "subject", "first", "prior", "counterparty", "raiser", "topic", "tenderer", "acquirer", "buyer", "announcer", "company", "previous", "vehicle", "borrower", "none"}
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s?年\s?(?:(?P<m>1[0-2]|0?[1-9])\s?月(?:\s?(?P<d>3[01]|[12]\d|0?[1-9])\s?[日号])?)?"
)


@dataclass
class RelationRule:
    name: str
    kind: str
    priority: int
    patterns: list[re.Pattern]
    payer: str = "group"
    payee: str = "group"
    requires_money: bool = False
    takes_money: bool = True
    shares_money: bool = False
    refines: bool = False
    sets_up: bool = False  # the rule tells a company set up (a later `vehicle` role may be it)
    directed: bool = False
    kind_if_supplier_paid: str | None = None
    unless: re.Pattern | None = None
    when: re.Pattern | None = None  # the sentence must hold this for the rule to apply
    kind_by_word: dict[str, str] = field(default_factory=dict)
    kind_words_before: bool | str = False  # True: the sentence before the match; "paragraph": the paragraph's too
    reverse_if: re.Pattern | None = None
    direction: str = "as_written"
    topic_fallback: str = "always"
    examples: list[dict] = field(default_factory=list)
    negatives: list[str] = field(default_factory=list)


@dataclass
class RelationRules:
    rules: list[RelationRule]
    status_words: dict[str, list[str]]
    up_to_words: list[str]
    value_cues: list[str]
    revision_cues: list[str]
    intermediary_before: tuple[str, ...]
    coreference: re.Pattern
    followup_value_words: list[str] = field(default_factory=list)
    channel_words: tuple[str, ...] = ()
    invest_verbs: tuple[str, ...] = ()
    object_before: tuple[str, ...] = ()
    object_descriptor: re.Pattern = re.compile("(?!)")
    not_subject_after: tuple[str, ...] = ()
    investor_before: tuple[str, ...] = ()
    # built from word lists of relations.yaml (see :func:`_party_patterns`)
    parent_of_next: re.Pattern = re.compile("(?!)")
    source_before: re.Pattern = re.compile("(?!)")
    source_after: re.Pattern = re.compile("(?!)")
    holder_after: re.Pattern = re.compile("(?!)")
    except_before: re.Pattern = re.compile("(?!)")  # 除 before a name and 外 after it: a peer set apart
    approver_before: re.Pattern = re.compile("(?!)")  # 获 before a name and 注册 after it: an approver
    approver_after: re.Pattern = re.compile("(?!)")
    except_after: re.Pattern = re.compile("(?!)")
    owned_unit_after: re.Pattern = re.compile("(?!)")
    owned_unit_word: re.Pattern = re.compile("(?!)")  # 子公司 (``owned_units``) anywhere
    partner_before: re.Pattern = re.compile("(?!)")
    partner_after: re.Pattern = re.compile("(?!)")
    holders_of_partner: re.Pattern = re.compile("(?!)")  # 与乙的股东(丙、): the holders of a partner named
    stake_listed: re.Pattern = re.compile("(?!)")
    coordinated: re.Pattern = re.compile("(?!)")
    coordinated_stakes: re.Pattern = re.compile("(?!)")
    short_prefix: re.Pattern = re.compile("(?!)")
    listed_after: re.Pattern = re.compile("(?!)")
    conversion: re.Pattern = re.compile("(?!)")
    round_start: re.Pattern = re.compile("(?!)")
    round_clause: re.Pattern = re.compile("(?!)")  # a clause that opens with one (…,本轮募资总额N,…)
    deal_ref_start: re.Pattern = re.compile("(?!)")  # 这笔联贷由…: the deal the paragraph before told
    breakdown_start: re.Pattern = re.compile("(?!)")  # 其中,甲出资N: the parts of what the sentence before set up
    set_up_rules: frozenset[str] = frozenset()  # the rules with `sets_up` (a `vehicle` role may be their payee)
    tender_owner: re.Pattern = re.compile("(?!)")
    syndicate_borrower: re.Pattern = re.compile("(?!)")  # 甲筹组的N联合授信案: 甲 borrows (`borrower` roles)
    share_consideration: re.Pattern = re.compile("(?!)")  # 向甲发行股份购买…: 甲 is paid in shares
    parent_with_unit: re.Pattern = re.compile("(?!)")  # 公司及全资子公司甲中标: the company is a party too
    tender_venue: re.Pattern = re.compile("(?!)")  # a publisher that is a venue or an agent, no tenderer
    person_start: re.Pattern = re.compile("(?!)")
    holder_subject: re.Pattern = re.compile("(?!)")  # 公司控股股东张三拟将…: the company's holder acts
    negated_verb: re.Pattern = re.compile("(?!)")  # 甲从未收购乙: a negated verb gives no deal
    bid_lot_name: re.Pattern = re.compile("(?!)")  # 第六分标, 包号02: a tender's lot is no party
    followup_far: tuple[str, ...] = ()
    followup_award: tuple[str, ...] = ()  # a followup value of a purchase only (中标金额)
    value_cue_filler: str = ""
    not_preposition_after: str = ""
    intermediary_roles: tuple[str, ...] = ()  # 向控股股东甲: a role word between an intermediary word and its name
    intermediary_with_descriptor: tuple[str, ...] = ()  # 向新加坡基金甲: a descriptor between the word and its name
    seller_verbs: tuple[str, ...] = ()  # ... when the name is followed by one of these (向新加坡基金甲收购)
    party_list: re.Pattern = re.compile("Ⓔ")  # names joined by `party_joiners` ({PAYERS})


def _kind_words_before(item: dict, path: Path) -> bool | str:
    value = item.get("kind_words_before", False)
    if value not in (True, False, "paragraph"):
        raise RuleError(
            f"rule {item['name']!r}: kind_words_before must be true, false or paragraph, got {value!r}", path=str(path)
        )
    return value


def _opt_regex(item: dict, name: str, path: Path, lists: dict[str, str]) -> re.Pattern | None:
    """The regex *name* of rule *item*, its ``{NAME}`` lists (``lists:``) expanded."""
    if not item.get(name):
        return None
    if not isinstance(item[name], str):
        raise RuleError(f"rule {item['name']!r}: {name} must be a regex string", path=str(path))
    text = expand_lists(item[name], lists, what=f"rule {item['name']!r}: {name}", path=str(path))
    if nested_unbounded(text):
        raise RuleError(
            f"rule {item['name']!r}: {name} has an unbounded repeat inside another (exponential time)",
            path=str(path),
        )
    try:
        return compile_rule_pattern(text, written=item[name], where=f"{path} (rule {item['name']})")
    except re.error as exc:
        raise RuleError(f"rule {item['name']!r}: {name} does not compile: {exc}", path=str(path)) from exc


def load_relation_rules(path: Path | None = None) -> RelationRules:
    """Load and check ``rules/relations.yaml`` (or *path*)."""
    path = path or rules.active().base / "relations.yaml"
    data = rules.load_yaml(path)
    if not isinstance(data, dict) or "relations" not in data:
        raise RuleError("expected a mapping with a `relations` list", path=str(path))
    items = data["relations"]
    if not isinstance(items, list) or not items:
        raise RuleError(f"`relations` must be a non-empty list of rules, got {items!r}", path=str(path))
    lists = named_lists(data.get("lists"), what="lists", path=str(path))
    joiners = words(data.get("party_joiners") or [], what="party_joiners", path=path)
    out, names = [], set()
    for item in items:
        rules.check_keys(item, _RULE_FIELDS, {"name", "kind", "patterns"}, path=path, what="relation rule")
        if item["name"] in names:
            raise RuleError(f"relation rule {item['name']!r} is defined twice", path=str(path))
        names.add(item["name"])
        kinds = deal_kinds().names
        if item["kind"] not in kinds:
            raise RuleError(
                f"rule {item['name']!r}: kind {item['kind']!r} is not one of {list(kinds)} (rules/kinds.yaml)", path=str(path)
            )
        kind_by_word = item.get("kind_by_word") or {}
        if not isinstance(kind_by_word, dict):
            raise RuleError(
                f"rule {item['name']!r}: kind_by_word must be a mapping of word to kind, got {kind_by_word!r}",
                path=str(path),
            )
        for k in kind_by_word.values():
            if k not in deal_kinds().names:
                raise RuleError(
                    f"rule {item['name']!r}: kind_by_word gives unknown kind {k!r}", path=str(path)
                )
        patterns = item["patterns"]
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise RuleError(
                f"rule {item['name']!r}: patterns must be a non-empty list of strings, got {patterns!r}",
                path=str(path),
            )
        pats = [compile_pattern(p, where=f"{path} (rule {item['name']})", joiners=joiners) for p in patterns]
        priority = item.get("priority", 50)
        if not isinstance(priority, int) or isinstance(priority, bool):
            raise RuleError(
                f"rule {item['name']!r}: priority must be an integer, got {priority!r}", path=str(path)
            )
        payer, payee = item.get("payer", "group"), item.get("payee", "group")
        for role, mode in (("payer", payer), ("payee", payee)):
            if mode not in _MODES:
                raise RuleError(
                    f"rule {item['name']!r}: {role} must be one of {sorted(_MODES)}", path=str(path)
                )
            if mode == "group" and not all(role in p.groupindex for p in pats):
                raise RuleError(
                    f"rule {item['name']!r}: a pattern lacks {{{role.upper()}}} and no `{role}:` mode says how to fill it",
                    path=str(path),
                )
        direction = item.get("direction", "as_written")
        if direction not in ("as_written", "suppliers", "landlords", "lenders"):
            raise RuleError(
                f"rule {item['name']!r}: direction must be as_written, suppliers, landlords or lenders", path=str(path)
            )
        fallback = item.get("topic_fallback", "always")
        if fallback not in ("always", "cue", "never"):
            raise RuleError(
                f"rule {item['name']!r}: topic_fallback must be always, cue or never", path=str(path)
            )
        out.append(
            RelationRule(
                name=item["name"],
                kind=item["kind"],
                priority=priority,
                patterns=pats,
                payer=payer,
                payee=payee,
                requires_money=bool(item.get("requires_money", False)),
                takes_money=bool(item.get("takes_money", True)),
                shares_money=bool(item.get("shares_money", False)),
                refines=bool(item.get("refines", False)),
                sets_up=bool(item.get("sets_up", False)),
                directed=bool(item.get("directed", False)),
                kind_if_supplier_paid=item.get("kind_if_supplier_paid"),
                unless=_opt_regex(item, "unless", path, lists),
                when=_opt_regex(item, "when", path, lists),
                kind_by_word=dict(kind_by_word),
                kind_words_before=_kind_words_before(item, path),
                reverse_if=_opt_regex(item, "reverse_if", path, lists),
                direction=direction,
                topic_fallback=fallback,
                examples=item.get("examples") or [],
                negatives=item.get("negatives") or [],
            )
        )
    out.sort(key=lambda r: -r.priority)
    return RelationRules(
        out,
        word_map(data.get("status_words", {}), what="status_words", path=path),
        words(data.get("up_to_words", []), what="up_to_words", path=path),
        words(data.get("value_cues", []), what="value_cues", path=path),
        words(data.get("revision_cues", []), what="revision_cues", path=path),
        tuple(words(data.get("intermediary_before", []), what="intermediary_before", path=path)),
        _coreference(data.get("coreference"), path),
        list(words(data.get("followup_value_words") or [], what="followup_value_words", path=path)),
        tuple(words(data.get("channel_words") or [], what="channel_words", path=path)),
        tuple(words(data.get("invest_verbs") or [], what="invest_verbs", path=path)),
        tuple(sorted(words(data.get("object_before") or [], what="object_before", path=path), key=len, reverse=True)),
        re.compile(
            r"[^,;:。、\s]{0,10}(?:"
            + "|".join(map(re.escape, words(data.get("object_descriptors") or [], what="object_descriptors", path=path)))
            + ")"
            if data.get("object_descriptors")
            else "(?!)"
        ),
        tuple(words(data.get("not_subject_after") or [], what="not_subject_after", path=path)),
        tuple(words(data.get("investor_before") or [], what="investor_before", path=path)),
        **_party_patterns(data, path),
        **_amount_patterns(data, path),
        party_list=re.compile(party_list(joiners)),
        set_up_rules=frozenset(r.name for r in out if r.sets_up),
        tender_venue=re.compile(
            expand_lists(data.get("tender_venue") or "(?!)", lists, what="tender_venue", path=str(path))
        ),
    )


def _chars(data: dict, key: str, path: Path) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise RuleError(f"{key} must be a string of characters, got {value!r}", path=str(path))
    return value


def _amount_patterns(data: dict, path: Path) -> dict:
    """What tells an amount's and a name's part around a deal (a conversion, a reference to the round
    told before, the filler after a value word, a verb's end before a preposition)."""
    conv = words(data.get("conversion_words") or [], what="conversion_words", path=path)
    bracket = words(data.get("conversion_in_bracket") or [], what="conversion_in_bracket", path=path)
    rounds = words(data.get("round_refs") or [], what="round_refs", path=path)
    deal_refs = words(data.get("deal_refs") or [], what="deal_refs", path=path)
    breakdowns = words(data.get("breakdown_refs") or [], what="breakdown_refs", path=path)
    return {
        # 约40亿美元(约合280亿元人民币 / ,折合280亿元: the text before a converted amount
        "conversion": re.compile(r"\(\s?" + _group(conv + bracket) + r"?\s?$|" + _group(conv) + r"\s?$"),
        "round_start": re.compile(r"\s*(?:\d+[.、]\s*)?" + _group(rounds)),
        "round_clause": re.compile(r"(?:^|[,;:])\s*(?:\d+[.、]\s*)?" + _group(rounds)),
        "deal_ref_start": re.compile(r"\s*" + _group(deal_refs)) if deal_refs else re.compile("(?!)"),
        "breakdown_start": re.compile(r"\s*(?:\d+[.、]\s*)?" + _group(breakdowns)) if breakdowns else re.compile("(?!)"),
        "tender_owner": re.compile(data.get("tender_owner") or "(?!)"),
        "syndicate_borrower": re.compile(data.get("syndicate_borrower") or "(?!)"),
        "share_consideration": re.compile(data.get("share_consideration") or "(?!)"),
        "parent_with_unit": re.compile(data.get("parent_with_unit") or "(?!)"),
        "person_start": re.compile(data.get("person_subject") or "(?!)"),
        "holder_subject": re.compile(data.get("holder_subject") or "(?!)"),
        "negated_verb": re.compile(data.get("negated_verb") or "(?!)"),
        "bid_lot_name": re.compile(data.get("bid_lot_name") or "(?!)"),
        "followup_far": tuple(words(data.get("followup_value_far") or [], what="followup_value_far", path=path)),
        "followup_award": tuple(words(data.get("followup_award_words") or [], what="followup_award_words", path=path)),
        "value_cue_filler": _chars(data, "value_cue_filler", path),
        "not_preposition_after": _chars(data, "not_preposition_after", path),
        "intermediary_roles": tuple(
            sorted(words(data.get("intermediary_roles") or [], what="intermediary_roles", path=path), key=len, reverse=True)
        ),
        "intermediary_with_descriptor": tuple(
            words(data.get("intermediary_with_descriptor") or [], what="intermediary_with_descriptor", path=path)
        ),
        "seller_verbs": tuple(words(data.get("seller_verbs") or [], what="seller_verbs", path=path)),
    }


def _group(items: list[str]) -> str:
    """A regex group matching any of the words *items* (the longest first), or nothing when empty.

    >>> _group(["手中", "手上方"]), _group([])
    ('(?:手上方|手中)', '(?!)')
    """
    return f"(?:{alternation(items)})" if items else "(?!)"


def _party_patterns(data: dict, path: Path) -> dict[str, re.Pattern]:
    """The patterns that tell a name's part around a deal (a parent, a stake's source or holder, a
    listed object) from the word lists of relations.yaml."""

    def alt(key):
        return _group(words(data.get(key) or [], what=key, path=path))

    joiners, parts, stakes = alt("list_joiners"), alt("stake_parts"), alt("stake_words")
    # the joiners of one character (、和及) never stand in the short word before a listed name
    joiner_chars = re.escape("".join(w for w in words(data.get("list_joiners") or [], what="list_joiners", path=path) if len(w) == 1))
    shares = _group(words(data.get("stake_words") or [], what="stake_words", path=path)
                    + words(data.get("share_words") or [], what="share_words", path=path))
    stops = re.escape(_chars(data, "short_word_stops", path))
    tail = r"\s?(?:\([^()Ⓔ,]{0,20}\)|\([^()Ⓔ]{0,12}\))?\s?(?:的)?(?:Ⓟ|Ⓠ)?(?:的)?" + parts + "?" + shares + "?"
    return {
        # 购买甲51%股权和乙62%股权, 增持了甲(600000)、乙: an object coordinated with the one before
        "coordinated": re.compile(
            tail + r"\s?" + joiners + r"\s?(?:[^Ⓔ,;:。" + joiner_chars + r"\d等的]{1,3}(?=Ⓔ))?(?P<e>Ⓔ)(?="
            + tail + r"\s?(?:" + joiners + r"|等|[,;。]|$))"
        ),
        # 收购甲51%的股权,乙45%的股权及丙49%的股权: stakes listed with commas, each with its percentage
        "coordinated_stakes": re.compile(
            r"\s?(?:的)?Ⓟ(?:的)?" + parts + "?" + stakes + r"?(?:\s?(?:" + joiners + r"|与|,)\s?[^Ⓔ,;:。、Ⓟ]{0,8}?)?(?P<e>Ⓔ)"
            r"(?=\s?(?:\([^()Ⓔ]{0,20}\))?\s?(?:的)?Ⓟ)"
        ),
        # 收购了美国甲: a short word between the verb and the name
        "short_prefix": re.compile(rf"[^\W\d_{stops}{re.escape(_chars(data, 'short_prefix_stops', path))}]{{1,3}}$"),
        # 收购了甲、乙: a name listed after an object
        "listed_after": re.compile(joiners + rf"\s?(?:[^\W\d_{stops}]{{1,3}})?$"),
        # 融创(…)旗下的甲: the name before is the parent of the next one
        "parent_of_next": re.compile(r"\s?(?:\([^()]{0,20}\))?\s?" + alt("parent_of_next")),
        # 从乙现有股东甲 / 从甲手中: the name is the party a stake is bought from
        "source_before": re.compile(alt("source_from") + r"[^,;:。!?]{0,20}?" + alt("source_holders") + r"\s?$"),
        "source_after": re.compile(r"\s?(?:\([^()]{0,30}\))?\s?" + alt("source_after")),
        # 甲与乙签订合约,随后向丙采购: 乙 (after 与, before the signing verb) is the first clause's partner
        # (or a later one of the partners listed after it: 甲与乙控股股东张三及其控制的丙签署…)
        "partner_before": re.compile(
            alt("partner_before") + r"(?:\s?|[^,;:。!?]{0,40}?(?:及其控制的|及其子公司|及其关联方|及其一致行动人|以及|及|和|、)\s?)$"
        ),
        # 与乙的股东丙、丁签署…: the holders of the company named after the partner word (``source_holders``)
        "holders_of_partner": re.compile(
            alt("partner_before") + r"[^,;:。!?]{1,40}?的" + alt("source_holders") + r"\s?(?:[^,;:。!?]{1,40}?[、和及]\s?)?$"
        ),
        "partner_after": re.compile(r"\s?(?:\([^()]{0,30}\))?(?:[、和及][^,;:。]{2,30}?)?[^,;:。Ⓔ]{0,16}?" + alt("partner_verbs")),
        # 受让甲所持乙20%股份: the name holds what is bought
        "holder_after": re.compile(r"\s?(?:\([^()]{0,24}\))?\s?" + alt("holder_after")),
        # 已获甲注册, 经乙批准: an approver
        "approver_before": re.compile(alt("approver_before") + r"\s?$"),
        "approver_after": re.compile(r"\s?(?:\([^()]{0,24}\))?\s?(?:的)?[^,;:。Ⓔ]{0,12}?" + alt("approver_after")),
        # 除甲外,乙也将出资N: 甲 is a peer set apart
        "except_before": re.compile(alt("except_before") + r"\s?$"),
        "except_after": re.compile(r"\s?(?:\([^()]{0,24}\))?\s?" + alt("except_after")),
        # 100%持股之子公司, 持股51%的子公司: a percentage that describes an owned unit
        "owned_unit_after": re.compile(r"\s?(?:持股|股权|股份)?(?:之|的)?(?:全资|控股)?" + alt("owned_units")),
        "owned_unit_word": re.compile(alt("owned_units")),
        # 购买甲51%股权和乙…: a stake of the name before and a word that lists one more object
        "stake_listed": re.compile(
            r"\s?(?:\([^()Ⓔ]{0,20}\))?\s?(?:的)?Ⓟ(?:的)?"
            + alt("stake_parts")
            + "?"
            + alt("stake_words")
            + r"\s?"
            + alt("list_joiners")
            + r"\s?"
        ),
    }


def _coreference(value, path: Path) -> re.Pattern:
    if not value:
        return re.compile("(?!)")
    return rules.compile_regex(value, what="coreference", path=path)


@rules.derived
def relation_rules() -> RelationRules:
    return load_relation_rules()


@rules.derived
def role_members(role: str) -> frozenset[str]:
    """Canonical names of the entities ``rules/roles.yaml`` lists under *role*."""

    gaz = load_gazetteer()
    out = set()
    for n in rules.load("roles.yaml").get(role, []):
        rec = gaz.resolve(n)
        out.add(rec.name if rec else n)
    return frozenset(out)


@rules.derived
@rules.loader("roles.yaml")
def _descriptors() -> dict[str, re.Pattern]:
    """Role -> the trade words of roles.yaml ``described_as`` that end right before a name."""
    d = rules.load("roles.yaml").get("described_as") or {}
    path = str(rules.active().base / "roles.yaml")
    if not isinstance(d, dict):
        raise RuleError("described_as: expected a mapping of role to a list of words", path=path)
    return {
        str(role): re.compile("(?:" + alternation(words(ws, what=f"described_as.{role}", path=path)) + r")\s?$")
        for role, ws in d.items()
    }


def described_roles(simp: str, mentions) -> dict[str, frozenset[str]]:
    """Role -> the names of *mentions* (with ``name`` and ``start``) the Simplified text *simp*
    introduces by a trade word of that role right before them (roles.yaml ``described_as``).

    >>> from types import SimpleNamespace as M
    >>> s = "美国云服务商蓝杉云与微软签约"
    >>> described_roles(s, [M(name="蓝杉云", start=6), M(name="Microsoft", start=10)])["suppliers"]
    frozenset({'蓝杉云'})
    """
    out: dict[str, set[str]] = {}
    for role, pat in _descriptors().items():
        out[role] = {m.name for m in mentions if pat.search(simp, max(0, m.start - 12), m.start)}
    return {role: frozenset(names) for role, names in out.items()}


def leads_with_payer(pat: re.Pattern) -> bool:
    """Does the pattern start with its payer (so a word just before the match can demote it)?"""
    # (a lookbehind first may hold a group of its own: (?<!与(?=Ⓔ…收购其持有)))
    return "payer" in pat.groupindex and re.sub(r"^\(\?<!(?:[^()]|\([^()]*\))*\)", "", pat.pattern).startswith(
        ("\\s?(?P<payer>", "(?P<payer>")
    )


def needed_entities(pat: re.Pattern) -> int:
    """How many entity placeholders a pattern needs at the least: one per party group."""
    return sum(g in pat.groupindex for g in ("payer", "payee", "entity"))
