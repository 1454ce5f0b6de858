"""``kg rules``: check the rule files (registered on the ``kg`` group)."""

from __future__ import annotations
