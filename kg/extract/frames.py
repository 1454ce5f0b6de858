"""Deal frames: a trigger word and the slots around it where a party is named.

Real news names parties no gazetteer lists (德展健康, 汉麻投资, 十一科技). A frame of
``rules/frames.yaml`` is a trigger (收购, 中标, 领投...) with slot patterns over the sentence in
which known mentions and amounts are masked; a slot ``{N}`` accepts a known entity or a *name
phrase*. The phrase is trimmed (time words, adverbs, 其中, 公司全资子公司 never start a name) and
checked by its shape and by jieba's part-of-speech tags (``nt``/``nz``/``ns``/``j`` and HMM new
words are signals; a lone ``nr`` is a person, not a company; pronouns, time words and
dictionary words are not names). Only sentences holding a trigger are tagged.

A phrase that passes becomes a stand-in mention for the relation rules
(``rules/relations.yaml``), which decide who pays whom; when a deal uses it, it is listed as a
discovered entity with all its mentions.

>>> names_in("华川重工拟4亿元收购远帆投资25%的股份")
['华川重工', '远帆投资']
>>> names_in("彼时北辰证券完成对青禾地产的收购")
['北辰证券', '青禾地产']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .. import rules
from ..errors import RuleError
from ..rules.regex_budget import compile_rule_pattern
from ..rules.shapes import named_lists, words
from . import postag, segment
from .amounts import MONEY, extract_amounts
from .lists import list_joiner
from .literals import alternation, first_chars, required_literals, requirements, spans_of
from .mentions import Entity, Mention
from .names import CLAUSE_OPENERS, conjunctions
from .orgnames import is_description, name_rules
from .places import is_place
from .tighten import tighten

_FRAME_FIELDS = {"name", "kind", "triggers", "slots", "examples", "negatives", "note"}
_MASK = "ⒺⓂⓅⓆ"


@dataclass
class Frame:
    name: str
    kind: str
    triggers: list[str]
    slots: list[re.Pattern]
    examples: list[dict] = field(default_factory=list)
    negatives: list[dict] = field(default_factory=list)
    needs: list = field(default_factory=list)  # per slot: words one of which every match holds (or None)
    # per slot: every such set of words (literals.requirements): a slot is searched only when each holds
    all_needs: list = field(default_factory=list)


@dataclass
class NameChecks:
    strip_prefix: re.Pattern
    strip_through: list[str]
    through_re: re.Pattern
    strip_suffix: re.Pattern
    slot_tail_time: re.Pattern
    name_continues: re.Pattern
    cut_at: re.Pattern
    not_names: set[str]
    announcer: re.Pattern
    sender_before: re.Pattern
    counterpart_before: re.Pattern
    counterpart_self_words: frozenset[str]
    bad_inside: re.Pattern
    bad_shape: re.Pattern
    negations: frozenset[str]
    weak_tags: set[str]
    bad_first_tags: set[str]
    bad_inner_tags: set[str]
    signal_tags: set[str]
    person_tags: set[str]
    people_frames: frozenset[str]
    person_suffix: re.Pattern
    surnames: str
    org_suffixes: tuple[str, ...]
    common_word_freq: int
    max_len: int


@dataclass
class Frames:
    frames: list[Frame]
    names: NameChecks
    trigger_re: re.Pattern
    denial: re.Pattern = re.compile("(?!)")


def _words_re(words, what, path) -> re.Pattern:
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise RuleError(f"{what} must be a list of strings", path=str(path))
    return re.compile("|".join(sorted((re.escape(w) for w in words), key=len, reverse=True)) or "(?!)")


def _org_names_beside(path: Path) -> dict:
    """The org_names.yaml beside *path* (empty when there is none): its ``never_inside`` words (no name
    of any shape holds them) and ``not_names`` (whole candidates that are never names: 供股股份, 配售代理)
    hold for a frame's slot too."""
    names = path.parent / "org_names.yaml"
    return (rules.load_yaml(names) or {}) if names.exists() else {}


