"""Defined terms of an announcement: ``甲有限公司(「买方」)`` makes a later 买方 that company.

Announcements define their parties' roles once, in a bracket after the name (``恒岭有限公司（「賣方」）``,
``乙（以下简称"甲方"）``, ``丙（"买方"）``, ``丁（作为承配人）``), and then speak of 买方, 卖方 and
目标公司 only. The role words are rule data (``defined_roles`` in ``rules/fields.yaml``). A role word is
linked to its company inside its own document only, and only after its definition; a role word that no
bracket defines names nobody. Other quoted names in such a bracket (``以下简称“SNM公司”或“买方”``) are
short names of the same company.

>>> from kg import analyze
>>> text = ("宁川控股有限公司(「买方」)与德清实业有限公司(「卖方」)订立协议,"
...         "买方同意收购而卖方同意出售其持有的青禾科技有限公司全部股权,代价为人民币3亿元。")
>>> [(d.payer, d.payee, d.kind) for d in analyze(text).deals if d.payee == "德清实业有限公司"]
[('宁川控股有限公司', '德清实业有限公司', 'purchase')]
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from operator import attrgetter

from .. import rules
from ..errors import RuleError
from ..kinds import deal_kinds
from ..model import Deal, Evidence
from ..rules.shapes import words
from .literals import alternation, spans_of
from .mentions import Mention
from .names import is_generic_name, short_name_joiners

_PATH = "rules/fields.yaml"


@dataclass(frozen=True)
class RoleRules:
    words: frozenset[str]
    bracket: re.Pattern  # a bracket of definitions right after a name
    item: re.Pattern  # one defined term inside it
    not_followed_by: tuple[str, ...]
    sides: dict[str, str]  # role word -> "payer" or "payee"
    counterparts: dict[str, frozenset[str]]  # payee role -> the payer roles paired with it
    kinds: dict[tuple[str, str], str]  # (payer role, payee role) -> the kind of their deal
    self_words: frozenset[str]  # 公司, 本公司: found by self_pattern, not as a plain word
    targets: frozenset[str]  # 目标公司, 标的公司
    self_pattern: re.Pattern
    firm_ends: tuple[str, ...] = ()  # a name found by its shape ending so is a firm's, no glued role word
    role_kinds: dict[str, frozenset[str]] = field(default_factory=dict)  # role word -> the kinds of its pairs
    separate_kinds: frozenset[str] = frozenset()  # kinds whose roles are their own (loan)
    field_label: re.Pattern = re.compile("(?!)")  # 买方: at a line's start (a labelled field defines the role)
    glossary: re.Pattern = re.compile("(?!)")  # 收购人、甲产投:指 (a 释义 line defines its terms)
    glossary_marks: tuple[str, ...] = ()  # 指: the glossary's word, no part of the name after it
    contract_only: frozenset[str] = frozenset()  # 甲方, 乙方: paired only in a contract for goods or services
    acting_for: re.Pattern = re.compile("(?!)")  # 本公司代子公司|甲公告: the unit an announcement speaks for
    company_name_field: re.Pattern = re.compile("(?!)")  # 公司名称:|甲 (a header field)
    contract_document: re.Pattern = re.compile("(?!)")  # ... a document that names such a contract
    contract_not: re.Pattern = re.compile("(?!)")  # ... and no share transfer, loan or pledge

    def applies(self, role: str, kind: str) -> bool:
        """Does *role* say which side a deal of *kind* is on? (``separate_kinds`` of fields.yaml)"""
        own = self.role_kinds.get(role, frozenset())
        return kind in own or not ({kind} | own) & self.separate_kinds


@rules.derived
@rules.loader("fields.yaml")
def role_rules() -> RoleRules:
    """The compiled ``defined_roles`` of ``rules/fields.yaml``."""
    d = rules.load("fields.yaml").get("defined_roles") or {}
    role_words = words(d.get("words"), what="defined_roles.words", path=_PATH)
    markers = words(d.get("markers"), what="defined_roles.markers", path=_PATH)
    markers += [m.rstrip(":") for m in rules.load("org_patterns.yaml")["short_name_markers"]]
    after = words(d.get("not_followed_by"), what="defined_roles.not_followed_by", path=_PATH)
    pairs: list[tuple[str, str]] = []
    kinds: dict[tuple[str, str], str] = {}
    for k, pair in enumerate(d.get("pairs") or [], 1):
        pair = words(pair, what=f"defined_roles.pairs item {k}", path=_PATH)
        if len(pair) != 3 or not set(pair[:2]) <= set(role_words) or pair[2] not in deal_kinds().names:
            raise RuleError(
                f"defined_roles.pairs item {k} must be two of defined_roles.words and a deal kind, not {pair!r}",
                path=_PATH,
            )
        pairs.append((pair[0], pair[1]))
        kinds[(pair[0], pair[1])] = pair[2]
    glossary_marks = tuple(words(d.get("glossary_marks"), what="defined_roles.glossary_marks", path=_PATH))
    sides = {w: side for pair in pairs for w, side in zip(pair, ("payer", "payee"), strict=True)}
    if any(sides[a] != "payer" or sides[b] != "payee" for a, b in pairs):
        raise RuleError(
            "defined_roles.pairs: a role is a payer in one pair and a payee in another", path=_PATH
        )
    return RoleRules(
        words=frozenset(role_words),
        bracket=re.compile(r"\s?\((?P<body>[^()\n]{2,60})\)"),
        # a quoted term anywhere in the bracket, or an unquoted one after a marker or alone
        item=re.compile(
            r"[\"“”「『]\s?(?P<q>[^\"“”「」『』()]{2,16}?)\s?[\"“”」』]"
            r"|(?:^|"
            + alternation(sorted(set(markers)))
            + r")\s?:?\s?(?P<u>"
            + alternation(role_words)
            + r")(?=\s?$|\s?(?:"
            + alternation(short_name_joiners())
            + "))"
        ),
        not_followed_by=tuple(after),
        # a labelled field naming a paired role (买方:甲, 3、卖方:乙) at a line's start, perhaps with a second
        # role in brackets (甲方(转让方):甲, an agreement's parties)
        field_label=re.compile(
            r"(?:^|(?<=\n))[ \t]*(?:\d{1,2}[、.．)][ \t]*|[(][一二三四五六七八九十\d]{1,3}[)][ \t]*)?(?P<role>"
            + (_labels := alternation(sorted(set(sides) | set(words(d.get("target_words"), what="defined_roles.target_words", path=_PATH)))))
            + r")(?:\s?\((?P<role2>" + _labels + r")\))?[ \t]*:[ \t]*"
        ),
        # a glossary line (释义) defining terms for a company: 收购人、甲产投:指甲有限公司
        glossary=re.compile(
            r"(?:^|(?<=\n))[ \t]*(?P<terms>[^\n:;。]{2,40}?)[ \t]*:?[ \t]*(?:"
            + alternation(list(glossary_marks) or ["(?!)"])
            + r")[ \t]*"
        ),
        glossary_marks=glossary_marks,
        contract_only=frozenset(words(d.get("contract_only"), what="defined_roles.contract_only", path=_PATH)),
        acting_for=rules.compile_regex(d.get("acting_for") or "(?!)", what="acting_for", path=_PATH),
        company_name_field=re.compile(
            r"(?:^|(?<=\n))\s?(?:"
            + alternation(words(d.get("company_name_fields"), what="defined_roles.company_name_fields", path=_PATH) or ["(?!)"])
            + r")\s?:\s?$"
        ),
        contract_document=rules.compile_regex(d.get("contract_document") or "(?!)", what="contract_document", path=_PATH),
        contract_not=rules.compile_regex(d.get("contract_not") or "(?!)", what="contract_not", path=_PATH),
        sides=sides,
        counterparts={b: frozenset(a for a, y in pairs if y == b) for _, b in pairs},
        kinds=kinds,
        self_words=frozenset(words(d.get("self_words"), what="defined_roles.self_words", path=_PATH)),
        self_pattern=re.compile(d.get("self_pattern") or "(?!)"),
        targets=frozenset(words(d.get("target_words"), what="defined_roles.target_words", path=_PATH)),
        firm_ends=tuple(words(d.get("firm_ends"), what="defined_roles.firm_ends", path=_PATH)),
        role_kinds={w: frozenset(k for pair, k in kinds.items() if w in pair) for w in sides},
        separate_kinds=frozenset(words(d.get("separate_kinds"), what="defined_roles.separate_kinds", path=_PATH)),
    )


class _LastScan(threading.local):
    """What :func:`definitions` reads of the last text a thread asked about, whoever the owners
    (kept on the rule set, :func:`_scan`): the pipeline asks for one article's definitions four or
    five times (aliases, role mentions, document roles, paired deals, its own company)."""

    text: str | None = None
    opens: frozenset[int] = frozenset()  # where "(" stands, or a space before it
    fields: tuple[tuple[int, str, int], ...] = ()  # (end, role, start) of each labelled field
    glossary: tuple[tuple[int, str], ...] = ()  # (end, terms) of each glossary line


def _scan(simp: str) -> _LastScan:
    """The brackets' places, labelled fields and glossary lines of *simp* (remembered for the
    last text, the same string object)."""
    last = rules.active().derived(("defined_terms", "last_scan"), _LastScan)
    if last.text is simp:
        return last
    rr = role_rules()
    opens = set()
    i = simp.find("(")
    while i >= 0:
        opens.add(i)
        if i and simp[i - 1].isspace():
            opens.add(i - 1)
        i = simp.find("(", i + 1)
    fields: tuple = ()
    glossary: tuple = ()
    if ":" in simp:
        fields = tuple(
            (m.end(), role, m.start())
            for m in _at_line_starts(rr.field_label, simp)
            for role in (m["role"], m["role2"])
            if role
        )
        glossary = tuple((m.end(), m["terms"]) for m in _at_line_starts(rr.glossary, simp))
    last.text, last.opens, last.fields, last.glossary = simp, frozenset(opens), fields, glossary
    return last


def _at_line_starts(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose every match starts a line (``(?:^|(?<=\n))``)
    and holds no line break (``field_label`` and ``glossary`` of :func:`role_rules`): the pattern is
    tried at each line's start only. ``re`` would try it at every character of the text, the
    look-behind first (several hundred thousand instructions for an announcement)."""
    i = 0
    while True:
        m = pattern.match(text, i)
        if m is not None:
            yield m
        i = text.find("\n", i) + 1
        if not i:
            return


