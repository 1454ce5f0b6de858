"""The full bundled store's page at 1400×900: the largest entities are named at every zoom, the legend is on screen."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph
from kg.data import corpus_folder
from kg.view.graph_page import write_html

from .conftest import load

LABELS = """() => {
  const n = kgGraph.network, r = document.getElementById("graph").getBoundingClientRect();
  return kgGraph.labelled.map(l => {
    const p = n.canvasToDOM(n.getPosition(l.id));
    return {name: l.name, own: l.own, x: r.left + p.x, y: r.top + p.y};
  });
}"""


@pytest.fixture(scope="module")
def full_page(tmp_path_factory):
    root = tmp_path_factory.mktemp("full_store")
    with KnowledgeGraph.open(root / "kg.db") as kg:
        assert kg.ingest(corpus_folder()).new > 30
        path = write_html(kg, root / "full.html")
        tops = sorted(
            ((d["kg"]["grossUsd"], d["kg"]["name"]) for d in _nodes(kg) if d["kg"]["grossUsd"]), reverse=True
        )
    return path, tops


def _nodes(kg):
    from kg.view.graph_page import build_page_data

    return build_page_data(kg.to_networkx())["nodes"]


def test_largest_entities_are_labelled_at_every_zoom_and_the_legend_is_visible(browser, full_page, tmp_path_factory):
    path, tops = full_page
    cut = tops[14][0]  # the 15th largest gross flow (ties at the cut may go either way)
    must = {name for g, name in tops if g > cut}
    may = {name for g, name in tops if g >= cut}
    loaded = load(browser, path, timeout_s=120)
    page = loaded.page
    page.set_viewport_size({"width": 1400, "height": 900})
    assert loaded.errors == [] and loaded.external == []
    # the legend, without scrolling
    box = page.locator("#legend-box").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900 and box["x"] + box["width"] <= 1400
    assert page.locator("#legend-status li").count() == 4 and page.locator("#legend-status").is_visible()
    # the whole store fitted on screen: vis-network's own labels are too small to draw, ours are there
    loaded.js("() => { kgGraph.network.stopSimulation(); kgGraph.network.fit(); kgGraph.network.redraw(); }")
    page.wait_for_function("kgGraph.labelled.length > 0")
    page.wait_for_timeout(300)
    scale = loaded.js("() => kgGraph.network.getScale()")
    labels = loaded.js(LABELS)
    names = {lab["name"] for lab in labels}
    assert len(labels) == 15 and must <= names <= may
    graph = page.locator("#graph").bounding_box()
    for lab in labels:
        assert graph["x"] <= lab["x"] <= graph["x"] + graph["width"], lab
        assert graph["y"] <= lab["y"] <= graph["y"] + graph["height"], lab
    if 14 * scale < 5:
        assert not any(lab["own"] for lab in labels)
    path_png = tmp_path_factory.mktemp("screenshots") / "full_store.png"
    page.screenshot(path=str(path_png))
    print(f"\nscreenshot: {path_png} (scale {scale:.2f})")
    # zoomed in, vis-network draws the names itself
    loaded.js("() => { kgGraph.network.moveTo({scale: 1.5}); kgGraph.network.redraw(); }")
    page.wait_for_timeout(300)
    assert all(lab["own"] for lab in loaded.js(LABELS))