def _with_never_inside(bad_inside: str, org_names: dict) -> str:
    """*bad_inside* and the ``never_inside`` words of *org_names*: one list, for discovered names of every kind."""
    never = org_names.get("never_inside")
    return f"{bad_inside}|{alternation(never)}" if never else bad_inside


def load_frames(path: Path | None = None) -> Frames:
    """Load and check ``rules/frames.yaml`` (or *path*)."""
    path = path or rules.active().base / "frames.yaml"
    data = rules.load_yaml(path)
    if not isinstance(data, dict) or "frames" not in data or "names" not in data:
        raise RuleError("expected a mapping with `names`, `lists` and `frames`", path=str(path))
    n = data["names"]
    org_names = _org_names_beside(path)
    checks = NameChecks(
        strip_prefix=rules.compile_regex(n["strip_prefix"], what="names.strip_prefix", path=path),
        strip_through=sorted(n.get("strip_through", []), key=len, reverse=True),
        through_re=_words_re(n.get("strip_through", []), "names.strip_through", path),
        strip_suffix=rules.compile_regex(n["strip_suffix"], what="names.strip_suffix", path=path),
        slot_tail_time=rules.compile_regex(n.get("slot_tail_time") or "(?!)", what="names.slot_tail_time", path=path),
        name_continues=_continues(n.get("name_continues_words"), path),
        cut_at=rules.compile_regex(n["cut_at"], what="names.cut_at", path=path),
        not_names=set(n.get("not_names", [])) | set(org_names.get("not_names") or []),
        announcer=rules.compile_regex(n.get("announcer") or "(?!)", what="names.announcer", path=path),
        sender_before=rules.compile_regex(n.get("sender_before") or "(?!)", what="names.sender_before", path=path),
        counterpart_before=rules.compile_regex(n.get("counterpart_before") or "(?!)", what="names.counterpart_before", path=path),
        counterpart_self_words=frozenset(words(n.get("counterpart_self_words", []), what="names.counterpart_self_words", path=str(path))),
        bad_inside=rules.compile_regex(_with_never_inside(n["bad_inside"], org_names), what="names.bad_inside", path=path),
        bad_shape=rules.compile_regex(n.get("bad_shape") or "(?!)", what="names.bad_shape", path=path),
        negations=frozenset(n.get("negations", [])),
        weak_tags=set(n.get("weak_tags", [])),
        bad_first_tags=set(n.get("bad_first_tags", [])),
        bad_inner_tags=set(n.get("bad_inner_tags", [])),
        signal_tags=set(n.get("signal_tags", [])),
        person_tags=set(n.get("person_tags", [])),
        people_frames=frozenset(n.get("people_in", [])),
        # the common surnames are said once, in org_names.yaml (person_surnames); names.surnames overrides
        surnames=str(n.get("surnames") or rules.load("org_names.yaml").get("person_surnames") or ""),
        person_suffix=rules.compile_regex(n["person_suffix"], what="names.person_suffix", path=path),
        org_suffixes=tuple(n.get("org_suffixes", [])),
        common_word_freq=int(n.get("common_word_freq", 3000)),
        max_len=int(n.get("max_len", 30)),
    )
    macros = named_lists(data.get("lists"), what="lists", path=str(path))  # {NAME}: kg/rules/shapes.py
    out, names = [], set()
    for item in data["frames"]:
        rules.check_keys(item, _FRAME_FIELDS, {"name", "kind", "triggers", "slots"}, path=path, what="frame")
        if item["name"] in names:
            raise RuleError(f"frame {item['name']!r} is defined twice", path=str(path))
        names.add(item["name"])
        slots = [_expand_slot(p, macros, item["name"], path) for p in item["slots"]]
        needs = [required_literals(p, weak=_MASK) for p in slots]
        pats = [_compile_slot(p, item["name"], path, written) for p, written in zip(slots, item["slots"], strict=True)]
        out.append(
            Frame(
                item["name"],
                item["kind"],
                list(item["triggers"]),
                pats,
                item.get("examples") or [],
                item.get("negatives") or [],
                needs,
                [requirements(p, weak=_MASK) for p in slots],
            )
        )
    triggers = [t for f in out for t in f.triggers]
    denial = rules.compile_regex(data.get("denial") or "(?!)", what="denial", path=path)
    return Frames(out, checks, _words_re(triggers, "triggers", path), denial)