def definitions(simp: str, owners: list[Mention]) -> list[tuple[str, str, int]]:
    """The terms that brackets define right after a mention: ``(term, name, bracket end)``, in order.

    *owners* are the mentions a bracket may follow (entities and stand-ins).

    >>> s = "宁川控股有限公司(「买方」)与德清实业有限公司(以下简称“卖方”)签约"
    >>> definitions(s, [Mention("宁川控股", 0, 8), Mention("德清实业", 15, 23)])
    [('买方', '宁川控股', 14), ('卖方', '德清实业', 33)]
    """
    rr = role_rules()
    seen: set[int] = set()
    out = []
    scan = _scan(simp)
    opens = scan.opens
    for owner in sorted(
        (o for o in owners if o.end in opens), key=attrgetter("end")
    ):  # a bracket right after a mention, the first one ending there
        if owner.end in seen:
            continue
        seen.add(owner.end)
        b = rr.bracket.match(simp, owner.end)
        if b is None:
            continue
        body = b["body"]
        for it in rr.item.finditer(body):
            term = (it["q"] or it["u"]).strip()
            if term and term != owner.text:
                out.append((term, owner.name, b.end()))
    return sorted(out + _field_definitions(simp, owners), key=lambda d: d[2])


def _field_definitions(simp: str, owners: list[Mention]) -> list[tuple[str, str, int]]:
    """Roles of a pair that a labelled field defines (买方:甲有限公司, 本公司之附属公司 on a line of its own):
    ``(term, name, where)``; and every term of a glossary line (释义: 收购人、甲产投:指甲有限公司).
    An announcement's fields often follow the summary that already uses the
    role words, so a role's first field definition counts from the document's start (``where`` 0),
    a later one from its line."""
    scan = _scan(simp)
    if not scan.fields and not scan.glossary:
        return []
    starts = {o.start: o for o in owners}
    out, seen = [], set()
    for end, term, start in scan.fields:
        owner = starts.get(end)
        if owner is None:
            continue
        out.append((term, owner.name, start if term in seen else 0))
        seen.add(term)
    for end, terms in scan.glossary:  # 释义: 收购人、甲产投:指甲产业投资集团有限公司
        owner = starts.get(end)
        if owner is None:
            continue
        for term in re.split(r"[、,/]|或", terms):
            term = term.strip()
            if 2 <= len(term) <= 16 and term != owner.text and term not in seen:
                out.append((term, owner.name, 0))
                seen.add(term)
    return out


