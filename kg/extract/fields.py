"""Labelled fields of announcements, read by one set of frames (``fields`` in ``rules/fields.yaml``):
``甲方：…``, ``转让方：…``, ``质权人：…`` with ``合同金额：N`` state a deal of their own
(:func:`apply_fields`); a frame with ``completes`` (bid awards: ``招标人：甲``, ``中标金额：N``)
completes the deal the sentences tell (:func:`complete_told_deals`).

Exchange announcements of a bid award list the project as numbered fields (``1、项目名称：…``,
``2、招标人：甲``, ``3、中标金额：人民币1.2亿元``). The sentence that tells the award often
names only a place (the project's) or nobody as the tendering party; a ``招标人`` field names it.

>>> from kg import analyze
>>> text = ("澄湾智控股份有限公司（下称“公司”）近日收到北岭市公共资源交易中心送达的《中标通知书》，"
...         "确认公司为北岭市城市水务智能监测设备采购项目的中标单位。\\n1、招标人：北岭水务投资集团有限公司\\n"
...         "2、中标金额：人民币9,600万元\\n")
>>> [(d.payer, d.payee, d.amount.text) for d in analyze(text).deals]
[('北岭水务投资集团有限公司', '澄湾智控股份有限公司', '人民币9,600万元')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace as _replace

from .. import rules
from ..errors import RuleError
from ..kinds import deal_kinds
from ..model import Deal, Evidence
from ..rules.shapes import words
from .amounts import MONEY
from .literals import alternation
from .merging import merge_deals
from .normalize import to_simplified
from .relation_rules import relation_rules


def complete_told_deals(deals: list[Deal], text: str, simp: str, mentions, amounts) -> list[Deal]:
    """*deals* with the payer and price that the fields of the ``completes`` frames of
    ``rules/fields.yaml`` state for the told deals of those frames' rules (bid awards: ``2、招标人：甲``,
    ``3、中标金额：N``).

    Only when those deals have one payee, and the article names one payer in the frame's fields (a
    field naming another company than the one told is the more precise of the two) or several, one
    per project with one price each (:func:`_projects`). *deals* comes back as it is when no field
    applies.
    """
    for f in field_frames():
        if f.completes:
            deals = _complete(f, deals, text, simp, mentions, amounts)
    return deals


def _complete(f: FieldFrame, deals: list[Deal], text: str, simp: str, mentions, amounts) -> list[Deal]:
    awards = [d for d in deals if d.rule in f.completes and d.kind == f.kind and d.payee]
    if not awards or len({d.payee for d in awards}) != 1:
        return deals
    by_start = {m.start: m for m in mentions}
    tenderers = _values(f.payer, simp, by_start)
    names = {m.name for m in tenderers}
    money = sorted((a for a in amounts if a.unit == MONEY), key=lambda a: a.start)  # a range too: 1-1.2亿元
    prices = _prices(f, simp, money)
    if len(names) > 1:
        return _projects(deals, awards, tenderers, prices, text, simp)
    if len(names) != 1:
        return deals
    name = names.pop()
    if name == awards[0].payee:
        return deals
    field_mention = min(tenderers, key=lambda m: m.start)
    ev = _line(field_mention, text, simp)
    price = prices[0] if len({p.text for p in prices}) == 1 else None
    award_ids = {id(d) for d in awards}
    out = []
    for d in deals:
        if id(d) in award_ids:
            d = _replace(d, payer=name, evidence=[*d.evidence, ev], amount=d.amount or price)
        out.append(d)
    return merge_deals(out)  # two tellings of the award may now name the same two parties


def _line(mention, text: str, simp: str) -> Evidence:
    """The line of the announcement that holds *mention* (a field), as evidence."""
    start = simp.rfind("\n", 0, mention.start) + 1
    end = simp.find("\n", mention.end)
    end = len(simp) if end < 0 else end
    return Evidence.trimmed(text, start, end)


def _projects(deals: list[Deal], awards: list[Deal], tenderers, prices, text: str, simp: str) -> list[Deal]:
    """One award per project when the fields list several (（一）项目一 … 2、招标人：甲 3、中标金额：N
    （二）项目二 … 2、招标人：乙 3、中标金额：M): each tendering party pays the one winner its
    project's price. Only when every project has one tendering party and one price, in order;
    else *deals* as they are."""
    tenderers = sorted(tenderers, key=lambda m: m.start)
    if len({m.name for m in tenderers}) != len(tenderers):
        return deals  # one tendering party in two projects' fields: which price is whose is not said
    bounds = [m.start for m in tenderers[1:]] + [len(simp)]
    groups = []
    for m, end in zip(tenderers, bounds, strict=True):
        own = [p for p in prices if m.end <= p.start < end]
        if len(own) != 1:
            return deals
        groups.append((m, own[0]))
    first = awards[0]
    award_ids = {id(d) for d in awards}
    out = [d for d in deals if id(d) not in award_ids]
    for m, price in groups:
        if m.name == first.payee:
            return deals
        out.append(_replace(first, payer=m.name, amount=price, evidence=[*first.evidence, _line(m, text, simp)]))
    return merge_deals(out)


# ------------------------------------------------------------ labelled fields of any announcement

_START = r"(?:^|(?<=[\n、.．)）●■•;]))[ \t]*"  # (a table's row flattened: 股东名称:甲;…;质权人:乙)
_AFTER_FIELD = r"(?:^|(?<=[\n、.．)）●■•;,，]))[ \t]*"  # a price field may follow another on its line (中标人:甲,中标金额:N)
_FRAME_KEYS = {
    "name",
    "kind",
    "payer",
    "payee",
    "counterparty",
    "amount",
    "amount_in_line",
    "amount_field",
    "announcer",
    "announcer_turns_when",
    "context_line",
    "needs_amount",
    "completes",
    "rows",
    "blocks",
    "block_skip",
    "payer_sections",
    "counterparty_sections",
    "one_payer_for_all",
    "subject_rows",
    "examples",
    "negatives",
}


@dataclass(frozen=True)
class FieldFrame:
    """One frame of ``fields`` in ``rules/fields.yaml``: the labels of a deal's parties and price."""

    name: str
    kind: str
    payer: re.Pattern
    payee: re.Pattern
    counterparty: re.Pattern
    amount: re.Pattern
    amount_in_line: re.Pattern
    announcer: str | None  # the side the announcing company is on: "payer", "payee" or None
    announcer_turns_when: tuple[str, ...]  # words that put it on the other side (处分: a buyer sells)
    labels: tuple[str, ...]  # every party label: a text without one of them holds none of the frame's fields
    needs_amount: bool = False  # no price, no deal (a framework agreement names parties and no money)
    completes: frozenset[str] = frozenset()  # rules of relations.yaml whose told deals the fields complete
    amount_field: re.Pattern = re.compile("(?!)")  # a price field: the label, its colon, the amount at once
    rows: bool = False  # each line naming one payer and one payee is a deal of its own (a table's rows)
    blocks: bool = False  # each block (between blank lines and headings) naming one payer is a deal of its own
    block_skip: tuple[str, ...] = ()  # words that make a block give none (解除质押)
    context_line: re.Pattern = re.compile("(?!)")  # labelled lines those words are also sought in (主旨:…)
    one_payer_for_all: bool = False  # blocks with no payer field take the document's one payer (采购人信息)
    subject_rows: bool = False  # a line's label is the party (1. 甲（类型）：获配金额N): it deals with the announcer