_AFTER_SLOT = "\ue000"  # where a party slot ends, while a slot pattern is put together


def _compile_slot(source: str, frame: str, path: Path, written: str = "") -> re.Pattern:
    """A slot's regex (:func:`_expand_slot`), with its runs tightened: the same matches, sooner.

    A slot a user wrote (*written*, found in a ``--rules`` file) gets a time budget
    (kg/rules/regex_budget.py).
    """
    try:  # an invalid source comes back unchanged from tighten and fails here
        return compile_rule_pattern(tighten(source), written=written, where=f"{path} (frame {frame})")
    except re.error as exc:
        raise RuleError(f"frame {frame!r}: slot {source!r} does not compile: {exc}", path=str(path)) from exc


def _expand_slot(pattern: str, macros: dict, frame: str, path: Path) -> str:
    """``{N}`` is a party slot (a named group); ``{NAME}`` any list of the file (*macros*, each the
    group :func:`~kg.rules.shapes.named_lists` made of it): the regex text.

    Behind each party slot goes a look-ahead on the characters what follows the slot can
    start with, when they are known (:func:`~kg.extract.literals.first_chars`): the slot's
    lazy repetition then tries the rest of the pattern (a long alternation of adverbs and
    times, then the verb) only where it can start. The look-ahead only cuts attempts that
    fail, so the matches are the same.
    """
    if not isinstance(pattern, str):
        raise RuleError(f"frame {frame!r}: slot patterns must be strings", path=str(path))
    k = 0

    def sub(m):
        nonlocal k
        key = m.group(1)
        if key == "P":
            k += 1
            # a body already known stands where a place would
            return f"(?P<n{k}>Ⓔ+|{macros['PLACE']}){_AFTER_SLOT}"
        if key in ("N", "NS", "NC", "NV"):
            k += 1
            g = {"N": "n", "NS": "s", "NC": "c", "NV": "v"}[key]
            return f"(?P<{g}{k}>{macros['N']})(?:\\s?\\([^()]{{1,16}}\\))?{_AFTER_SLOT}"
        if key not in macros:
            raise RuleError(f"frame {frame!r}: no list is called {{{key}}} in {pattern!r}", path=str(path))
        return macros[key]

    expanded = re.sub(r"\{([A-Z][A-Z0-9_]*)\}", sub, pattern)
    parts = expanded.split(_AFTER_SLOT)
    out = parts[0]
    for i in range(1, len(parts)):
        # what follows the slot; a slot inside a group leaves a stray ")" and gets no look-ahead
        cls = first_chars("".join(parts[i:]))
        out += (f"(?={cls})" if cls else "") + parts[i]
    return out


def _continues(value, path) -> re.Pattern:
    """A deal word (``names.name_continues_words``: 投资, 控股) followed by a legal word of a name
    (``cue_in_name_before`` of org_names.yaml, shared with the name cues): the name goes on."""
    deal_words = words(value, what="names.name_continues_words", path=str(path))
    if not deal_words:
        return re.compile("(?!)")
    return re.compile(f"(?:{alternation(deal_words)})(?:{alternation(name_rules().cue_in_name_before)})")


@rules.derived
def frame_rules() -> Frames:
    return load_frames()


def _tags(sentence: str) -> list[tuple[int, int, str, str]]:
    """jieba.posseg tokens of *sentence* (:func:`kg.extract.postag.tags`): (start, end, word, flag)."""
    out, pos = [], 0
    for w, f in postag.tags(sentence):
        out.append((pos, pos + len(w), w, f))
        pos += len(w)
    return out


_CLAUSE_END = re.compile(r"[,;:。!?]")


