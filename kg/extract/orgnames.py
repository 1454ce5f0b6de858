"""Organisation names of real news that no gazetteer lists: short names by their context.

Financial news names most companies by a short name of two to six characters (德展健康, 越秀金控)
that no list can hold. A name is recognised by where it stands: between a *left cue* (the start of
a clause, a deal verb, a role noun such as 子公司 or 股东) and a *right cue* (a predicate such as
拟, 公告, 收购, a stake ``25%股权``, a stock code ``(300068)``), and by its shape (no function word
inside, not a common dictionary word unless the cue is a strong one, not a person). Items of a
list joined by 、 are names of one kind. Every later occurrence of a name found once is the same
entity. The word lists are in ``rules/org_names.yaml``.

>>> s = "澄湾健康拟3亿元收购北岭药业30%的股份。"
>>> [s[a:b] for a, b, _ in org_names(s, [])]
['澄湾健康', '北岭药业']
>>> s = "青屿金控去年完成了对溪口证券全部股权的收购,彼时溪口证券仍在亏损。"
>>> [s[a:b] for a, b, _ in org_names(s, [])]
['青屿金控', '溪口证券', '溪口证券']
"""

from __future__ import annotations

import bisect
import re
import threading

from .. import rules
from . import orgname_shapes as shapes
from . import postag, segment
from .literals import spans_of
from .names import conjunctions, not_a_latin_name
from .normalize import after_chars
from .org_rules import org_patterns
from .orgname_rules import NameRules, name_rules, per_rules, runs_holding  # noqa: F401 (NameRules: re-exported)
from .orgname_shapes import (  # noqa: F401
    _ALL_CJK,
    _CJK,
    _bad_char,
    _freq,
    _is_word,
    _joined_name,
    _only_generic,
    _place_first,
    foreign_place,
    place_names,
)
from .places import after_notice, is_place, known_place_spans, place_rules, tender_body_spans

is_person = shapes.is_person  # the person test of orgname_shapes (lists.py, people.py import it from here)
_CLOSE_QUOTE = re.compile("[”\"」]")
_LATIN_FORM = re.compile(r"[A-Za-z0-9&.\- ]+, ?[A-Za-z.]+")  # Harbor Compute, LLC
_NAME_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z\u00c0-\u024f0-9·&.\- ]+|\*?S?\*?ST\s?[\u4e00-\u9fff]{2,6}")


def description_heads() -> tuple[str, ...]:
    """The head nouns of a description of a business (``description_heads`` of org_names.yaml)."""
    return name_rules().description_heads


def foreign_marks() -> tuple[str, ...]:
    """``foreign_company_marks`` of org_names.yaml (日商, 荷商: a foreign company's mark), the longest first."""
    return name_rules().foreign_marks


def is_description(s: str) -> bool:
    """Is *s* a description of a business (数据中心服务商: what it is or does, then a head noun of
    ``description_heads``), with no name in it?

    >>> is_description("美国数据中心服务商"), is_description("青禾数据中心服务商"), is_description("智慧能源")
    (True, False, False)
    """
    return s.endswith(name_rules().description_heads) and _only_generic(s)


def _starts_word(simp: str, i: int, end: int) -> bool:
    """Does a dictionary word of 2-4 characters start at *i* (and end by *end*)?"""
    freq = _freq()  # (_is_word, without a call per length)
    return any(freq.get(simp[i : i + k], 0) > 0 for k in (2, 3, 4) if i + k <= end)


def trim_front(simp: str, start: int, end: int) -> int:
    """Start of the name once time words, adverbs and descriptors in front are dropped.

    >>> s = "彼时广州证券"
    >>> s[trim_front(s, 0, len(s)):]
    '广州证券'
    >>> s = "今年3月A股上市公司经纬纺机"
    >>> s[trim_front(s, 0, len(s)):]
    '经纬纺机'
    """
    return start + _trim(simp[start:end])


@per_rules(16384)
def _trim(simp: str) -> int:
    r = name_rules()
    start, end = 0, len(simp)
    stops = r.stop_first
    while True:
        part = simp[start:end]
        t = r.time_prefix.match(part)
        if t and t.end() and end - start - t.end() >= r.min_chars and re.search(r"[年月日]|\d", t.group()):
            start += t.end()
            continue
        if part.startswith(r.share_classes) and len(part) > 4:
            start += 2
            continue
        s = next(
            (w for w in stops.get(part[:1], ()) if part.startswith(w) and len(part) - len(w) >= r.min_chars), None
        )
        if s is None:
            break
        if len(s) == 1 and _starts_word(simp, start, end):
            break  # 向日葵, 和硕: the character belongs to the name
        start += len(s)
    part = simp[start:end]
    country = next((c for c in r.countries if part.startswith(c) and len(part) - len(c) >= r.min_chars), None)
    if country:  # 挪威Aker集团: the country describes the name
        start += len(country)
        part = simp[start:end]
    cut = 0
    for w in r.descriptors:
        i = part.rfind(w)
        while i > 0 and (i + len(w) >= len(part) or len(w) == 1 and _starts_word(part, i, len(part))):
            i = part.rfind(w, 0, i)  # at the very end it is part of the name; 商业银行
        if i >= 0 and len(part) - (i + len(w)) >= r.min_chars and i + len(w) > cut:
            cut = i + len(w)
    if cut:  # 公司中标安福县: what follows the descriptor may start with a stop word too (not a
        # one-character one: 工具机厂和泰精密 keeps its 和)
        rest = simp[start + cut : end]
        w = next((w for w in stops.get(rest[:1], ()) if len(w) > 1 and rest.startswith(w)), None)
        j = next(
            (
                j
                for j in (*r.front_joiners, *r.front_prepositions)
                if rest.startswith(j) and part[:cut] in r.joiner_heads and not (len(j) == 1 and _starts_word(rest, 0, len(rest)))
            ),
            w,
        )  # (公司向日葵投资: 向日葵 is a word, the name's)
        if j and len(rest) - len(j) >= r.min_chars:  # (公司及青禾水务: the announcer and another name)
            cut += len(j)
    return start + cut