@rules.derived
@rules.loader("fields.yaml")
def field_frames() -> list[FieldFrame]:
    """The compiled ``fields`` of ``rules/fields.yaml``."""
    path = "rules/fields.yaml"
    links = alternation(words(rules.load("fields.yaml").get("price_links"), what="price_links", path=path))
    link = r"(?:[:：]|" + links + ")?" if links else "[:：]?"  # 合同金额：N, 合同金额为N
    lots = words(rules.load("fields.yaml").get("lot_names"), what="lot_names", path=path)
    lot = "(?:" + "|".join(lots) + ")?" if lots else ""
    for h in lots:
        try:
            re.compile(h)
        except re.error as e:
            raise RuleError(f"lot_names: {h!r} is no regex: {e}", path=path) from None
    out = []
    for i, d in enumerate(rules.load("fields.yaml").get("fields") or [], 1):
        if not isinstance(d, dict) or not isinstance(d.get("name"), str):
            raise RuleError(f"fields item {i} must be a mapping with a name", path=path)
        name = d["name"]
        extra = set(d) - _FRAME_KEYS
        if extra:
            raise RuleError(f"fields {name!r}: unknown key {sorted(extra)[0]!r}; expected one of {sorted(_FRAME_KEYS)}", path=path)
        if d.get("kind") not in deal_kinds().names:
            raise RuleError(f"fields {name!r}: kind {d.get('kind')!r} is not one of {sorted(deal_kinds().names)}", path=path)
        side = d.get("announcer")
        if side not in (None, "payer", "payee"):
            raise RuleError(f"fields {name!r}: announcer {side!r} must be payer or payee", path=path)

        def labels(key, *, colon=True, name=name, d=d, start=_START):
            ws = words(d.get(key), what=f"fields {name}.{key}", path=path)
            if not ws:
                return re.compile("(?!)")
            if colon:  # 第一标段中标人: a lot's name may open the label
                head = start + (lot if key in ("payer", "payee") else "")
                return re.compile(head + "(?:" + alternation(ws) + r")[ \t]*(?:\([^()\n]{0,12}\))?[ \t]*[:：][ \t]*", re.M)
            return re.compile(_START + "(?:" + alternation(ws) + r")[^\n:：]{0,16}[:：]", re.M)

        def with_sections(pat, key, name=name, d=d):
            # 1.采购人信息 / 名称：甲, （二）合同对方当事人情况 / 1. 名称：乙 (a heading naming the role, then the
            # party's name field)
            sections = words(d.get(key), what=f"fields {name}.{key}", path=path)
            if not sections:
                return pat
            names = words(rules.load("fields.yaml").get("section_name_labels"), what="section_name_labels", path=path)
            if not names:
                raise RuleError(f"fields {name!r}: {key} needs section_name_labels", path=path)
            return re.compile(
                "(?:" + pat.pattern + ")|" + _START + "(?:" + alternation(sections) + r")[^\n:：]{0,6}\n[ \t]*"
                r"(?:\d{1,2}[、.．][ \t]*)?(?:" + alternation(names) + r")[ \t]*[:：][ \t]*",
                re.M,
            )

        frame = FieldFrame(
            name=name,
            kind=d["kind"],
            payer=with_sections(labels("payer"), "payer_sections"),
            payee=labels("payee"),
            counterparty=with_sections(labels("counterparty"), "counterparty_sections"),
            amount=re.compile("(?:" + alternation(words(d.get("amount"), what=f"fields {name}.amount", path=path)) + r")[ \t]*" + link + r"[ \t]*")
            if d.get("amount")
            else re.compile("(?!)"),
            amount_in_line=labels("amount_in_line", colon=False),
            amount_field=labels("amount_field", start=_AFTER_FIELD),
            announcer=side,
            announcer_turns_when=tuple(words(d.get("announcer_turns_when"), what=f"fields {name}.announcer_turns_when", path=path)),
            context_line=labels("context_line", colon=False),
            needs_amount=bool(d.get("needs_amount")),
            labels=tuple(
                w
                for k in ("payer", "payee", "counterparty", "counterparty_sections")
                for w in words(d.get(k), what=k, path=path)
            ),
            completes=frozenset(_rule_names(d.get("completes"), what=f"fields {name}.completes", path=path)),
            rows=bool(d.get("rows")),
            blocks=bool(d.get("blocks")),
            block_skip=tuple(words(d.get("block_skip"), what=f"fields {name}.block_skip", path=path)),
            one_payer_for_all=bool(d.get("one_payer_for_all")),
            subject_rows=bool(d.get("subject_rows")),
        )
        if frame.subject_rows:
            if side is None or not d.get("amount"):
                raise RuleError(f"fields {name!r}: subject_rows needs announcer and amount", path=path)
            frame = _replace(frame, labels=tuple(words(d.get("amount"), what="amount", path=path)))
        if frame.one_payer_for_all and not frame.blocks:
            raise RuleError(f"fields {name!r}: one_payer_for_all needs blocks: true", path=path)
        if d.get("counterparty") and side is None:
            raise RuleError(f"fields {name!r}: a counterparty label needs announcer: payer or payee", path=path)
        if frame.completes and (d.get("payee") or d.get("counterparty") or side or not d.get("payer")):
            raise RuleError(f"fields {name!r}: a frame that completes told deals names their payer only", path=path)
        out.append(frame)
    return out


