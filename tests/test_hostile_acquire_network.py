"""Servers that misbehave on purpose, on 127.0.0.1: the limits hold whatever they do.

A trickling server (a byte every quarter second, in the headers or the body) is dropped at
``max_time``, however it splits its answer between redirects and retries; a gzip bomb is cut at
``max_bytes`` without being inflated whole; a list whose pages never end is followed for
``max_pages`` pages, and the report says where it stopped. Every server loop stops when the test ends.
"""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from policydocs.acquire import Client, FetchError, crawl, fetch

MAX_TIME = 1.5
MARGIN = 0.6  # what the deadline may be overshot by: one scheduling slice and the teardown
TRICKLE = 0.25  # seconds between two bytes: far below the per-read timeout, which never fires
OPTIONS = {"delay": 0, "timeout": 5, "retries": 0, "backoff": 0, "max_time": MAX_TIME, "robots": False}
PAGE = ("<html><head><meta charset='utf-8'></head><body><p>"
        + "推进紧密型县域医共体建设，提升基层服务能力。" * 40 + "</p></body></html>").encode("utf-8")
BOMB = gzip.compress(bytes(100 * 1024 * 1024), compresslevel=9)  # ~100 KB that inflate to 100 MB


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client hanging up is what is tested
        pass


class HostileServer:
    """ThreadingHTTPServer on port 0 whose paths misbehave (see the handler's methods)."""

    def __init__(self):
        self.stopping = threading.Event()
        self.hits: dict[str, int] = {}
        self.httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def _handler(server: HostileServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            server.hits[path] = server.hits.get(path, 0) + 1
            answer = getattr(self, "_" + path.strip("/").replace("-", "_"), None)
            try:
                answer() if answer else self._page(b"<html><body>404</body></html>", status=404)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up: what these tests want

        def _trickle(self, data: bytes, slow: int = 60, then: str = "hold") -> None:
            """The first ``slow`` bytes of ``data`` one at a time, TRICKLE seconds apart; ``then``
            the rest at once ("rest"), the connection dropped ("drop"), or held open ("hold")."""
            for byte in data[:slow]:
                if server.stopping.wait(TRICKLE):
                    return
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            if then == "rest":
                self.wfile.write(data[slow:])
            elif then == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
            else:
                server.stopping.wait(30)

        def _headers(self, extra: dict | None = None, length: int | None = None) -> bytes:
            lines = ["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8"]
            lines += [f"{key}: {value}" for key, value in (extra or {}).items()]
            lines.append(f"Content-Length: {len(PAGE) if length is None else length}")
            return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")

        def _trickle_body(self):  # headers at once, then the page a byte at a time
            self.wfile.write(self._headers())
            self.wfile.flush()
            self._trickle(PAGE)

        def _trickle_headers(self):  # the status line and headers a byte at a time
            self._trickle(self._headers({"X-Padding": "x" * 200}))

        def _hop(self):  # each hop of a redirect chain takes 1 s to say where to go next
            hop = int(self.path.rpartition("=")[2])
            self._trickle(f"HTTP/1.1 302 Found\r\nLocation: /hop?n={hop + 1}\r\nContent-Length: 0\r\n\r\n"
                          .encode("ascii"), slow=4, then="rest")

        def _drop(self):  # a second of trickle, then the connection dropped: a retryable failure
            self.wfile.write(self._headers())
            self._trickle(PAGE, slow=4, then="drop")

        def _gzip_bomb(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)

        def _gzip_page(self):
            self._compressed(gzip.compress(PAGE), "gzip")

        def _raw_deflate_page(self):  # deflate without its zlib header, as some servers send it
            deflater = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            self._compressed(deflater.compress(PAGE) + deflater.flush(), "deflate")

        def _endless(self):  # a list page: two new notices and a next page, forever
            page = int(self.path.rpartition("=")[2])
            items = "".join(f'<li><a href="/notice?id={page}{n}">通知{page}{n}</a><span class="date">2024-05-06</span></li>'
                            for n in "ab")
            self._page(f'<html><body><ul class="list">{items}</ul><div class="pager">'
                       f'<a href="/endless?page={page + 1}">下一页</a> <a href="/endless?from={page}&page={page + 1}">»</a>'
                       "</div></body></html>".encode("utf-8"))

        def _notice(self):
            self._page("<html><body><p>关于做好防汛准备工作的通知。</p></body></html>".encode("utf-8"))

        def _page(self, body: bytes, status: int = 200):
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _compressed(self, body: bytes, coding: str):
            self.wfile.write(self._headers({"Content-Encoding": coding}, length=len(body)) + body)

    return Handler


@pytest.fixture
def server():
    hostile = HostileServer()
    yield hostile
    hostile.close()


def timed_failure(url: str, **options) -> tuple[FetchError, float]:
    with Client(**{**OPTIONS, **options}) as client:
        started = time.perf_counter()
        with pytest.raises(FetchError) as failed:
            client.get(url)
        return failed.value, time.perf_counter() - started


def test_a_body_trickled_a_byte_at_a_time_is_dropped_at_max_time(server):
    error, took = timed_failure(server.url("/trickle-body"))
    assert error.reason == f"response took over {MAX_TIME:g} s (stopped reading)"
    assert MAX_TIME - 0.1 <= took <= MAX_TIME + MARGIN, took


def test_headers_trickled_a_byte_at_a_time_are_dropped_at_max_time(server):
    error, took = timed_failure(server.url("/trickle-headers"))
    assert error.reason == f"response took over {MAX_TIME:g} s (stopped waiting for its headers)"
    assert MAX_TIME - 0.1 <= took <= MAX_TIME + MARGIN, took


def test_max_time_covers_a_chain_of_slow_redirects(server):
    error, took = timed_failure(server.url("/hop?n=0"))  # 1 s a hop, five hops allowed
    assert "took over" in error.reason and took <= MAX_TIME + MARGIN, (error.reason, took)
    assert server.hits["/hop"] == 2


def test_max_time_covers_the_retries_of_a_server_that_drops_the_line(server):
    error, took = timed_failure(server.url("/drop"), retries=5)  # 1 s an attempt
    assert "took over" in error.reason and took <= MAX_TIME + MARGIN, (error.reason, took)
    assert server.hits["/drop"] == 2


def test_fetch_records_the_trickling_page_as_failed_and_goes_on(server, tmp_path):
    started = time.perf_counter()
    report = fetch([server.url("/trickle-body"), server.url("/gzip-page")], out=tmp_path, **OPTIONS)
    slow, other = report.results
    assert slow.status == "failed" and "took over 1.5 s" in slow.reason
    assert other.status == "fetched"
    assert time.perf_counter() - started <= MAX_TIME + MARGIN + 0.5


def test_a_gzip_bomb_is_cut_at_the_cap_without_being_inflated_whole(server):
    with Client(**{**OPTIONS, "max_bytes": 1024 * 1024}) as client:
        tracemalloc.start()
        try:
            started = time.perf_counter()
            with pytest.raises(FetchError) as failed:
                client.get(server.url("/gzip-bomb"))
            took = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert failed.value.reason == "response over the 1.0 MB limit (stopped reading)"
    assert peak < 4 * 1024 * 1024, f"{peak / 1e6:.0f} MB held to read a 1 MB page"
    assert took < 2


@pytest.mark.parametrize("path", ["/gzip-page", "/raw-deflate-page"])
def test_compressed_pages_arrive_inflated(server, path):
    with Client(**OPTIONS) as client:
        response = client.get(server.url(path))
    assert response.content == PAGE
    assert "推进紧密型县域医共体建设" in response.text()


def test_a_list_that_never_ends_is_followed_for_max_pages_and_the_report_says_so(server, tmp_path):
    # Every page links two next pages (下一页 and », the same page under two URLs), each with new
    # notices: without a limit on the requests, the pages to read would double at every step.
    started = time.perf_counter()
    report = crawl(server.url("/endless?page=1"), out=tmp_path, max_pages=5, **OPTIONS)
    assert time.perf_counter() - started < 10
    assert server.hits["/endless"] == 5 and report.list_pages == 5
    assert report.count("failed") == 0 and server.hits["/notice"] >= 4
    [note] = report.notes
    assert note.startswith("stopped at the limit of 5 list pages (max_pages): the list goes on at "
                           + server.url("/endless?"))
    assert note in report.summary()
