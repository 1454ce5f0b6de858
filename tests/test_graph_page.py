"""The graph page without a browser: selection, page data, escaping, the offline template, the CLI.

The browser tests (tests/browser/) load the same pages in Chromium.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import time

import pytest
from click.testing import CliRunner

import kg.cli.graph  # noqa: F401  (registers kg graph)
from kg import KnowledgeGraph
from kg.analysis.metrics import toy_graph
from kg.cli.app import main
from kg.errors import UsageError
from kg.view import graph_page as gp

from .browser.pages import EVIL_NAME, IMG, PWN, circular_store, evil_store, synthetic_graph

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def circular_db(tmp_path_factory):
    return circular_store(tmp_path_factory.mktemp("circular"))


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    return evil_store(tmp_path_factory.mktemp("evil"))


# ---------------------------------------------------------------------- selection


def test_filters_keep_only_matching_deals_and_their_entities():
    G = toy_graph()
    H = gp.select(G, kinds=["purchase", "loan"], statuses="announced")
    assert {(u, v, d["kind"]) for u, v, d in H.edges(data=True)} == {
        ("OpenAI", "Oracle", "purchase"),
        ("(unnamed)", "Oracle", "loan"),
        ("OpenAI", "Nvidia", "purchase"),
        ("Microsoft", "CoreWeave", "purchase"),
    }
    assert set(H) == {"OpenAI", "Oracle", "(unnamed)", "Nvidia", "Microsoft", "CoreWeave"}
    # min_usd drops deals without an amount and those below it (best figure, in USD)
    H = gp.select(G, min_usd=50e9)
    assert sorted(H.edges(keys=True)) == [
        ("Nvidia", "OpenAI", 3),
        ("OpenAI", "AMD", 4),
        ("OpenAI", "Oracle", 1),
    ]
    assert gp.select(G, min_usd=0).number_of_edges() == 8  # the two deals without an amount are gone


def test_entity_depth_and_top():
    G = toy_graph()
    assert set(gp.select(G, entity="Microsoft", depth=0)) == {"Microsoft"}
    assert set(gp.select(G, entity="Microsoft", depth=1)) == {"Microsoft", "CoreWeave"}
    assert set(gp.select(G, entity="Microsoft")) == {"Microsoft", "CoreWeave", "Nvidia"}  # depth 2
    top = gp.select(G, top=3)
    assert set(top) == {"OpenAI", "Oracle", "Nvidia"}  # the largest gross flows
    assert set(gp.select(G, top=2, entity="Microsoft")) >= {"Microsoft"}  # the entity stays


@pytest.mark.parametrize(
    "filters, message",
    [
        ({"kinds": "gift"}, "unknown kind gift"),
        ({"statuses": ["announced", "whispered"]}, "unknown status whispered"),
        ({"entity": "Nobody"}, "no entity called 'Nobody'"),
        ({"depth": 1}, "depth needs an entity"),
        ({"entity": "OpenAI", "depth": -1}, "depth must be 0 or more"),
        ({"top": -5}, "top must be 0 or more"),
        ({"min_usd": -1}, "min_usd must be"),
        ({"min_usd": "lots"}, "min_usd must be a number"),
    ],
)
def test_bad_filters_are_usage_errors(filters, message):
    with pytest.raises(UsageError, match=message):
        gp.select(toy_graph(), **filters)


# ---------------------------------------------------------------------- page data


def test_page_data_nodes_edges_and_their_looks():
    data = gp.build_page_data(toy_graph())
    assert data["stats"]["nodes"] == len(data["nodes"]) == 8
    assert data["stats"]["edges"] == len(data["edges"]) == 10
    assert data["stats"]["unpriced"] == 2
    nodes = {n["kg"]["name"]: n for n in data["nodes"]}
    edges = {e["kg"]["deal"]: e for e in data["edges"]}
    # size by gross flow, colour by type
    assert nodes["OpenAI"]["size"] > nodes["Oracle"]["size"] > nodes["Microsoft"]["size"]
    assert nodes["(unnamed)"]["kg"]["type"] == "other"
    assert nodes["OpenAI"]["color"]["background"] == gp.TYPE_COLORS["company"]
    # direction, colour by kind, width by log amount, dashes by status
    e = edges[3]
    assert (e["from"], e["to"]) == (nodes["Nvidia"]["id"], nodes["OpenAI"]["id"])
    assert e["color"]["color"] == gp.KIND_COLORS["investment"]
    assert e["dashes"] == gp.STATUS_DASHES["planned"] and edges[1]["dashes"] == gp.STATUS_DASHES["announced"]
    # announced and completed are drawn differently (completed: solid)
    assert gp.STATUS_DASHES["announced"] != gp.STATUS_DASHES.get("completed", False)
    assert edges[1]["width"] > edges[12]["width"] > edges[11]["width"]  # 300B > 10B > 100M
    assert edges[9]["width"] == 1 and edges[9]["kg"]["usd"] == "no amount"
    assert edges[6]["arrows"]["to"]["enabled"] is False  # a partnership has no direction of payment
    assert e["kg"]["usd"] == "100B [90B–100B] USD" and e["kg"]["usdBest"] == 1e11
    # two deals between Nvidia and CoreWeave, two between Nvidia and OpenAI: curved apart
    for pair in ((10, 11), (3, 9)):
        a, b = (edges[d]["smooth"] for d in pair)
        assert a["type"] == b["type"] == "curvedCW" and a["roundness"] != b["roundness"]
    assert edges[1]["smooth"] is False


def test_cycles_point_at_their_nodes_and_deals():
    data = gp.build_page_data(toy_graph())
    by_id = {e["id"]: e for e in data["edges"]}
    names = {n["id"]: n["kg"]["name"] for n in data["nodes"]}
    first = data["cycles"][0]
    assert first["label"] == "Nvidia → OpenAI → Oracle → Nvidia"
    assert first["bottleneck"] == "40B [36B–44B] USD"
    assert [names[i] for i in first["nodes"]] == ["Nvidia", "OpenAI", "Oracle"]
    assert sorted(by_id[i]["kg"]["deal"] for i in first["edges"]) == [1, 2, 3]
    assert data["stats"]["cycles"] == 2 and data["cycles"][1]["bottleneck"] == "a hop without an amount"


def test_big_graphs_settle_once_then_stop():
    small = gp.build_page_data(toy_graph())
    assert small["layout"] == {"big": False, "stopPhysics": False}
    t = time.perf_counter()
    data = gp.build_page_data(synthetic_graph(2000, 4000))
    took = time.perf_counter() - t
    assert len(data["nodes"]) == 2000 and len(data["edges"]) == 4000
    assert data["layout"] == {"big": True, "stopPhysics": True}
    stab = data["options"]["physics"]["stabilization"]
    assert stab["enabled"] and stab["iterations"] <= 150
    assert data["options"]["layout"]["improvedLayout"] is False
    # a big graph labels only its largest deals with their amount (issue 13: a hairball of bare arrows)
    labelled = [e for e in data["edges"] if e.get("label")]
    assert len(labelled) == gp.EDGE_LABELS_LARGEST
    assert took < 30, f"page data of 2,000 nodes took {took:.1f} s"


def test_top_n_keeps_the_largest_flows_of_a_big_graph():
    G = synthetic_graph(600, 1500)
    H = gp.select(G, top=50)
    assert H.number_of_nodes() == 50
    data = gp.build_page_data(H)
    assert len(data["nodes"]) == 50 and not data["layout"]["big"]


# ---------------------------------------------------------------------- rendering and safety


def test_json_for_script_escapes_everything_that_could_close_the_block():
    nasty = {"a": "</script><script>alert(1)</script>", "b": "<!-- & -->", "c": "\u2028\u2029", "d": IMG}
    text = gp.json_for_script(nasty)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == nasty


def test_the_page_is_self_contained():
    page = gp.render_html(gp.build_page_data(toy_graph()))
    tags = SCRIPT_TAG.findall(page)
    assert [attrs.strip() for attrs, _ in tags] == ['type="application/json" id="kg-data"', "", ""]
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", page, re.I)
    assert not re.search(r"""\b(src|href|action)\s*=\s*["']?\s*(https?:|//)""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page, re.I)
    assert "@import" not in page
    # the CSP allows exactly the two inline scripts, by hash, and no network at all
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    for _, code in tags[1:]:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-eval" not in csp


def test_a_malicious_article_reaches_the_page_as_data_only(evil_db):
    kg = KnowledgeGraph.open(evil_db, readonly=True)
    page = gp.page_html(kg, title=f"{PWN} report")
    tags = SCRIPT_TAG.findall(page)
    assert len(tags) == 3 and "<" not in tags[0][1]  # the data block holds no markup at all
    rest = page.replace(tags[1][1], "")  # vis-network itself has a "<script>" string literal
    assert rest.count("<script") == 3 and rest.count("</script>") == 3
    assert "<img" not in rest and "__pwned=1</script>" not in rest
    assert "<title>&lt;script&gt;window.__pwned=1&lt;/script&gt; report</title>" in page
    data = data_of(page)
    names = {n["kg"]["name"] for n in data["nodes"]}
    assert EVIL_NAME in names  # intact, as data
    evil = next(n for n in data["nodes"] if n["kg"]["name"] == EVIL_NAME)
    assert IMG in evil["kg"]["aliases"] and EVIL_NAME in evil["title"]
    sentences = [ev["text"] for e in data["edges"] for ev in e["kg"]["evidence"]]
    assert any(IMG in s and PWN in s for s in sentences)
    assert any(PWN in (ev["title"] or "") for e in data["edges"] for ev in e["kg"]["evidence"])


def test_page_data_from_a_store_has_evidence_aliases_and_articles(circular_db):
    kg = KnowledgeGraph.open(circular_db, readonly=True)
    G = kg.to_networkx()
    data = data_of(gp.page_html(kg))
    assert data["stats"]["edges"] == G.number_of_edges()
    assert data["stats"]["nodes"] == sum(1 for n in G if G.degree(n))
    nvidia = next(n for n in data["nodes"] if n["kg"]["name"] == "Nvidia")
    assert {"輝達", "英伟达"} <= set(nvidia["kg"]["aliases"]) and "輝達" in nvidia["title"]
    loop = next(c for c in data["cycles"] if set(c["label"].split(" → ")) == {"Nvidia", "OpenAI", "Oracle"})
    edges = {e["id"]: e for e in data["edges"]}
    for i in loop["edges"]:
        k = edges[i]["kg"]
        assert len(k["articles"]) == 2 and len(k["evidence"]) >= 2  # told by both articles
        assert all(ev["text"] and ev["article"] and ev["path"] for ev in k["evidence"])
    # an alias in the other script selects the same neighbourhood
    one = data_of(gp.page_html(kg, entity="輝達", depth=1))
    assert "Nvidia" in one["title"] and one["filters"] == {"entity": "Nvidia", "depth": 1}


def test_write_html_default_path_and_folders(tmp_path, monkeypatch, circular_db):
    monkeypatch.chdir(tmp_path)
    kg = KnowledgeGraph.open(circular_db, readonly=True)
    p = kg.to_html()
    assert p == gp.DEFAULT_PATH and (tmp_path / "outputs" / "graph.html").is_file()
    q = kg.to_html(tmp_path / "a" / "b" / "g.html", kinds="investment", min_usd=1e9)
    assert q.is_file() and sorted(x.name for x in tmp_path.iterdir()) == ["a", "outputs"]
    kinds = {e["kg"]["kind"] for e in data_of(q.read_text(encoding="utf-8"))["edges"]}
    assert kinds == {"investment"}
    with pytest.raises(UsageError, match="no entity called"):
        kg.to_html(tmp_path / "x.html", entity="Nobody Inc")
    assert not (tmp_path / "x.html").exists()


def test_notebook_html_is_an_iframe_of_the_whole_page(circular_db):
    kg = KnowledgeGraph.open(circular_db, readonly=True)
    frame = kg._repr_html_()
    m = re.fullmatch(
        r'<iframe srcdoc="([^"]*)" sandbox="allow-scripts" style="[^"]*height: (\d+)px;[^"]*"[^>]*></iframe>',
        frame,
    )
    assert m and int(m.group(2)) >= 400
    assert html.unescape(m.group(1)) == gp.page_html(kg, top=300)  # the notebook view keeps the top 300
    assert "<" not in m.group(1)
    assert "height: 300px" in gp.notebook_html(toy_graph(), height=300, top=3)


# ---------------------------------------------------------------------- command line


def test_cli_graph_writes_the_page_and_prints_its_path(tmp_path, circular_db):
    out = tmp_path / "new" / "graph.html"
    r = CliRunner().invoke(
        main, ["graph", "--db", str(circular_db), "--out", str(out), "--status", "planned"]
    )
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"wrote {out}"
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["edges"] and {e["kg"]["status"] for e in data["edges"]} == {"planned"}
    r = CliRunner().invoke(
        main,
        [
            "graph",
            "--db",
            str(circular_db),
            "--out",
            str(out),
            "--entity",
            "英伟达",
            "--depth",
            "1",
            "--top",
            "3",
        ],
    )
    assert r.exit_code == 0 and len(data_of(out.read_text(encoding="utf-8"))["nodes"]) == 3


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["--entity", "Nobody Inc"], 2, "no entity called 'Nobody Inc'"),
        (["--depth", "1"], 2, "depth needs an entity"),
        (["--kind", "gift"], 2, "'gift' is not one of"),
        (["--top", "-1"], 2, "-1 is not in the range"),
    ],
)
def test_cli_graph_usage_errors(tmp_path, circular_db, args, code, message):
    out = tmp_path / "g.html"
    r = CliRunner().invoke(main, ["graph", "--db", str(circular_db), "--out", str(out), *args])
    assert r.exit_code == code and message in r.output
    assert not out.exists()


