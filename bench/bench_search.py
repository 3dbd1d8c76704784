"""Chinese full-text search in SQLite FTS5: three index designs compared, then latency at 1M sentences.

Part 1 — on N generated sentences (``gen_corpus.sentences``), for each design:
  * ``bigram``  (chosen): contentless FTS5, default tokenizer, fed overlapping character bigrams;
    the query term is the phrase of its bigrams (policydocs.store.fts);
  * ``jieba``: a ``cut_for_search`` shadow column (space-joined, HMM off, policy lexicon), default
    tokenizer; the query term is cut in precise mode and its words AND-ed;
  * ``trigram``: ``tokenize='trigram'`` on the raw text (external content); the query is the string.
  Recall and precision against plain substring search (``q in sentence``) on a query list that
  includes 2-character words, index size (the FTS shadow tables: dbstat), build time (tokenising in
  Python + inserting), query latency (p50/p95, same capped-bm25 SQL as store.search).

Part 2 — ``policydocs.store.search`` on a database of M sentences (default 1,000,000) written with
the store's own writer (synthetic documents of 200 sentences; targets/actuals tagged), p50/p95/max
over the query list, plain and with --kind/--region/--from filters.

    python bench/bench_search.py [--compare 200000] [--sentences 1000000] [--skip-compare] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from gen_corpus import CITIES, sentences  # noqa: E402

from policydocs.store import fts, open_db, search  # noqa: E402
from policydocs.store.rows import DocRows  # noqa: E402
from policydocs.store.write import write_document  # noqa: E402

QUERIES = [
    # 2-character words
    "医保", "就业", "养老", "改革", "医疗", "税收", "教育", "扶贫", "增长", "发展",
    # words inside longer words / lexicon compounds
    "医共体", "县域医共体", "医保基金", "家庭医生签约", "营商环境", "签约率", "卫生室", "护理型床位",
    "诊疗量", "疫苗接种", "放管服",
    # longer terms and phrases
    "紧密型县域医共体", "基层诊疗量占比", "高标准农田", "同比增长", "责任单位", "减税降费", "互联网",
    "乡村振兴", "污水处理率", "专项检查",
]
CAPPED = ("SELECT rowid, r FROM (SELECT rowid, {rank} AS r FROM f WHERE f MATCH ? ORDER BY rowid DESC LIMIT 5000)"
          " ORDER BY r LIMIT 20")


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]


def _index_bytes(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'f\\_%' ESCAPE '\\'"
                        " OR name = 'f'").fetchone()[0]


def compare(n: int, workdir: Path) -> None:
    from policydocs.knowledge.lexicon import tokenizer

    tk = tokenizer()
    sents = list(sentences(n, seed=3))
    chars = sum(map(len, sents))
    print(f"\n## Part 1: index designs on {n:,} sentences ({chars / 1e6:.1f}M characters)\n")
    truth = {q: {i + 1 for i, s in enumerate(sents) if fts.fold(q) in fts.fold(s)} for q in QUERIES}

    def jieba_query(q: str) -> str:
        return " AND ".join(f'"{w}"' for w in tk.lcut(q, HMM=False) if w.strip())

    designs = {
        "bigram (chosen)": ("CREATE VIRTUAL TABLE f USING fts5(grams, content='')", fts.grams,
                            lambda q: fts.phrase(fts.parse_query(q).term), "bm25(f)"),
        "jieba cut_for_search": ("CREATE VIRTUAL TABLE f USING fts5(words, content='')",
                                 lambda s: " ".join(tk.cut_for_search(s, HMM=False)), jieba_query, "bm25(f)"),
        "trigram": ("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='trigram', content='s', content_rowid='id')",
                    None, lambda q: '"' + q + '"', "bm25(f)"),
    }
    rows = []
    for name, (ddl, prep, to_query, rank) in designs.items():
        path = workdir / f"cmp_{name.split()[0]}.db"
        if path.exists():
            path.unlink()
        conn = sqlite3.connect(str(path))
        conn.execute("CREATE TABLE s(id INTEGER PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO s VALUES (?, ?)", enumerate(sents, 1))
        conn.commit()
        conn.execute(ddl)
        t0 = time.perf_counter()
        values = [(i, prep(s) if prep else s) for i, s in enumerate(sents, 1)]
        t1 = time.perf_counter()
        conn.executemany("INSERT INTO f(rowid, " + ddl.split("fts5(")[1].split(",")[0].split(")")[0]
                         + ") VALUES (?, ?)", values)
        conn.commit()
        t2 = time.perf_counter()
        shadow = sum(len(v.encode()) for _, v in values) if name.startswith("jieba") else 0
        conn.execute("INSERT INTO f(f) VALUES ('optimize')")
        conn.commit()
        size = _index_bytes(conn)
        found = tp = 0
        per_query: dict[str, float] = {}
        lat: list[float] = []
        for q in QUERIES:
            sql = CAPPED.format(rank=rank)
            t = time.perf_counter()
            conn.execute(sql, [to_query(q)]).fetchall()
            lat.append((time.perf_counter() - t) * 1000)
            got = {r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ?", [to_query(q)])}
            found += len(got)
            tp += len(got & truth[q])
            per_query[q] = len(got & truth[q]) / max(1, len(truth[q]))
        short = [v for q, v in per_query.items() if len(q) == 2]
        longer = [v for q, v in per_query.items() if len(q) > 2]
        worst = sorted((v, q) for q, v in per_query.items())[:3]
        rows.append((name, sum(short) / len(short), sum(longer) / len(longer), tp / max(1, found), size, shadow,
                     t1 - t0, t2 - t1, statistics.median(lat), _pct(lat, 0.95), worst))
        conn.close()
    print("| design | recall, 2-char queries | recall, 3+ chars | precision | index MB | + shadow column MB |"
          " tokenise s | insert s | query p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, rec2, rec3, prec, size, shadow, tprep, tins, p50, p95, _ in rows:
        print(f"| {name} | {rec2:.3f} | {rec3:.3f} | {prec:.3f} | {size / 1e6:.1f} | {shadow / 1e6:.1f} |"
              f" {tprep:.1f} | {tins:.1f} | {p50:.1f} | {p95:.1f} |")
    print("\nrecall = mean over queries of |found ∩ substring matches| / |substring matches|;"
          " precision = share of found sentences that contain the query as a substring")
    for name, *_, worst in rows:
        print(f"lowest recall, {name}: " + ", ".join(f"{q} {v:.2f}" for v, q in worst))
    # what trigram would need for 2-character words: a LIKE scan of the text
    conn = sqlite3.connect(str(workdir / "cmp_trigram.db"))
    lat = []
    for q in [q for q in QUERIES if len(q) == 2]:
        t = time.perf_counter()
        conn.execute("SELECT id FROM s WHERE text LIKE ? LIMIT 5000", [f"%{q}%"]).fetchall()
        lat.append((time.perf_counter() - t) * 1000)
    print(f"\ntrigram fallback for 2-character words (LIKE scan, {n:,} rows): "
          f"p50 {statistics.median(lat):.0f} ms, max {max(lat):.0f} ms")


def build_store(path: Path, m: int) -> float:
    """A store database of ``m`` sentences written through write_document; returns seconds."""
    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = open_db(path)
    r = random.Random(9)
    started = time.perf_counter()
    per_doc = 200
    gen = sentences(m, seed=5)
    for d in range((m + per_doc - 1) // per_doc):
        region, year = r.choice(CITIES), r.choice((2022, 2023, 2024, 2025))
        date = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}" if r.random() < 0.7 else None
        sents, stmts, grams, tags, pos, text = [], [], [], [], 0, []
        for i in range(min(per_doc, m - d * per_doc)):
            s = next(gen)
            kind = "target" if ("达到" in s or "以上" in s) else "actual" if "同比" in s else None
            sents.append((i, None, pos, pos + len(s), "[]", 0))
            if kind:
                stmts.append((i, f"k{d}.{i}", f"s{d}", kind, s, "", 1.0, None, "%", "=", f"{year}-12-31", None, "[]",
                              "plan" if kind == "target" else None, region, pos, pos + len(s), "[]", 1.0, year))
            grams.append(fts.grams(s))
            tags.append(fts.tags([kind] if kind else [], [region], year, date))
            text.append(s)
            pos += len(s)
        rows = DocRows(f"s{d}", f"h{d:08d}", f"s{d}.txt",
                       {"doc": f"s{d}", "source": f"s{d}.txt", "title": f"{region}文件{d}", "date": date,
                        "year": year, "region": region, "issuer": None, "site": None, "format": "text",
                        "encoding": "utf-8", "text": "".join(text), "flags": "[]", "gaps": "[]", "page_date": None},
                        [], sents, stmts, "\n".join(grams), tags)
        write_document(db.conn, rows)
    return time.perf_counter() - started


def latency(path: Path, m: int) -> None:
    print(f"\n## Part 2: policydocs.store.search on {m:,} sentences ({path.stat().st_size / 1e6:.0f} MB database)\n")
    cases = {
        "plain": {},
        "--kind target": {"kind": "target"},
        "--region 宁川": {"region": "宁川"},
        "--from 2023 --to 2023-06": {"date_from": "2023", "date_to": "2023-06"},
        "--kind target --region 保定 --from 2024": {"kind": "target", "region": "保定", "date_from": "2024"},
    }
    queries = QUERIES + ["医保 NOT 基金", '"医保基金" OR 医共体', "医疗 AND 改革", "税"]
    print("| filters | queries | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    all_lat = []
    for name, kwargs in cases.items():
        lat = []
        for q in queries:
            t = time.perf_counter()
            search(path, q, limit=20, **kwargs)
            lat.append((time.perf_counter() - t) * 1000)
        all_lat += lat
        print(f"| {name} | {len(lat)} | {statistics.median(lat):.1f} | {_pct(lat, 0.95):.1f} | {max(lat):.1f} |")
    print(f"| all | {len(all_lat)} | {statistics.median(all_lat):.1f} | {_pct(all_lat, 0.95):.1f} |"
          f" {max(all_lat):.1f} |")


def _stored_sentences(path: Path) -> int | None:
    if not path.exists():
        return None
    import sqlite3

    try:
        with sqlite3.connect(path) as conn:
            return conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
    except sqlite3.Error:
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--compare", type=int, default=200_000, help="sentences for the design comparison")
    ap.add_argument("--sentences", type=int, default=1_000_000, help="sentences for the latency test")
    ap.add_argument("--skip-compare", action="store_true")
    ap.add_argument("--db", type=Path, help="keep/reuse the latency database here")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.skip_compare:
            compare(args.compare, workdir)
        path = args.db or workdir / "store.db"
        if _stored_sentences(path) != args.sentences:  # absent, or left half-built by a failed run
            seconds = build_store(path, args.sentences)
            print(f"\nbuilt {args.sentences:,} sentences through write_document in {seconds:.0f}s")
        # Latency with the index in the page cache (a database in daily use); the first pass over a
        # cold 450 MB file reads it from disk and is printed separately.
        t = time.perf_counter()
        for q in QUERIES:
            search(path, q, limit=20)
        print(f"\nfirst pass over {len(QUERIES)} queries (page cache as found): {time.perf_counter() - t:.2f}s")
        latency(path, args.sentences)


if __name__ == "__main__":
    main()
