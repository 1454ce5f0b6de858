"""Headless Chromium for the graph page tests: the system browser driven by Playwright.

No browser is downloaded: the tests use Debian's ``chromium`` (``./run test`` installs it
with apt-get) and skip, saying why, only when it or the ``playwright`` package is absent.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("KG_CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module."""
    # CI sets KG_REQUIRE_BROWSER=1 (.ci/run): there a missing browser is a failure, not a skip
    missing = pytest.fail if os.environ.get("KG_REQUIRE_BROWSER") == "1" else pytest.skip
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[test]')")
    exe = chromium_path()
    if exe is None:
        missing("no Chromium executable (apt-get install chromium, or set KG_CHROMIUM)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Loaded:
    """A page loaded from file:// with everything it asked for and complained about."""

    page: object
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)


def load(browser, path: Path, *, bypass_csp: bool = False, timeout_s: float = 60) -> Loaded:
    """Open *path* offline, record every request (aborting any non-local one), wait until ready."""
    context = browser.new_context(
        viewport={"width": 1400, "height": 860}, offline=True, bypass_csp=bypass_csp, service_workers="block"
    )
    page = context.new_page()
    out = Loaded(page)

    def route(r):
        url = r.request.url
        if url.startswith(LOCAL_SCHEMES):
            r.continue_()
        else:
            out.external.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("request", lambda req: out.requests.append(req.url))
    page.on("console", lambda msg: out.errors.append(msg.text) if msg.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: out.errors.append(f"pageerror: {exc}"))
    page.on("dialog", lambda d: (out.dialogs.append(d.message), d.dismiss()))
    t = time.perf_counter()
    page.goto(path.resolve().as_uri())
    page.wait_for_selector('body[data-ready="1"]', state="attached", timeout=timeout_s * 1000)
    out.seconds = time.perf_counter() - t
    return out