def _clause_tags(sent: str, i: int, j: int, cache: dict) -> list:
    """Tags of the clauses around ``sent[i:j]`` only (tagging is the costly step), sentence offsets."""
    a = max((m.end() for m in _CLAUSE_END.finditer(sent, 0, i)), default=0)
    m = _CLAUSE_END.search(sent, j)
    b = m.start() if m else len(sent)
    if (a, b) not in cache:
        cache[(a, b)] = [(x + a, y + a, w, f) for x, y, w, f in _tags(sent[a:b])]
    return cache[(a, b)]


_CLAUSE_SEP = re.compile(r"[,;。!?]")


def _matches(pat: re.Pattern, masked: str, need, seps_of: dict):
    """The matches of a slot pattern, searched only in the clauses around its needed words.

    A slot spans at most a clause and its neighbours (names and adverbials hold no comma), so
    the search runs from the clause before the first needed word to the clause after the last.
    *seps_of* keeps the sentence's clause separators for its other slots.
    """
    if not need or len(masked) < 120:
        yield from pat.finditer(masked)
        return
    hits = [i for w in need for i in _find_all(masked, w)]
    seps = seps_of.get("seps")
    if seps is None:  # every slot of every frame asks again for the same sentence
        seps = seps_of["seps"] = [m.start() for m in _CLAUSE_SEP.finditer(masked)]
    lo, hi = min(hits), max(hits)
    before = [x for x in seps if x < lo]
    start = before[-2] + 1 if len(before) >= 2 else 0
    after = [x for x in seps if x > hi]
    end = after[1] + 1 if len(after) >= 2 else len(masked)
    yield from pat.finditer(masked, start, end)


def _find_all(text: str, word: str):
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + 1)




def trim_name(sentence: str, a: int, b: int, checks: NameChecks, tags=()) -> tuple[int, int]:
    """Cut what cannot start or end a name from ``sentence[a:b]``: (a, b) of what is left.

    A word is cut from the start only where jieba's tokens end too (向日葵 keeps its 向).
    """
    bounds = {t[0] for t in tags} | {t[1] for t in tags} if tags else None
    cut = a
    for m in checks.through_re.finditer(sentence, a, b):
        # the last one that ends on a token boundary and leaves a name (京福安徽公司 keeps its 公司)
        if (bounds is None or m.end() in bounds) and b - m.end() >= 2 and m.end() > cut:
            cut = m.end()
    a = cut
    opening = a == 0 or sentence[a - 1] in CLAUSE_OPENERS  # a clause never starts with a conjunction
    while a < b:
        m = checks.strip_prefix.match(sentence, a, b)
        if not m or m.end() == a or (bounds is not None and m.end() not in bounds):
            break
        if opening and m.group() in conjunctions():
            break  # 和泰精密拟收购…: the 和 of a clause's first word belongs to the name
        a = m.end()
    m = checks.cut_at.search(sentence, a + 2, b)
    if m:
        b = m.start()
    while a < b:
        m = checks.strip_suffix.search(sentence, a, b)
        if not m or m.end() != b or m.start() == b:
            break
        b = m.start()
    m = _DESCRIBED_LATIN.fullmatch(sentence, a, b)
    if m:  # 法国Naf Naf SAS, 零食品牌Crunchy: the Chinese words describe the Latin name
        a = m.start("latin")
    return a, b


# a stake of the phrase follows it (X 10%的股权, X的全部股份): the phrase is a company
_STAKE_AFTER = re.compile(r"\s?(?:Ⓟ+\s?(?:的)?|的(?:全部|部分|控股)?)(?:股权|股份|普通股)")

_DESCRIBED_LATIN = re.compile(r"[\u4e00-\u9fff]{2,8}(?P<latin>[A-Z][A-Za-z0-9À-ɏ&.'’ -]{2,})")


