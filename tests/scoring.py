"""Score a kg.article/1 record against a gold file (the matching rules of ../shared/eval/score.py).

One difference: amounts are compared in the deal's own currency when the
prediction has the same currency as the gold, and in US dollars (the gold
``usd`` / ``usd_range``) otherwise, so non-dollar deals are judged in one unit
on both sides whatever exchange-rate table each side used.
"""

from __future__ import annotations

ORG_TYPES = {"company", "bank", "fund", "organization", "organisation", "government", "other", "org"}


def norm(s):
    return "".join(str(s).split()).casefold() if s is not None else None


def _prf(tp_p, n_pred, tp_r, n_gold):
    p = tp_p / n_pred if n_pred else 1.0
    r = tp_r / n_gold if n_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _amount_of(deal):
    a = deal.get("amount")
    if a is None:
        return None, None, None
    return a.get("usd", a.get("value")), a.get("low_usd", a.get("low")), a.get("high_usd", a.get("high"))


def _amount_right(gold, pred):
    a = pred.get("amount") or {}
    if gold.get("currency") and a.get("currency") == gold.get("currency"):
        # same currency: compare in it, so exchange-rate tables do not matter
        g_val, g_rng = gold.get("amount"), gold.get("range")
        p_val, p_low, p_high = a.get("value"), a.get("low"), a.get("high")
    else:
        g_val = gold.get("usd", gold.get("amount"))
        g_rng = gold.get("usd_range", gold.get("range"))
        p_val, p_low, p_high = _amount_of(pred)
    if g_val is None and g_rng is None:
        return None
    if g_val is not None and p_val is not None:
        return abs(p_val - g_val) <= 0.005 * abs(g_val)
    if g_rng is not None:
        lo, hi = g_rng
        if p_val is not None and lo <= p_val <= hi:
            return True
        if p_low is not None and p_high is not None and p_low <= hi and p_high >= lo:
            return True
    return False


def score(gold: dict, pred: dict) -> dict:
    g_ents = gold["entities"]
    p_ents = [e for e in pred.get("entities", []) if str(e.get("type", "company")).lower() in ORG_TYPES]
    resolve, matched, tp = {}, set(), 0
    for pe in p_ents:
        keys = {norm(pe.get("name"))} | {norm(m.get("text")) for m in pe.get("mentions") or []}
        hit = next(
            (
                g["name"]
                for g in g_ents
                if keys & ({norm(g["name"])} | {norm(s) for s in g.get("surface", [])})
            ),
            None,
        )
        if hit:
            tp += 1
            matched.add(hit)
            resolve[norm(pe.get("name"))] = hit
    core = [g["name"] for g in g_ents if g.get("core", True)]
    ep, er, ef = _prf(tp, len(p_ents), sum(n in matched for n in core), len(core))

    def who(name):
        return resolve.get(norm(name), name) if name is not None else None

    g_deals, used, extras = gold["deals"], set(), []
    tp_d = judged = right = 0
    for pd in pred.get("deals", []):
        payer, payee, kind = who(pd.get("payer")), who(pd.get("payee")), pd.get("kind")
        hit = None
        for i, gd in enumerate(g_deals):
            if i in used or gd["payee"] != payee or (gd["payer"] is not None and gd["payer"] != payer):
                continue
            if kind != gd["kind"] and kind not in gd.get("kind_alt", []):
                continue
            ok = _amount_right(gd, pd)
            if hit is None or (ok and not hit[1]):
                hit = (i, ok)
        if hit is None:
            extras.append(f"{pd.get('payer')} -> {pd.get('payee')} {kind}")
            continue
        used.add(hit[0])
        tp_d += 1
        if hit[1] is not None:
            judged += 1
            right += bool(hit[1])
    core_idx = [i for i, gd in enumerate(g_deals) if gd.get("core", True)]
    misses = [
        f"{g_deals[i]['id']} {g_deals[i]['payer']} -> {g_deals[i]['payee']} {g_deals[i]['kind']}"
        for i in core_idx
        if i not in used
    ]
    dp, dr, df = _prf(tp_d, len(pred.get("deals", [])), sum(i in used for i in core_idx), len(core_idx))
    money_hit = 0.0
    for gm in gold.get("money", []):
        want, found = gm.get("count", 1), 0
        for a in pred.get("amounts", []):
            t = norm(a.get("text", ""))
            if norm(gm["text"]) not in t and t not in norm(gm["text"]):
                continue
            v = a.get("value")
            if gm.get("value") is not None:
                found += v is not None and abs(v - gm["value"]) <= 0.005 * abs(gm["value"])
            else:
                lo, hi = gm["range"]
                alo, ahi = a.get("low"), a.get("high")
                found += (v is not None and lo <= v <= hi) or (
                    alo is not None and ahi is not None and alo <= hi and ahi >= lo
                )
        money_hit += min(found, want) / want
    n_money = len(gold.get("money", []))
    return {
        "entity_f1": round(ef, 3),
        "entity_precision": round(ep, 3),
        "entity_recall": round(er, 3),
        "deal_f1": round(df, 3),
        "deal_precision": round(dp, 3),
        "deal_recall": round(dr, 3),
        "amount_acc": round(right / judged, 3) if judged else None,
        "money_recall": round(money_hit / n_money, 3) if n_money else None,
        "missed_core_deals": misses,
        "unmatched_predicted_deals": extras,
        "missed_core_entities": [n for n in core if n not in matched],
    }
