"""Is there Chinese text at all? kg's rules read Chinese; an English-only article gives nothing.

>>> has_chinese("Nvidia will invest $100 billion in OpenAI."), has_chinese("輝達投資OpenAI")
(False, True)
"""

from __future__ import annotations

import re

NO_CHINESE = "no Chinese text: kg's rules read Chinese, so no deal or fact can be found in it"
NO_SCRIPT = "none"
"""An article's ``script`` when it holds no Chinese text (else ``hans`` or ``hant``)."""


def script_label(text: str, detected: str) -> str:
    """The script an article record states: *detected* (``hans``/``hant``) when *text* holds
    Chinese, else :data:`NO_SCRIPT` — an English-only article is not Simplified Chinese.

    >>> script_label("Nvidia will invest $100 billion in OpenAI.", "hans"), script_label("輝達投資", "hant")
    ('none', 'hant')
    """
    return detected if has_chinese(text) else NO_SCRIPT
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_chinese(text: str) -> bool:
    """Whether *text* holds at least one Chinese (CJK unified ideograph) character."""
    return _CJK.search(text) is not None