def _rule_names(value, *, what: str, path: str) -> list[str]:
    """*value*, a list of names of rules of ``rules/relations.yaml``; a name no rule has is an error."""
    names = words(value, what=what, path=path)
    known = {r.name for r in relation_rules().rules}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RuleError(f"{what}: {unknown[0]!r} is no rule of relations.yaml", path=path)
    return names


def apply_fields(deals: list[Deal], text: str, simp: str, mentions, amounts, company) -> list[Deal]:
    """*deals* with the deals that labelled fields state (``fields`` in ``rules/fields.yaml``).

    *company(offset)* is the announcing company for a field at *offset* (a name or None). A frame
    whose fields name one payer and one payee gives a deal of its kind, at the price of its price
    fields when they agree; a deal the sentences tell between the same two parties takes the fields'
    direction and, when it has none, their price.

    >>> from kg import analyze
    >>> text = ("宁川机电股份有限公司关于签订日常经营合同的公告\\n甲方：德清港务集团有限公司\\n"
    ...         "乙方：宁川机电股份有限公司\\n合同金额：人民币8,600万元\\n")
    >>> [(d.payer, d.payee, d.kind, d.amount.text) for d in analyze(text).deals]
    [('德清港务集团有限公司', '宁川机电股份有限公司', 'purchase', '人民币8,600万元')]
    """
    frames = field_frames()
    if not frames or not any(c in simp for c in ":："):
        return deals
    by_start = {}
    for m in mentions:
        by_start.setdefault(m.start, m)
    money = sorted((a for a in amounts if a.unit == MONEY and not a.parts), key=lambda a: a.start)
    money_at = {a.start: a for a in money}
    for f in frames:
        if f.completes or not any(map(simp.__contains__, f.labels)):
            continue
        if f.subject_rows:
            for deal in _subject_row_deals(f, text, simp, by_start, money, company):
                deals = _with_field_deal(deals, deal)
            continue
        if f.rows or f.blocks:
            found = (
                _row_deals(f, text, simp, by_start, money, company)
                if f.rows
                else _block_deals(f, text, simp, mentions, by_start, money)
            )
            for deal in found:
                deals = _with_field_deal(deals, deal)
            continue
        found = _frame_deal(f, text, simp, by_start, money, money_at, company)
        if found is None:
            continue
        deals = _with_field_deal(deals, found)
    return deals


