"""A big article in bounded memory (kg.extract.stream): time and peak memory measured in a subprocess.

The article is 12 MB by default (it was 50 MB until 2026-12; KG_BIG_ARTICLE_MB=50 still runs that).
Besides the 1 GB ceiling, the peak may rise at most GROWTH_LIMIT_MB over kg warm (its dictionaries,
rules and spaCy pipeline loaded). Measured on 2026-12-07: streamed, the 12 MB article (4.2 million
characters, 21 blocks) rose 169 MB (137 -> 306 MB); analysed in one block (block_chars=10**9) it
peaked at 839 MB, a rise of about 700 MB, nearly three times the limit. A deal paragraph is planted
about every 500 paragraphs (about 30 of them at 12 MB; there were 27 in the 50 MB article).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import subprocess
import sys

import pytest

from kg.errors import InputError
from kg.extract import stream
from kg.extract.pipeline import analyze, article_id

from .conftest import CORPUS, HANS, HANT, ROOT, kg_env

MB = int(os.environ.get("KG_BIG_ARTICLE_MB", "12"))
RSS_LIMIT_MB = 1024
GROWTH_LIMIT_MB = 256  # over kg warm
FILLER = [
    "市场观望情绪浓厚，交易清淡，分析人士认为后市仍需观察政策走向。",
    "今日大盘窄幅震荡，成交量较前一交易日略有萎缩，投资者普遍持谨慎态度。",
    "業內人士指出，產業鏈上下游的庫存調整仍在進行，需求回溫尚待時日。",
    "分析师表示，宏观数据公布前资金倾向于观望，板块轮动速度明显加快。",
    "多家机构在研报中提到，行业景气度有望在明年逐步回升，但短期波动难免。",
]
DEALS = [HANS, HANT, "微软将向OpenAI投资100亿美元。"]


def _build(path, mb: int, seed: int = 7) -> list[tuple[int, str]]:
    """Write an article of *mb* MB (UTF-8): filler paragraphs and, here and there, a deal."""
    rng = random.Random(seed)
    target, size, chars, planted = mb * 1024 * 1024, 0, 0, []
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            if rng.random() < 0.002 or not planted and size > target // 3:
                para = rng.choice(DEALS)
                planted.append((chars, para))
            else:
                para = "".join(rng.choice(FILLER) for _ in range(rng.randint(3, 12)))
            para += "\n"
            f.write(para)
            size += len(para.encode("utf-8"))
            chars += len(para)
    return planted


PROBE = """
import json, resource, sys, time
def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
from kg.extract.pipeline import analyze
from kg.extract.stream import analyze_large_file
analyze(sys.argv[2])  # kg warm: the dictionaries, the rules and the spaCy pipeline loaded
warm = peak_mb()
r = analyze_large_file(sys.argv[1])
took = time.perf_counter() - t0
print(json.dumps({
    "seconds": took,
    "warm_rss_mb": warm,
    "peak_rss_mb": peak_mb(),
    "chars": r.article.chars,
    "id": r.article.id,
    "deals": [[d.payer, d.payee, d.kind, [e.start for e in d.evidence]] for d in r.deals],
}))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX")
def test_a_big_article_streams_in_bounded_memory(tmp_path):
    path = tmp_path / "huge.txt"
    planted = _build(path, MB)
    size_mb = path.stat().st_size / 2**20
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), HANS],
        capture_output=True,
        text=True,
        timeout=600,
        env=kg_env(),
        cwd=ROOT,
    )
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    print(
        f"\n{size_mb:.0f} MB article ({out['chars']:,} chars): {out['seconds']:.1f} s, "
        f"peak RSS {out['peak_rss_mb']:.0f} MB ({out['warm_rss_mb']:.0f} MB warm), {len(planted)} deal paragraphs"
    )
    assert out["peak_rss_mb"] < RSS_LIMIT_MB
    assert out["peak_rss_mb"] - out["warm_rss_mb"] < GROWTH_LIMIT_MB
    assert out["chars"] > 20 * stream.BLOCK_CHARS  # the bound is one of streaming, not of a small text
    found = {start for d in out["deals"] for start in d[3]}
    assert {start for start, _ in planted} <= found  # every planted deal, at its offset in the whole file
    payer = {HANS: "Nvidia", HANT: "Nvidia", DEALS[2]: "Microsoft"}
    assert {tuple(d[:3]) for d in out["deals"]} == {(payer[p], "OpenAI", "investment") for _, p in planted}


