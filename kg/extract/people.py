"""Natural persons the news marks as such: 王某某先生, 实际控制人李某 (kg/extract/orgnames.py person test).

A person is an entity of type ``person``, never a deal's party (people.yaml, frames.person_entities);
marking the ones the text marks lets a reader, and entity recall, see who is named. The markers are
rule data (``person_after``, ``person_before`` of ``rules/org_names.yaml``).

>>> s = "增持计划期满后,孟庆川先生合计买入公司股份41万股;实际控制人韦立平及其一致行动人亦质押股份。"
>>> [s[a:b] for a, b in marked_people(s)]
['孟庆川', '韦立平']
>>> marked_people("公司董事会审议通过了该议案。"), marked_people("公司控股股东王府井集团将持股质押。")
([], [])
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from .. import rules
from . import segment
from .literals import alternation, finditer_near
from .mentions import _CJK
from .orgname_rules import name_rules
from .orgnames import is_person
from .places import is_place


@dataclass(frozen=True)
class PeopleRules:
    after: re.Pattern  # a name, then an honorific: group "name" is the 2-3 characters before it
    before: re.Pattern  # a title (group "title"), then a name: group "name" is the 2-3 characters after it
    shared: frozenset[str]  # titles a company holds too (控股股东): the name must be tagged a person
    name_end: str  # the characters that may follow a name after a title (a function word, a stop)
    honorifics: re.Pattern | None = None  # the honorifics of `after`: searched for first (finditer_near)
    tagged_after: re.Pattern | None = None  # a name, then a person's deed (以个人名义): the name must be tagged a person
    list_min: int = 2  # the fewest items of a list of people (listed_people)
    deeds: re.Pattern | None = None  # the deeds of `tagged_after`: searched for first (finditer_near)


@rules.derived
@rules.loader("org_names.yaml")
def people_rules() -> PeopleRules:
    d = rules.load("org_names.yaml")
    after = alternation(d.get("person_after") or ["(?!)"])
    before = alternation(d.get("person_before") or ["(?!)"])
    return PeopleRules(
        re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,3}})(?={after})"),
        re.compile(rf"(?P<title>{before})(?P<name>[\u4e00-\u9fff]{{2,3}})"),
        frozenset(d.get("person_title_shared") or ()),
        str(d.get("person_name_end") or ""),
        re.compile(after),
        re.compile(rf"(?P<name>[\u4e00-\u9fff]{{2,3}})(?={alternation(d.get('person_after_tagged') or ['(?!)'])})"),
        int(d.get("person_list_min") or 2),
        re.compile(alternation(d.get("person_after_tagged") or ["(?!)"])),
    )


def _surnamed(name: str) -> bool:
    return name[0] in name_rules().surnames and not is_place(name)


class _LastMarked(threading.local):
    """The persons :func:`marked_people` found in the last text a thread asked about, kept on the
    rule set: the name lists, the siblings' test and the pipeline ask for the same article."""

    text: str | None = None
    spans: tuple[tuple[int, int], ...] = ()


def marked_people(simp: str) -> list[tuple[int, int]]:
    """Spans of the persons *simp* marks by an honorific or a title.

    The mark stands for jieba's person tag (a rare given name is often tagged otherwise): a name of
    two or three characters with a common surname first, that is no place, is enough. After a
    title, the name ends where a function word or a stop follows (实控人韦立平与…: 韦立平); before an
    honorific, the three-character reading comes first. After a title that a company holds too
    (控股股东), the name must also be tagged a person (:func:`~kg.extract.orgnames.is_person`).

    >>> marked_people("控股股东高新投与宁川银行签署协议"), marked_people("控股股东韦立平与宁川银行签署协议")
    ([], [(4, 7)])
    """
    last = rules.active().derived(("people", "last_marked"), _LastMarked)
    if last.text is simp:  # (the same string object: the same article)
        return list(last.spans)
    out = _marked_people(simp)
    last.text, last.spans = simp, tuple(out)
    return out


