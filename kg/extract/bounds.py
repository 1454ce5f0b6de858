"""Bounds on what can be a number of money, checked before and after parsing an amount.

A run of characters the amount pattern matched is only parsed when its parts have sizes a
written number can have (:func:`plausible_match`): at most one decimal point ``点``, a
fraction followed by magnitudes only, a few magnitude characters, a Chinese numeral or an
Arabic one of bounded length. Parsed values beyond :data:`MAX_AMOUNT` are not money
(:func:`plausible_value`): ``1`` followed by forty ``億`` is a string of characters, not a
figure, and kept out of the store so that sums, floats, Parquet decimals and JSON writers
never meet it.

>>> plausible_value(None, 10**12)
True
>>> plausible_value(10**40)
False
"""

from __future__ import annotations

import re
from decimal import Decimal

MAX_AMOUNT = Decimal(10) ** 18
"""The largest absolute value (in the amount's own unit, before conversion) taken as a figure."""

MAX_MAGNITUDES = 4
"""Magnitude characters in one run (万亿 is two; a longer run is not a figure)."""

MAX_CHINESE = 32
"""Characters of one Chinese numeral (三千五百二十一亿四千万 is 11)."""

MAX_ARABIC = 40
"""Characters of one Arabic number, separators and decimals included."""


def plausible_match(m: re.Match, g) -> bool:
    """Whether the parts of amount match *m* have the sizes of a written number (*g*: the grammar)."""
    groups = m.groupdict()
    for name in ("amag", "amag1", "cmag", "vmag", "tmag"):
        if groups.get(name) and len(groups[name]) > MAX_MAGNITUDES:
            return False
    for name in ("a1", "a2"):
        if groups.get(name) and len(groups[name]) > MAX_ARABIC:
            return False
    if groups.get("cpd") and len(groups["cpd"]) > 4 * MAX_ARABIC:
        return False
    for name in ("c1", "c2", "num"):
        s = groups.get(name)
        if s and not s[0].isdigit() and not chinese_well_formed(s, g):
            return False
    return True


def chinese_well_formed(s: str, g) -> bool:
    """A Chinese numeral the grammar *g* can value: bounded, one ``点`` at most, then digits and magnitudes."""
    if len(s) > MAX_CHINESE:
        return False
    if sum(1 for c in s if c in g.mag) > 2 * MAX_MAGNITUDES:
        return False
    if "点" not in s:
        return True
    _, _, rest = s.partition("点")
    rest = rest.lstrip("".join(g.digits))
    return all(c in g.mag for c in rest)


def plausible_value(*values) -> bool:
    """Whether every given value (None ignored) is within :data:`MAX_AMOUNT`."""
    for v in values:  # (a loop: asked for every amount candidate)
        if v is not None and not abs(v) <= MAX_AMOUNT:
            return False
    return True
