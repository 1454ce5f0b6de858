"""Amounts and quantities: an extractor (one compiled pattern) then a parser (Decimal).

The language data (numerals, magnitudes, hedges, units, currencies) is in
``rules/amounts.yaml`` and ``rules/currencies.yaml``. Matching runs on the
Simplified, half-width copy of the text, so offsets are those of the original.

>>> [(a.text, a.value, a.currency, a.unit) for a in extract_amounts("输给他1000亿美元和6 吉瓦")]
[('1000亿美元', Decimal('100000000000'), 'USD', 'money'), ('6 吉瓦', Decimal('6'), None, 'GW')]
>>> a = extract_amounts("一项价值数百亿美元的协议")[0]
>>> (a.value, a.low, a.high, a.approx)
(None, Decimal('20000000000'), Decimal('90000000000'), True)
>>> extract_amounts("2025年10月6日推出MI450与H100,第一周")
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

from .. import rules
from ..analysis.rates import RateTable
from ..numbers import json_number
from .bounds import MAX_ARABIC, plausible_match, plausible_value
from .literals import fast

MONEY = "money"


@dataclass
class Amount:
    """One amount or quantity found in the text (offsets into the original)."""

    text: str
    start: int
    end: int
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    approx: bool = False
    currency: str | None = None
    unit: str = MONEY
    per_share: bool = False
    currency_inferred: bool = False
    usd: Decimal | None = None
    low_usd: Decimal | None = None
    high_usd: Decimal | None = None
    parts: list[int] = field(default_factory=list)

    def best_usd(self) -> Decimal | None:
        """A single USD figure: the value, else the middle of the range."""
        if self.usd is not None:
            return self.usd
        if self.low_usd is not None and self.high_usd is not None:
            return (self.low_usd + self.high_usd) / 2
        return self.low_usd if self.low_usd is not None else self.high_usd

    def to_dict(self) -> dict[str, Any]:
        d = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": json_number(self.value),
            "low": json_number(self.low),
            "high": json_number(self.high),
            "approx": self.approx,
            "currency": self.currency,
            "usd": json_number(self.usd),
            "unit": self.unit,
        }
        if self.low_usd is not None or self.high_usd is not None:
            d["low_usd"], d["high_usd"] = json_number(self.low_usd), json_number(self.high_usd)
        if self.per_share:
            d["per_share"] = True
        if self.currency_inferred:
            d["currency_inferred"] = True
        return d




# ------------------------------------------------------------------ language data


class AmountGrammar:
    """Compiled patterns and lookup tables built from the rule files."""

    def __init__(self, amounts: dict, currencies: dict):
        self.digits = {k: int(v) for k, v in amounts["digits"].items()}
        self.small = {k: int(v) for k, v in amounts["small_units"].items()}
        self.big = {k: int(v) for k, v in amounts["big_units"].items()}
        self.skipped = tuple(amounts.get("skipped_place") or ())  # 零 of 2亿零500万
        self.mag = {**self.small, **self.big}
        self.emag = {k.lower(): Decimal(v) for k, v in amounts["english_magnitudes"].items()}
        self.vague = {}
        for v in amounts["vague"]:
            for w in v["words"]:
                self.vague[w] = (v["low"], v["high"])
        self.pre = {w: kind for kind, ws in amounts["prefix_modifiers"].items() for w in ws}
        self.post = {w: kind for kind, ws in amounts["suffix_modifiers"].items() for w in ws}
        self.units = {w: unit for unit, ws in amounts["units"].items() for w in ws}
        self.per_share_before = amounts["per_share_before"]
        self.per_share_after = amounts["per_share_after"]
        bm = amounts["bare_money"]
        self.bare_window = int(bm["window"])
        self.cues_after = bm["cues_after"]
        self.cues_before = bm["cues_before"]
        self.cue_filler = str(bm.get("filler") or "")  # 投资达到约80亿
        self.per_share_filler = str(amounts.get("per_share_filler") or "")  # 每股作价为4.5元
        self.yuan_default = currencies["yuan_default"]
        self.yuan_context = currencies.get("yuan_context") or {}
        self.suffix_cur: dict[str, str] = {}
        self.prefix_cur: dict[str, str] = {}
        self.scale: dict[str, Decimal] = {}
        for c in currencies["currencies"]:
            for s in c["suffixes"]:
                self.suffix_cur[s] = c["code"]
                if "scale" in c:
                    self.scale[s] = Decimal(str(c["scale"]))
            for p in c.get("prefixes") or []:
                self.prefix_cur[p] = c["code"]
        self.suffix_cur.setdefault("元", "")  # resolved by script default

        def alt(words):
            return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))

        def starts(*groups, raw=""):
            """A look-ahead for the first characters of the words (and the class *raw*): most
            positions fail it at once instead of trying every alternative (same matches, faster)."""
            chars = sorted({w[0] for words in groups for w in words if w})
            return "(?=[" + raw + "".join(re.escape(c) for c in chars) + "])"

        zhao_stop = alt(amounts["zhao_not_number_before"])
        zhao = f"兆(?!{zhao_stop})"
        mag = f"(?:[{''.join(k for k in self.mag if k != '兆')}]|{zhao})"
        ch_chars = "".join(self.digits) + "".join(k for k in self.small)
        ch_big = "".join(k for k in self.big if k != "兆")
        chnum = f"(?:[{ch_chars}]|[{ch_big}]|{zhao}|点(?=[{''.join(self.digits)}]))+"
        arabic = r"\d+(?:,\d{3})*(?:\.\d+)?"
        sep = alt(amounts["range_separators"])
        more = alt(amounts["more_words"])
        vague = alt(self.vague)
        teens = alt(amounts["teens_words"])
        shares_stop = alt(amounts["shares_not_before"])
        units = []
        for w, u in sorted(self.units.items(), key=lambda kv: -len(kv[0])):
            if u == "shares":
                units.append(f"{re.escape(w)}(?!{shares_stop})")
            else:
                units.append(re.escape(w))
        emag = "|".join(sorted((re.escape(k) for k in self.emag), key=len, reverse=True))
        not_after = "".join(re.escape(c) for c in amounts["not_after"])
        # 约 as a hedge, but not the 约 of 签约/合约/节约/预约
        pre_alt = alt(self.pre)
        for w, chars in (amounts.get("prefix_not_after") or {}).items():
            pre_alt = pre_alt.replace(re.escape(w), f"(?<![{re.escape(chars)}]){re.escape(w)}")
        guard = rf"(?<![A-Za-z0-9._%{not_after}])"
        # a section after a big unit: 1亿5000万, 2亿3,500万 (thousands marks), 2亿零500万 (零 marks a skipped place)
        section = rf"(?:{alt(self.skipped)})?\d+(?:,\d{{3}})*(?:\.\d+)?[千百]?[{''.join(self.big)}]?"
        number_start = starts(  # \d as in the number branches: any script's digits
            self.vague, amounts["teens_words"], ch_chars, ch_big, ["兆", "点"], raw=r"\d"
        )
        self.pattern = re.compile(
            rf"(?:{starts(self.pre)}(?P<pre>{pre_alt})\s?)?"
            rf"(?:{starts(self.prefix_cur)}(?P<pcur>{alt(self.prefix_cur)}))?\s?"
            rf"{guard}(?P<sign>(?<![\d%])-|负)?"
            rf"{number_start}(?:"
            rf"(?P<vague>{vague})(?P<vmag>{mag}+)"
            rf"|(?P<teen>{teens})(?P<tmag>{mag}*)"
            rf"|(?P<cpd>\d+(?:\.\d+)?[{''.join(self.big)}](?:{section})+)"
            rf"|(?P<a1>{arabic})(?P<amag1>{mag}*)(?:\s?(?P<asep>{sep})\s?(?P<a2>{arabic}))?(?P<amore>{more})?\s?"
            rf"(?P<amag>{mag}*)(?:\s?(?P<emag>(?i:{emag}))(?![A-Za-z]))?(?P<amore2>{more})?"
            rf"|(?P<c1>{chnum})(?:(?P<csep>{sep})(?P<c2>{chnum}))?(?P<cmore>{more})?(?P<cmag>{mag}*)"
            r")"
            rf"\s?(?:(?P<cur>{alt(self.suffix_cur)})|(?P<unit>{'|'.join(units)}))?"
            rf"(?P<post>{alt(self.post)})?",
        )
        self.percent_pattern = re.compile(
            rf"(?:{starts(self.pre)}(?P<pre>{pre_alt})\s?)?百分之(?P<num>{arabic}|{chnum})"
        )
        # tried at every character of an article: skip where no amount can start
        self.pattern, self.percent_pattern = fast(self.pattern), fast(self.percent_pattern)
        self.section = re.compile(r"(\d+(?:\.\d+)?)([千百]?)([" + "".join(self.big) + r"]?)")

    # ---------------------------------------------------------------- numbers

    def chinese(self, s: str) -> Decimal:
        """Value of a Chinese numeral (一千二百 → 1200, 两万 → 20000, 三亿五千万, 三点五亿 → 3.5e8)."""
        if "点" in s:
            whole, _, rest = s.partition("点")
            frac = ""
            while rest and rest[0] in self.digits:
                frac += str(self.digits[rest[0]])
                rest = rest[1:]
            base = (self.chinese(whole) if whole else Decimal(0)) + Decimal("0." + (frac or "0"))
            return base * self.magnitude(rest)
        bigs = [u for u in self.big if u in s]
        if bigs:
            top = max(bigs, key=lambda u: self.big[u])
            i = s.index(top)
            left, right = s[:i], s[i + 1 :]
            lv = self.chinese(left) if left else Decimal(1)
            rv = self.chinese(right) if right else Decimal(0)
            if right and all(c in self.digits for c in right) and len(right) == 1 and left:
                # colloquial 一万五 = 15000
                rv = Decimal(self.digits[right]) * self.big[top] / 10
            return lv * self.big[top] + rv
        if all(c in self.digits for c in s):
            return Decimal("".join(str(self.digits[c]) for c in s)) if s else Decimal(0)
        total, number, last_unit = 0, 0, 0
        for c in s:
            if c in self.digits:
                number = self.digits[c]
            elif c in self.small:
                if number == 0 and self.small[c] == 10:
                    number = 1
                total += number * self.small[c]
                last_unit, number = self.small[c], 0
        if number and last_unit >= 100 and s[-2] in self.small:
            number = number * last_unit // 10  # 一百二 = 120
        return Decimal(total + number)

    def number(self, s: str) -> Decimal:
        if s[0].isdigit():
            return Decimal(s.replace(",", ""))
        return self.chinese(s)

    def compound(self, s: str) -> Decimal:
        """Arabic numbers with several magnitudes: 1兆2000亿 → 1.2e12, 1亿5000万 → 1.5e8, 2亿3,500万 and
        2亿零500万 (a skipped place) alike."""
        total = Decimal(0)
        s = s.replace(",", "")
        for w in self.skipped:
            s = s.replace(w, "")
        for num, small, big in self.section.findall(s):
            total += Decimal(num) * (self.small[small] if small else 1) * (self.big[big] if big else 1)
        return total

    def magnitude(self, s: str | None) -> Decimal:
        m = Decimal(1)
        for c in s or "":
            m *= self.mag[c]
        return m


@rules.derived
def grammar() -> AmountGrammar:
    return AmountGrammar(rules.load("amounts.yaml"), rules.load("currencies.yaml"))


def _step(n: Decimal) -> Decimal:
    """One unit of the last non-zero place of an integer: 50 → 10, 1000 → 1000, 120 → 10."""
    if n != n.to_integral_value() or n == 0:
        return Decimal(1)
    s = str(int(n))
    return Decimal(10) ** (len(s) - len(s.rstrip("0")))


def _parse(
    m: re.Match, g: AmountGrammar
) -> tuple[Decimal | None, Decimal | None, Decimal | None, bool, bool] | None:
    """(value, low, high, approx, has_magnitude) of one match, or None."""
    if m["vague"]:
        lo_k, hi_k = g.vague[m["vague"]]
        f = g.magnitude(m["vmag"])
        return None, lo_k * f, (hi_k * f if hi_k is not None else None), True, True
    if m["teen"]:
        f = g.magnitude(m["tmag"])
        return None, 11 * f, 19 * f, True, bool(m["tmag"])
    if m["cpd"]:
        return g.compound(m["cpd"]), None, None, False, True
    if m["a1"]:
        if m["amag1"] and m["amag"] and not m["a2"]:
            return None  # 1亿5万 is handled as a compound; anything else is odd
        f = g.magnitude(m["amag"]) * g.magnitude(m["amag1"])
        if m["emag"]:
            if not (m["pcur"] or m["cur"]):
                return None  # 200M alone: not a money magnitude
            f *= g.emag[m["emag"].lower()]
        has_mag = bool(m["amag"] or m["amag1"] or m["emag"])
        a1 = g.number(m["a1"])
        if m["a2"]:
            lo_f = g.magnitude(m["amag1"]) if m["amag1"] else g.magnitude(m["amag"])
            return None, a1 * lo_f, g.number(m["a2"]) * g.magnitude(m["amag"]), False, has_mag
        if m["amore"]:
            return None, a1 * f, (a1 + _step(a1)) * f, True, has_mag
        if m["amore2"]:
            return None, a1 * f, (a1 + 1) * f, True, has_mag
        return a1 * f, None, None, False, has_mag
    s1 = m["c1"]
    if not any(c in g.digits for c in s1) and s1[0] not in "十拾":
        if not (m["cur"] or m["pcur"]) or not all(c in g.mag for c in s1):
            return None  # 千/万/亿 alone is a word, not a number...
        return g.magnitude(s1), None, None, False, True  # ...but 逾千亿日圆 is an amount
    has_mag = any(c in g.mag for c in s1 + (m["c2"] or "") + (m["cmag"] or ""))
    f = g.magnitude(m["cmag"])
    v1 = g.chinese(s1)
    if m["c2"]:
        v2 = g.chinese(m["c2"])
        trail = re.search(f"[{''.join(g.mag)}]+$", m["c2"])
        if trail and not any(c in g.mag for c in s1):
            v1 *= g.magnitude(trail.group())
        return None, v1 * f, v2 * f, False, has_mag
    if m["cmore"]:
        return None, v1 * f, (v1 + _step(v1)) * f, True, has_mag
    return v1 * f, None, None, False, has_mag


def _hedge_kind(g: AmountGrammar, word: str) -> str | None:
    return g.pre.get(word.strip())


def _currency_of(m: re.Match, g: AmountGrammar, yuan: str) -> str | None:
    if m["pcur"]:
        return g.prefix_cur[m["pcur"]]
    if m["cur"]:
        return g.suffix_cur[m["cur"]] or yuan
    return None


def yuan_currency(simp: str, script: str) -> str:
    """What a bare 元 means in this text: the script's default, unless the text is clearly from elsewhere.

    Traditional script is used in Taiwan and in Hong Kong, so there the cue words decide
    (港股, 港交所 -> HKD). Simplified text means RMB: mainland outlets write other
    currencies out (港元), and they mention Hong Kong listings all the time.

    >>> yuan_currency("港股今日回升,公司集资10亿元", "hant"), yuan_currency("营收10亿元", "hant")
    ('HKD', 'TWD')
    >>> yuan_currency("公司在港股上市,港元计价;今年营收300亿元", "hans")
    'CNY'
    """
    g = grammar()
    default = g.yuan_default.get(script, "CNY")
    counts = {code: sum(map(simp.count, words)) for code, words in g.yuan_context.items()}
    best = max(counts, key=counts.get) if counts else None
    if not best or counts[best] == 0 or best == default:
        return default
    if script == "hant" and counts[best] > counts.get(default, 0):
        return best
    return default


def _cue_near(simp: str, start: int, end: int, g: AmountGrammar) -> bool:
    after = simp[end : end + g.bare_window]
    before = simp[max(0, start - g.bare_window) : start].rstrip(g.cue_filler)
    return any(after.startswith(c) or after.startswith("的" + c) for c in g.cues_after) or any(
        before.endswith(c) for c in g.cues_before
    )


def extract_amounts(simp: str, text: str | None = None, *, script: str = "hans") -> list[Amount]:
    """Find and parse every amount and quantity in *simp*.

    *simp* is the Simplified, half-width copy; *text* the original (for the
    ``text`` of each result; defaults to *simp*). Bare numbers with a magnitude
    next to a money word get ``currency=None`` here and are resolved by
    :func:`resolve_context_currency`.
    """
    g = grammar()
    text = simp if text is None else text
    yuan = yuan_currency(simp, script)
    out: list[Amount] = []
    for m in g.pattern.finditer(simp):
        parsed = _parse(m, g) if plausible_match(m, g) else None
        if parsed is None or not plausible_value(*parsed[:3]):
            continue
        value, low, high, approx, has_mag = parsed
        if low is not None and high is not None and low > high:
            low, high = high, low  # 30亿至20亿: a range, whichever end is told first
        currency = _currency_of(m, g, yuan)
        if m["cur"] in g.scale:  # 1美分 = 0.01 USD
            f = g.scale[m["cur"]]
            value, low, high = (x * f if x is not None else None for x in (value, low, high))
        unit = g.units[m["unit"].rstrip()] if m["unit"] else None
        start, end = m.start(), m.end()
        # trim a hedge/space we consumed but that belongs to nothing
        if currency is None and unit is None:
            if m["pcur"]:
                continue
            if not has_mag or not _cue_near(simp, m.start("sign") if m["sign"] else _num_start(m), end, g):
                continue
            unit = MONEY
        elif currency is not None:
            unit = MONEY
        if unit in ("GPUs", "shares") and not has_mag and not (m["a1"]):
            continue  # 一片/一股/一块: idioms, not quantities
        if m["c1"] and m["pcur"] and not m["cur"] and not has_mag:
            continue  # 港元及美元两部分: a currency named, then a count word (两, 一), no amount
        if m["sign"]:
            value = -value if value is not None else None
            low, high = (-high if high is not None else None), (-low if low is not None else None)
        kind = _hedge_kind(g, m["pre"]) if m["pre"] else g.post.get(m["post"]) if m["post"] else None
        if kind:
            approx = True
            if value is not None and kind == "lower":
                low = value
            elif value is not None and kind == "upper":
                high = value
        if not m["pre"]:
            start = _num_start(m) if not m["pcur"] else m.start("pcur")
        a = Amount(
            text=text[start:end],
            start=start,
            end=end,
            value=value,
            low=low,
            high=high,
            approx=approx,
            currency=currency,
            unit=unit,
        )
        before = simp[max(0, start - 6) : start]
        a.per_share = unit == MONEY and (
            before.endswith(tuple(g.per_share_before))
            or before.rstrip(g.per_share_filler).endswith(tuple(g.per_share_before))
            or simp.startswith(tuple(g.per_share_after), end)
        )
        out.append(a)
    for m in g.percent_pattern.finditer(simp):
        if not plausible_match(m, g) or len(m["num"]) > MAX_ARABIC:
            continue
        v = g.number(m["num"])
        a = Amount(text=text[m.start() : m.end()], start=m.start(), end=m.end(), value=v, unit="percent")
        kind = _hedge_kind(g, m["pre"]) if m["pre"] else None
        if kind:
            a.approx = True
            a.low = v if kind == "lower" else None
            a.high = v if kind == "upper" else None
        out.append(a)
    out.sort(key=attrgetter("start"))
    _join_full_ranges(out, simp, text)
    for a in out:
        convert(a)
    return out


def _num_start(m: re.Match) -> int:
    for name in ("sign", "vague", "teen", "cpd", "a1", "c1"):
        if m[name]:
            return m.start(name)
    return m.start()


def _join_full_ranges(out: list[Amount], simp: str, text: str) -> None:
    """``3200亿美元至4800亿美元``: keep both ends and add the range they make."""
    g = grammar()
    seps = set(rules.load("amounts.yaml")["range_separators"])
    extra = []
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        between = simp[a.end : b.start].strip()
        if (
            between in seps
            and a.unit == b.unit
            and a.value is not None
            and b.value is not None
            and a.currency == b.currency
            and a.value <= b.value
        ):
            r = Amount(
                text=text[a.start : b.end],
                start=a.start,
                end=b.end,
                value=None,
                low=a.value,
                high=b.value,
                currency=a.currency,
                unit=a.unit,
                parts=[i, i + 1],
            )
            extra.append(r)
    del g
    out.extend(extra)
    out.sort(key=lambda a: (a.start, -a.end))


def convert(a: Amount, rates: RateTable | None = None, date: str | None = None) -> None:
    """Fill the USD fields of a money amount: the one conversion of kg, the dated rate table
    (:class:`~kg.analysis.rates.RateTable`; default: the bundled rates of
    ``rules/currencies.yaml``) at *date* (default: its latest rate), as the analysis uses."""
    if a.unit != MONEY or not a.currency:
        return
    rate = (rates if rates is not None else RateTable.bundled()).rate(a.currency, date)
    if rate is None:
        return
    a.usd = a.value * rate if a.value is not None else None
    a.low_usd = a.low * rate if a.low is not None else None
    a.high_usd = a.high * rate if a.high is not None else None
    if a.value is not None and a.low is None and a.high is None:
        a.low_usd = a.high_usd = None


def resolve_context_currency(amounts: list[Amount], script: str) -> None:
    """Give bare money amounts (80亿的债务) the currency of their context.

    The nearest explicit money amount before it wins; else the commonest
    currency of the article; else the default for 元 in this script.
    """
    explicit = [a for a in amounts if a.unit == MONEY and a.currency]
    counts: dict[str, int] = {}
    for a in explicit:
        counts[a.currency] = counts.get(a.currency, 0) + 1
    common = max(counts, key=counts.get) if counts else grammar().yuan_default.get(script, "CNY")
    for a in amounts:
        if a.unit == MONEY and not a.currency:
            prev = [e for e in explicit if e.end <= a.start]
            a.currency = prev[-1].currency if prev else common
            a.currency_inferred = True
            convert(a)