def name_ok(
    sentence: str,
    a: int,
    b: int,
    tags,
    checks: NameChecks,
    strict: bool = False,
    certain: bool = False,
    subject: bool = False,
    holds_shares: bool = False,
) -> bool:
    """Is ``sentence[a:b]`` an organisation name? (shape, stop lists, part-of-speech signals)

    *certain*: the slot's context all but says a party stands there (收购X 60%股权), so jieba's
    tags of the words inside (开封/v 碳素, 长园 和/c 鹰) do not veto the phrase.
    *subject*: the phrase opens its clause right before a deal verb (好时还收购了…): a verb
    tag inside does not veto it (太钢/n 不锈/v), and a short phrase jieba cannot read as one
    dictionary word is a coined name (好/a 时/ng, 彩/n 生活/vn), while one word is not (巨资, 溢价).
    *holds_shares*: a stake of it follows (收购X 10%的股权, X的全部股份): X issues shares, so it is
    a company even when it reads as a person's name (戴姆勒: 戴/nr 姆勒).
    """
    part = sentence[a:b]
    if len(part) < 2 or len(part) > checks.max_len or part in checks.not_names:
        return False
    if any(c in _MASK for c in part) or part[0] in "的之与和及、" or part.isdigit():
        return False
    if checks.bad_inside.search(part) or checks.bad_shape.search(part):
        return False
    if is_description(part):
        return False  # 美国数据中心服务商, AI基础设施: what a business is, not which one (org_names.yaml)
    if certain and is_place(part):
        return False  # 获得沙特方面15亿美元的投资: a country said for its investors, no firm
    # Latin names (FläktGroup, Navigating Cancer), perhaps with a Chinese suffix
    latin = bool(re.fullmatch(r"[A-Za-z0-9À-ɏ&.·' -]{2,}(?:[\u4e00-\u9fff]{0,4})", part)) and bool(
        re.search(r"[A-Za-z]{2,}", part)
    )
    if re.fullmatch(r"[A-Za-z]", part[:1]) and not re.fullmatch(r"[\w&.·' -]+", part):
        return False
    inner = [t for t in tags if t[0] < b and t[1] > a]
    if not inner or any(t[2] in checks.negations for t in inner):
        return False
    first = inner[0]
    if first[0] == a and first[3] in checks.bad_first_tags and not part.endswith(checks.org_suffixes) and not certain:
        return False
    if not certain and any(t[3] in checks.bad_inner_tags for t in inner if t[0] >= a and t[1] <= b):
        return False
    if checks.person_suffix.search(part):
        return False
    if (
        not holds_shares
        and all(t[3] in checks.person_tags for t in inner)
        and len(part) <= 3
        and part[0] in checks.surnames
    ):
        return False  # 斯媛, 张某: a person
    freq = segment.word_frequencies()
    if len(inner) == 1 and first[0] == a and first[1] == b:
        if first[3] not in checks.signal_tags and freq.get(part, 0) >= checks.common_word_freq:
            return False  # a dictionary word (项目, 企业, 政府)
    if part.endswith(checks.org_suffixes) or latin:
        return not _only_suffix(part, checks)
    if any(t[3] in checks.signal_tags for t in inner):
        return not strict or any(t[3] in ("nt", "nz", "j", "eng") for t in inner)
    if strict:
        return False
    if subject and (re.search(r"[\d、]", part) or any(t[3] in ("m", "q") for t in inner)):
        return False  # 上述5个标包: a count, not a name
    # a subject with a noun at either end keeps its verb-tagged word (太钢/n 不锈/v; not 频繁/a 发布/v)
    nounish = subject and (any(t[3][:1] in ("n", "j") for t in (inner[0], inner[-1])) or _coined(inner))
    if not certain and not nounish and any(t[3] in checks.weak_tags for t in inner if t[0] >= a and t[1] <= b):
        return False
    if any(not freq.get(t[2]) for t in inner if len(t[2]) >= 2):
        return True  # an HMM new word
    if subject and inner[0][0] == a and inner[-1][1] == b and _coined(inner):
        return True  # two characters that make no word together (好/a 时/ng; not 高/a 溢价/n)
    return certain or len(part) >= 4


