"""Shared test set-up: every test starts with the bundled rules only.

``kg --rules DIR`` in an in-process CLI call (click's CliRunner) leaves the user folders set
for the rest of the process, as it should for one command; here it must not reach the next test.
"""

from __future__ import annotations

import pytest

from kg import rules


@pytest.fixture(autouse=True)
def _bundled_rules_only():
    yield
    if rules.user_dirs():
        rules.use_user_dirs([])