STRONG, MEDIUM, FIRM, WEAK = 3, 2, 1, 0


def name_ok(name: str, level: int) -> bool:
    """Is *name* shaped like an organisation's name, after a cue of *level* (STRONG: a stock code)?

    >>> name_ok("德展健康", WEAK), name_ok("公司", STRONG), name_ok("市场", MEDIUM), name_ok("太平洋", STRONG)
    (True, False, False, True)
    >>> name_ok("并且将", WEAK), name_ok("最多", MEDIUM), name_ok("他发现自己", WEAK)
    (False, False, False)
    """
    return _name_ok((name, level))  # (a name comes back: with other cues, in other articles)


@per_rules(8192)
def _name_ok(arg: tuple[str, int]) -> bool:
    name, level = arg
    strong = level >= STRONG
    r = name_rules()
    name = name.strip()
    st = r.st.match(name)
    if st and len(name) - st.end() >= r.min_chars:  # *ST步森: the shape is 步森's
        return name_ok(name[st.end() :], max(level, MEDIUM))
    if _LATIN_FORM.fullmatch(name):  # HHLR Fund, L.P.: a legal form after a comma is the name's
        return len(name) <= 4 * r.max_chars and (strong or (level >= MEDIUM and _latin_name(name)))
    if not r.min_chars <= len(name) <= r.max_chars or name in r.not_names:
        return False
    if not _NAME_CHARS.fullmatch(name):
        return False
    if not _CJK.search(name):
        return strong or (level >= MEDIUM and _latin_name(name))
    if _bad_char(name) or shapes.bad_ending(name, r) or r.bad_parts.search(name):
        return False
    if r.bad_shape.search(name):
        return False  # 继2022年: a date inside is no part of a name
    bare = re.sub(r"^[A-Za-z0-9 .\-]+", "", name)
    if _only_generic(name) or bare != name and _only_generic(bare) and not bare.endswith(r.name_words):
        return False  # 主权基金, Azure云平台
    if name.startswith(r.bad_starts):
        return False
    if name.isascii() and (len(name) < 4 or name.isupper()) and level < MEDIUM:
        return False  # EPC, PPP: an abbreviation of a concept more often than a name
    if not (name[0].isalpha() or _CJK.match(name[0])) or re.fullmatch(r"[\d.\-]+.?", name):
        return False
    if not strong and _freq().get(name, 0) >= r.common_freq:
        return False
    if is_person(name):
        return False
    if shapes.has_idiom(name):
        return False  # 紧锣密鼓: an idiom is no part of a name
    if strong:
        return True
    named = name[1:].endswith(r.name_words)  # a name word that is not the whole name
    rare, noun = _rare_or_named(name), named or shapes.noun_tags(name) or _place_first(name)
    if level == MEDIUM:
        return rare and noun if len(name) == 2 else rare or noun
    if level <= FIRM and _is_word(name) and not (level == FIRM and shapes.org_word(name)):
        return False  # 人工智能与…: a dictionary word at the head of a clause is a topic, not a name
    if level == FIRM:
        if len(name) < 3 or re.search(r"[A-Za-z0-9]", name) or shapes.verb_first(name):
            return False  # 参与应卖, 切入航太: a clause that opens with its verb has no subject
        return noun or rare and shapes.clean(name)
    return rare and noun and len(name) >= 3


def _latin_name(name: str) -> bool:
    """A Latin-script name (Walgreens, LongRun, NMS): capitalised, not a concept or a product."""
    if not name[:1].isupper() or len(name) < 3 or not_a_latin_name(name):
        return False
    return len(name) >= 4 or name.isupper()


def org_kind(name: str) -> str | None:
    """``"government"`` for a public body (…市公安局, …县人民政府, 长沙市), else None.

    >>> org_kind("铜仁市公安局"), org_kind("国家海洋信息总局"), org_kind("宏达建设")
    ('government', 'government', None)
    """
    r = name_rules()
    if is_place(name):
        return "government"  # 安吉, 江西瑞金: a place of rules/places.yaml
    m = r.body.search(name)
    if m and m.end() == len(name) and (r.place_marks.search(name, 2, min(len(name), 9)) or name.startswith(r.national_heads)):
        return "government"  # 铜仁市公安局, 国家海洋信息总局
    if r.place_marks.fullmatch(name[-1:]) and len(name) >= 3 and name[-1] in r.place_end_chars:
        return "government"
    return None