def _marked_people(simp: str) -> list[tuple[int, int]]:
    r = people_rules()
    out: list[tuple[int, int]] = []
    # a match starts two or three characters before its honorific: searched for there only
    for m in finditer_near(r.after, simp, r.honorifics, 3) if r.honorifics else r.after.finditer(simp):
        a, b = m.span("name")
        for start in (a, a + 1) if b - a == 3 else (a,):
            if _surnamed(simp[start:b]) or is_person(simp[start:b]):
                out.append((start, b))
                break
    for m in r.before.finditer(simp):
        a, b = m.span("name")
        for end in (b, b - 1) if b - a == 3 else (b,):
            nxt = simp[end : end + 1]
            if m["title"] in r.shared and not is_person(simp[a:end]):
                continue  # 控股股东高新投: a company
            if (not nxt or nxt in r.name_end or not _CJK.match(nxt)) and _surnamed(simp[a:end]):
                out.append((a, end))
                break
    for m in finditer_near(r.tagged_after, simp, r.deeds, 3) if r.deeds else r.tagged_after.finditer(simp):
        a, b = m.span("name")
        for start in (a, a + 1) if b - a == 3 else (a,):
            if _bounded(simp, start, b, r.name_end) and is_person(simp[start:b]):
                out.append((start, b))
                break
    out += listed_people(simp)
    return sorted(set(out))


_ITEM = r"[\u4e00-\u9fff]{2,3}?"
_LIST_COMMA = re.compile("、")


def _bounded(simp: str, a: int, b: int, ends: str) -> bool:
    """Does no Chinese character but a function word or a stop stand right before *a*?"""
    prev = simp[a - 1 : a]
    return not prev or prev in ends or not _CJK.match(prev)


def _common(name: str) -> bool:
    """A word of the dictionary as frequent as a common one (王府井, 金石: a place, a stock's name)."""
    return segment.word_frequencies().get(name, 0) >= name_rules().rare_freq


def listed_people(simp: str) -> list[tuple[int, int]]:
    """Spans of the items of 、-lists made only of persons' names (赵某某、钱某、孙某某也承诺…).

    Every item is tagged a person by jieba and one at least has three characters; the list stands
    alone (no Chinese character but a function word or a stop on either side of it). One item of a
    list of three or more may be a common word (a famous namesake: 周瑜).

    >>> s = "此外,王建明、刘志强、黄丽和李思远均表示不卖出。"
    >>> [s[a:b] for a, b in listed_people(s)]
    ['王建明', '刘志强', '黄丽', '李思远']
    >>> listed_people("青禾集团、宁川股份、远帆科技等三家公司"), listed_people("王府井、金石、宁川股份均上涨。")
    ([], [])
    >>> s = "同样,周瑜、刘志强、李思远也承诺增持。"
    >>> [s[a:b] for a, b in listed_people(s)]
    ['周瑜', '刘志强', '李思远']
    """
    r = people_rules()
    out: list[tuple[int, int]] = []
    ends = r.name_end + "也均亦都还则"
    if "、" not in simp:
        return out
    stop = re.escape(ends)
    pat = re.compile(rf"(?<![^{stop}\W\d])(?:{_ITEM}、)+{_ITEM}(?:[和及与]{_ITEM})?(?=[{stop}]|[^\u4e00-\u9fff]|$)")
    for m in finditer_near(pat, simp, _LIST_COMMA, 3):  # (a list's first 、 is 2-3 characters in)
        a, b = m.span()
        items, pos = [], a
        for part in re.split("(、|和|及|与)", m.group()):
            if part in ("、", "和", "及", "与"):
                pos += len(part)
                continue
            items.append((pos, pos + len(part)))
            pos += len(part)
        if len(items) < r.list_min or not any(y - x == 3 for x, y in items):
            continue
        common = sum(_common(simp[x:y]) for x, y in items)  # 周瑜: a famous namesake is a common word
        if all(is_person(simp[x:y]) for x, y in items) and (common == 0 or common == 1 and len(items) >= 3):
            out.extend(items)
    return out

