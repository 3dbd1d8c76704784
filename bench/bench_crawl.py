"""Crawl throughput against local servers: 1,000 article pages over several "hosts".

Starts ``--hosts`` threaded HTTP servers on 127.0.0.1 in a child process (one port each: politeness is counted per
host:port, so each is a host to the crawler). The first serves a TRS-style column,
``index.html`` … ``index_N.html`` paged by ``createPageHTML``, 20 items a page; the articles are
spread round-robin over all the servers (each page ~3 KB of policy text). Then crawls it with a
per-host delay of 0, at most one request in flight per host and ``--concurrency`` overall, and
crawls it a second time (every page answered 304 from the fetch state).

    python bench/bench_crawl.py [--pages 1000] [--hosts 8] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent / "src") not in sys.path:
    sys.path.insert(0, str(HERE.parent / "src"))

from policydocs.acquire import crawl  # noqa: E402

PER_PAGE = 20
_BODY = ("为深入贯彻落实党中央、国务院决策部署，加快推进紧密型县域医共体建设，到2025年底，全市县域医共体"
         "覆盖率达到90%以上，基层诊疗量占比达到65%。各县区要压实责任，市卫生健康委负责统筹协调。")


def article(n: int) -> bytes:
    paragraphs = "".join(f"<p>{_BODY}（第{n}号文件第{k}段）</p>" for k in range(1, 9))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>第{n}号通知</title></head><body>"
            f"<h1>关于做好第{n}项重点工作的通知</h1><div class=\"TRS_Editor\">{paragraphs}</div>"
            "</body></html>").encode()


def list_page(page: int, pages: int, total: int, bases: list[str]) -> bytes:
    items = []
    for n in range(page * PER_PAGE, min(total, (page + 1) * PER_PAGE)):
        base = bases[n % len(bases)]
        items.append(f'<li><a href="{base}/art/t20240101_{n}.html">关于做好第{n}项重点工作的通知</a>'
                     f"<span>2024-01-01</span></li>")
    return (f"<html><head><meta charset=\"utf-8\"><title>通知公告</title></head><body><ul class=\"list\">"
            f"{''.join(items)}</ul><script>createPageHTML({pages}, {page}, \"index\", \"html\");</script>"
            "</body></html>").encode()


class Site:
    def __init__(self, hosts: int, total: int):
        self.total, self.pages = total, -(-total // PER_PAGE)
        self.servers = [ThreadingHTTPServer(("127.0.0.1", 0), self._handler()) for _ in range(hosts)]
        self.bases = [f"http://127.0.0.1:{s.server_address[1]}" for s in self.servers]
        self.requests = 0
        self.lock = threading.Lock()
        for server in self.servers:
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def body(self, path: str) -> bytes | None:
        if path == "/robots.txt":
            return b"User-agent: *\nDisallow: /private/\n"
        if path.startswith("/col/index"):
            stem = path.rsplit("/", 1)[-1].removesuffix(".html")
            page = 0 if stem == "index" else int(stem.split("_")[1])
            return list_page(page, self.pages, self.total, self.bases) if page < self.pages else None
        if path.startswith("/art/t20240101_"):
            return article(int(path.rsplit("_", 1)[1].removesuffix(".html")))
        return None

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall

            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.requests += 1
                body = site.body(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                kind = "text/plain" if self.path.endswith(".txt") else "text/html; charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def serve(hosts: int, total: int, conn) -> None:
    """In a child process, so that the servers do not share the crawler's interpreter lock."""
    site = Site(hosts, total)
    conn.send(site.bases)
    while conn.recv() == "count":
        conn.send(site.requests)
    site.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="article pages")
    parser.add_argument("--hosts", type=int, default=8, help="local servers (ports)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once, overall")
    args = parser.parse_args()

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(target=serve, args=(args.hosts, args.pages, child),
                                                         daemon=True)
    server.start()
    bases = parent.recv()
    others = [base.removeprefix("http://") for base in bases[1:]]
    options = dict(allow_hosts=others, concurrency=args.concurrency, per_host=1, delay=0, timeout=10,
                   retries=1, backoff=0)
    try:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            first = crawl(bases[0] + "/col/index.html", out=out, **options)
            seconds = time.perf_counter() - started
            articles = sum(r.status == "fetched" and r.kind == "article" for r in first.results)
            size = sum(Path(p).stat().st_size for p in first.saved)
            parent.send("count")
            requests = parent.recv()
            started = time.perf_counter()
            second = crawl(bases[0] + "/col/index.html", out=out, **options)
            again = time.perf_counter() - started
    finally:
        parent.send("stop")
        server.join(5)

    fetched = first.count("fetched")
    print(f"hosts: {args.hosts} local servers; concurrency {args.concurrency}, 1 request in flight per host, "
          "delay 0")
    print(f"first crawl:  {articles} articles + {first.list_pages} list pages = {fetched} pages "
          f"({size / 1e6:.1f} MB saved, {requests} requests incl. robots.txt) in {seconds:.2f} s "
          f"= {fetched / seconds:.0f} pages/s; failed {first.count('failed')}")
    print(f"second crawl: {second.count('unchanged')} unchanged (304), {second.count('fetched')} fetched "
          f"in {again:.2f} s = {second.count('unchanged') / again:.0f} pages/s")
    ok = articles == args.pages and seconds < 60 and not first.count("failed")
    print(f"{'PASS' if ok else 'FAIL'}: {args.pages} pages in < 60 s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