def bodies(simp: str) -> list[tuple[int, int]]:
    """Government bodies and public tenderers: a place, then a body (铜仁市公安局).

    >>> s = "公司收到湖州市公共资源交易中心送达的中标通知书,中标衢州市智慧交通项目。"
    >>> [s[a:b] for a, b in bodies(s)]
    ['湖州市公共资源交易中心', '衢州市']
    """
    r = name_rules()
    starts = _clause_starts(simp)
    out = []
    for m in r.body.finditer(simp):
        p = m.end()
        lo = starts[bisect.bisect_right(starts, m.start()) - 1]
        a = trim_front(simp, _left_edge(simp, lo, m.start(), words_only=True), m.start())
        if not r.min_chars <= p - a <= r.body_max or not _ALL_CJK.fullmatch(simp[a:p]):
            a = _place_start(simp, max(lo, p - r.body_max), m.start())  # 2019年青禾智联曾在|绵阳市应急管理局
            if a is None:
                continue
        else:
            alt = _place_start(simp, a + 1, m.start())  # 美幻科技曾在|成都市防震减灾局: a one-character cue
            if alt is not None and simp[alt - 1] in r.weak_left:  # before a known place ends the name's front
                a = alt
        mark = r.place_marks.search(simp, a + 2, min(p, a + 9)) or place_rules().first.match(simp, a, p)  # 上市公司: no place
        mark = mark or simp.startswith(r.national_heads, a)  # 国家海洋信息总局: a national body needs no place
        part = simp[a:p]
        if not mark or _bad_char(part) or part in r.not_names or r.bad_parts.search(part):
            continue
        if part.startswith(r.bad_starts) or not r.body_not_chars.isdisjoint(_ORDINAL.sub("", part)):
            continue  # (第一人民医院, 第三中学: an ordinal is part of the name, no count)
        out.append((a, p))
    out += tender_body_spans(simp, out, lambda part: _body_ok(part, r))  # 中标青岭电网输变电项目
    for m in r.bid_place.finditer(simp):
        a, b = m.span("place")
        if b - a < r.min_chars + 1 or any(w in simp[a:b] for w in r.name_words):
            continue  # 远岱集团旗(下): a company's name, not a banner (旗) of Inner Mongolia
        if not any(x <= a < y for x, y in out) and not after_notice(simp, m.start()):
            out.append((a, b))
    return out + known_place_spans(simp, out)  # 中标安吉两库引水工程: kg/extract/places.py


_ORDINAL = re.compile(r"第[一二三四五六七八九十]{1,3}")


def _body_ok(part: str, r) -> bool:
    """May *part*, an organisation that opens a project's name, be the tenderer? A name's shape
    after a winning verb (:func:`name_ok`, MEDIUM), no count or list (两个国家电网, 甲与乙)."""
    return name_ok(part, MEDIUM) and r.body_not_chars.isdisjoint(part) and not part.startswith(r.bad_starts)


@per_rules(8192)
def _rare_or_named(name: str) -> bool:
    """Does *name* end in a name word (投资, 集团) or hold a rare or unknown word (德展)?"""
    r = name_rules()
    if any(name.endswith(w) and len(name) > len(w) for w in r.name_words):
        return True
    if not name.isascii() and re.search(r"[A-Za-z]", name):
        return False  # IPO预计: a Latin word glued to Chinese
    jb = segment._jieba()
    toks = jb.lcut(name, HMM=False)
    freq = _freq()
    run = 0
    content = False
    for t in toks:
        if len(t) == 1:
            run += 1
            content |= shapes.char_flag(t) not in r.bad_tags
            if run >= 2 and content:
                return True  # two characters that make no word together: a coined name (最多 is none)
        else:
            run, content = 0, False
            if freq.get(t, 0) < r.rare_freq:
                return True
    return False


class _LastText(threading.local):
    """The clause starts and left cues of the last text a thread asked about, kept on the rule set
    (:func:`_last_text`): asked several times per article, and for every name candidate."""

    text: str | None = None
    starts: list[int] | None = None
    left: tuple[list[int], list[re.Match]] | None = None


def _last_text() -> _LastText:
    """This thread's :class:`_LastText` for the active rule set (none is shared by two threads or
    two rule sets)."""
    return rules.active().derived(("orgnames", "last_text"), _LastText)


def _clause_starts(simp: str) -> list[int]:
    """Offsets where a clause starts (0 and every position after a clause break), sorted."""
    last = _last_text()
    if last.text is not simp:
        r = name_rules()
        chars = "".join(sorted(r.breaks))  # (the characters of break_re; a table lookup when one each)
        after = after_chars(simp, chars) if all(c <= "\uffff" for c in chars) else None
        last.starts = [0] + (after if after is not None else [m.end() for m in r.break_re.finditer(simp)])
        last.text, last.left = simp, None
    return last.starts


def _left_cues(simp: str) -> tuple[list[int], list[re.Match]]:
    """Left cues of *simp*, by end offset (remembered for the last text)."""
    last = _last_text()
    if last.text is simp and last.left is not None:
        return last.left  # asked for every name candidate: the quick way first
    _clause_starts(simp)
    ms = list(name_rules().left.finditer(simp))
    last.left = ([m.end() for m in ms], ms)
    return last.left