def _alias(term: str) -> bool:
    """Is *term*, defined in a bracket, a short name of its company (SNM公司), not a role or a word?"""
    return 2 <= len(term) <= 16 and not term.isdigit() and not is_generic_name(term)


def aliases(simp: str, owners: list[Mention]) -> list[tuple[str, str]]:
    """The short names brackets define after a mention (``(term, name)``), roles left out.

    >>> s = "PT Delta Nikel(以下简称“DN公司”或“买方”)"
    >>> aliases(s, [Mention("PT Delta Nikel", 0, 14)])
    [('DN公司', 'PT Delta Nikel')]
    """
    words = role_rules().words
    return [(t, n) for t, n, _ in definitions(simp, owners) if t not in words and _alias(t)]


def role_mentions(
    simp: str, text: str, owners: list[Mention], taken: set[int], soft: frozenset[int] | set[int] = frozenset()
) -> list[Mention]:
    """Mentions of the role words (买方, 卖方, 目标公司) and short names that brackets define, after
    each definition.

    Each occurrence goes to the latest definition of its word before it; occurrences inside
    *taken* (another mention) or followed by a word of a longer term (出口卖方信贷) are left alone.
    *taken* is updated. A role word (not a short name) may cover the positions of *soft*
    (names found by their shape that the role word is glued into).

    >>> s = "宁川控股有限公司(「买方」)签约。买方将付款,买方市场除外。"
    >>> [(m.name, m.text, m.start) for m in role_mentions(s, s, [Mention("宁川控股", 0, 8)], set())]
    [('宁川控股', '买方', 17)]
    """
    rr = role_rules()
    defs = [(t, n, e) for t, n, e in definitions(simp, owners) if t in rr.words or _alias(t)]
    if not defs:
        return []
    out = []
    for term in sorted({t for t, _, _ in defs}, key=lambda t: (-len(t), t)):
        mine = sorted((e, n) for t, n, e in defs if t == term)
        if term in rr.self_words:
            found = [
                (m.start(), m.end()) for m in rr.self_pattern.finditer(simp, mine[0][0]) if m.group() == term
            ]
        else:
            found = [(i, i + len(term)) for i, _ in spans_of(simp, term) if i >= mine[0][0]]
        for i, j in found:
            over = soft if term in rr.words else frozenset()
            if simp.startswith(rr.not_followed_by, j) or any(k in taken and k not in over for k in range(i, j)):
                continue
            if simp[max(0, i - 1) : i] in '「“"『' and simp[i - 2 : i - 1] == "(":
                continue  # another bracket's definition of the same word
            name = [n for e, n in mine if e <= i][-1]
            out.append(Mention(name, i, j, text[i:j]))
            taken.update(range(i, j))
    return sorted(out, key=lambda m: m.start)


