"""The numeric core (kg.analysis.metrics), the report (kg.view.report) and their commands (kg.cli.metrics)."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.cli.metrics  # noqa: F401  (registers kg flows/cycles/exposure/report)
from kg import KnowledgeGraph
from kg.analysis import metrics as m
from kg.cli.app import main
from kg.errors import UsageError
from kg.view.report import write_report

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
CIRCULAR = [CORPORA / "hans_circular_ai.txt", CORPORA / "hant_circular_ai.txt"]
SEED = ROOT.parent / "shared" / "seeds" / "000_2be2b2414e40e10c.txt"
LOOP = ("OpenAI", "Oracle", "Nvidia")
B = Decimal(10) ** 9


def rotations(nodes):
    return {tuple(nodes[i:] + nodes[:i]) for i in range(len(nodes))}


def find_cycle(found, nodes):
    want = rotations(list(nodes))
    return next((c for c in found if tuple(c.nodes) in want), None)


# ---------------------------------------------------------------------- the dev seed


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.skip("../shared (dev seed) not present")
    kg = KnowledgeGraph.from_articles([SEED])
    return kg, kg.to_networkx()


def test_seed_cycle_openai_oracle_nvidia(seed):
    _, G = seed
    c = find_cycle(m.cycles(G), LOOP)
    assert c is not None
    assert c.bottleneck_usd == Decimal("100000000000")
    assert [(h.payer, h.payee) for h in c.hops] == [
        ("Nvidia", "OpenAI"),
        ("OpenAI", "Oracle"),
        ("Oracle", "Nvidia"),
    ]
    assert all(h.amount.best >= c.bottleneck_usd for h in c.hops)
    assert m.cycles(G)[0] is not None and m.cycles(G)[0].nodes == c.nodes  # the largest one


def test_seed_coreweave_exposure(seed):
    kg, G = seed
    e = m.exposure(G, "CoreWeave", facts=kg.entity("CoreWeave").facts)
    ms = e.counterparty("Microsoft")
    assert ms is not None and ms.stated_share == Decimal("0.62") and "customer" in ms.roles
    stated = [s for s in e.stated_shares if s.counterparty == "Microsoft"]
    assert stated and stated[0].share == Decimal("0.62") and stated[0].period == "2024"
    assert stated[0].implied_usd == Decimal("0.62") * Decimal("1915000000")  # of the 2024 revenue
    nv = e.counterparty("Nvidia")
    assert {"investor", "customer"} <= set(nv.roles)
    assert {d.kind for d in nv.deals_in} >= {"investment", "lease"}  # shareholder and lessee
    assert e.revenue["usd"] == 1915000000 and e.revenue["period"] == "2024"


def test_seed_nvidia_is_also_coreweave_supplier(seed):
    """The seed calls Nvidia CoreWeave's customer, shareholder and upstream supplier: investor, customer and supplier at once."""
    kg, G = seed
    e = m.exposure(G, "CoreWeave", facts=kg.entity("CoreWeave").facts)
    assert "supplier" in e.counterparty("Nvidia").roles


# ---------------------------------------------------------------------- the bundled corpora


@pytest.fixture(scope="module")
def circular():
    kg = KnowledgeGraph.from_articles(CIRCULAR)
    return kg, kg.to_networkx()


def test_corpora_cycle(circular):
    _, G = circular
    found = m.cycles(G)
    c = find_cycle(found, LOOP)
    assert c is not None
    hops = {(h.payer, h.payee): h.amount for h in c.hops}
    # 约400亿美元 from Oracle to Nvidia is the narrowest hop; its band goes round with it
    assert c.bottleneck_usd == 40 * B == hops[("Oracle", "Nvidia")].best
    assert c.bottleneck.low == 36 * B and c.bottleneck.high == 44 * B
    for h in c.hops:
        assert c.bottleneck.low <= h.amount.low and c.bottleneck.high <= h.amount.high
    # two of its hops are planned: without planned deals the circle is broken
    firm = m.cycles(G, statuses=["announced", "completed"])
    assert find_cycle(firm, LOOP) is None