def _left_edge(simp: str, lo: int, p: int, words_only: bool = False, r=None, cues=None) -> int:
    """Start of the name that ends at *p*: after the last left cue in [lo, p).

    *words_only*: one-character cues (和, 与) do not count (住房和城乡建设局). *r* and *cues*: the
    name rules and :func:`_left_cues` of *simp*, when the caller has them at hand.
    """
    r = r or name_rules()
    ends, ms = cues or _left_cues(simp)
    k = bisect.bisect_right(ends, p - r.min_chars)
    while k > 0:
        k -= 1
        m = ms[k]
        if m.start() < lo:
            break
        if m.group() in r.weak_left and (
            words_only or _starts_word(simp, m.start(), p) or simp.endswith(r.descriptors, lo, m.start())
        ):
            continue  # 和硕, 及时: the character starts a word; 工具机厂和泰精密: a descriptor, then the name
        if m.group() in r.front_joiners and _after_verb_cue(simp, m.start()):
            continue  # 增持和盛电子: a joiner right after a verb joins nothing; it opens the name
        if simp.startswith(r.cue_in_name_before, m.end()):
            continue  # 宁川产业投资集团: a cue word with a name's legal word after it is part of the name
        return m.end()
    return lo


def _after_verb_cue(simp: str, i: int) -> bool:
    """Does a left cue of two characters or more (增持, 收购) end at *i*?

    A joining character there (增持和盛电子, 收购与德科技) joins nothing: it opens the name after it.

    >>> _after_verb_cue("远帆已增持和盛电子3%股份", 5), _after_verb_cue("甲和乙", 1), _after_verb_cue("收购泓川投资和陆某", 6)
    (True, False, False)
    """
    ends, ms = _left_cues(simp)
    k = bisect.bisect_left(ends, i)
    words = name_rules().name_words  # 泓川投资和陆某: a cue that ends names too (投资, 控股) may be a name's end
    return any(len(ms[j].group()) > 1 and not ms[j].group().endswith(words) for j in range(k, len(ends)) if ends[j] == i)


_HEADLINE_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])(?!.*(?<=[\u4e00-\u9fff])\s+[\u4e00-\u9fff])")
_TRAIL_MAX = 24  # the words glued to a name's end (trailing_function) span no more than this


def _cue_names(simp: str):
    """``(start, end, level)`` of names that end right before a right cue, or follow a deal verb."""
    r = name_rules()
    starts = _clause_starts(simp)
    cues = _left_cues(simp)
    out = []
    for level, pat in ((STRONG, r.strong), (MEDIUM, r.medium), (WEAK, r.weak), (WEAK, r.start_cue)):
        for m in pat.finditer(simp):
            p = m.start()
            if not m.group():
                continue
            while p > 0 and simp[p - 1] == " ":
                p -= 1
            lo = starts[bisect.bisect_right(starts, p) - 1]
            if pat is r.start_cue and lo > 0 and (simp[lo - 1] in ")(【[" or m.group() == ":" and simp[lo - 1] in "、\n"):
                continue  # after a bracket or a heading's 、 no name starts its clause (二、算力外包: a heading)
            t = r.trailing.search(simp, max(lo, p - _TRAIL_MAX), p)
            while t and p - lo - len(t.group()) >= r.min_chars:
                p = t.start()  # 苏州集成拟将持有: the adverbs belong to the predicate
                t = r.trailing.search(simp, max(lo, p - _TRAIL_MAX), p)
            if p < m.start() and _is_word(simp[p - 1 : p + 1]):
                continue  # 协同效|应将: what is cut off ends a word of the phrase, no name
            if p - lo < r.min_chars:
                continue
            edge = _left_edge(simp, lo, p, r=r, cues=cues)
            if pat is r.start_cue and edge != lo:
                continue  # (a start cue names only what starts its clause: see below)
            a = trim_front(simp, edge, p)
            if a == edge + 1 and simp[edge] in r.front_joiners and _after_verb_cue(simp, edge):
                a = edge  # 增持和盛电子: the joiner opens the name
            while a < p and simp[a] == " ":
                a += 1
            gap = _HEADLINE_GAP.search(simp, a, p)
            if gap:  # 一退一进 甲电子终止收购…: a headline's space between two phrases; the name is after it
                a = gap.end()
            if p - a > r.max_chars or r.place_marks.fullmatch(simp[p - 1 : p]) and foreign_place(simp, a, p):
                continue
            if level == WEAK and edge == lo and (lo == 0 or simp[lo - 1] not in ")(【["):
                level_here = FIRM  # the name starts its clause (a start cue's always does: tested above)
            else:
                level_here = level
            out.append((a, p, level_here))
    roles = list(r.role_nouns.finditer(simp))
    if roles:  # 受让方远帆产业: no name starts at or inside the role word before it (方远帆产业)
        inside = {i for m in roles for i in range(m.start(), m.end())}
        out = [x for x in out if x[0] not in inside]
    verbs = [m for m in r.obj_verb.finditer(simp) if not roles or m.start() not in inside]  # 收购方X: a role
    for m in [*verbs, *roles]:
        a = m.end()
        if simp[a : a + 1] in r.object_not_after:
            continue  # 并购与频谱交易: the verb is a noun here
        if simp.startswith(r.cue_in_name_before, a):
            continue  # 青禾控股集团拟收购…: the verb (控股) is a word of the name before it, no deal
        if simp[a : a + 1] in "“\"「":  # 全资子公司“天顺德国公司”: the quotes bound the name
            close = _CLOSE_QUOTE.search(simp, a + 1, a + 2 + r.max_chars)
            if close and r.min_chars <= close.start() - a - 1 <= r.max_chars:
                out.append((a + 1, close.start(), MEDIUM))
            continue
        k = bisect.bisect_right(starts, a)
        hi = starts[k] - 1 if k < len(starts) else len(simp)
        e = r.obj_end.search(simp, a + r.min_chars, hi)
        b = e.start() if e else hi
        while b > a and simp[b - 1] == " ":
            b -= 1
        t = r.trailing.search(simp, max(a, b - _TRAIL_MAX), b)
        while t and t.start() - a >= r.min_chars:
            b = t.start()  # 老股东甲资本持续加码, 受让方乙国投应于…: the adverbs belong to the predicate
            t = r.trailing.search(simp, max(a, b - _TRAIL_MAX), b)
        a = trim_front(simp, a, b)
        if b - a > r.max_chars and _CJK.match(simp[a : a + 1]):
            b = _verb_cut(simp, a, min(b, a + r.max_chars + 6))  # 收购深圳科尔通切入…: the next verb ends the object
            part = simp[a:b]  # ... when what is left has a name's shape (not 未来一段时间, 速冻资产被疑…)
            if not (3 <= b - a <= 6 and (_place_first(part) or part.endswith(r.name_words) and shapes.clean(part))):
                continue
        if (
            r.min_chars <= b - a <= r.max_chars
            and (_rare_or_named(simp[a:b]) or _place_first(simp[a:b]))
            and not foreign_place(simp, a, b)
            and not is_description(simp[a:b])
        ):
            out.append((a, b, MEDIUM))  # 收购资金来源: the object of a deal verb is a name, not a noun phrase
    return out


