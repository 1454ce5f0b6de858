"""Time of each function of kg.analysis.metrics on generated deal graphs of two sizes, and their ratio.

    python bench/bench_metrics.py [--sizes 50000:5000,100000:10000] [--repeat N] [--json]

Each size is DEALS:ENTITIES. The graphs are generated with a fixed seed (the same graph every
run): payers uniform, payees uniform or, for one deal in five, one of 20 "hub" entities (the
Nvidias everybody buys from, whose number of deals grows with the graph); 70 % exact USD amounts, 10 % approximate, 10 % ranges, 5 %
in CNY, 5 % without an amount; every kind and status. The best of --repeat rounds is shown.

Doubling the deals should double the time of the linear functions (ratio ~2): net_flows,
pair_flows, compression, vendor_financing and exposure (of the largest hub, whose degree grows
with the deals, and of every entity). cycles and circularity depend on the number of cycles,
which grows faster; they are bounded by --time-limit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["investment", "purchase", "purchase", "purchase", "lease", "loan", "warrant", "acquisition"]
STATUSES = ["announced", "announced", "completed", "planned", "rumoured"]


def generate(deals: int, entities: int, seed: int = 7):
    """A MultiDiGraph of *deals* deals among *entities* entities, the same for the same arguments."""
    import networkx as nx

    from kg.analysis.metrics import add_deal

    rng = random.Random(seed)
    names = [f"E{i:05d}" for i in range(entities)]
    hubs = names[: min(20, entities)]
    G = nx.MultiDiGraph()
    G.add_nodes_from(names)
    for i in range(deals):
        payer = rng.choice(names)
        payee = rng.choice(hubs) if rng.random() < 0.2 else rng.choice(names)
        if payee == payer:
            payee = names[(names.index(payer) + 1) % entities] if entities > 1 else payee
        kind, status = rng.choice(KINDS), rng.choice(STATUSES)
        r = rng.random()
        v = rng.randint(1, 10_000) * 10**6
        if r < 0.70:
            amount = {"value": v}
        elif r < 0.80:
            amount = {"value": v, "approx": True}
        elif r < 0.90:
            amount = {"low": v, "high": v + rng.randint(1, 5_000) * 10**6}
        elif r < 0.95:
            amount = {"value": v, "currency": "CNY"}
        else:
            amount = {}
        add_deal(G, payer, payee, kind=kind, status=status, deal_id=i + 1, **amount)
    return G


def timings(G, *, repeat: int, time_limit: float) -> dict[str, tuple[float, str]]:
    from kg.analysis import metrics as m

    hub = max(G.nodes, key=lambda n: (G.degree(n), n))
    nodes = list(G.nodes)

    def every_exposure():
        for n in nodes:
            m.exposure(G, n)
        return f"{len(nodes)} entities"

    tasks = {
        "net_flows": lambda: f"{len(m.net_flows(G))} entities",
        "pair_flows": lambda: f"{len(m.pair_flows(G))} pairs",
        "compression": lambda: f"ratio {m.compression(G).ratio.best}",
        "vendor_financing": lambda: f"{len(m.vendor_financing(G))} pairs",
        "exposure (largest hub)": lambda: f"{len(m.exposure(G, hub).counterparties)} counterparties",
        "exposure (every entity)": every_exposure,
        "cycles (max_len 4)": lambda: _cycles_note(m.cycles(G, max_len=4, time_limit=time_limit)),
        "circularity (max_len 4)": lambda: (
            f"{sum(1 for c in m.circularity(G, time_limit=time_limit).values() if c.circulated.best)} entities on cycles"
        ),
    }
    out = {}
    for name, fn in tasks.items():
        best, note = float("inf"), ""
        rounds = 1 if name.startswith(("cycles", "circularity", "exposure (every")) else repeat
        for _ in range(rounds):
            t0 = time.perf_counter()
            note = fn()
            best = min(best, time.perf_counter() - t0)
        out[name] = (best, note)
    return out


def _cycles_note(cs) -> str:
    return f"{cs.found} cycles" + ("" if cs.complete else " (time limit)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes", default="50000:5000,100000:10000", help="DEALS:ENTITIES,... (default: %(default)s)"
    )
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=120.0, help="seconds for each cycle search")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split(":")) for s in args.sizes.split(",")]

    timings(generate(200, 20), repeat=1, time_limit=args.time_limit)  # warm up: imports, rate table
    results = []
    for deals, entities in sizes:
        t0 = time.perf_counter()
        G = generate(deals, entities)
        gen = time.perf_counter() - t0
        results.append(((deals, entities), gen, timings(G, repeat=args.repeat, time_limit=args.time_limit)))

    if args.json:
        print(
            json.dumps(
                [
                    {"deals": d, "entities": e, "generate_s": g, "seconds": {k: v[0] for k, v in t.items()}}
                    for (d, e), g, t in results
                ],
                indent=2,
            )
        )
        return 0
    heads = [f"{d:,} deals / {e:,}" for (d, e), _, _ in results]
    rows = [["function", *heads]]
    if len(results) > 1:
        rows[0].append(f"ratio (deals x{results[-1][0][0] / results[0][0][0]:g})")
    for name in results[0][2]:
        row = [name, *[f"{t[name][0]:8.3f} s" for _, _, t in results]]
        if len(results) > 1:
            a, b = results[0][2][name][0], results[-1][2][name][0]
            row.append(f"{b / a:.2f}" if a > 0 else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for i, r in enumerate(rows):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for (d, e), g, t in results:
        notes = "; ".join(f"{k}: {v[1]}" for k, v in t.items())
        print(f"\n{d:,} deals / {e:,} entities (generated in {g:.1f} s): {notes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