def test_corpora_exposure_and_vendor_financing(circular):
    kg, G = circular
    e = m.exposure(G, "CoreWeave", facts=kg.entity("CoreWeave").facts)
    nv = e.counterparty("Nvidia")
    assert "customer" in nv.roles and nv.inflow.best == Decimal("6.3") * B  # 63億美元 of unsold capacity
    assert e.concentration_customers.largest == "Nvidia"
    vf = {(v.vendor, v.customer): v for v in m.vendor_financing(G)}
    # Nvidia invests in OpenAI (up to 1000亿) and OpenAI buys Nvidia chips (no amount given)
    v = vf[("Nvidia", "OpenAI")]
    assert v.financing.best == 100 * B and v.recycled is None and v.purchase_deals
    assert ("Nvidia", "OpenAI") in {(x.vendor, x.customer) for x in m.exposure(G, "OpenAI").vendor_financing}


def test_corpora_flows_close(circular):
    _, G = circular
    flows = m.net_flows(G)
    assert sum(f.net.best for f in flows.values()) == 0
    openai = flows["OpenAI"]
    assert openai.unpriced_out  # OpenAI buys from Nvidia, amount not stated: listed, not zero
    assert openai.outflow.low < openai.outflow.best < openai.outflow.high  # 约3000亿 and 数百亿 carry bands


# ---------------------------------------------------------------------- the money model


def test_unpriced_deals_are_listed_not_zero():
    G = nx.MultiDiGraph()
    m.add_deal(G, "A", "B", 5, deal_id=1)
    m.add_deal(G, "A", "B", deal_id=2)
    m.add_deal(G, "A", "B", 7, currency="XXX", deal_id=3)
    f = m.net_flows(G)["A"]
    assert f.outflow.best == 5 and f.deals_out == 3 and f.unpriced_out == [2, 3]
    reasons = {x.deal_id: x.reason for x in m.deal_flows(G)}
    assert reasons == {1: None, 2: "no amount", 3: "no USD rate for XXX"}
    assert m.compression(G).unpriced == 2


def test_intervals_of_amount_shapes():
    usd = m.deal_usd
    assert usd({"value": Decimal(10), "currency": "USD"}) == m.Interval.exact(Decimal(10))
    r = usd({"low": Decimal(30), "high": Decimal(40), "currency": "USD"})
    assert (r.low, r.best, r.high) == (30, 35, 40)
    over = usd({"value": Decimal(100), "low": Decimal(100), "approx": True, "currency": "USD"})  # 逾100
    assert (over.low, over.best, over.high) == (100, 100, 110)
    upto = usd({"value": Decimal(100), "high": Decimal(100), "approx": True, "currency": "USD"})  # 最高100
    assert (upto.low, upto.best, upto.high) == (90, 100, 100)
    about = usd({"value": Decimal(100), "approx": True, "currency": "USD"}, approx_band="0.05")
    assert (about.low, about.high) == (95, 105)
    cny = usd({"value": Decimal(10) ** 10, "currency": "CNY"})
    assert cny.best == Decimal("1404000000")  # the bundled rate, 0.1404


def test_dated_rate_file(tmp_path):
    path = tmp_path / "rates.yaml"
    path.write_text('rates:\n  CNY: {"2024-01-01": "0.10", "2025-01-01": "0.20"}\n', encoding="utf-8")
    t = m.RateTable.load(path)
    assert t.rate("CNY", "2024-05-01") == Decimal("0.10") and t.rate("CNY", "2025-03") == Decimal("0.20")
    assert t.rate("EUR") == Decimal("1.17")  # falls back to rules/currencies.yaml
    G = nx.MultiDiGraph()
    m.add_deal(G, "A", "B", 100, currency="CNY", date="2024-06-30")
    m.add_deal(G, "A", "B", 100, currency="CNY", date="2025-06-30")
    assert m.net_flows(G, rates=path)["B"].inflow.best == 30
    assert m.net_flows(G, rates={"CNY": "1"})["B"].inflow.best == 200
    bad = tmp_path / "bad.yaml"
    bad.write_text("CNY: 1\n", encoding="utf-8")
    with pytest.raises(UsageError):
        m.RateTable.load(bad)