def _values(pat: re.Pattern, simp: str, by_start) -> list:
    """The mentions that start a field's value (after the label and its colon)."""
    out = []
    for m in pat.finditer(simp):
        v = by_start.get(m.end())
        if v is not None:
            out.append(v)
    return out


def _frame_deal(f: FieldFrame, text, simp, by_start, money, money_at, company) -> Deal | None:
    payers, payees = _values(f.payer, simp, by_start), _values(f.payee, simp, by_start)
    others = _values(f.counterparty, simp, by_start)
    if others or (f.announcer and (payers or payees)):
        where = (others or payers or payees)[0]
        own = company(where.start)
        if own is None or own in {m.name for m in others}:
            return None
        side = f.announcer
        lines = [_line(m, text, simp).text for m in others]
        lines += [_line_at(m.start(), text, simp).text for m in f.amount_in_line.finditer(simp)]
        lines += [_line_at(m.start(), text, simp).text for m in f.context_line.finditer(simp)]
        if any(to_simplified(x).find(w) >= 0 for x in lines for w in f.announcer_turns_when):
            side = "payer" if side == "payee" else "payee"
        (payees if side == "payee" else payers).append(_Named(own))
        (payers if side == "payee" else payees).extend(others)
    names_payer, names_payee = {m.name for m in payers}, {m.name for m in payees}
    if len(names_payer) != 1 or len(names_payee) != 1 or names_payer == names_payee:
        return None
    price = _price(_prices(f, simp, money))
    if price is None and f.needs_amount:
        return None
    evidence = [_line(m, text, simp) for m in [*payers, *payees] if not isinstance(m, _Named)]
    if price is not None:
        evidence.append(_line_at(price.start, text, simp))
    return Deal(
        payer=names_payer.pop(),
        payee=names_payee.pop(),
        kind=f.kind,
        amount=price,
        evidence=sorted({(e.start, e.end): e for e in evidence}.values(), key=lambda e: e.start),
        rule=f.name,
        sentence_index=0,
    )


