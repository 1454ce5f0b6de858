"""Literal text a regular expression cannot match without: a cheap prefilter for rules.

Most sentences match none of the relation rules. ``required_literals(pattern)`` reads
the compiled pattern's parse tree and returns a set of strings of which **every**
match contains at least one (or None when no such set is useful). One Aho-Corasick
pass over a sentence then tells which patterns are worth running at all. The analysis
is conservative: anything it does not understand (look-arounds, back-references,
case-insensitive patterns, character ranges) simply yields no requirement.
"""

from __future__ import annotations

import _sre
import re
from collections.abc import Iterator

from .sre import compiler as _compiler
from .sre import constants as _c
from .sre import parser as _p

Requirement = frozenset  # alternatives: one of these strings occurs in every match

_MAX_ALTERNATIVES = 64
_MAX_CLASS = 16


def required_literals(pattern: re.Pattern | str, *, weak: str = "") -> frozenset[str] | None:
    """The strongest set of strings one of which occurs in every match of *pattern*.

    Characters in *weak* (placeholders present in almost every input) do not count
    towards a literal's strength; a set whose every string is weak is not returned.

    >>> sorted(required_literals("Ⓔ ?(?:向|对) ?Ⓔ ?投资 ?Ⓜ", weak="ⒺⓂ"))
    ['投资']
    >>> sorted(required_literals(r"Ⓔ(?:向|对)Ⓔ投资Ⓜ", weak="ⒺⓂ"))
    ['Ⓔ投资Ⓜ']
    >>> sorted(required_literals(r"(?:收购|并购)了?Ⓔ"))
    ['并购', '收购']
    >>> required_literals(r"\\d+") is None
    True
    >>> required_literals(re.compile("abc", re.IGNORECASE)) is None
    True
    """
    if isinstance(pattern, re.Pattern):
        if pattern.flags & re.IGNORECASE:
            return None
        source = pattern.pattern
        flags = pattern.flags
    else:
        source, flags = pattern, 0
    if not isinstance(source, str):
        return None
    try:
        parsed = _p.parse(source, flags)
    except re.error:
        return None
    best = None
    best_score = 0
    for req in _requirements(list(parsed)):
        score = min(sum(ch not in weak for ch in s) for s in req)
        if score > best_score or (score == best_score and best is not None and len(req) < len(best)):
            best, best_score = req, score
    return best if best_score > 0 else None


def requirements(pattern: re.Pattern | str, *, weak: str = "") -> list[Requirement]:
    """Every set of strings one of which occurs in every match of *pattern* (each must hold;
    :func:`required_literals` gives the strongest one); sets made of *weak* characters only are
    left out, and so is all when the pattern is not understood.

    >>> [sorted(r) for r in requirements("(?:收购|购买)Ⓔ(?:所持|持有)", weak="Ⓔ")]
    [['收购', '购买'], ['所持', '持有']]
    """
    if isinstance(pattern, re.Pattern):
        if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
            return []
        source, flags = pattern.pattern, pattern.flags
    elif isinstance(pattern, str):
        source, flags = pattern, 0
    else:
        return []
    try:
        parsed = _p.parse(source, flags)
    except re.error:
        return []
    return [r for r in _requirements(list(parsed)) if min(sum(ch not in weak for ch in s) for s in r) > 0]


def _requirements(items: list) -> list[Requirement]:
    """Requirements of a sequence of parsed items (each must hold for every match)."""
    out: list[Requirement] = []
    run: list[str] = []

    def flush():
        if run:
            out.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:...)
                continue
            out.extend(_requirements(list(av[-1])))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, _hi, sub = av
            if lo >= 1:
                out.extend(_requirements(list(sub)))
        elif op is _c.BRANCH:
            req = _branch(av[1])
            if req is not None:
                out.append(req)
        elif op is _c.IN:
            chars = _class_chars(av)
            if chars is not None:
                out.append(frozenset(chars))
        elif op is getattr(_c, "ATOMIC_GROUP", None):
            out.extend(_requirements(list(av)))
        # anything else (AT, ANY, NOT_LITERAL, ASSERT*, GROUPREF, ...) requires nothing
    flush()
    return out


