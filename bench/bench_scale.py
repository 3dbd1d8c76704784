"""A province's collection: N documents ingested and linked, with the memory it takes.

For each N, generates N copies of the shipped real reports with region, year and figures changed
(bench/gen_scale.py), then measures, each command in a process of its own as a user runs it:

* ``policydocs ingest DIR --jobs 2`` (clean, segment, extract, store, group copies, link): wall
  time, the time linking took (its own summary line), peak memory of the whole process tree
  (the parent and its workers: the peak of the sum of their RSS, and of their PSS, which counts a
  page the workers share with the parent once), the database's size on disk;
* ``policydocs checklist --region R -o 台账.xlsx`` for the region with the most documents: wall time
  and rows;
* ``policydocs link --force --jobs 2``: linking alone, wall time and peak memory (``--relink``);
* search: ``policydocs.store.search`` in one process over a list of queries, plain and with kind,
  region and date filters together: p95 in milliseconds (the database in the page cache).

    python bench/bench_scale.py -n 1000 10000 100000 [--work /tmp/scale] [--jobs 2] [--out bench/results/scale.md]

Results are appended to ``--out`` as a Markdown table row per N (and as JSON lines next to it),
so a long run can be followed and a killed one keeps what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from gen_scale import write  # noqa: E402

HEADER = ("| N | MB of text | ingest s | docs/s | peak RSS (tree) MB | peak PSS MB | DB MB | link s | relink s |"
          " relink peak RSS / PSS MB | checklist s (rows) | search p95 ms plain / filtered |\n"
          "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
QUERIES = ("医保", "就业", "养老", "改革", "医疗", "教育", "增长", "发展", "营商环境", "高标准农田", "同比增长",
           "减税降费", "乡村振兴", "污水处理", "新增就业", "生产总值", "粮食", "研发投入", "保障性住房", "城镇化率")


def _tree_memory(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes of ``pid`` and its descendants."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root] + root.children(recursive=True)
    except psutil.Error:
        return 0, 0
    rss = pss = 0
    for p in procs:
        try:
            rss += p.memory_info().rss
            with open(f"/proc/{p.pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (OSError, psutil.Error):
            pass
    return rss, pss


def run(cmd: list[str], env: dict) -> dict:
    """Run ``cmd``; wall seconds, peak tree RSS/PSS (MB), exit code, stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.5)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = proc.communicate()
    done.set()
    t.join()
    return {"seconds": time.perf_counter() - started, "rss_mb": peak[0] / 2**20, "pss_mb": peak[1] / 2**20,
            "code": proc.returncode, "stdout": out, "stderr": err}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "policydocs.cli", *args]


SEARCH = """
import json, sys, time
from policydocs.store import open_db, search
db = open_db(sys.argv[1]); region = sys.argv[2]; queries = json.loads(sys.argv[3])
out = {}
for mode, kw in (("plain", {}), ("filtered", {"kind": "target", "region": region, "date_from": "2018"})):
    times = []
    for _ in range(3):
        for q in queries:
            t = time.perf_counter(); search(db, q, limit=20, **kw); times.append(time.perf_counter() - t)
    times.sort()
    out[mode] = 1000 * times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
print(json.dumps(out))
"""


def _busiest_region(corpus: Path) -> str:
    counts = Counter(json.loads(p.read_text(encoding="utf-8"))["region"] for p in corpus.glob("*.meta.json"))
    return counts.most_common(1)[0][0]