def _clause_heads(simp: str, covered: set[int] | frozenset = frozenset()) -> list[tuple[int, int]]:
    """Subjects of clauses in deal sentences: the first tokens up to a predicate.

    >>> s = "去年10月,宝德股份首次进入海外市场,收购顺利完成。"
    >>> [s[a:b] for a, b in _clause_heads(s)]
    ['宝德股份']
    """
    r = name_rules()
    starts = _clause_starts(simp)
    words = frozenset(r.name_words)
    out = []
    for sent in shapes.trigger_sentences(simp):
        k, j = bisect.bisect_right(starts, sent.start), bisect.bisect_left(starts, sent.end)
        for lo in [sent.start, *starts[k:j]]:
            if lo > sent.start and simp[lo - 1] not in r.head_after:
                continue
            hi = min(sent.end, lo + r.max_chars + 8)
            cut = r.break_re.search(simp, lo, hi)
            hi = cut.start() if cut else hi
            while lo < hi and simp[lo] in " 　":
                lo += 1
            a = trim_front(simp, lo, hi)
            if a == lo + 1 and simp[lo] in conjunctions():
                a = lo  # 和泰精密拟收购…: a clause never starts with a conjunction
            elif r.head_triggers.match(simp, lo, a):
                continue  # 并购潮延烧: the clause starts with its verb and has no subject
            if hi - a < 3 or not "\u4e00" <= simp[a] <= "\u9fff" or a in covered or a + 1 in covered or a + 2 in covered:
                continue  # a known name in the first three characters (a head has three, clear of names)
            if _is_word(simp[a : a + 2]) and _freq()[simp[a : a + 2]] >= r.common_freq * 10:
                continue  # 我们, 市场, 公司: a common word starts the clause
            pos, n, stopped, named = a, 0, False, 0
            for word, flag in postag.tags(simp[a : min(hi, a + r.head_max_chars + 3)], hmm=False):
                if n >= r.head_max_tokens or pos - a > r.head_max_chars:
                    break
                one_stops = flag in r.bad_tags and (r.head_stop_chars is None or word in r.head_stop_chars)  # (澜臣|倍|健)
                if (flag in r.head_stop and (len(word) > 1 or pos == a or one_stops) and (pos == a or word not in words or flag not in r.function_tags)) or (
                    pos > a and r.right_cue.match(simp, pos)
                ):
                    stopped = True  # a predicate, or a cue (天奇股份|中标) whatever its tag (工大|高新: a name word tagged an adverb goes on)
                    break
                pos += len(word)
                n += len(word) > 1  # 德|展|健康: characters of an unknown word count as one token
                if not named and word in words and pos - a >= r.named_head_min > 0 and flag != "ns" and not is_place(word):
                    named = pos  # 宁川药业|股东: the first name word (no place: 上证报中国…) may end the name
            t = r.trailing.search(simp, max(a, pos - _TRAIL_MAX), pos)
            if t and pos - a - len(t.group()) >= 3:
                pos = t.start()
            if stopped and 3 <= pos - a <= r.head_max_chars:
                out.append((a, pos))
            elif named and named < pos and not simp.startswith(r.cue_in_name_before, named):
                if not org_patterns().chinese.search(simp, named, min(hi, named + r.max_chars)):
                    out.append((a, named))  # 宁川药业股东…: the name, then words about it (not 宁川农业产业化基金)
    return out


