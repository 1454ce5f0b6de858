"""Make docs/graph.png, the README's picture of the graph page: ``python -m tests.browser.screenshot``.

Ingests the bundled corpus into a temporary store (as ``kg demo`` does), writes the page,
opens it in the system Chromium, highlights the largest circular money path and clicks its
first entity, then saves the screenshot. Chinese labels need a CJK font (e.g. Debian's
fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg import KnowledgeGraph
from kg.view.graph_page import write_html

from .conftest import CHROMIUM_ARGS, chromium_path, load
from .pages import CORPORA, ROOT


def make_screenshot(out: Path, *, width: int = 1400, height: int = 860) -> Path:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph.open(Path(tmp) / "kg.db")
        kg.ingest(CORPORA)
        page_path = write_html(kg, Path(tmp) / "graph.html")
        kg.close()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            loaded = load(browser, page_path)
            page = loaded.page
            page.set_viewport_size({"width": width, "height": height})
            page.click("#cycles li:first-child button")
            page.wait_for_timeout(600)
            loaded.js(
                """() => {
                  const n = kgGraph.network, c = kgGraph.data.cycles[0];
                  n.stopSimulation();
                  n.fit({nodes: c.nodes});
                  n.moveTo({scale: n.getScale() * 0.55});
                }"""
            )
            page.wait_for_timeout(300)
            nid = loaded.js("() => kgGraph.data.cycles[0].nodes[0]")
            loaded.js("id => kgGraph.focusNode(id)", nid)
            loaded.js("() => kgGraph.highlightCycle(0)")
            page.wait_for_timeout(700)
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    _shrink(out)
    return out


def _shrink(png: Path) -> None:
    """256 colours: a third of the size, the same look for a flat UI picture."""
    from PIL import Image

    with Image.open(png) as im:
        small = im.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(png, optimize=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png")
    print(f"wrote {make_screenshot(ap.parse_args().out)}")