def measure(n: int, work: Path, jobs: int, relink: bool, env: dict) -> dict:
    corpus = work / f"corpus_{n}"
    t = time.perf_counter()
    paths = write(corpus, n)
    generated = time.perf_counter() - t
    mb = sum(p.stat().st_size for p in paths) / 1e6
    db = work / f"scale_{n}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    print(f"N={n}: {mb:.0f} MB generated in {generated:.0f}s; ingesting", file=sys.stderr, flush=True)
    ingest = run(_cli("ingest", str(corpus), "--db", str(db), "--jobs", str(jobs), "--no-progress"), env)
    lines = ingest["stderr"].strip().splitlines()
    tail = [line for line in lines if not line.startswith(("error:", "note:"))]
    link_line = next((line for line in reversed(tail) if "targets linked" in line or "link" in line), "")
    m = re.search(r"in ([\d.]+)s\s*$", link_line)
    row = {"n": n, "mb": mb, "ingest_s": ingest["seconds"], "rss_mb": ingest["rss_mb"], "pss_mb": ingest["pss_mb"],
           "code": ingest["code"], "summary": tail[-2:] if len(tail) >= 2 else tail,
           "errors": sum(line.startswith("error:") for line in lines),
           "link_s": float(m.group(1)) if m else None,
           "db_mb": sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal", "-shm")
                        if Path(f"{db}{s}").exists()) / 2**20}
    print(f"N={n}: ingest {row['ingest_s']:.0f}s, peak RSS {row['rss_mb']:.0f} MB: {row['summary']}",
          file=sys.stderr, flush=True)
    if relink:
        r = run(_cli("link", "--db", str(db), "--force", "--jobs", str(jobs)), env)
        row.update(relink_s=r["seconds"], relink_mb=r["rss_mb"], relink_pss_mb=r["pss_mb"],
                   relink_out=(r["stdout"] + r["stderr"]).strip()[-300:])
    region = _busiest_region(corpus)
    out = work / f"checklist_{n}.xlsx"
    c = run(_cli("checklist", "--db", str(db), "--region", region, "-o", str(out)), env)
    rows = None
    if c["code"] == 0 and out.exists():
        from openpyxl import load_workbook

        rows = sum(1 for _ in load_workbook(out, read_only=True).active.iter_rows()) - 1
    row.update(checklist_s=c["seconds"], checklist_rows=rows, checklist_mb=c["rss_mb"], region=region)
    s = subprocess.run([sys.executable, "-c", SEARCH, str(db), region, json.dumps(QUERIES, ensure_ascii=False)],
                       env=env, capture_output=True, text=True)
    row["search"] = json.loads(s.stdout) if s.returncode == 0 else {"error": s.stderr[-300:]}
    return row


def table_row(r: dict) -> str:
    def f(v, fmt="{:,.0f}"):
        return "–" if v is None else fmt.format(v)

    search = r.get("search") or {}
    return (f"| {r['n']:,} | {r['mb']:,.0f} | {f(r['ingest_s'])} | {r['n'] / r['ingest_s']:.1f} | {f(r['rss_mb'])} |"
            f" {f(r['pss_mb'])} | {f(r['db_mb'])} | {f(r['link_s'], '{:,.1f}')} | {f(r.get('relink_s'), '{:,.1f}')} |"
            f" {f(r.get('relink_mb'))} / {f(r.get('relink_pss_mb'))} | {f(r['checklist_s'], '{:,.1f}')} ({f(r['checklist_rows'])}) |"
            f" {f(search.get('plain'), '{:.1f}')} / {f(search.get('filtered'), '{:.1f}')} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--work", type=Path, default=Path("/tmp/policydocs-scale"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--relink", action="store_true", help="also time `policydocs link --force --jobs` alone")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "scale.md")
    ap.add_argument("--label", default="", help="what code was measured (a commit, 'before')")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    if not args.out.exists():
        args.out.write_text(HEADER + "\n", encoding="utf-8")
    for n in args.n:
        r = measure(n, args.work, args.jobs, args.relink, env)
        r["label"], r["load"] = args.label, os.getloadavg()[0]
        with open(args.out, "a", encoding="utf-8") as fh:
            fh.write(table_row(r) + (f" {args.label}" if args.label else "") + "\n")
        with open(args.out.with_suffix(".jsonl"), "a", encoding="utf-8") as fh:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(table_row(r), flush=True)


if __name__ == "__main__":
    main()
