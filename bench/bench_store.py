"""The store, the graph and the metrics at 100,000 deals: writing, lookups by index, whole-graph work.

    python bench/bench_store.py [--deals 100000] [--entities 10000] [--per-article 100] [--json]

Generates analysed articles (no text analysis: records built directly, fixed seed, so the
same store every run) of --per-article deals each among --entities entities, writes them
with ``Store.ingest`` (one transaction per article, as ``kg ingest`` does), then times:
``kg.deals(payer=X)`` for a hub and for an ordinary entity (answered by index), one
``kg.entity(X)``, ``to_networkx()`` over the whole store, ``kg.analysis.metrics.net_flows`` and
``exposure`` on that graph, and, when the graph page is available, writing the page for
the 2,000 entities with most flow (``--top 2000``). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KINDS = ["investment", "purchase", "purchase", "lease", "loan", "acquisition"]
STATUSES = ["announced", "completed", "planned", "rumoured"]


def articles(deals: int, entities: int, per_article: int, seed: int = 11):
    """Yield ArticleResults holding *deals* deals in all, the same for the same arguments."""
    from kg.extract.amounts import Amount, convert
    from kg.extract.mentions import Entity, Mention
    from kg.model import ArticleInfo, ArticleResult, Deal, Evidence

    rng = random.Random(seed)
    names = [f"公司{i:05d}" for i in range(entities)]
    hubs = names[:20]
    made = 0
    n = 0
    while made < deals:
        k = min(per_article, deals - made)
        parts, ents, ds = [], {}, []
        pos = 0
        for _ in range(k):
            payer = rng.choice(names)
            payee = rng.choice(hubs) if rng.random() < 0.2 else rng.choice(names)
            if payee == payer:
                payee = names[(names.index(payer) + 1) % entities]
            value = Decimal(rng.randint(1, 10_000)) * 10**6
            sentence = f"{payer}向{payee}支付{value}美元。"
            money_at = pos + sentence.index("支付") + 2
            amount = Amount(
                text=f"{value}美元", start=money_at, end=money_at + len(f"{value}美元"), value=value,
                currency="USD",
            )  # fmt: skip
            convert(amount)
            for name, start in ((payer, pos), (payee, pos + len(payer) + 1)):
                ents.setdefault(name, Entity(name=name, type="company", discovered=True)).mentions.append(
                    Mention(name, start, start + len(name), name)
                )
            ds.append(
                Deal(
                    payer=payer,
                    payee=payee,
                    kind=rng.choice(KINDS),
                    amount=amount,
                    status=rng.choice(STATUSES),
                    evidence=[Evidence(sentence, pos, pos + len(sentence))],
                    rule="bench",
                )
            )
            parts.append(sentence)
            pos += len(sentence)
        text = "".join(parts)
        info = ArticleInfo(
            id=f"bench-{seed}-{n:06d}", path=f"bench/{n:06d}.txt", title=None, script="hans",
            encoding="utf-8", chars=len(text), date=f"2026-{1 + n % 12:02d}-01",
        )  # fmt: skip
        yield ArticleResult(article=info, entities=list(ents.values()), amounts=[], deals=ds, facts=[], text=text)
        made += k
        n += 1


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--deals", type=int, default=100_000)
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--per-article", type=int, default=100)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    from kg import KnowledgeGraph
    from kg.analysis import metrics

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        kg = KnowledgeGraph.open(Path(tmp) / "kg.db")
        items = list(articles(args.deals, args.entities, args.per_article))

        def write():
            for r in items:
                kg.store.ingest(r)

        _, t = timed(write)
        c = kg.store.counts()
        rows.append(("write the store (Store.ingest)", t, f"{c['deals']:,} deals, {len(items):,} articles"))
        hub, plain = "公司00000", f"公司{args.entities // 2:05d}"
        found, t = timed(lambda: kg.deals(payer=hub))
        rows.append((f"kg.deals(payer=hub) → {len(found)} deals", t, "index on deals(payer_id)"))
        found, t = timed(lambda: kg.deals(payee=hub))
        rows.append((f"kg.deals(payee=hub) → {len(found)} deals", t, "index on deals(payee_id)"))
        found, t = timed(lambda: kg.deals(payer=plain))
        rows.append((f"kg.deals(payer=entity) → {len(found)} deals", t, ""))
        _, t = timed(lambda: kg.entity(plain))
        rows.append(("kg.entity(entity)", t, ""))
        g, t = timed(kg.to_networkx)
        rows.append(("to_networkx()", t, f"{g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges"))
        _, t = timed(lambda: metrics.net_flows(g))
        rows.append(("metrics.net_flows", t, ""))
        _, t = timed(lambda: metrics.exposure(g, hub))
        rows.append(("metrics.exposure(hub)", t, ""))
        try:
            from kg.view.graph_page import write_html
        except ImportError:
            write_html = None
        if write_html is not None:
            out = Path(tmp) / "graph.html"
            _, t = timed(lambda: write_html(kg, out, top=2000))
            rows.append(("graph page, --top 2000", t, f"{out.stat().st_size / 1e6:.1f} MB"))
        kg.close()

    if args.json:
        print(json.dumps([{"step": s, "seconds": round(t, 3), "note": n} for s, t, n in rows], ensure_ascii=False))
        return 0
    print(f"{args.deals:,} deals among {args.entities:,} entities\n")
    print("| step | seconds | note |\n|---|---:|---|")
    for s, t, n in rows:
        print(f"| {s} | {t:.3f} | {n} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
