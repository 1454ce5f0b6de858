"""The graph page in headless Chromium: offline, no request, clicks, filters, script payloads, 2,000 nodes."""

from __future__ import annotations

import pytest

from kg import KnowledgeGraph
from kg.view.graph_page import write_html

from .conftest import LOCAL_SCHEMES, load
from .pages import EVIL_NAME, IMG, PWN, circular_store, evil_store, synthetic_graph

NODE_AT = """id => {
  const n = kgGraph.network;
  n.stopSimulation();
  n.focus(id, {animation: false});  // centred: never under the legend that overlays the canvas's corner
  const p = n.canvasToDOM(n.getPosition(id));
  const r = document.getElementById("graph").getBoundingClientRect();
  return {x: r.left + p.x, y: r.top + p.y, hit: n.getNodeAt(p)};
}"""
COUNTS = """() => ({
  nodes: kgGraph.nodes.length, edges: kgGraph.edges.length,
  shownNodes: kgGraph.network.body.nodeIndices.length, shownEdges: kgGraph.network.body.edgeIndices.length,
  dataNodes: kgGraph.data.nodes.length, dataEdges: kgGraph.data.edges.length,
})"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = tmp_path_factory.mktemp("graph_pages")
    out = {}
    with KnowledgeGraph.open(circular_store(root / "circular"), readonly=True) as kg:
        G = kg.to_networkx()
        out["circular"] = (write_html(kg, root / "circular.html"), G)
    with KnowledgeGraph.open(evil_store(root / "evil"), readonly=True) as kg:
        out["evil"] = (write_html(kg, root / "evil.html"), kg.to_networkx())
    return out


def screenshot(loaded, tmp_path_factory, name: str):
    path = tmp_path_factory.mktemp("screenshots") / f"{name}.png"
    loaded.page.screenshot(path=str(path))
    print(f"\nscreenshot: {path}")
    return path


def assert_offline_and_clean(loaded):
    assert loaded.external == [], f"requests left the machine: {loaded.external}"
    assert all(u.startswith(LOCAL_SCHEMES) for u in loaded.requests), loaded.requests
    assert loaded.errors == [], loaded.errors
    assert loaded.dialogs == []


def test_the_page_loads_offline_from_file_with_every_node_and_deal(browser, pages, tmp_path_factory):
    path, G = pages["circular"]
    loaded = load(browser, path)
    assert_offline_and_clean(loaded)
    assert loaded.requests == [path.resolve().as_uri()]  # the page itself, nothing else
    c = loaded.js(COUNTS)
    expected_nodes = sum(1 for n in G if G.degree(n))  # entities with at least one deal
    assert c["nodes"] == c["dataNodes"] == c["shownNodes"] == expected_nodes
    assert c["edges"] == c["dataEdges"] == c["shownEdges"] == G.number_of_edges()
    assert loaded.page.title() == "kg: money flows"
    screenshot(loaded, tmp_path_factory, "circular")


def test_clicking_a_node_shows_its_deals_and_their_evidence(browser, pages):
    path, G = pages["circular"]
    loaded = load(browser, path)
    nid = loaded.js("() => kgGraph.data.nodes.find(n => n.kg.name === 'Nvidia').id")
    at = loaded.js(NODE_AT, nid)
    assert at["hit"] == nid
    loaded.page.mouse.click(at["x"], at["y"])
    loaded.page.wait_for_selector(f'#details[data-node="{nid}"]')
    cards = loaded.page.locator("#details .deal")
    assert cards.count() == G.in_degree("Nvidia") + G.out_degree("Nvidia")
    panel = loaded.page.inner_text("#details")
    assert "Nvidia" in panel and "輝達" in panel and "OpenAI" in panel
    assert "investment" in panel and "USD" in panel and "circular_ai.txt" in panel  # evidence and its article
    sentence = next(d for _, v, d in G.out_edges("Nvidia", data=True) if v == "OpenAI")
    assert sentence["articles"][0][:12] in panel
    assert_offline_and_clean(loaded)


def test_search_cycles_and_filters_work_in_the_page(browser, pages):
    path, G = pages["circular"]
    loaded = load(browser, path)
    page = loaded.page
    page.fill("#search", "甲骨文")  # an alias, in simplified script
    page.press("#search", "Enter")
    oracle = loaded.js("() => kgGraph.data.nodes.find(n => n.kg.name === 'Oracle').id")
    page.wait_for_selector(f'#details[data-node="{oracle}"]')
    # a circular money path: highlighted, the rest dimmed
    page.click("#cycles li:first-child button")
    page.wait_for_selector("#cycles li.active")
    sel = loaded.js("() => kgGraph.network.getSelectedEdges().length")
    dimmed = loaded.js("() => kgGraph.edges.get().filter(e => e.color.opacity < 0.1).length")
    assert sel >= 3 and dimmed == G.number_of_edges() - loaded.js("() => kgGraph.data.cycles[0].edges.length")
    page.click("#cycle-clear")
    assert loaded.js("() => kgGraph.edges.get().filter(e => e.color.opacity < 0.1).length") == 0
    # untick a kind: its deals leave the view
    investments = sum(1 for *_, d in G.edges(data=True) if d["kind"] == "investment")
    assert investments
    page.uncheck('#legend-kinds input[data-kind="investment"]')
    assert loaded.js(COUNTS)["shownEdges"] == G.number_of_edges() - investments
    page.check('#legend-kinds input[data-kind="investment"]')
    # a minimum amount: only deals of at least that many dollars stay
    page.select_option("#min-usd", "10000000000")
    big = sum(1 for *_, d in G.edges(data=True) if d["usd"] is not None and d["usd"] >= 1e10)
    assert 0 < loaded.js(COUNTS)["shownEdges"] <= big
    assert_offline_and_clean(loaded)


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_a_malicious_article_renders_as_text_and_runs_nothing(browser, pages, bypass_csp):
    path, G = pages["evil"]
    loaded = load(browser, path, bypass_csp=bypass_csp)
    page = loaded.page
    assert_offline_and_clean(loaded)
    c = loaded.js(COUNTS)
    assert (c["nodes"], c["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    nid = loaded.js("name => kgGraph.data.nodes.find(n => n.kg.name === name).id", EVIL_NAME)
    at = loaded.js(NODE_AT, nid)
    page.mouse.move(at["x"], at["y"])  # the tooltip
    page.wait_for_selector("div.vis-tooltip", state="visible")
    assert EVIL_NAME in page.inner_text("div.vis-tooltip")
    assert loaded.js("() => document.querySelectorAll('div.vis-tooltip *:not(br)').length") == 0
    page.mouse.click(at["x"], at["y"])  # the side panel
    page.wait_for_selector(f'#details[data-node="{nid}"]')
    panel = page.inner_text("#details")
    assert EVIL_NAME in panel and IMG in panel and PWN in panel  # shown as text, whole
    assert loaded.js("() => window.__pwned") is None
    assert loaded.js("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert loaded.js("() => document.scripts.length") == 3
    assert page.title() == "kg: money flows"
    assert loaded.dialogs == [] and loaded.errors == []


def test_a_2000_node_page_settles_in_bounded_time(browser, tmp_path_factory):
    path = write_html(synthetic_graph(2000, 4000), tmp_path_factory.mktemp("big") / "big.html")
    loaded = load(browser, path, timeout_s=90)
    settle = loaded.js("() => kgGraph.settleMs")
    print(
        f"\n2,000 nodes / 4,000 deals: ready after {settle / 1000:.1f} s in the page ({loaded.seconds:.1f} s total)"
    )
    assert settle < 30_000
    c = loaded.js(COUNTS)
    assert (c["nodes"], c["edges"], c["shownNodes"], c["shownEdges"]) == (2000, 4000, 2000, 4000)
    assert loaded.js("() => kgGraph.network.physics.options.enabled") is False  # settled once, then stopped
    # interactive: a click on a node opens its deals at once
    nid = loaded.js("() => kgGraph.data.nodes.reduce((a, b) => (b.size > a.size ? b : a)).id")
    loaded.js("id => kgGraph.network.focus(id, {scale: 1.5})", nid)
    at = loaded.js(NODE_AT, nid)
    assert at["hit"] is not None  # that node, or one drawn over it
    loaded.page.mouse.click(at["x"], at["y"])
    loaded.page.wait_for_selector(f'#details[data-node="{at["hit"]}"]', timeout=5000)
    assert_offline_and_clean(loaded)
    screenshot(loaded, tmp_path_factory, "big")


def test_the_notebook_iframe_runs_the_page_sandboxed(browser, tmp_path):
    from kg.analysis.metrics import toy_graph
    from kg.view.graph_page import notebook_html

    host = tmp_path / "notebook.html"
    host.write_text(
        f"<!DOCTYPE html><html><body>{notebook_html(toy_graph())}</body></html>", encoding="utf-8"
    )
    context = browser.new_context(offline=True)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator('body[data-ready="1"]').wait_for(state="attached", timeout=30_000)
    assert frame.locator("#names option").count() == 8 and frame.locator("#cycles li").count() == 2
    assert errors == []
    context.close()