def _list_names(simp: str, known: set[tuple[int, int]]):
    """Items of 、-lists: ``(start, end)`` when the list is one of organisations.

    >>> s = "A股中,甲乙科技、丙丁股份和戊己集团等3家公司公告了回购。"
    >>> [s[a:b] for a, b in _list_names(s, set())]
    ['甲乙科技', '丙丁股份', '戊己集团']
    """
    r = name_rules()
    out = []
    stops = "".join(c for c in r.breaks if c != "、")
    for seg in runs_holding(simp, "、", stops):  # kg/extract/orgname_rules.py
        pos, items = seg.start(), []
        for part in seg.group().split("、"):
            items.append([pos, pos + len(part)])
            pos += len(part) + 1
        last = items[-1]
        tail_ok = False
        t = r.list_end.search(simp, last[0] + r.min_chars, last[1])
        if t is not None:
            if t.group() == "等":
                tail_ok = bool(r.list_tail.match(simp, t.end()))
                last[1] = t.start()
            elif not _joined_name(simp, t.end(), last[1]):
                nxt = [t.end(), last[1]]
                last[1] = t.start()
                items.append(nxt)
                last = nxt
        role = r.list_role.search(simp, last[0] + r.min_chars, last[1])  # 甲、乙为中标人: the items' role ends it
        if role is not None:
            last[1], tail_ok = role.start(), True
        c = r.counted.search(simp, last[0] + r.min_chars, last[1])  # 远山传媒两家影视制作公司: the count ends it
        if c is not None and not tail_ok and r.list_tail.match(simp, c.start()):
            last[1], tail_ok = c.start(), True
        w = [m.start() for pat in (r.weak, r.medium) for m in [pat.search(simp, last[0] + r.min_chars, last[1])] if m]
        if w:
            last[1] = min(w)
        if not tail_ok:
            tail_ok = bool(r.list_tail.match(simp, last[1]))
        if not tail_ok:  # 三家企业:甲、乙和丙 / 6家企业(甲、乙…): the count before the list says what it holds
            tail_ok = bool(r.list_head.search(simp[max(0, seg.start() - 24) : seg.start()]))
        items[0][0] = trim_front(simp, _left_edge(simp, items[0][0], items[0][1]), items[0][1])
        for item in items[1:]:  # 乙、老股东丙跟投: a stop word before a later item is no part of it
            if simp.startswith(name_rules().stop, item[0]):
                item[0] = trim_front(simp, item[0], item[1])
        lead = items[0][0]  # 增持了甲、乙: the objects of a deal verb are organisations, like a list's tail says
        verb_ok = any(v.end() == lead for v in r.obj_verb.finditer(simp, max(0, lead - 8), lead))
        good = [(a, b) for a, b in items if b - a <= r.list_item_max and name_ok(simp[a:b], MEDIUM)]
        any_known = any((a, b) in known for a, b in items)
        named = sum(simp[a:b].endswith(r.name_words) for a, b in good)
        people = sum(is_person(simp[a:b]) for a, b in items)
        full = len(good) + people == len(items) and all(b - a >= 3 for a, b in good)
        if len(good) >= 2 and (tail_ok or verb_ok or any_known or full and (named >= 2 or named and len(good) >= 3)):
            if tail_ok or (verb_ok or any_known) and len(items) >= 3 and len(good) + 1 >= len(items) and named:
                # …、太平洋、旗滨集团等8家公司: the tail says every item is a company; so do a deal verb or a known
                # name before a list of three or more whose items but one have a name's shape, one at least ending
                # in a name word (增持了万安、甲股份、乙电子; not 收购位于甲市、乙府和丙县的…: places)
                good = [(a, b) for a, b in items if b - a <= r.list_item_max and name_ok(simp[a:b], STRONG)]
            out.extend(good)
    return out