_SIDED_KINDS = frozenset({"purchase", "acquisition", "investment", "loan", "lease"})


def _roles_off(simp: str, rr: RoleRules) -> frozenset[str]:
    """The roles ``contract_only`` lists when *simp* names no contract for goods or services, or names a
    share transfer, loan or pledge (甲方 and 乙方 of a transfer agreement may be either side)."""
    if not rr.contract_only or (rr.contract_document.search(simp) and not rr.contract_not.search(simp)):
        return frozenset()
    return rr.contract_only


def document_roles(simp: str, owners: list[Mention]) -> dict[str, set[str]]:
    """The paired role words (``pairs``) the document gives its companies: defined in a bracket
    after the name (甲有限公司(「卖方」)) or written just before it (卖方甲有限公司).

    >>> s = "宁川控股有限公司(「买方」)与卖方德清实业有限公司签约"
    >>> document_roles(s, [Mention("宁川控股", 0, 8), Mention("德清实业", 17, 25)])
    {'宁川控股': {'买方'}, '德清实业': {'卖方'}}
    """
    rr = role_rules()
    out: dict[str, set[str]] = {}
    off = _roles_off(simp, rr)
    for term, name, _ in definitions(simp, owners):
        if term in off:
            continue
        if term in rr.sides or term in rr.targets:
            out.setdefault(name, set()).add(term)
    sizes = {len(w) for w in rr.sides}
    for m in owners:
        for n in sizes:
            w = simp[max(0, m.start - n) : m.start]
            if w in rr.sides and m.text != w and w not in off:
                out.setdefault(m.name, set()).add(w)
    return out


