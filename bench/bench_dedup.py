"""Near-duplicate grouping: how the threshold was chosen, and how long grouping takes.

    python bench/bench_dedup.py measure          # containment of copies vs different documents
    python bench/bench_dedup.py time --n 1000 10000

``measure``: copies are made from the seeds and the 政府工作报告 (placeholders filled with other
names, years changed, chrome trimmed or added, truncated previews of 60/35/20% with a recorded
gap); different documents are every pair of the seeds, of the six reports (same genre, same
phrasing year after year) and of generated documents drawing sentences from one shared pool.
For each pair it prints containment (shared sampled shingles / smaller document) and the size
ratio, and the precision and recall of the rule in policydocs.store.dedup.

``time``: n documents of the genre (bench/gen_corpus.py) of which about 10% have 1-3 copies,
written as rows of a fresh database; times ``policydocs.store.dedup.group`` and checks its groups
against the copies that were made. The rows are written without their fingerprints (as in a
database from before they were stored), so the first run computes and stores them all; the
second (``rerun_seconds``) reads them, as grouping after an ingest does.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from gen_corpus import CITIES, _Gen, documents  # noqa: E402

from policydocs.store import dedup, nearcopies  # noqa: E402

NAMES = ("保定市", "易县", "大丰区", "宁川市", "清河县", "云溪区", "石埇镇", "湖阳市")
CHROME_TOP = ("下面是小编为大家整理的{title}，供大家参考。", "当前位置：首页 > 范文大全 > 讲话稿")
CHROME_END = ("推荐访问：讲话 医改 工作会议", "版权所有：某某文档网 2012-2024", "上一篇：在全市安全生产工作会议上的讲话")


def fill(text: str, r: random.Random) -> str:
    """Another office's filling: placeholders and place names replaced, years shifted."""
    text = re.sub(r"[XxＸ×*＊]{1,6}(?=[市县区])", lambda m: r.choice(NAMES)[:-1], text)
    text = re.sub(r"[XxＸ×*＊]{2,6}", lambda m: r.choice(("张伟", "医保", "二十", "健康")), text)
    for city in CITIES:
        if city in text and r.random() < 0.8:
            text = text.replace(city, r.choice(NAMES))
    return re.sub(r"20(1\d|2\d)年", lambda m: f"20{int(m.group(1)) + r.choice((-1, 1))}年", text)


def trim(text: str, r: random.Random) -> str:
    """Chrome trimmed (first and last paragraph gone) or added around it."""
    lines = text.split("\n")
    title = lines[0]
    if r.random() < 0.5 and len(lines) > 4:
        lines = [title] + lines[2:-1]
    else:
        lines = [CHROME_TOP[0].format(title=title)] + lines + list(CHROME_END)
    return "\n".join(lines)


def adapt(text: str, share: float, r: random.Random, pool: list[str]) -> str:
    """Another office's adaptation: ``share`` of the sentences replaced by sentences of other texts."""
    parts = re.split(r"(?<=[。！？；])", text)
    return "".join(r.choice(pool) if r.random() < share else p for p in parts)


def truncate(text: str, share: float) -> str:
    return text[: max(60, int(len(text) * share))]


def real_texts() -> dict[str, str]:
    from policydocs.clean import clean

    out = {}
    for path in sorted((ROOT / "corpora" / "seeds").glob("*.txt")) + sorted((ROOT / "corpora" / "govreport").glob("*.txt")):
        out[path.stem[:24]] = clean(str(path)).text
    return out


