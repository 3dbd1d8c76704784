"""Page timings of the web app (``policydocs serve``) through HTTP, on a database of 1M sentences.

Starts ``policydocs serve`` on 127.0.0.1 as a user would, waits until the 台账 is computed, then
asks every page several times with different parameters (search queries and filters, documents,
ledger filters and pages, review rows) and prints p50 / p95 / max per page; then the actions:
a review decision (POST) and the ledger right after it. The database is built once by
``bench/web_corpus.py`` (about 4 minutes) and reused: ``--db /work/benchdb/web.db``.

    python bench/bench_web.py [--db /work/benchdb/web.db] [--rounds 5] [--screenshots DIR]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SRC = HERE.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

LIMIT_MS = 300


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, data, (time.perf_counter() - started) * 1000, response
    finally:
        conn.close()


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p * len(values)) - 1))]


def pages(db: Path, rng: random.Random) -> dict[str, list[str]]:
    """Addresses per page, drawn from the database."""
    conn = sqlite3.connect(db)
    docs = [d for (d,) in conn.execute("SELECT doc FROM documents ORDER BY random() LIMIT 8")]
    targets = [k for (k,) in conn.execute("SELECT key FROM statements WHERE kind = 'target' ORDER BY random() LIMIT 8")]
    regions = [r for (r,) in conn.execute("SELECT DISTINCT region FROM documents WHERE region IS NOT NULL LIMIT 8")]
    conn.close()
    q = lambda **p: urlencode(p)  # noqa: E731
    return {
        "总览 /": ["/"] * 5,
        "检索 /search": [f"/search?{q(q=w)}" for w in ("医共体", "医保", "就业", "养老", "改革")] + [
            f"/search?{q(q='医共体', kind='target', region=regions[0])}",
            f"/search?{q(q='医保 NOT 基金', page=3)}",
            "/search?" + q(q='"县域医共体" OR 家庭医生', date_from="2024", date_to="2025-06"),
            f"/search?{q(q='覆盖率', kind='target', due_from='2026', due_to='2026-12-31', responsible='卫生健康')}",
            f"/search?{q(q='医共体', kind='commitment', trust='official')}"],
        "文件 /doc": [f"/doc/{quote(d)}" for d in docs],
        "记录 /statement": [f"/statement/{k}" for k in targets],
        "台账 /ledger": ["/ledger", "/ledger?page=50", f"/ledger?{q(region=regions[1])}",
                        f"/ledger?{q(region=regions[2], q='医共体')}", f"/ledger?{q(responsible='县卫生健康局')}",
                        f"/ledger?{q(status='逾期未报', page=3)}", f"/ledger?{q(due_before='2026-12-31', region=regions[3])}",
                        "/ledger?unreviewed=1", f"/ledger?{q(family='医疗卫生')}"],
        "核对 /ledger/row": [f"/ledger/row/{k}" for k in targets],
        "入库 /ingest": ["/ingest"] * 3,
        "导出 xlsx (一县)": [f"/ledger/export.xlsx?{q(region=r)}" for r in regions[4:7]],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/work/benchdb/web.db"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--build", action="store_true", help="build the database first (bench/web_corpus.py)")
    args = ap.parse_args(argv)
    if args.build or not args.db.exists():
        from web_corpus import build

        print(f"building {args.db} …", file=sys.stderr)
        build(args.db)
    conn = sqlite3.connect(args.db)
    sentences, statements = (conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sentences", "statements"))
    conn.close()
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(SRC))
    proc = subprocess.Popen([sys.executable, "-m", "policydocs.cli", "serve", "--db", str(args.db), "--port", str(port)],
                            env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        started = time.perf_counter()
        while True:
            try:
                status, _, ms, _ = _request(port, "GET", "/")
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("serve did not start")
                time.sleep(0.2)
        print(f"{sentences:,} sentences, {statements:,} statements; first page (the 台账 computed once,"
              f" in the background from start-up) after {time.perf_counter() - started:.1f}s")
        rng = random.Random(5)
        addresses = pages(args.db, rng)
        for urls in addresses.values():  # once each: the page cache of the file as in daily use
            for u in urls:
                _request(port, "GET", u)
        print(f"\n| page | requests | p50 ms | p95 ms | max ms | < {LIMIT_MS} ms p95 |")
        print("|---|---:|---:|---:|---:|:---:|")
        worst = 0.0
        for name, urls in addresses.items():
            times = []
            for _ in range(args.rounds):
                for u in urls:
                    status, _, ms, _ = _request(port, "GET", u)
                    assert status == 200, (u, status)
                    times.append(ms)
            p95 = _pct(times, 0.95)
            if not name.startswith("导出"):
                worst = max(worst, p95)
            print(f"| {name} | {len(times)} | {statistics.median(times):.0f} | {p95:.0f} | {max(times):.0f} |"
                  f" {'(a file)' if name.startswith('导出') else 'yes' if p95 < LIMIT_MS else 'NO'} |")
        # a decision through the page, then the 台账 and the overview that show it
        key = addresses["核对 /ledger/row"][0].rsplit("/", 1)[1]
        _, _, _, response = _request(port, "GET", f"/ledger/row/{key}")
        cookie = response.getheader("set-cookie").split(";", 1)[0]
        token = cookie.split("=", 1)[1]
        times = {"POST none (尚无实绩)": [], "台账 right after": [], "总览 right after": []}
        for decision in ("none", "none", "none"):
            body = urlencode({"csrf": token, "action": decision, "who": "bench"}).encode()
            status, _, ms, _ = _request(port, "POST", f"/ledger/row/{key}", body,
                                        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
                                         "HX-Request": "true"})
            assert status == 200, status
            times["POST none (尚无实绩)"].append(ms)
            times["台账 right after"].append(_request(port, "GET", "/ledger")[2])
            times["总览 right after"].append(_request(port, "GET", "/")[2])
        print("\n| action | times | median ms | max ms |")
        print("|---|---:|---:|---:|")
        for name, t in times.items():
            print(f"| {name} | {len(t)} | {statistics.median(t):.0f} | {max(t):.0f} |")
        print(f"\nworst page p95: {worst:.0f} ms ({'within' if worst < LIMIT_MS else 'OVER'} {LIMIT_MS} ms)")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