def apply_roles(deals: list[Deal], roles: dict[str, set[str]]) -> list[Deal]:
    """*deals* with the parties their document's roles say: a seller (卖方, 转让方) read as the
    payer gives way to the one party with the paired role (买方, 受让方); a payee that is only a
    payer by role (认购人) and a payer that is not pay the other way round.

    >>> d = Deal("德清实业", "青禾科技", "acquisition")
    >>> [(x.payer, x.payee) for x in apply_roles([d], {"德清实业": {"卖方"}, "宁川控股": {"买方"}})]
    [('宁川控股', '青禾科技')]
    >>> d = Deal("宁川控股", "德清实业", "acquisition")
    >>> roles = {"德清实业": {"卖方"}, "宁川控股": {"买方"}, "青禾科技": {"目标公司"}}
    >>> [(x.payer, x.payee) for x in apply_roles([d], roles)]
    [('宁川控股', '青禾科技')]
    >>> d = Deal("宁川控股", "港湾资本", "investment")
    >>> [(x.payer, x.payee) for x in apply_roles([d], {"港湾资本": {"认购人"}})]
    [('港湾资本', '宁川控股')]
    >>> d = Deal("青禾科技", "宁川控股", "investment")
    >>> [(x.payer, x.payee) for x in apply_roles([d], {"青禾科技": {"标的公司", "被投资方"}, "宁川控股": {"投资方"}})]
    [('宁川控股', '青禾科技')]
    >>> d = Deal("青禾科技", "戴尔", "purchase")  # the target buys from a party of no role: its own deal
    >>> [(x.payer, x.payee) for x in apply_roles([d], {"青禾科技": {"目标公司"}, "宁川控股": {"认购方"}})]
    [('青禾科技', '戴尔')]
    >>> d = Deal("宁川银行", "宁川控股", "loan")  # a bank lends to the buyer: no purchase role turns a loan
    >>> [(x.payer, x.payee) for x in apply_roles([d], {"宁川控股": {"买方"}})]
    [('宁川银行', '宁川控股')]
    """
    if not roles:
        return deals
    rr = role_rules()

    def sides(name, kind):
        return {rr.sides[w] for w in roles.get(name, ()) if w in rr.sides and rr.applies(w, kind)}

    targets = [n for n, ws in roles.items() if ws & rr.targets]

    out = []
    for d in deals:
        if d.kind in _SIDED_KINDS and d.payer and d.payee:
            pr, qr = sides(d.payer, d.kind), sides(d.payee, d.kind)
            if d.payer in targets and not roles.get(d.payee):
                pass  # the target's own deal with a party of no role (目标公司已与乙订立采购协议): no seller read as a payer
            elif pr == {"payee"} and ("payee" not in qr or d.payee in targets):
                # (a company may hold a role in no pair too: 标的公司 or 被投资方 of one bracket)
                wanted = set().union(*(rr.counterparts.get(w, ()) for w in roles[d.payer] if rr.applies(w, d.kind)))
                buyers = [n for n, ws in roles.items() if ws & wanted and n != d.payee]
                if len(buyers) == 1:
                    d = _replace(d, payer=buyers[0])
                elif qr == {"payer"}:  # the paired party was read as the payee: the other way round
                    d = _replace(d, payer=d.payee, payee=d.payer)
            elif qr == {"payer"} and "payer" not in pr:
                d = _replace(d, payer=d.payee, payee=d.payer)
            if (
                d.kind == "acquisition"
                and sides(d.payee, d.kind) == {"payee"}
                and len(targets) == 1
                and targets[0] != d.payer
            ):
                d = _replace(d, payee=targets[0])  # 买方同意收购而卖方同意出售目标公司: the target is bought
        out.append(d)
    return out


