"""Lists of parties: the unknown members of a list that holds a known name (甲、乙和丙).

A list joined by 、/和/及 that names one known organisation names organisations in its other
items too (拟收购甲、乙、丙: the verb before the list is no part of its first name; people are
left out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import rules
from ..rules.shapes import words
from .breaks import breaks_of
from .literals import alternation, finditer_near
from .names import is_generic_name
from .orgnames import is_person, trim_front
from .people import marked_people

_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9&·]{2,14}"
_ITEM_MAX = 14
_COMMA = re.compile("、")  # every list match holds one, _ITEM_MAX characters at most after its start


@dataclass(frozen=True)
class _ListRules:
    """The list patterns built from the words of org_names.yaml (:func:`_list_rules`)."""

    items: re.Pattern  # 甲、乙、丙和丁
    split: re.Pattern  # a joiner between two items, kept by re.split
    joiners: frozenset[str]
    end: re.Pattern  # 等共同领投 at the end of the last item
    pair: re.Pattern  # 甲与乙 before 共同
    together: re.Pattern  # 共同: every pair match is followed by one
    pair_reach: int  # ... starting at most this far after the match's start
    items_breaks: re.Pattern | None = None  # the characters no list holds (kg/extract/breaks.py)
    pair_breaks: re.Pattern | None = None  # ... no pair holds


@rules.derived
@rules.loader("org_names.yaml")
def _list_rules() -> _ListRules:
    d = rules.load("org_names.yaml")
    path = str(rules.active().base / "org_names.yaml")

    def group(key):
        return "(?:" + alternation(words(d.get(key), what=key, path=path)) + ")"

    last, together, pair_joiners = group("list_last_joiners"), group("together_words"), d.get("pair_joiners") or []
    items = re.compile(rf"{_LIST_ITEM}(?:、{_LIST_ITEM})+(?:{last}{_LIST_ITEM})?")
    pair = re.compile(rf"(?P<a>{_LIST_ITEM}){group('pair_joiners')}(?P<b>{_LIST_ITEM}?)(?={together})")
    return _ListRules(
        items=items,
        split=re.compile("(" + alternation(["、", *d["list_last_joiners"]]) + ")"),
        joiners=frozenset(["、", *d["list_last_joiners"]]),
        end=re.compile(group("list_end_adverbs") + "*" + group("list_end_verbs") + "$"),
        pair=pair,
        together=re.compile(together),
        pair_reach=2 * _ITEM_MAX + max(map(len, pair_joiners), default=0),
        items_breaks=breaks_of(items),
        pair_breaks=breaks_of(pair),
    )


def list_joiner() -> re.Pattern:
    """A word that joins two items of a list: 、 or one of ``list_last_joiners`` of org_names.yaml.

    >>> [m.group() for m in list_joiner().finditer("甲、乙以及丙和丁")]
    ['、', '以及', '和']
    """
    return _list_rules().split


def list_members(simp: str, mentions: list) -> list[tuple[int, int]]:
    """Unknown names listed with known ones: ``国科投资、北汽产投、建信投资跟投`` -> the unknown items.

    An item between two list separators is a name of the same kind as its neighbours when at
    least one other item of the list is a known organisation; a person an honorific or a title
    marks is none (:func:`~kg.extract.people.marked_people`).

    >>> from kg.model import Mention
    >>> known = [Mention("岚峰集团", 0, 4)]
    >>> list_members("岚峰集团、青松资本(以下合称“转让方”)", known)
    [(5, 9)]
    >>> list_members("岚峰集团、陈伯涛先生(以下合称“转让方”)", known)
    []
    """
    spans = {(m.start, m.end) for m in mentions}
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    out = []
    lr = _list_rules()
    people: list | None = None  # persons marked by an honorific or a title (陈某先生), worked out once
    for lm in finditer_near(lr.items, simp, _COMMA, _ITEM_MAX, lr.items_breaks):
        items, pos = [], lm.start()
        for part in lr.split.split(lm.group()):
            if part in lr.joiners:
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
            if k == 0:  # 拟收购甲、乙、丙: the verb before the list is no part of its first name
                a = trim_front(simp, a, b)
                if is_person(simp[a:b]):
                    continue
            if k == len(items) - 1:
                cut = lr.end.search(simp, a, b)
                b = cut.start() if cut else b
            part = simp[a:b]
            if len(part) < 2 or any(c.isdigit() for c in part) or is_generic_name(part):
                continue
            if people is None:
                people = marked_people(simp)
            if any(x < b and a < y for x, y in people):
                continue  # 甲集团、陈某先生(以下合称“转让方”): a person listed with a company
            out.append((a, b))
    # 阿里云与国科投资共同领投: a pair, one of them known
    for pm in finditer_near(lr.pair, simp, lr.together, lr.pair_reach, lr.pair_breaks):
        a_span, b_span = pm.span("a"), pm.span("b")
        if a_span[1] in {e for _, e in spans} and b_span not in spans:
            a, b = b_span
            part = simp[a:b]
            if len(part) >= 2 and not any(i in covered for i in range(a, b)) and not is_generic_name(part):
                out.append((a, b))
    # 丙的三方联合体: a listed name ends at 的; 丙组成的联合体: and before the verb of the list before it
    out = [(a, simp.find("的", a, b)) if "的" in simp[a:b] else (a, b) for a, b in out]
    out = [(a, m.start()) if (m := lr.end.search(simp, a, b)) else (a, b) for a, b in out]
    return list(dict.fromkeys((a, b) for a, b in out if b - a >= 2))