def _row_deals(f: FieldFrame, text, simp, by_start, money, company) -> list[Deal]:
    """One deal per line that names one payer and one payee in *f*'s fields (a table's rows:
    股东名称:甲;…;质权人:乙), at the price of the line's price field when it has one. A field whose
    value is 公司/本公司 (授信主体:公司) names the announcing company."""
    lines: dict[int, tuple[set, set]] = {}
    for side, pat in ((0, f.payer), (1, f.payee)):
        for m in _values(pat, simp, by_start):
            lines.setdefault(simp.rfind("\n", 0, m.start) + 1, (set(), set()))[side].add(m.name)
        for m in pat.finditer(simp):
            own = _SELF_VALUE.match(simp, m.end()) and company(m.start())
            if own:
                lines.setdefault(simp.rfind("\n", 0, m.start()) + 1, (set(), set()))[side].add(own)
    out = []
    prices = _prices(f, simp, money)
    for start, (payers, payees) in sorted(lines.items()):
        if len(payers) != 1 or len(payees) != 1 or payers == payees:
            continue
        row = _line_at(start, text, simp)
        price = _price([a for a in prices if row.start <= a.start < row.end])
        out.append(
            Deal(payer=next(iter(payers)), payee=next(iter(payees)), kind=f.kind, amount=price,
                 evidence=[row], rule=f.name, sentence_index=0)
        )
    return out


_SELF_VALUE = re.compile(r"\s?(?:本公司|公司|上市公司)\s?(?:[;；,，。]|$)", re.M)
_ROW_HEAD = re.compile(r"[ \t]*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．)）]|[(（]\d{1,2}[)）])?[ \t]*")
_ROW_LABEL_END = re.compile(r"[ \t]*(?:\([^\n:：]{0,60}\))?[ \t]*[:：]")


def _subject_row_deals(f: FieldFrame, text, simp, by_start, money, company) -> list[Deal]:
    """One deal per line whose label is a party (1. 甲（类型）：获配股数N股，获配金额M元): the party
    and the announcing company, on the sides ``announcer`` gives, at the line's price field."""
    out = []
    for m in f.amount.finditer(simp):
        price = next((a for a in money if m.end() <= a.start <= m.end() + 4 and "\n" not in simp[m.end() : a.start]), None)
        start = simp.rfind("\n", 0, m.start()) + 1
        party = by_start.get(_ROW_HEAD.match(simp, start).end())
        if price is None or party is None or not _ROW_LABEL_END.match(simp, party.end) or party.end > m.start():
            continue
        own = company(party.start)
        if own is None or own == party.name:
            continue
        payer, payee = (party.name, own) if f.announcer == "payee" else (own, party.name)
        out.append(
            Deal(payer=payer, payee=payee, kind=f.kind, amount=price, evidence=[_line_at(start, text, simp)],
                 rule=f.name, sentence_index=0)
        )
    return out


@rules.derived
@rules.loader("fields.yaml")
def block_head() -> re.Pattern:
    """The start of a line that opens a block of fields (``block_heads`` of ``rules/fields.yaml``).

    >>> bool(block_head().match("（二）德清县污泥处置设备采购项目")), bool(block_head().match("2、招标人：甲"))
    (True, False)
    """
    path = "rules/fields.yaml"
    heads = words(rules.load("fields.yaml").get("block_heads"), what="block_heads", path=path)
    for h in heads:
        try:
            re.compile(h)
        except re.error as e:
            raise RuleError(f"block_heads: {h!r} is no regex: {e}", path=path) from None
    return re.compile(r"[ \t]*(?:" + "|".join(heads) + ")") if heads else re.compile("(?!)")


def _blocks(simp: str) -> list[tuple[int, int]]:
    """The spans of an announcement's blocks: runs of lines between blank lines and section
    headings (a heading line starts its block)."""
    out, start, pos, head = [], 0, 0, block_head()
    for line in simp.splitlines(keepends=True):
        if not line.strip() or head.match(line):
            if pos > start:
                out.append((start, pos))
            start = pos if line.strip() else pos + len(line)
        pos += len(line)
    if pos > start:
        out.append((start, pos))
    return out