def test_filters():
    G = m.toy_graph()
    assert m.net_flows(G, statuses=["announced"])["Nvidia"].outflow.best == Decimal("1e8")
    assert m.net_flows(G, kinds=["investment"])["OpenAI"].outflow.best == 0
    assert m.net_flows(G, kinds=["partnership"])["OpenAI"].deals_out == 1
    with pytest.raises(UsageError):
        m.net_flows(G, statuses=["maybe"])
    with pytest.raises(UsageError):
        m.exposure(G, "Nobody")


def test_cycle_search_bounds():
    G = nx.MultiDiGraph()
    nodes = [f"N{i}" for i in range(9)]
    for a in nodes:
        for b in nodes:
            if a != b:
                m.add_deal(G, a, b, 1)
    assert all(len(c) <= 3 for c in m.cycles(G, max_len=3))
    capped = m.cycles(G, max_len=4, max_cycles=50)
    assert capped.found == 50 and not capped.complete
    timed = m.cycles(G, max_len=9, time_limit=0.05)
    assert not timed.complete
    assert len(m.cycles(G, max_len=2, limit=5)) == 5
    with pytest.raises(UsageError):
        m.cycles(G, max_len=1)


def test_determinism():
    a = [c.to_dict() for c in m.cycles(m.toy_graph())]
    b = [c.to_dict() for c in m.cycles(m.toy_graph())]
    assert a == b
    assert (
        m.circularity(m.toy_graph())["Oracle"].to_dict() == m.circularity(m.toy_graph())["Oracle"].to_dict()
    )


# ---------------------------------------------------------------------- properties on random graphs

