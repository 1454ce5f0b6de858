"""A character table that lets the graph page's Find box ignore the script (美图公司 finds 美圖公司).

The page cannot run OpenCC, so it gets a small map: for every character of the names and
aliases on the page, its Traditional and Simplified forms map to the Simplified one. The
page folds both the query and the names through it before comparing.

>>> fold_table(["美圖公司"]) == {"圖": "图"}
True
"""

from __future__ import annotations

from collections.abc import Iterable

from ..extract.normalize import _s2t_char, _t2s_char


def fold_table(names: Iterable[str]) -> dict[str, str]:
    """``{character: Simplified character}`` for the characters of *names* and their other-script forms."""
    out: dict[str, str] = {}
    for ch in sorted({c for n in names for c in str(n) if "\u3400" <= c <= "\u9fff"}):
        simp = _t2s_char(ch)
        for form in (ch, _s2t_char(simp)):
            if form != simp:
                out[form] = simp
    return out
