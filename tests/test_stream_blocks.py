"""An article analysed by blocks: only its first block may open with a headline."""

from __future__ import annotations

from kg.extract.pipeline import analyze
from kg.extract.stream import analyze_text

FILLER = "市场人士认为，人工智能行业仍处于快速发展阶段，相关公司的资本开支持续增加。\n"


def test_short_first_lines_of_later_blocks_keep_their_deals():
    units = [f"微软向Anthropic投资{i * 7}亿美元\n" + FILLER * 30 for i in range(1, 7)]
    text = "".join(units)
    whole = analyze(text)
    streamed = analyze_text(text, block_chars=len(units[0]) + 3)
    # the whole article has one headline (its first line); every other line's deal is kept
    assert sorted(d.amount.text for d in whole.deals) == [f"{i * 7}亿美元" for i in range(2, 7)]
    assert sorted(d.amount.text for d in streamed.deals) == sorted(d.amount.text for d in whole.deals)
