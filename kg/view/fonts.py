"""A CJK font for the report's charts, found through matplotlib's font manager.

Chinese names need a font with Chinese glyphs, or matplotlib draws boxes (□□□□). Any
installed font whose character map covers common Simplified and Traditional characters
will do (:func:`cjk_fonts`, well-known families first); when there is none, kg says so
once on standard error, naming the Debian packages that provide one
(``fonts-wqy-zenhei``, ``fonts-noto-cjk``). Missing-glyph warnings are never hidden when
a CJK font is there: a chart test asserts there are none.
"""

from __future__ import annotations

import logging
import sys
import warnings
from functools import lru_cache

PREFERRED = ["Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei"]
PROBE = "中国辉達"  # Simplified and Traditional forms: a font must have all of them
INSTALL_HINT = "install one, e.g. `apt-get install fonts-wqy-zenhei` (or fonts-noto-cjk) on Debian/Ubuntu"
_warned = False


@lru_cache(maxsize=1)
def cjk_fonts() -> tuple[str, ...]:
    """Names of the installed fonts that have Chinese glyphs, preferred families first."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    found: dict[str, None] = {}
    for entry in font_manager.fontManager.ttflist:
        if entry.name in found or entry.name.startswith("Last Resort"):  # boxes for every character
            continue
        try:
            cmap = FT2Font(entry.fname).get_charmap()
        except (OSError, RuntimeError, ValueError):
            continue
        if all(ord(c) in cmap for c in PROBE):
            found[entry.name] = None
    names = list(found)
    return tuple(sorted(names, key=lambda n: (PREFERRED.index(n) if n in PREFERRED else len(PREFERRED), n)))


def font_family() -> list[str]:
    """``font.sans-serif`` for the charts: the CJK fonts, then DejaVu Sans (warns once when none)."""
    global _warned
    # "findfont: Failed to find font weight normal for WenQuanYi Zen Hei, now using 500" is noise
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    fonts = list(cjk_fonts())
    if not fonts and not _warned:
        _warned = True
        print(f"kg: warning: no CJK font found; Chinese names in charts will show as boxes: {INSTALL_HINT}",
              file=sys.stderr)
    return fonts + ["DejaVu Sans"]


def quiet_chart_warnings() -> None:
    """Inside ``warnings.catch_warnings()``: silence matplotlib's chatter, but never a missing glyph
    when a CJK font is installed (without one, :func:`font_family` has already said so once)."""
    warnings.simplefilter("ignore")
    if cjk_fonts():
        warnings.filterwarnings("default", message=r".*[Gg]lyph.*missing")