def paired_deals(deals: list[Deal], text: str, simp: str, owners: list[Mention], price) -> list[Deal]:
    """The deal of two companies that brackets define as the two roles of a pair (甲(以下简称“卖方”),
    乙(以下简称“买方”)), when no deal of *deals* is between them: 买方 pays 卖方, a deal of the pair's
    kind, at ``price(kind)`` (an :class:`~kg.extract.amounts.Amount` or None, the fields' price), else
    for a purchase at the one price the buyer pays in *deals* (its acquisition of the target).

    >>> s = "甲山集团有限公司(以下简称“卖方”)与乙河贸易有限公司(以下简称“买方”)签署合同。"
    >>> o = [Mention("甲山集团", 0, 8), Mention("乙河贸易", 19, 27)]
    >>> [(d.payer, d.payee, d.kind) for d in paired_deals([], s, s, o, lambda kind: None)]
    [('乙河贸易', '甲山集团', 'purchase')]
    """
    rr = role_rules()
    defined: dict[str, set[str]] = {}
    ends: dict[str, int] = {}
    off = _roles_off(simp, rr)
    for term, name, end in definitions(simp, owners):
        if term in rr.sides and term not in off:
            defined.setdefault(term, set()).add(name)
            ends.setdefault(name, end)
    told = {frozenset((d.payer, d.payee)) for d in deals}
    out = list(deals)
    for (a, b), kind in rr.kinds.items():
        if len(defined.get(a, ())) != 1 or len(defined.get(b, ())) != 1:
            continue
        payer, payee = next(iter(defined[a])), next(iter(defined[b]))
        if payer == payee or frozenset((payer, payee)) in told:
            continue
        told.add(frozenset((payer, payee)))
        amount = price(kind)
        if amount is None and kind == "purchase":  # the buyer's one price for the target (代价为N)
            paid = {
                (d.amount.value, d.amount.currency): d.amount
                for d in deals
                if d.payer == payer and d.amount and d.kind in ("acquisition", "purchase")
            }
            amount = next(iter(paid.values())) if len(paid) == 1 else None
        first = min(ends[payer], ends[payee])
        line_start = simp.rfind("\n", 0, first) + 1
        line_end = simp.find("\n", first)
        line_end = len(simp) if line_end < 0 else line_end
        out.append(
            Deal(
                payer=payer,
                payee=payee,
                kind=kind,
                amount=amount,
                evidence=[Evidence.trimmed(text, line_start, line_end)],
                rule="defined_roles",
            )
        )
    return out
