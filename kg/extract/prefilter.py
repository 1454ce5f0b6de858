"""Which patterns of a family a sentence can match, found with one pass over the sentence.

Relation rules and fact rules are many regular expressions; most need a word (收购, 质押给) that
most sentences lack. :func:`word_index` reads those words off the compiled patterns once per rule
set (:mod:`kg.extract.literals`), so a sentence is searched only with the patterns whose words it
holds.
"""

from __future__ import annotations

import ahocorasick

from .literals import required_literals, requirements


def word_index(patterns, weak: str = "") -> tuple[frozenset[int], dict[str, set[int]], object, list[int]]:
    """What a family of *patterns* needs, to try only those a sentence can match: the indexes of
    the patterns without a required word; per word, the indexes of the patterns needing it
    (:func:`~kg.extract.literals.required_literals`, the placeholders of *weak* not counted); an Aho-Corasick automaton
    finding all those words; per pattern, every set of words it needs (:func:`~kg.extract.literals.requirements`),
    as a bit mask over those sets.

    The automaton gives each word as ``(word, patterns, sets)``: bit masks of the patterns that
    need it and of the sets it is in, so a sentence is read with integer operations only.

    >>> import re
    >>> always, by_word, auto, reqs = word_index([re.compile("收购|并购"), re.compile("质押给"), re.compile(".")])
    >>> sorted(always), sorted(by_word), sorted(w for _, (w, _, _) in auto.iter("甲质押给乙"))
    ([2], ['并购', '收购', '质押给'], ['质押给'])
    """
    always: set[int] = set()
    by_word: dict[str, set[int]] = {}
    for k, pat in enumerate(patterns):
        words = required_literals(pat, weak=weak)
        if words is None:
            always.add(k)
        for w in words or ():
            by_word.setdefault(w, set()).add(k)
    reqs = [requirements(pat, weak=weak) for pat in patterns]  # every set, beyond the strongest
    set_bit: dict[frozenset, int] = {}
    needs = []
    for rs in reqs:
        mask = 0
        for r in rs:
            mask |= 1 << set_bit.setdefault(r, len(set_bit))
        needs.append(mask)
    automaton = ahocorasick.Automaton()
    for w in {*by_word, *(w for rs in reqs for r in rs for w in r)}:
        pats = sum(1 << k for k in by_word.get(w, ()))
        sets = sum(1 << b for r, b in set_bit.items() if w in r)
        automaton.add_word(w, (w, pats, sets))
    if len(automaton):
        automaton.make_automaton()
    return frozenset(always), by_word, automaton, needs


def live_patterns(text: str, always, by_word, automaton, reqs) -> list[int]:
    """The indexes, in order, of the patterns of a :func:`word_index` that *text* can match: those
    needing no word, and those whose every set of needed words has one in *text*.

    >>> import re
    >>> live_patterns("甲质押给乙", *word_index([re.compile("收购|并购"), re.compile("质押给"), re.compile(".")]))
    [1, 2]
    """
    live = held = 0
    if len(automaton):
        for _, (_w, pats, sets) in automaton.iter(text):
            live |= pats
            held |= sets
    for k in always:
        live |= 1 << k
    missing = ~held
    out = []
    while live:
        low = live & -live
        k = low.bit_length() - 1
        live ^= low
        if not reqs[k] & missing:
            out.append(k)
    return out