def _branch(alternatives) -> Requirement | None:
    """One requirement per alternative, joined: a match takes one of the branches."""
    union: set[str] = set()
    for alt in alternatives:
        reqs = _requirements(list(alt))
        whole = _literal_string(list(alt))
        if whole:
            reqs.append(frozenset([whole]))
        if not reqs:
            return None
        best = max(reqs, key=lambda r: (min(len(s) for s in r), -len(r)))
        union |= best
        if len(union) > _MAX_ALTERNATIVES:
            return None
    return frozenset(union)


def _literal_string(items: list) -> str | None:
    """The text of a sequence made of literals only, else None."""
    if not items or any(op is not _c.LITERAL for op, _ in items):
        return None
    return "".join(chr(av) for _, av in items)


def _class_chars(av) -> list[str] | None:
    """The characters of a small positive class made of literals only, else None."""
    chars = []
    for op, x in av:
        if op is not _c.LITERAL:
            return None
        chars.append(chr(x))
    return chars if 0 < len(chars) <= _MAX_CLASS else None


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def alternation(words) -> str:
    """A regex alternation of *words*, escaped, the longest first (so 子公司 wins over 公司).

    Words of one length come in code-point order, so a set gives the same text under any hash
    seed (two words of one length never both match at one position, so the order is only for
    the text).

    >>> alternation(["公司", "子公司"])
    '子公司|公司'
    >>> alternation({"乙方", "甲方", "丙"}) == alternation(["丙", "甲方", "乙方"])
    True
    """
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def spans_of(text: str, word: str, *, lead: bool = False, tail: bool = False) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each occurrence of *word* in *text*, left to right, not overlapping.

    The same spans as ``re.finditer(re.escape(word), text)`` (with ``(?<![A-Za-z0-9])`` in
    front when *lead*, ``(?![A-Za-z0-9])`` behind when *tail*), without compiling a pattern
    for every name an article holds (they overflow the cache of the re module).

    >>> list(spans_of("甲乙甲乙甲", "甲乙")), list(spans_of("aaaa", "aa"))
    ([(0, 2), (2, 4)], [(0, 2), (2, 4)])
    >>> list(spans_of("ARM, ARMH and ARM", "ARM", lead=True, tail=True))
    [(0, 3), (14, 17)]
    """
    if not word:  # pragma: no cover - no caller looks for nothing
        lo = r"(?<![A-Za-z0-9])" if lead else ""
        hi = r"(?![A-Za-z0-9])" if tail else ""
        yield from (m.span() for m in re.finditer(lo + hi, text))
        return
    n = len(word)
    i = text.find(word)
    while i >= 0:
        if (lead and i > 0 and _ascii_alnum(text[i - 1])) or (
            tail and i + n < len(text) and _ascii_alnum(text[i + n])
        ):
            i = text.find(word, i + 1)
            continue
        yield i, i + n
        i = text.find(word, i + n)


def finditer_near(
    pattern: re.Pattern, text: str, anchor: re.Pattern, reach: int, breaks: re.Pattern | None = None
) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, searched for only near the occurrences of *anchor*.

    For a pattern every match of which, starting at *s*, holds an occurrence of *anchor* that
    starts in ``[s, s + reach]`` (a legal name holds its legal form, a list its 、): no match
    starts more than *reach* characters before the next occurrence, so the search jumps there.
    A text without the anchor costs one search for it. *pattern* never matches empty.

    *breaks*, for a pattern whose matches hold only certain characters before the occurrence
    they hold (a legal name's run: Chinese characters and brackets), matches from a start up to
    just past the last other character (``(?s).*[^…]``): no match starts before that one either.

    >>> lst = re.compile(r"[甲乙丙丁]{1,3}(?:、[甲乙丙丁]{1,3})+")
    >>> [m.group() for m in finditer_near(lst, "甲乙丁丙。甲、乙丙与丁、丙", re.compile("、"), 3)]
    ['甲、乙丙', '丁、丙']
    >>> legal = re.compile(r"[甲乙丙丁]{2,4}公司")
    >>> [m.group() for m in finditer_near(legal, "甲乙,丙丁公司", re.compile("公司"), 6, re.compile(r"(?s).*[^甲乙丙丁]"))]
    ['丙丁公司']
    """
    # A search from ``a.start() - reach`` that fails there runs the whole pattern at every
    # character up to the next match (or the end of the text); here only the starts within
    # *reach* before each occurrence are tried, each once: the same leftmost match.
    pos = tried = 0  # the next match starts at pos or later; every start before tried failed
    match = pattern.match  # (a match at s sees the text before s, as a search does)
    while True:
        a = anchor.search(text, tried)
        if a is None:
            return
        at = a.start()
        s = max(pos, at - reach, tried)
        if breaks is not None and s < at:
            b = breaks.match(text, s, at)
            if b is not None:
                s = b.end()
        m = None
        while s <= at:
            m = match(text, s)
            if m is not None:
                break
            s += 1
        if m is None:
            tried = at + 1
            continue
        yield m
        pos = tried = m.end()