_TAIL_TAGS = frozenset({"d", "ad", "i", "l", "t", "m", "mq"})


def _trim_tail_tags(a: int, b: int, tags) -> int:
    """End of a subject once adverbs, idioms and times glued to it are cut (长城动漫|一口气收购)."""
    inner = [t for t in tags if a <= t[0] and t[1] <= b]
    while len(inner) > 1 and inner[-1][1] == b and inner[-1][3] in _TAIL_TAGS and inner[-1][0] - a >= 2:
        b = inner[-1][0]
        inner.pop()
    return b


def _coined(tokens) -> bool:
    """Are *tokens* single characters that jieba could not join into a word?"""
    return len(tokens) >= 2 and all(len(t[2]) == 1 for t in tokens)


def person_phrase(sentence: str, a: int, b: int, tags, checks: NameChecks) -> bool:
    """Is ``sentence[a:b]`` a person's name: 2-3 characters, a common surname first, every
    jieba token of it tagged as a person's name (尹明善/nr; not 思立微, which holds no surname)?"""
    part = sentence[a:b]
    if not 2 <= len(part) <= 3 or part[0] not in checks.surnames:
        return False
    inner = [t for t in tags if t[0] < b and t[1] > a]
    return bool(inner) and inner[0][0] == a and inner[-1][1] == b and all(t[3] in checks.person_tags for t in inner)


def person_entities(simp: str, text: str, people, entities) -> list:
    """People found in the party slots of deal frames (:func:`discover_names`), as ``person``
    entities with every free occurrence of the name: a natural person who buys or sells a
    stake is a party of the news, never a company (no deal rule sees them as one)."""
    known = {e.name for e in entities} | {m.text for e in entities for m in e.mentions}
    used = {i for e in entities for m in e.mentions for i in range(m.start, m.end)}
    out = []
    for name in sorted({n for _, _, n in people}):
        if name in known:
            continue
        ent = Entity(name=name, type="person", discovered=True)
        for a, b in spans_of(simp, name):
            if not any(i in used for i in range(a, b)):
                ent.mentions.append(Mention(name, a, b, text[a:b]))
        if ent.mentions:
            out.append(ent)
    return out


def _only_suffix(part: str, checks: NameChecks) -> bool:
    return any(part == s for s in checks.org_suffixes)