def word_company_names(simp: str) -> list[tuple[int, int]]:
    """Coined names, then the word 公司, in deal sentences (org_names.yaml ``company_word``).

    >>> s = "有关澜泽公司前次被动减持的内容,详见该公司公告;上市公司、新能源科技公司、甲乙子公司均增持公司股票。"
    >>> s += "具体内容详见公司公告,而全资附属公司转让了股权。"
    >>> [s[a:b] for a, b in word_company_names(s)]
    ['澜泽公司']
    """
    r = name_rules()
    rank = rules.active().derived(("orgnames", "name_word_rank"), lambda: {w: i for i, w in reversed(list(enumerate(r.name_words)))})
    short_not_end = tuple(w for w in r.company_body_not_end if len(w) <= 2)
    starts, cues, out = _clause_starts(simp), _left_cues(simp), []
    for sent in shapes.trigger_sentences(simp):
        for m in r.company_word.finditer(simp, sent.start, sent.end):
            i = m.start()  # (the quick way out: a body of two Chinese characters at least, no short bad ending)
            if i < 2 or not ("\u4e00" <= simp[i - 1] <= "\u9fff" and "\u4e00" <= simp[i - 2] <= "\u9fff") or simp.endswith(short_not_end, 0, i):
                continue
            lo = starts[bisect.bisect_right(starts, m.start()) - 1]
            a = trim_front(simp, _left_edge(simp, lo, m.start(), r=r, cues=cues), m.start())
            body = simp[a : m.start()]  # the name word dropped, a coined word is left (澜泽|科技, not 新能源|科技)
            hits = [(rank[body[-k:]], k) for k in range(1, len(body)) if body[-k:] in rank]
            core = body[: -min(hits)[1]] if hits else body  # the first of name_words that ends it
            if not (2 <= len(body) <= r.company_body_max and len(core) >= 2 and _ALL_CJK.fullmatch(body)):
                continue
            if body.endswith(r.company_body_not_end) or _is_word(body) or _is_word(core) or not _rare_or_named(core):
                continue
            tags = postag.tags(body, hmm=False)
            if m.start() in cues[0] or any(len(w) > 1 and f in r.company_body_not_tags for w, f in tags):
                continue  # 甲乙受让公司股权, 内容详见公司公告: the announcer after a verb; a verb or an adjective in front
            w, f = tags[0]
            if f in r.company_body_not_first_tags or len(w) > 1 and f in r.company_body_not_head_tags and _freq().get(w, 0) >= r.common_freq:
                continue  # 另有公司, 半导体矽智财公司: a pronoun; a description of the business
            if any(_is_word(simp[i:j]) for i in range(max(0, a - 3), a) for j in range(a + 1, a + 3) if 2 <= j - i <= 4):
                continue  # 投资|者暨公司: the span starts inside a word
            if name_ok(simp[a : m.end()], MEDIUM):
                out.append((a, m.end()))
    return out


def org_names(simp: str, mentions, gaz=None) -> list[tuple[int, int, str]]:
    """Names found by their context in *simp*: ``(start, end, name)`` clear of *mentions*.

    *mentions*: the mentions already found (spans they cover are left alone; a list holding
    one of them is a list of organisations). Every occurrence of a found name is returned.
    """
    covered = set()
    spans = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
        spans.add((m.start, m.end))

    def free(a, b):
        return covered.isdisjoint(range(a, b))

    found: dict[str, bool] = {}
    shortest: dict[int, tuple[int, int]] = {}  # 北辰纺机 | 宣布: the first cue after a start ends the name
    least = name_rules().min_chars
    for a, b, level in _cue_names(simp):
        if b - a >= least and (a not in shortest or b < shortest[a][0]):
            shortest[a] = (b, level)
    body_spans = bodies(simp)

    def past_body(a, b, name):  # 中标德清县孕妇产前检测项目: the place, not the place and the project's words
        return any(a == x and b > y for x, y in body_spans) and not name.endswith(name_rules().name_words)

    longer = []  # 平煤隆基, 中远海运租赁: a known short name inside a longer one; the longer is the mention
    for a, (b, level) in shortest.items():
        name = simp[a:b]
        if not free(a, b):
            if level >= FIRM and _holds_known(simp, a, b, mentions, gaz) and name_ok(name, level):
                longer.append((a, b, name))
            continue
        if not name_ok(name, level):
            continue
        if past_body(a, b, name):
            continue
        if gaz is not None and gaz.resolve(name) is not None:
            continue
        found[name] = True
    for name in [n for n in found if n.isascii() and re.search(re.escape(n) + r" [A-Z]", simp)]:
        del found[name]  # Ampere before Ampere Computing: the head of a longer name
    for a, b in _clause_heads(simp, covered):
        name = simp[a:b]
        if name not in found and free(a, b) and not past_body(a, b, name) and name_ok(name, FIRM) and _rare_or_named(name):
            if gaz is None or gaz.resolve(name) is None:
                found[name] = True
    for a, b in place_names(simp, _left_cues(simp)[0]):  # 天津澜泽与天津澜鼎各自加仓: a place, then a name of its own
        name = simp[a:b]
        if name not in found and free(a, b) and name_ok(name, MEDIUM) and (gaz is None or gaz.resolve(name) is None):
            found[name] = True
    for a, b in word_company_names(simp):  # 澜泽公司前次减持: a coined name, then 公司
        if simp[a:b] not in found and free(a, b) and (gaz is None or gaz.resolve(simp[a:b]) is None):
            found[simp[a:b]] = True
    for a, b in body_spans:
        if free(a, b) and (gaz is None or gaz.resolve(simp[a:b]) is None):
            found[simp[a:b]] = "body"  # 安吉 opens its project's name: no need to stand alone
    for a, b in _list_names(simp, spans):
        name = simp[a:b]
        if free(a, b) and (gaz is None or gaz.resolve(name) is None):
            found[name] = True
    for m in name_rules().latin_after.finditer(simp):  # 奢侈品牌Bally, 研发机构NMS: a Latin name after its kind
        a, b = m.span("name")
        name = simp[a:b] if _LATIN_FORM.fullmatch(simp[a:b]) else simp[a:b].rstrip(" .-")  # (L.P. keeps its dot)
        b = a + len(name)
        if free(a, b) and name_ok(name, MEDIUM) and (gaz is None or gaz.resolve(name) is None):
            found.setdefault(name, True)
    out = []
    taken = set(covered)
    for name in sorted(found, key=len, reverse=True):
        for a, b in spans_of(simp, name):
            if not taken.isdisjoint(range(a, b)):
                continue
            if len(name) == 2 and found[name] is True and not _alone(simp, a, b):
                continue
            out.append((a, b, name))
            taken.update(range(a, b))
            code = _CODE.match(simp, b)  # 南都电源(300068): the code names the same company
            if code and not any(i in taken for i in range(*code.span("code"))):
                out.append((*code.span("code"), name))
                taken.update(range(*code.span("code")))
    for a, b, name in longer:
        if not any(i in taken and i not in covered for i in range(a, b)):
            out.append((a, b, name))
            taken.update(range(a, b))
    # 工具机厂|和泰精密: a name ending in a descriptor, right before another name, describes it
    starts = {a for a, _, _ in out} | {m.start for m in mentions}
    r = name_rules()
    described = {n for a, b, n in out if b in starts and n.endswith(r.descriptors)}
    return sorted(x for x in out if x[2] not in described)


