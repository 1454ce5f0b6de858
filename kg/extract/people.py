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
from dataclasses import dataclass

from .. import rules
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
    )


def _surnamed(name: str) -> bool:
    return name[0] in name_rules().surnames and not is_place(name)


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
    return sorted(set(out))
