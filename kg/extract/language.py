"""Is there Chinese text at all? kg's rules read Chinese; an English-only article gives nothing.

>>> has_chinese("Nvidia will invest $100 billion in OpenAI."), has_chinese("輝達投資OpenAI")
(False, True)
"""

from __future__ import annotations

import re

NO_CHINESE = "no Chinese text: kg's rules read Chinese, so no deal or fact can be found in it"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_chinese(text: str) -> bool:
    """Whether *text* holds at least one Chinese (CJK unified ideograph) character."""
    return _CJK.search(text) is not None