# ---------------------------------------------------------------- the same results, small


def _mixture(seed: int, n: int = 60) -> str:
    rng = random.Random(seed)
    lines = [ln for p in CORPUS for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return "\n".join(rng.choice(lines) for _ in range(n)) + "\n"


def _spans_ok(r, text: str) -> None:
    for e in r.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for a in r.amounts:
        assert text[a.start : a.end] == a.text
    for d in r.deals:
        for ev in d.evidence:
            assert text[ev.start : ev.end] == ev.text
        if d.amount is not None:
            assert text[d.amount.start : d.amount.end] == d.amount.text
    for f in r.facts:
        assert text[f.evidence.start : f.evidence.end] == f.evidence.text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "big5", "utf-16"])
def test_streamed_file_across_tiny_reads_and_blocks(tmp_path, monkeypatch, encoding):
    text = _mixture(1)
    if encoding == "big5":
        text = text.encode("big5", errors="ignore").decode("big5")
    elif encoding == "gb18030":
        text = text.encode("gb18030", errors="ignore").decode("gb18030")
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    monkeypatch.setattr(stream, "READ_SIZE", 777)  # pieces cut in the middle of characters
    r = stream.analyze_large_file(p, block_chars=1500)
    assert r.article.id == article_id(text)
    assert r.article.chars == len(text)
    assert r.article.encoding == ("utf-16" if encoding == "utf-16" else encoding)
    _spans_ok(r, text)
    assert r.deals
    # one block: exactly what one analyze of the whole text gives
    one = stream.analyze_large_file(p, block_chars=10 * len(text))
    title = text.strip().splitlines()[0].strip()[:120]
    assert one.to_dict() == analyze(text, path=str(p), encoding=one.article.encoding, title=title).to_dict()


def test_stream_from_bytes_like_stdin(tmp_path):
    text = _mixture(2)
    r = stream.analyze_large_file("-", text.encode("utf-8"), block_chars=2000, keep_text=True)
    assert r.text == text and r.article.path == "-"
    _spans_ok(r, text)


def test_stream_errors_name_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "READ_SIZE", 1000)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(HANS.encode() * 200 + b"\xff\xfe\xfd" + HANS.encode())
    with pytest.raises(InputError, match="cannot decode as utf-8 near byte") as ei:
        stream.analyze_large_file(bad)
    assert str(bad) in str(ei.value)
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b" \n" * 5000)
    with pytest.raises(InputError, match="empty"):
        stream.analyze_large_file(blank)
    png = tmp_path / "x.png"
    png.write_bytes(b"\x89PNG" + bytes(5000))
    with pytest.raises(InputError, match="binary"):
        stream.analyze_large_file(png)
    with pytest.raises(InputError, match="no such file"):
        stream.analyze_large_file(tmp_path / "missing.txt")


def test_stream_html_and_bom(tmp_path):
    body = _mixture(3, 20)
    html = "<html><head><title>T</title><script>x()</script></head><body>" + "".join(
        f"<p>{ln}</p>" for ln in body.splitlines()
    )
    p = tmp_path / "a.html"
    p.write_text(html, encoding="utf-8")
    r = stream.analyze_large_file(p, block_chars=500)
    from kg.extract.normalize import read_source

    src = read_source(p)
    assert r.article.title == "T" and r.article.id == article_id(src.text)
    _spans_ok(r, src.text)
    q = tmp_path / "bom.txt"
    q.write_bytes(codecs.BOM_UTF8 + body.encode())
    r = stream.analyze_large_file(q, block_chars=700)
    assert r.article.encoding == "utf-8-sig" and r.article.id == article_id(body)


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_an_ascii_head_does_not_decide_the_encoding(tmp_path, monkeypatch, encoding):
    text = "Market data 12345\n" * 200 + _mixture(1)
    text = text.encode(encoding, errors="ignore").decode(encoding)
    p = tmp_path / "a.txt"
    p.write_bytes(text.encode(encoding))
    monkeypatch.setattr(stream, "READ_SIZE", 1024)  # the head is ASCII only
    r = stream.analyze_large_file(p, block_chars=1500)
    assert r.article.encoding == encoding
    assert r.article.id == article_id(text)
    _spans_ok(r, text)
    assert r.deals