def anchor(pattern: re.Pattern, longest: int = 200) -> tuple[re.Pattern, int] | None:
    """What :func:`finditer_near` needs to find the matches of *pattern* quickly: the words one of
    which every match holds (:func:`required_literals`), as a pattern, and the most characters a
    match spans (a match starting at *s* holds one of them starting in ``[s, s + reach]``). None
    when there are none, a match may be empty, or a match may span more than *longest*.

    >>> a, reach = anchor(re.compile("[甲乙]{2,4}(?:完成|获)(?:投资|融资)"))
    >>> sorted(a.pattern.split("|")), reach
    (['投资', '融资'], 8)
    >>> anchor(re.compile("[甲乙]+投资")) is None  # no bound on the span
    True
    """
    words = required_literals(pattern)
    if not words or "" in words:
        return None
    try:
        lo, hi = _p.parse(pattern.pattern, pattern.flags).getwidth()
    except (re.error, TypeError, ValueError):  # pragma: no cover - a pattern that compiled parses
        return None
    if lo < 1 or hi > longest:
        return None
    return re.compile(alternation(words)), hi


def first_chars(pattern: str) -> str | None:
    """A character class holding every character a match of *pattern* can start with, or None.

    Put in a look-ahead in front of a long alternation, it lets the regex engine skip most
    positions at once (the cues are tried at every character of an article). None when
    that is not known: a match may be empty, or start with a character of a negated class,
    ``.``, or a case-insensitive part.

    >>> first_chars("(?:拟|将)?收购|股份")
    '[拟将收股]'
    >>> first_chars(r"(?=甲)\\d+元|(?:万|亿)?美元"), first_chars("[^,]收购"), first_chars("(?:拟)?"), first_chars("(?i:ab)")
    ('[\\\\d万亿美]', None, None, None)
    """
    try:
        parsed = _p.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        chars, empty = _first(list(parsed))
    except (ValueError, TypeError, AttributeError, re.error):
        return None
    if empty or not chars:
        return None
    return "[" + "".join(dict.fromkeys(chars)) + "]"


def fast(pattern: re.Pattern) -> re.Pattern:
    """*pattern* searched for only where a match can start: the characters its matches can start
    with (:func:`first_chars`) are given to the search (:func:`start_chars`), or, where the
    interpreter's ``re`` does not allow that, put in a look-ahead in front of it. The same
    matches, and most positions of a text skipped at once.

    >>> p = fast(re.compile("(?:约)?[0-9]+亿"))
    >>> p.pattern in ("(?:约)?[0-9]+亿", "(?=[约0-9])(?:(?:约)?[0-9]+亿)"), p.findall("约3亿和5亿")
    (True, ['约3亿', '5亿'])
    """
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return pattern
    cls = first_chars(pattern.pattern)
    if not cls:
        return pattern
    quick = start_chars(pattern, cls)
    if quick is not pattern or _search_info(pattern) is not None:
        return quick  # (re already skips ahead on its own when it knows a prefix or a class)
    try:
        return re.compile(f"(?={cls})(?:{pattern.pattern})", pattern.flags)
    except re.error:  # pragma: no cover - a global flag inside the pattern
        return pattern


def start_chars(pattern: re.Pattern, cls: str | None = None) -> re.Pattern:
    """*pattern* compiled again so that a search tries it only at the characters a match can
    start with (*cls*, a class; default :func:`first_chars`): the same text, groups, flags and
    matches, and far fewer attempts.

    ``re`` does this itself for a pattern that opens with a literal or a class (a *charset* in
    the program's info block), but not for one that opens with an optional part, an
    alternation of groups or a look-ahead: such a search runs the whole matcher at every
    character of the text. Here the info block of the program ``re`` compiles is given the
    class; the rest of the program is unchanged. A search skips only characters no match can
    start with, so it finds what it found before. *pattern* comes back as it is when the class
    is not known, when a match may be empty (the skipping search ignores the rule that the next
    match must advance past an empty one), when ``re`` already knows a prefix or a class, with
    flags that fold case, or when the interpreter's ``re`` is built otherwise.
    :func:`compile_quick` does the same from the pattern's text, compiling it once.

    >>> p = re.compile("(?:拟|将)?收购|出售")
    >>> q = start_chars(p)
    >>> q.pattern == p.pattern, q.findall("甲拟收购乙,丙将出售丁") == p.findall("甲拟收购乙,丙将出售丁")
    (True, True)
    """
    if not isinstance(pattern.pattern, str):
        return pattern
    out = _quick(pattern.pattern, pattern.flags, cls)
    if out is None or (out.flags, out.groups, out.groupindex) != (pattern.flags, pattern.groups, pattern.groupindex):
        return pattern
    return out