def _block_deals(f: FieldFrame, text, simp, mentions, by_start, money) -> list[Deal]:
    """Deals of an announcement's blocks (（一）项目一 1、招标人：甲 2、中标人：乙、丙 3、中标金额：N
    （二）…; 股东名称：甲 … 质权人：乙 质押融资金额：N): in each block whose payer fields name one
    party, that party pays every party named on its payee fields' lines, at the block's price when
    its price fields agree on one. Several payees of one block share its price (``joint``); a block
    with a word of ``block_skip`` (解除质押: a pledge released) gives none."""
    at = {a.start: a for a in money}
    all_payers = _values(f.payer, simp, by_start)
    # one payer named once in the whole document pays the winners of blocks that name none
    sole = {m.name: m for m in all_payers} if f.one_payer_for_all else {}
    out = []
    for lo, hi in _blocks(simp):
        if any(w in simp[lo:hi] for w in f.block_skip):
            continue
        payers = {m.name: m for m in all_payers if lo <= m.start < hi}
        if not payers and len(sole) == 1:
            payers = sole
        labels = list(f.payee.finditer(simp, lo, hi))
        if len(payers) != 1 or len(labels) != 1:  # two payee fields of one payer: whose is not said
            continue
        payer, label = next(iter(payers.values())), labels[0]
        end = simp.find("\n", label.end(), hi)
        end = hi if end < 0 else end
        names = [m.name for m in mentions if label.end() <= m.start and m.end <= end]
        payees = [n for n in dict.fromkeys(names) if n != payer.name]
        price = _price([at[m.end()] for m in f.amount_field.finditer(simp, lo, hi) if m.end() in at])
        lines = [_line(payer, text, simp), _line_at(label.start(), text, simp)]
        if price is not None:
            lines.append(_line_at(price.start, text, simp))
        ev = sorted({(e.start, e.end): e for e in lines}.values(), key=lambda e: e.start)
        for name in payees:
            out.append(
                Deal(payer=payer.name, payee=name, kind=f.kind, amount=price, joint=price is not None and len(payees) > 1,
                     evidence=list(ev), rule=f.name, sentence_index=0)
            )
    return out


@dataclass(frozen=True)
class _Named:
    """The announcing company as a field value (it has no mention in the fields)."""

    name: str


def _line_at(offset: int, text: str, simp: str) -> Evidence:
    start = simp.rfind("\n", 0, offset) + 1
    end = simp.find("\n", offset)
    end = len(simp) if end < 0 else end
    return Evidence.trimmed(text, start, end)


def _with_field_deal(deals: list[Deal], found: Deal) -> list[Deal]:
    """*deals* with *found*: a told deal between the same two parties of a related kind takes its
    direction and (when it has none) its price; else *found* is added."""
    pair = {found.payer, found.payee}
    out, merged = [], False
    for d in deals:
        if {d.payer, d.payee} == pair and (d.kind == found.kind or {d.kind, found.kind} <= {"purchase", "acquisition"}):
            d = _replace(
                d,
                payer=found.payer,
                payee=found.payee,
                amount=d.amount or found.amount,
                evidence=[*d.evidence, *(e for e in found.evidence if e not in d.evidence)],
            )
            merged = True
        out.append(d)
    if not merged:
        out.append(found)
    return merge_deals(out)


def _prices(f: FieldFrame, simp: str, money) -> list:
    """The sums of money *f*'s price fields give: right after an amount label, the first of a
    line that an ``amount_in_line`` label opens, or the value of an ``amount_field``."""
    prices = []
    for m in f.amount.finditer(simp):
        a = next((a for a in money if m.end() <= a.start <= m.end() + 4 and "\n" not in simp[m.end() : a.start]), None)
        if a is not None:
            prices.append(a)
    for m in f.amount_in_line.finditer(simp):
        end = simp.find("\n", m.end())
        a = next((a for a in money if m.end() <= a.start and (end < 0 or a.end <= end)), None)
        if a is not None:
            prices.append(a)
    at = {a.start: a for a in money}
    prices += [at[m.end()] for m in f.amount_field.finditer(simp) if m.end() in at]
    return prices


def _price(prices: list):
    """The one price *prices* agree on (the first of them), else None."""
    return prices[0] if prices and len({p.value for p in prices}) == 1 else None


def field_price(simp: str, amounts, kind: str):
    r"""The price the fields of the frames of *kind* state in *simp* (one value), or None.

    >>> from kg.extract.amounts import extract_amounts
    >>> s = "重要内容提示:\n合同金额:12,860万美元\n"
    >>> field_price(s, extract_amounts(s, s), "purchase").text
    '12,860万美元'
    """
    money = sorted((a for a in amounts if a.unit == MONEY and not a.parts), key=lambda a: a.start)
    return _price([p for f in field_frames() if f.kind == kind and not f.completes for p in _prices(f, simp, money)])