_CODE = re.compile(r"\s?\(\s?(?P<code>\d{6}|\d{4,5})(?:\.(?:SH|SZ|HK|TW|TWO|SS|BJ))?\s?\)")


def _alone(simp: str, a: int, b: int) -> bool:
    """A two-character name stands alone: no Chinese character glued on either side, or a cue."""
    before = simp[a - 1] if a > 0 else " "
    after = simp[b] if b < len(simp) else " "
    r = name_rules()
    if not _CJK.match(before) or before in r.weak_left or r.left.match(simp, max(0, a - 2), a):
        return not _CJK.match(after) or r.right_cue.match(simp, b) is not None
    return False


def _holds_known(simp: str, a: int, b: int, mentions, gaz) -> bool:
    """Is ``simp[a:b]`` one known mention with a word of the name glued on: a short form of the
    owner in front (平煤|隆基: 平煤 is no place, no descriptor) or a business word behind (中远海运|租赁),
    and no other mention inside or across it? Such a longer name is a company of its own.
    """
    inside = [m for m in mentions if m.start < b and a < m.end]
    if len(inside) != 1 or inside[0].start < a or inside[0].end > b or (inside[0].start, inside[0].end) == (a, b):
        return False
    m, r = inside[0], name_rules()
    if gaz is not None and (gaz.resolve(simp[a:b]) is not None or not gaz.is_party(m.name)):
        return False  # 股神巴菲特: a person's nickname, not a company's name
    head, tail = simp[a : m.start], simp[m.end : b]
    if not _ALL_CJK.fullmatch(head + tail) or head and tail:
        return False
    if head:  # 深圳腾讯, 美国英伟达, 收购腾讯: a place, a country or a word before the name is no part of it
        if len(head) < 2 or is_place(head) or _only_generic(head) or _is_word(head) or head.endswith(r.descriptors):
            return False
        return all(f in r.owner_head_tags for _, f in postag.tags(head))  # 予澳洲, 环保股: no name's head
    ops = rules.load("org_patterns.yaml")
    if tail in ops.get("known_name_tails", []) or tail in ops.get("investment_arm_words", []):
        return False  # 腾讯集团, 腾讯投资: the company itself, or its arm (kg/extract/entities.py)
    return tail.endswith(r.name_words) and len(tail) >= 2 and not _only_generic(simp[a:b])


def _verb_cut(simp: str, a: int, b: int) -> int:
    """End of the object that starts at *a*: before the first verb of two characters or more
    (jieba.posseg) that comes after a word of the object, else *b*.

    >>> s = "收购苏州远芯微切入车载传感器市场"
    >>> s[2:_verb_cut(s, 2, len(s))]
    '苏州远芯微'
    """
    pos = a
    for word, flag in postag.tags(simp[a:b], hmm=False):
        if pos > a + 1 and len(word) >= 2 and flag in ("v", "vd", "vi"):
            return pos
        pos += len(word)
    return b


def _place_start(simp: str, lo: int, hi: int) -> int | None:
    """Start of a body's name that opens with a known place and a place mark (成都市…局), the
    leftmost in ``simp[lo:hi]`` right after a one-character cue (在, 向, 与) or a non-Chinese
    character, with only Chinese characters from it to *hi*; None when there is none.

    >>> s = "2019年青禾智联曾在绵阳市应急管理局的采购项目中中标"
    >>> s[_place_start(s, 0, 18):18]
    '绵阳市应急管理'
    """
    r, first = name_rules(), place_rules().first
    for k in range(lo, hi - 1):
        if k > 0 and "\u4e00" <= simp[k - 1] <= "\u9fff" and simp[k - 1] not in r.weak_left:
            continue
        m = first.match(simp, k, hi)
        marked = m and (r.place_marks.match(simp, m.end()) or r.place_marks.fullmatch(simp[m.end() - 1 : m.end()]))
        if marked and _ALL_CJK.fullmatch(simp[k:hi]):
            return k
    return None