def discover_names(
    simp: str,
    sentences,
    taken: set[int],
    marks: dict[int, str] | None = None,
    announcers: list | None = None,
    people: list | None = None,
) -> list[tuple[int, int, str]]:
    """Name phrases that fill a party slot of a frame: ``(start, end, text)`` in *simp*.

    *sentences* are ``(start, end)`` spans; *taken* holds the offsets of known mentions and
    amounts, *marks* the placeholder of each taken offset (default Ⓔ). A slot holding only
    公司/本公司 (``names.announcer``) is appended to *announcers* as a ``(start, end)`` span;
    a person's name in a party slot of a frame of ``names.people_in`` (尹某某收购了…) to
    *people* as ``(start, end, name)``.
    """
    fr = frame_rules()
    marks = marks or {}
    out: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    chars = None
    for s0, s1 in sentences:
        sent = simp[s0:s1]
        if not fr.trigger_re.search(sent):
            continue
        if chars is None:  # mask the whole text once (known mentions Ⓔ, amounts Ⓜ Ⓟ Ⓠ)
            chars = list(simp)
            n, mark = len(chars), marks.get
            for i in taken:
                if i < n:
                    chars[i] = mark(i, "Ⓔ")
            chars = "".join(chars)
        masked = chars[s0:s1]
        tag_cache: dict = {}
        seps_of: dict = {}  # the sentence's clause separators, found once for all its slots
        live, held, slot_bits = _words_present(sent, masked, fr)
        for frame, bits in zip(fr.frames, slot_bits, strict=True):
            if not live & 1:
                live >>= 1
                continue  # none of the frame's triggers is in the sentence
            live >>= 1
            for pat, need, want in zip(frame.slots, frame.needs, bits, strict=True):
                if want & ~held:
                    continue  # a word every match needs is missing (kg/literals.py)
                for m in _matches(pat, masked, need, seps_of):
                    tags = None
                    for g, v in m.groupdict().items():
                        if g[0] not in "nscv" or v is None or not v.strip("Ⓔ"):
                            continue
                        ga, gb = m.span(g)
                        ga, gb = _untimed(masked, ga, gb, fr.names)  # 甲和乙去年6月: no 乙去年6月
                        pieces, pos = [], ga
                        for sm in list_joiner().finditer(masked, ga, gb):
                            if gb - sm.end() < 2 or sm.start() - pos < 2:
                                continue  # 长园和鹰: a 和 with one character beside it is part of the name
                            pieces.append((pos, sm.start()))
                            pos = sm.end()
                        pieces.append((pos, gb))
                        pieces = [_untimed(masked, a, b, fr.names) for a, b in pieces]
                        known = [masked[a:b].strip() for a, b in pieces if "Ⓔ" in masked[a:b]]
                        if any(k.strip("Ⓔ") for k in known):
                            continue  # a known name after a descriptor (资料分析与软件商Ⓔ): no list
                        for a, b in pieces:
                            if "Ⓔ" in masked[a:b]:
                                continue  # a known item of a list (青松投资、Ⓔ)
                            if announcers is not None and fr.names.announcer.match(sent[a:b]):
                                announcers.append((s0 + a, s0 + b))
                                continue
                            # cheap first: a piece that holds a bad word even when cut as much as
                            # can be is no name, and costs no tagging
                            ca, cb = trim_name(sent, a, b, fr.names)
                            if cb - ca < 2 or fr.names.bad_inside.search(sent, ca, cb):
                                continue
                            if tags is None:
                                tags = _clause_tags(sent, m.start(), m.end(), tag_cache)
                            a, b = trim_name(sent, a, b, fr.names, tags)
                            if g[0] == "v":
                                b = _trim_tail_tags(a, b, tags)
                            cont = fr.names.name_continues.match(sent, b)
                            if cont:  # 向宁川产业|投资集团定向增发: 投资集团 ends the name, it is no verb
                                b = cont.end()
                            if (s0 + a, s0 + b) in seen or b - a < 2:
                                continue
                            shares = bool(_STAKE_AFTER.match(masked, b))  # X 10%的股权: no person
                            if name_ok(
                                sent,
                                a,
                                b,
                                tags,
                                fr.names,
                                strict=g[0] == "s",
                                certain=g[0] == "c" or shares,
                                subject=g[0] == "v",
                                holds_shares=shares,
                            ):
                                seen.add((s0 + a, s0 + b))
                                out.append((s0 + a, s0 + b, sent[a:b]))
                            elif (
                                people is not None
                                and not shares
                                and frame.name in fr.names.people_frames
                                and person_phrase(sent, a, b, tags, fr.names)
                            ):
                                seen.add((s0 + a, s0 + b))
                                people.append((s0 + a, s0 + b, sent[a:b]))
    out.sort(key=lambda x: (x[0], -x[1]))  # the longest phrase at one start (青禾投资集团, not 青禾)
    kept, last = [], -1
    for a, b, n in out:
        if a >= last:
            kept.append((a, b, n))
            last = b
    return kept


def _untimed(masked: str, a: int, b: int, checks: NameChecks) -> tuple[int, int]:
    """``(a, b)`` without a time at its end (``names.slot_tail_time``: 去年6月)."""
    tail = checks.slot_tail_time.search(masked, a, b)
    return (a, tail.start()) if tail and tail.start() > a else (a, b)