def compile_quick(source: str, flags: int = 0) -> re.Pattern:
    """``re.compile(source, flags)``, searched for only where a match can start when that can be
    known (:func:`start_chars`), compiled once either way (a rule set compiles hundreds).

    >>> compile_quick("(?:拟|将)?收购").findall("甲拟收购乙、丙收购丁")
    ['拟收购', '收购']
    """
    out = _quick(source, flags)
    return out if out is not None else re.compile(source, flags)  # (re.compile raises re.error)


def _quick(source: str, flags: int, cls: str | None = None) -> re.Pattern | None:
    """*source* compiled with *cls* (default: its first characters) in its info block, and its
    alternatives guarded (:func:`_guard`), or None when neither can be done (see
    :func:`start_chars`)."""
    if not isinstance(source, str) or flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
        return None
    try:
        tree = _p.parse(source, flags)
        flags |= tree.state.flags
        if flags & (re.IGNORECASE | re.VERBOSE | re.LOCALE):
            return None
        guarded = _guard(tree, flags)
        code = _compiler._code(tree, flags)
        info = _info(tree, code, flags, cls)
        if info is None and not guarded:
            return None
        if info is not None:
            code = info + code[1 + code[1] :]
        groupindex = tree.state.groupdict
        indexgroup = [None] * tree.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        out = _sre.compile(source, flags, code, tree.state.groups - 1, groupindex, tuple(indexgroup))
    except Exception:  # noqa: BLE001 - not a pattern, or an interpreter whose re is built otherwise
        return None
    return out if out.pattern == source else None


def _info(tree, code: list, flags: int, cls: str | None) -> list | None:
    """An info block giving the search *cls* (default: the first characters of *tree*), or None."""
    if cls is None:
        chars, empty = _first(list(tree))
        if empty or not chars:
            return None
        cls = "[" + "".join(dict.fromkeys(chars)) + "]"
    if code[0] != _c.INFO or code[2] & (_c.SRE_INFO_PREFIX | _c.SRE_INFO_CHARSET) or code[3] < 1:
        return None
    items = _p.parse(cls, flags).data
    if len(items) != 1:
        return None
    op, av = items[0]
    charset = [(op, av)] if op is _c.LITERAL else av if op is _c.IN else None
    if charset is None:
        return None
    info = [_c.INFO, 0, _c.SRE_INFO_CHARSET, code[3], code[4]]
    charset, hascased = _compiler._optimize_charset(charset)
    if hascased:
        return None
    _compiler._compile_charset(charset, flags, info)
    info[1] = len(info) - 1
    return info


_POSSESSIVE = getattr(_c, "POSSESSIVE_REPEAT", None)  # Python 3.11+
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE)


def _guard(sub, flags: int) -> bool:
    """Put a look-ahead for its first characters (:func:`_first`) in front of every alternative
    that opens with an optional part (a repetition or an alternation), in the parsed *sub*: at a
    character none of its matches can start with, the engine drops the alternative at once
    instead of trying its optional parts one by one (``re`` itself does that only for an
    alternative that opens with a literal or a class). The same matches. True when one was put.

    >>> tree = _p.parse("(?:拟|将)?收购|出售")
    >>> _guard(tree, 0), [op for op, _ in tree.data[0][1][1][0].data][:1] == [_c.ASSERT]
    (True, True)
    """
    changed = False
    for op, av in sub.data:
        if op is _c.BRANCH:
            guarded = set()
            for alt in av[1]:
                changed |= _guard(alt, flags)
                lead = list(alt)
                while lead and lead[0][0] is _c.SUBPATTERN and not (lead[0][1][1] | lead[0][1][2]):
                    lead = list(lead[0][1][3])
                if not lead or (lead[0][0] not in _REPEATS and lead[0][0] is not _c.BRANCH):
                    continue
                try:
                    chars, empty = _first(list(alt))
                except (ValueError, TypeError, AttributeError):
                    continue
                if not empty and chars:
                    cls = _p.parse("[" + "".join(dict.fromkeys(chars)) + "]", flags).data
                    alt.data.insert(0, (_c.ASSERT, (1, _p.SubPattern(alt.state, cls))))
                    changed = True
                    guarded.add(id(alt))
            if len(guarded) >= _GROUP:
                changed |= _group(av[1], flags, guarded)
        elif op is _c.SUBPATTERN:
            changed |= _guard(av[3], flags)
        elif op in _REPEATS:
            changed |= _guard(av[2], flags)
        elif op is _c.ASSERT or op is _c.ASSERT_NOT:
            changed |= _guard(av[1], flags)
    return changed