NAMES = ["A", "B", "C", "D", "E", None]
amounts = st.one_of(
    st.just({}),  # no amount
    st.builds(lambda v: {"value": v}, st.integers(1, 10**12)),
    st.builds(lambda v: {"value": v, "approx": True}, st.integers(1, 10**12)),
    st.builds(lambda v: {"value": v, "low": v, "approx": True}, st.integers(1, 10**12)),
    st.builds(lambda v: {"value": v, "high": v, "approx": True}, st.integers(1, 10**12)),
    st.builds(lambda lo, d: {"low": lo, "high": lo + d}, st.integers(1, 10**12), st.integers(0, 10**12)),
    st.builds(lambda v: {"value": Decimal(v) / 100}, st.integers(1, 10**9)),
)
deal = st.tuples(
    st.sampled_from(NAMES),
    st.sampled_from(NAMES[:-1]),
    amounts,
    st.sampled_from(["USD", "USD", "CNY", "EUR", "XXX"]),
    st.sampled_from(["investment", "purchase", "lease", "loan", "warrant", "acquisition"]),
    st.sampled_from(["announced", "planned", "rumoured", "completed"]),
)
PROPS = settings(
    max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def build(deals):
    G = nx.MultiDiGraph()
    for payer, payee, amount, currency, kind, status in deals:
        m.add_deal(G, payer, payee, currency=currency, kind=kind, status=status, **amount)
    return G


def ok(iv):
    return iv is None or iv.low <= iv.best <= iv.high


@PROPS
@given(st.lists(deal, max_size=30))
def test_nets_sum_to_zero(deals):
    flows = m.net_flows(build(deals))
    assert sum(f.net.best for f in flows.values()) == 0
    assert sum(f.net.low for f in flows.values()) <= 0 <= sum(f.net.high for f in flows.values())
    assert sum(f.inflow.best for f in flows.values()) == sum(f.outflow.best for f in flows.values())


@PROPS
@given(st.lists(deal, max_size=30))
def test_netting_never_raises_gross(deals):
    c = m.compression(build(deals))
    for attr in ("low", "best", "high"):
        assert getattr(c.netted, attr) <= getattr(c.bilateral, attr) <= getattr(c.gross, attr)
    assert c.ratio is None or 0 <= c.ratio.low <= c.ratio.best <= c.ratio.high <= 1


@PROPS
@given(st.lists(deal, max_size=30), st.sampled_from(NAMES[:-1]))
def test_every_interval_is_ordered(deals, who):
    G = build(deals)
    for f in m.net_flows(G).values():
        assert all(ok(iv) for iv in (f.inflow, f.outflow, f.net, f.gross))
        assert all(ok(iv) for d in f.by_kind.values() for iv in d.values())
    for p in m.pair_flows(G):
        assert ok(p.amount)
    for c in m.cycles(G):
        assert ok(c.bottleneck) and all(ok(h.amount) for h in c.hops)
    for c in m.circularity(G).values():
        assert ok(c.circulated) and ok(c.share)
    for v in m.vendor_financing(G):
        assert ok(v.recycled) and ok(v.ratio)
    if who in G:
        e = m.exposure(G, who)
        assert ok(e.inflow) and ok(e.outflow) and ok(e.commitments)
        assert all(ok(c.inflow) and ok(c.outflow) for c in e.counterparties)
        assert sum((c.inflow for c in e.counterparties), m.ZERO_IV) == e.inflow
        shares = [c.share_in for c in e.counterparties if c.share_in is not None]
        assert sum(shares) <= Decimal("1.00001")
        conc = e.concentration_in
        assert conc.hhi is None or 0 < conc.hhi <= 1


@PROPS
@given(st.lists(deal, max_size=30))
def test_cycle_bottleneck_is_at_most_each_hop(deals):
    for c in m.cycles(build(deals), max_len=4):
        b = c.bottleneck
        if b is None:
            assert any(h.amount is None for h in c.hops)
            continue
        for h in c.hops:
            assert b.low <= h.amount.low and b.best <= h.amount.best and b.high <= h.amount.high


@PROPS
@given(
    st.lists(st.tuples(st.sampled_from("ABCDEFG"), st.sampled_from("ABCDEFG")), max_size=40),
    st.integers(2, 6),
)
def test_cycle_search_agrees_with_networkx(edges, max_len):
    G = nx.MultiDiGraph()
    for u, v in edges:
        m.add_deal(G, u, v, 1)
    want = set()
    for c in nx.simple_cycles(nx.DiGraph(G), length_bound=max_len):
        if len(c) > 1:
            i = c.index(min(c))
            want.add(tuple(c[i:] + c[:i]))
    got = [c.nodes for c in m.iter_cycles(G, max_len=max_len)]
    assert len(got) == len(set(got)) and set(got) == want


@PROPS
@given(st.lists(deal, max_size=30), deal)
def test_adding_a_deal_never_lowers_the_payers_outflow(deals, extra):
    before = m.net_flows(build(deals))
    after = m.net_flows(build([*deals, extra]))
    payer = extra[0] or m.UNNAMED
    old = before.get(payer, m.EntityFlows(payer))
    new = after[payer]
    assert old.outflow.low <= new.outflow.low and old.outflow.best <= new.outflow.best
    assert old.outflow.high <= new.outflow.high
    assert new.deals_out == old.deals_out + 1
    assert len(new.unpriced_out) >= len(old.unpriced_out)


@PROPS
@given(st.lists(deal, max_size=30))
def test_what_comes_back_is_at_most_the_inflow(deals):
    for c in m.circularity(build(deals)).values():
        assert c.circulated.low <= c.inflow.low and c.circulated.best <= c.inflow.best
        assert c.circulated.high <= c.inflow.high
        assert c.share is None or c.share.high <= 1


# ---------------------------------------------------------------------- the commands


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("metrics") / "kg.db"
    kg = KnowledgeGraph.open(path)
    kg.ingest(*CIRCULAR, *([SEED] if SEED.exists() else []))
    kg.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_cycles_json(db):
    r = run("cycles", "--db", db, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert isinstance(data, list) and data
    assert all({"nodes", "deals", "bottleneck_usd"} <= set(c) for c in data)
    loop = [c for c in data if tuple(c["nodes"]) in rotations(list(LOOP))]
    assert loop and loop[0]["bottleneck_usd"] in (40 * 10**9, 100 * 10**9)
    assert {d["payer"] for d in loop[0]["deals"]} == set(LOOP)


def test_cli_cycles_table_and_csv(db):
    r = run("cycles", "--db", db)
    assert r.exit_code == 0 and "Nvidia → OpenAI → Oracle → Nvidia" in r.output
    r = run("cycles", "--db", db, "--csv", "--max-len", "3")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert rows and all(int(x["length"]) <= 3 for x in rows)


def test_cli_flows(db):
    r = run("flows", "--db", db)
    assert r.exit_code == 0 and "nets sum to 0" in r.output and "OpenAI" in r.output
    data = json.loads(run("flows", "--db", db, "--json", "--top", "0").output)
    assert sum(Decimal(str(f["net"]["best"])) for f in data) == 0
    rows = list(csv.DictReader(io.StringIO(run("flows", "--db", db, "--csv", "--top", "3").output)))
    assert len(rows) == 3 and {"inflow_low", "inflow_usd", "inflow_high", "unpriced_out"} <= set(rows[0])
    firm = json.loads(run("flows", "--db", db, "--json", "--exclude-status", "planned", "--top", "0").output)
    assert firm != data


def test_cli_exposure(db):
    r = run("exposure", "輝達", "--db", db)  # any alias, either script
    assert r.exit_code == 0 and r.output.startswith("Nvidia")
    data = json.loads(run("exposure", "CoreWeave", "--db", db, "--json").output)
    assert data["entity"] == "CoreWeave"
    nv = next(c for c in data["counterparties"] if c["name"] == "Nvidia")
    assert "customer" in nv["roles"]
    if SEED.exists():
        assert "investor" in nv["roles"]
        ms = next(c for c in data["counterparties"] if c["name"] == "Microsoft")
        assert ms["stated_share"] == 0.62
    rows = list(csv.DictReader(io.StringIO(run("exposure", "CoreWeave", "--db", db, "--csv").output)))
    assert any(x["counterparty"] == "Nvidia" for x in rows)
    r = CliRunner().invoke(main, ["exposure", "Nobody Inc", "--db", db])
    assert r.exit_code == 2


def test_cli_report(db, tmp_path):
    out = tmp_path / "report"
    r = run("report", "--db", db, "--out", str(out))
    assert r.exit_code == 0, r.output
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page
    imgs = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert imgs and all(base64.b64decode(x).startswith(b"\x89PNG\r\n\x1a\n") for x in imgs)
    assert not re.search(r'(src|href)="(?!data:)', page)  # nothing loaded from elsewhere
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Circular money" in md and "(flows.png)" in md and (out / "flows.png").exists()
    assert "Nvidia → OpenAI → Oracle → Nvidia" in md and "## Exposure of the most connected entities" in md


def test_cli_missing_store_and_help(tmp_path):
    r = CliRunner().invoke(main, ["flows", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 3 and not (tmp_path / "none.db").exists()
    for cmd in ("flows", "cycles", "exposure", "report"):
        r = run(cmd, "--help")
        assert r.exit_code == 0 and "Examples:" in r.output and "--db" in r.output


def test_write_report_from_a_graph(tmp_path):
    paths = write_report(m.toy_graph(), tmp_path)
    assert [p.name for p in paths] == ["report.md", "report.html", "flows.png", "cycles.png"]
    again = write_report(m.toy_graph(), tmp_path / "again")
    assert paths[0].read_text(encoding="utf-8") == again[0].read_text(encoding="utf-8")