def _words_present(sent: str, masked: str, fr: Frames) -> tuple[int, int, list[list[int]]]:
    """Which frames have a trigger in *sent* (bit *i* for frame *i*), which sets of words the
    slots need have a word in *masked* (the same sentence with its mentions and amounts masked;
    a bit per set), found in one pass each, and the sets each slot needs (its ``needs`` and every
    set of its ``all_needs``), as bits: a slot whose bits are not all held cannot match."""
    index = fr.__dict__.get("_present")
    if index is None:
        sets: dict[frozenset, int] = {}  # a set of words -> its bit
        slot_bits = []
        for f in fr.frames:
            all_needs = f.all_needs or [()] * len(f.slots)
            slot_bits.append(
                [
                    sum({sets.setdefault(frozenset(r), 1 << len(sets)) for r in ([need] if need else []) + list(reqs)})
                    for need, reqs in zip(f.needs, all_needs, strict=True)
                ]
            )
        frame_bits: dict[str, int] = {}
        for i, f in enumerate(fr.frames):
            for t in f.triggers:
                frame_bits[t] = frame_bits.get(t, 0) | 1 << i
        word_bits: dict[str, int] = {}
        for r, bit in sets.items():
            for w in r:
                word_bits[w] = word_bits.get(w, 0) | bit
        index = []
        for bits in (frame_bits, word_bits):
            auto = ahocorasick.Automaton()
            for w, b in bits.items():
                if w:
                    auto.add_word(w, b)
            if len(auto):
                auto.make_automaton()
            index.append((auto, bits.get("", 0)))  # a set holding "" is always held
        index.append(slot_bits)
        fr.__dict__["_present"] = index
    out = [0, 0]
    for k, (auto, always), text in ((0, index[0], sent), (1, index[1], masked)):
        found = always
        if len(auto):
            for _, b in auto.iter(text):
                found |= b
        out[k] = found
    return out[0], out[1], index[2]


def frame_names(
    simp: str, sentences, taken: set[int], amounts, announcers=None, people=None
) -> list[tuple[int, int]]:
    """The pipeline's hook: name phrases in frame slots, and their other free occurrences.

    *taken* (offsets of known mentions and amounts) is read, not changed; 公司 in a party slot
    is appended to *announcers* (see :func:`announcer_of`), people's names to *people*
    (see :func:`person_entities`).
    """
    marks = {}
    for a in amounts:
        mark = "Ⓜ" if a.unit == MONEY else "Ⓟ" if a.unit == "percent" else "Ⓠ"
        for i in range(a.start, a.end):
            marks[i] = mark
    found = discover_names(simp, [(s.start, s.end) for s in sentences], taken, marks, announcers, people)
    spans = {(a, b) for a, b, _ in found}
    # the longest name first, whatever the hash seed: 日本数据中心's occurrences, not 日本's within them
    for name in sorted({n for _, _, n in found}, key=lambda n: (-len(n), n)):
        for a, b in spans_of(simp, name):
            if (a, b) in spans or any(i in taken for i in range(a, b)):
                continue
            if any(x < b and a < y for x, y in spans):
                continue
            spans.add((a, b))
    return sorted(spans)


def names_in(text: str) -> list[str]:
    """The frame names of a Simplified, half-width *text* with its amounts masked (for tests).

    >>> names_in("海川电气拟3亿元收购蓝湾材料40%的股份")
    ['海川电气', '蓝湾材料']
    """
    amounts = extract_amounts(text, text, script="hans")
    taken = {i for a in amounts for i in range(a.start, a.end)}
    return [text[a:b] for a, b in frame_names(text, segment.split_sentences(text), taken, amounts)]


def announcer_of(start: int, mentions, is_party, limit: int = 300):
    """The organisation 公司 at *start* stands for: the nearest party mentioned before it.

    *mentions* are sorted by start; *is_party* tells organisations from people and products.
    """
    for m in reversed(mentions):
        if m.end <= start and start - m.end <= limit and is_party(m.name):
            return m
    return None


def denied(sentence: str) -> bool:
    """Does the sentence deny or call off a deal (``denial`` in rules/frames.yaml)?

    >>> denied("远帆科技否认投资青禾材料"), denied("远帆科技投资青禾材料")
    (True, False)
    """
    return bool(frame_rules().denial.search(sentence))