_GROUP = 4  # alternatives of a long alternation behind one look-ahead (_group)


def _group(alts: list, flags: int, guarded: set) -> bool:
    """Put each run of :data:`_GROUP` alternatives of a long alternation (a list of parsed
    alternatives, changed in place) behind one look-ahead for their first characters
    (:func:`_first`): at a character none of them can start with, the engine passes the run with
    one test instead of trying each. The alternatives keep their order, so the same matches. True
    when a run was grouped.

    >>> tree = _p.parse("|".join(f"(?:将)?{c}" for c in "甲乙丙丁戊己庚辛"))
    >>> alts = tree.data[0][1][1]
    >>> _group(alts, 0, {id(a) for a in alts}), len(alts)
    (True, 2)
    """
    out, changed, runs, last = [], False, [], []
    for alt in alts:  # runs of guarded alternatives (one that opens with a literal is dropped at once)
        if (id(alt) in guarded) != bool(last and id(last[0]) in guarded) or len(last) == _GROUP:
            runs.append(last)
            last = []
        last.append(alt)
    for run in [*runs, last]:
        if not run:
            continue
        if id(run[0]) not in guarded:
            out += run
            continue
        try:
            firsts = [_first(list(alt)) for alt in run]
        except (ValueError, TypeError, AttributeError):
            firsts = [([], True)]
        if len(run) < 2 or any(empty or not chars for chars, empty in firsts):
            out += run
            continue
        state = run[0].state
        cls = _p.parse("[" + "".join(dict.fromkeys(c for chars, _ in firsts for c in chars)) + "]", flags).data
        out.append(_p.SubPattern(state, [(_c.ASSERT, (1, _p.SubPattern(state, cls))), (_c.BRANCH, (None, run))]))
        changed = True
    alts[:] = out
    return changed


def _search_info(pattern: re.Pattern) -> int | None:
    """The prefix or charset flags of *pattern*'s info block (None: neither, or not known)."""
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        code = _compiler._code(tree, tree.state.flags | pattern.flags)
        mask = code[2] & (_c.SRE_INFO_PREFIX | _c.SRE_INFO_CHARSET) if code[0] == _c.INFO else 0
    except Exception:  # noqa: BLE001
        return None
    return mask or None


def _first(items) -> tuple[list[str], bool]:
    """The first characters of a parsed sequence (as parts of a class) and whether it can match
    nothing; ValueError when they are not known."""
    out: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
            return out, False
        if op is _c.IN:
            for iop, iav in av:
                if iop is _c.LITERAL:
                    out.append(re.escape(chr(iav)))
                elif iop is _c.RANGE:
                    out.append(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iop is _c.CATEGORY and iav in (_c.CATEGORY_DIGIT, _c.CATEGORY_SPACE):
                    out.append("\\d" if iav is _c.CATEGORY_DIGIT else "\\s")
                else:
                    raise ValueError
            return out, False
        if op is _c.BRANCH:
            empty = False
            for alt in av[1]:
                f, e = _first(list(alt))
                out += f
                empty |= e
            if not empty:
                return out, False
            continue
        if op is _c.SUBPATTERN:
            if (av[1] | av[2]) & re.IGNORECASE:
                raise ValueError
            f, e = _first(list(av[3]))
            out += f
            if not e:
                return out, False
            continue
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _POSSESSIVE):
            f, e = _first(list(av[2]))
            out += f
            if av[0] > 0 and not e:
                return out, False
            continue
        if op is _c.AT or op is _c.ASSERT or op is _c.ASSERT_NOT:
            continue
        raise ValueError
    return out, True
