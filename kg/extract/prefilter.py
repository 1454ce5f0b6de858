"""Which patterns of a family a sentence can match, found with one pass over the sentence.

Relation rules and fact rules are many regular expressions; most need a word (收购, 质押给) that
most sentences lack. :func:`word_index` reads those words off the compiled patterns once per rule
set (:mod:`kg.extract.literals`), so a sentence is searched only with the patterns whose words it
holds.
"""

from __future__ import annotations

import ahocorasick

from .literals import required_literals, requirements


def word_index(patterns, weak: str = "") -> tuple[frozenset[int], dict[str, set[int]], object, list]:
    """What a family of *patterns* needs, to try only those a sentence can match: the indexes of
    the patterns without a required word; per word, the indexes of the patterns needing it
    (:func:`~kg.extract.literals.required_literals`, the placeholders of *weak* not counted); an Aho-Corasick automaton
    finding all those words; per pattern, every set of words it needs (:func:`~kg.extract.literals.requirements`).

    >>> import re
    >>> always, by_word, auto, reqs = word_index([re.compile("收购|并购"), re.compile("质押给"), re.compile(".")])
    >>> sorted(always), sorted(by_word), sorted(w for _, w in auto.iter("甲质押给乙"))
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
    automaton = ahocorasick.Automaton()
    for w in {*by_word, *(w for rs in reqs for r in rs for w in r)}:
        automaton.add_word(w, w)
    if len(automaton):
        automaton.make_automaton()
    return frozenset(always), by_word, automaton, reqs


def live_patterns(text: str, always, by_word, automaton, reqs) -> list[int]:
    """The indexes, in order, of the patterns of a :func:`word_index` that *text* can match: those
    needing no word, and those whose every set of needed words has one in *text*.

    >>> import re
    >>> live_patterns("甲质押给乙", *word_index([re.compile("收购|并购"), re.compile("质押给"), re.compile(".")]))
    [1, 2]
    """
    live = set(always)
    found: set[str] = set()
    if len(automaton):
        found.update(w for _, w in automaton.iter(text))
        for w in found:
            live.update(by_word.get(w, ()))
    return [k for k in sorted(live) if not any(found.isdisjoint(r) for r in reqs[k])]