def measure(seed: int = 1) -> None:
    r = random.Random(seed)
    texts = real_texts()
    gen = [t for _, t in documents(600_000, seed=seed)][:150]
    pos, neg = [], []
    pool = [s for t in gen for s in re.split(r"(?<=[。！？])", t) if len(s) > 8]
    for name, text in texts.items():
        base = nearcopies.fingerprints(text)
        for kind, copy, truncated in (
            ("filled", fill(text, r), False),
            ("trimmed", trim(text, r), False),
            ("filled+trimmed", trim(fill(text, r), r), False),
            ("preview 60%", truncate(fill(text, r), 0.6), True),
            ("preview 35%", truncate(text, 0.35), True),
            ("preview 20%", truncate(fill(text, r), 0.2), True),
            ("adapted 20%", adapt(fill(text, r), 0.2, r, pool), False),
            ("adapted 35%", adapt(fill(text, r), 0.35, r, pool), False),
        ):
            c, ratio, _ = nearcopies._compare(base, nearcopies.fingerprints(copy))
            pos.append((f"{name} {kind}", c, ratio, truncated))
    fps = {name: nearcopies.fingerprints(t) for name, t in texts.items()}
    for (a, fa), (b, fb) in itertools.combinations(fps.items(), 2):
        c, ratio, _ = nearcopies._compare(fa, fb)
        neg.append((f"{a} ~ {b}", c, ratio, False))
    gen_fps = [nearcopies.fingerprints(t) for t in gen]
    gen_c = []
    for fa, fb in itertools.combinations(gen_fps, 2):
        c, ratio, _ = nearcopies._compare(fa, fb)
        gen_c.append(c)
        neg.append(("generated", c, ratio, False))

    def judged(c, ratio, truncated):
        if ratio >= nearcopies.MIN_RATIO:
            return c >= nearcopies.CONTAINMENT
        return truncated and c >= nearcopies.PREVIEW_CONTAINMENT

    print(f"copies ({len(pos)} pairs): containment min {min(p[1] for p in pos):.3f} "
          f"p5 {statistics.quantiles([p[1] for p in pos], n=20)[0]:.3f} median {statistics.median(p[1] for p in pos):.3f}")
    for label, c, ratio, _ in sorted(pos, key=lambda p: p[1])[:8]:
        print(f"   lowest: {label:40s} containment {c:.3f} ratio {ratio:.2f}")
    real_neg = [p for p in neg if p[0] != "generated"]
    print(f"different real documents ({len(real_neg)} pairs): containment max {max(p[1] for p in real_neg):.3f}")
    for label, c, ratio, _ in sorted(real_neg, key=lambda p: -p[1])[:4]:
        print(f"   highest: {label:40s} containment {c:.3f} ratio {ratio:.2f}")
    print(f"generated documents sharing one sentence pool ({len(gen_c)} pairs): containment max {max(gen_c):.3f} "
          f"p99.9 {statistics.quantiles(gen_c, n=1000)[-1]:.3f}")
    for label, c, ratio, t in pos:
        if not judged(c, ratio, t):
            print(f"   missed: {label:40s} containment {c:.3f} ratio {ratio:.2f}")
    tp = sum(judged(c, r_, t) for _, c, r_, t in pos)
    fp = sum(judged(c, r_, t) for _, c, r_, t in neg)
    print(f"rule containment >= {nearcopies.CONTAINMENT} and ratio >= {nearcopies.MIN_RATIO}, or a truncated preview with "
          f"containment >= {nearcopies.PREVIEW_CONTAINMENT}: "
          f"recall {tp}/{len(pos)}, false pairs {fp}/{len(neg)}")


# --- timing --------------------------------------------------------------------------------------

def corpus(n: int, seed: int = 1) -> tuple[list[tuple[str, str, int]], dict[str, str]]:
    """(doc, text, gaps) rows and the truth: copy doc → original doc."""
    r = random.Random(seed)
    gen = _Gen(seed)
    rows, truth = [], {}
    k = 0
    while len(rows) < n:
        k += 1
        name, text = f"gen_{k:05d}", gen.document(k)
        rows.append((name, text, 0))
        if r.random() < 0.1:
            for m in range(r.randint(1, 3)):
                if len(rows) >= n:
                    break
                kind = r.choice(("fill", "trim", "preview"))
                copy = fill(text, r) if kind == "fill" else trim(text, r) if kind == "trim" else truncate(text, r.uniform(0.3, 0.7))
                rows.append((f"{name}_copy{m}", copy, int(kind == "preview")))
                truth[f"{name}_copy{m}"] = name
    return rows, truth


def time_group(n: int) -> dict:
    from policydocs.store import open_db

    rows, truth = corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "b.db")
        conn = db.conn
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO documents (id, doc, source, text, gaps, trust, trust_rank, canonical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(f"h{i}", doc, f"{doc}.txt", text, json.dumps([{}] * gaps), "unknown", 1, doc)
             for i, (doc, text, gaps) in enumerate(rows)])
        conn.execute("COMMIT")
        chars = sum(len(t) for _, t, _ in rows)
        t0, c0 = time.perf_counter(), time.process_time()
        report = dedup.group(db)
        first, cpu = time.perf_counter() - t0, time.process_time() - c0
        t0 = time.perf_counter()
        again = dedup.group(db)
        second = time.perf_counter() - t0
        canon = dict(conn.execute("SELECT doc, canonical FROM documents"))
        conn.close()
    found = {d for d, c in canon.items() if c != d}
    # A copy is found when it shares the original's canonical.
    hit = sum(canon[c] == canon[o] for c, o in truth.items())
    originals = {o for o in truth.values()}
    wrong = sum(1 for d, c in canon.items() if c != d and d not in truth and d not in originals)
    out = {"documents": len(rows), "mchars": round(chars / 1e6, 1), "seconds": round(first, 2), "cpu_seconds": round(cpu, 2),
           "rerun_seconds": round(second, 2), "rerun_changed": len(again.changed), "groups": report.groups,
           "copies_made": len(truth), "copies_grouped": hit, "unrelated_grouped": wrong, "non_canonical": len(found)}
    out["load_average"] = round(__import__("os").getloadavg()[0], 1)  # other processes on the machine
    print(json.dumps(out, ensure_ascii=False))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("measure")
    t = sub.add_parser("time")
    t.add_argument("--n", type=int, nargs="+", default=[1000, 10000])
    args = ap.parse_args()
    if args.cmd == "measure":
        measure()
    else:
        for n in args.n:
            time_group(n)


if __name__ == "__main__":
    main()