def test_cli_graph_on_a_missing_store_is_a_store_error(tmp_path):
    r = CliRunner().invoke(
        main, ["graph", "--db", str(tmp_path / "none.db"), "--out", str(tmp_path / "g.html")]
    )
    assert r.exit_code == 3 and "no such store" in r.output
    assert list(tmp_path.iterdir()) == []


def test_unnamed_counterparties_never_rank_as_entities(tmp_path):
    """Issue 13: an ``(unnamed payer of X)`` node was 5th in the page's "Largest gross flow"."""
    from kg.view.report import build_report, flows_chart, most_connected, report_blocks

    texts = ["OpenAI获得5000亿美元投资。", "英伟达宣布向OpenAI投资1000亿美元。", "微软向Anthropic投资50亿美元。"]
    g = KnowledgeGraph.from_texts(texts)
    data = gp.build_page_data(g.to_networkx())
    nodes = {n["kg"]["name"]: n["kg"] for n in data["nodes"]}
    unnamed = nodes["(unnamed payer of OpenAI)"]
    assert unnamed["unnamed"] and unnamed["grossUsd"] is None  # the page ranks by grossUsd
    ranked = sorted((k for k in nodes.values() if k["grossUsd"]), key=lambda k: -k["grossUsd"])
    assert ranked[0]["name"] == "OpenAI" and all(not k["unnamed"] for k in ranked)
    rep = build_report(g)
    table = next(b for b in report_blocks(rep) if b[0] == "table" and "inflow USD" in b[1])
    assert table[2] and not any("unnamed" in str(row[0]) for row in table[2])
    assert "(unnamed payer of OpenAI)" not in most_connected(g.to_networkx(), 10)
    assert flows_chart(rep)


def test_the_full_store_page_labels_its_largest_deals_with_their_amount():
    """Issue 13: above EDGE_LABELS_UP_TO edges (the full bundled store has ~300) no arrow showed
    an amount; the largest deals keep a label, written by the one short-number formatter."""
    from kg.numbers import short_number

    G = synthetic_graph(300, 600)
    assert G.number_of_edges() > gp.EDGE_LABELS_UP_TO
    data = gp.build_page_data(G)
    edges = data["edges"]
    labelled = [e for e in edges if e.get("label")]
    assert len(labelled) == gp.EDGE_LABELS_LARGEST
    floor = min(e["kg"]["usdBest"] for e in labelled)
    assert all(e["kg"]["usdBest"] is None or e["kg"]["usdBest"] <= floor for e in edges if not e.get("label"))
    for e in labelled:
        assert e["label"] == "$" + short_number(e["kg"]["usdBest"])
    # a small page labels every priced deal and leaves the unpriced ones bare
    small = gp.build_page_data(toy_graph())["edges"]
    assert all(bool(e.get("label")) == (e["kg"]["usdBest"] is not None) for e in small)
