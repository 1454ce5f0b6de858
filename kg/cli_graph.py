"""``kg graph``: the interactive graph page (registered on the ``kg`` group)."""

from __future__ import annotations
