"""A polite HTTP client: robots.txt, a per-host delay and concurrency limit, retries, caps.

Every request goes through :meth:`Client.get`, which checks, in this order: the scheme (http and
https only), the allowed hosts, robots.txt; then waits for the host's turn and fetches, streaming
the body so that a response over the size cap is dropped without being read to its end.
Redirects are followed by hand so that every hop gets the same checks (an open redirect to
``file://`` or to another site is refused, a loop is reported as one).

``max_time`` bounds the time one URL may keep us waiting on servers, its redirects and retries
together, whatever they do: every socket wait (connect, each read of the headers or the body,
each write) is cut at the deadline, so a server trickling a byte a second is dropped on time.
A gzip or deflate body is inflated a piece at a time and dropped at the size cap, never
inflated whole (a 100 KB bomb can hold 100 MB).
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable
from urllib.parse import urljoin

from policydocs.acquire.robots import RobotsCache
from policydocs.acquire.urls import (PROJECT_URL, USER_AGENT, AllowedHosts, FetchError, Skipped,
                                     check_url, host_key)

if TYPE_CHECKING:  # (httpx is imported when a Client is made: ingest, search and the rest never need it)
    import httpx


DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_DELAY = 1.0  # seconds between requests to one host
DEFAULT_TIMEOUT = 20.0  # seconds to connect, or between two reads
DEFAULT_MAX_TIME = 120.0  # seconds for one whole response
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF = 1.0  # first retry waits this long, then twice as long each time
DEFAULT_MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay is honoured up to this
_RETRY_STATUSES = frozenset({500, 502, 503, 504, 429})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_INFLATED = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


@dataclass
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    content: bytes = b""
    requested: str = ""  # the URL asked for
    attempts: int = 1
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def is_html(self) -> bool:
        mime = self.content_type.split(";")[0].strip().lower()
        if mime in ("text/html", "application/xhtml+xml"):
            return True
        return not mime and self.content[:512].lstrip()[:1] == b"<" and b"%PDF-" not in self.content[:1024]

    def text(self) -> str:
        """The body decoded like a file: BOM, header or meta charset checked against the bytes,
        else detected (GBK pages that declare nothing are common on government sites)."""
        from policydocs.acquire.loaders import load

        return load(self.url, data=self.content, content_type=self.content_type or None).text


class HostLimiter:
    """At most ``per_host`` requests in flight per host, ``delay`` seconds apart."""

    def __init__(self, delay: float = DEFAULT_DELAY, per_host: int = 1):
        self.delay, self.per_host = delay, per_host
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}  # host → earliest start of its next request
        self._delays: dict[str, float] = {}  # host → its own delay (robots Crawl-delay)

    def set_delay(self, host: str, delay: float) -> None:
        with self._lock:
            self._delays[host] = max(self.delay, min(delay, MAX_CRAWL_DELAY))

    def delay_for(self, host: str) -> float:
        with self._lock:
            return self._delays.get(host, self.delay)

    def acquire(self, host: str) -> None:
        with self._lock:
            slot = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        slot.acquire()
        while True:
            with self._lock:
                wait = self._next.get(host, 0.0) - time.monotonic()
                if wait <= 0:
                    self._next[host] = time.monotonic() + self._delays.get(host, self.delay)
                    return
            time.sleep(wait)

    def release(self, host: str) -> None:
        self._slots[host].release()


class Client:
    """Fetch URLs politely. Thread-safe: one client serves a crawl's worker threads."""

    def __init__(self, *, delay: float = DEFAULT_DELAY, per_host: int = 1, timeout: float = DEFAULT_TIMEOUT,
                 max_time: float = DEFAULT_MAX_TIME, retries: int = DEFAULT_RETRIES,
                 backoff: float = DEFAULT_BACKOFF, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_redirects: int = DEFAULT_MAX_REDIRECTS, user_agent: str = USER_AGENT,
                 robots: bool = True, allowed: AllowedHosts | None = None, verify: bool = True,
                 transport: httpx.BaseTransport | None = None):
        import httpx


        self.timeout, self.max_time, self.retries, self.backoff = timeout, max_time, retries, backoff
        self.max_bytes, self.max_redirects, self.user_agent = max_bytes, max_redirects, user_agent
        self.allowed = allowed  # None: any host
        self.limiter = HostLimiter(delay, per_host)
        self.robots = RobotsCache(self) if robots else None
        self.http = httpx.Client(
            # Only the encodings inflated a piece at a time (see _body): no br or zstd.
            headers={"User-Agent": user_agent, "Accept-Language": "zh-CN,zh;q=0.9",
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(timeout), follow_redirects=False, verify=verify, transport=transport,
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=64))
        self._deadline = _Deadline()
        self.hard_deadline = _cut_at_deadlines(self.http, self._deadline)  # False: checked per piece read only

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            on_hop: Callable[[str], None] | None = None) -> Response:
        """GET ``url`` following redirects; 304 when the validators still hold. Raises FetchError
        (failed) or Skipped (robots, offsite); ``on_hop`` sees each redirect target first."""
        seen = [url]
        current = url
        attempts = 0
        budget = _Budget(self.max_time)  # shared by the hops and the retries
        while True:
            self._check(current, url)
            response, tries = self._with_retries(current, etag, last_modified, budget)
            attempts += tries
            location = response.headers.get("location")
            if response.status not in _REDIRECT_STATUSES or not location:
                response.requested, response.attempts, response.redirects = url, attempts, seen[1:]
                return response
            target = urljoin(current, location.strip())
            if target in seen:
                raise FetchError(url, f"redirect loop ({' -> '.join(seen + [target])})", attempts=attempts)
            if len(seen) > self.max_redirects:
                raise FetchError(url, f"more than {self.max_redirects} redirects", attempts=attempts)
            seen.append(target)
            if on_hop:
                on_hop(target)
            current = target
            etag = last_modified = None  # validators belong to the first URL

    def _check(self, url: str, asked: str) -> None:
        try:
            check_url(url)
        except FetchError as exc:
            raise FetchError(asked, exc.reason if url == asked else f"redirected to {url}: {exc.reason}") from None
        if self.allowed is not None and url not in self.allowed:
            where = "" if url == asked else f" (redirected to {url})"
            raise Skipped(asked, f"host {host_key(url)} is outside the crawl{where}", "skipped-offsite")
        reason = self.robots.why_not(url) if self.robots is not None else None
        if reason:
            where = "" if url == asked else f" (redirected to {url})"
            raise Skipped(asked, reason + where, "skipped-robots")

    def _with_retries(self, url: str, etag: str | None, last_modified: str | None,
                      budget: _Budget) -> tuple[Response, int]:
        import httpx

        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.request(url, etag=etag, last_modified=last_modified, budget=budget)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                reason = _network_reason(exc)
                if attempt > self.retries:
                    raise FetchError(url, f"{reason} ({attempt} attempt{'s' * (attempt > 1)})",
                                     attempts=attempt) from None
            except httpx.HTTPError as exc:  # not worth retrying: a bad URL, TLS, decoding...
                raise FetchError(url, _network_reason(exc), attempts=attempt) from None
            else:
                if response.status not in _RETRY_STATUSES:
                    if response.status >= 400:
                        raise FetchError(url, f"HTTP {response.status}", attempts=attempt,
                                         http_status=response.status)
                    return response, attempt
                if attempt > self.retries:
                    raise FetchError(url, f"HTTP {response.status} ({attempt} attempts)", attempts=attempt,
                                     http_status=response.status)
            # Exponential backoff: a server that is failing or overloaded gets more room each time.
            time.sleep(self.backoff * 2 ** (attempt - 1))

    def request(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                budget: _Budget | None = None) -> Response:
        """One request in the host's turn: no checks, no retries, no redirects followed; body capped,
        and the waiting on the server cut at ``max_time`` (or what is left of ``budget``)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = host_key(url)
        self.limiter.acquire(host)  # (the wait for our turn is not the server's time)
        try:
            return self._stream(url, headers, budget or _Budget(self.max_time))
        finally:
            self.limiter.release(host)

    def _stream(self, url: str, headers: dict, budget: _Budget) -> Response:
        over = f"response took over {self.max_time:g} s"
        if budget.left <= 0:
            raise FetchError(url, f"{over} (no time left to try again)")
        started = time.monotonic()
        deadline = self._deadline.at = started + budget.left
        reading = False
        try:
            with self.http.stream("GET", url, headers=headers) as raw:
                reading = True
                response = Response(url=str(raw.url), status=raw.status_code,
                                    headers={k.lower(): v for k, v in raw.headers.items()})
                if raw.status_code in _REDIRECT_STATUSES or raw.status_code == 304 or raw.status_code >= 400:
                    return response  # the body of a redirect or error page is not wanted
                declared = raw.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(url, f"response of {_size(int(declared))} is over the "
                                          f"{_size(self.max_bytes)} limit")
                chunks, size = [], 0
                for chunk in _body(raw, url):  # as it arrives, inflated: a gzip bomb hits the cap too
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(url, f"response over the {_size(self.max_bytes)} limit (stopped reading)")
                    if time.monotonic() > deadline:  # (the sockets stop there already, but not a mock's)
                        raise _DeadlineExceeded
                    chunks.append(chunk)
                response.content = b"".join(chunks)
                return response
        except _DeadlineExceeded:
            raise FetchError(url, f"{over} (stopped {'reading' if reading else 'waiting for its headers'})") from None
        finally:
            self._deadline.at = None
            budget.left -= time.monotonic() - started


@dataclass
class _Budget:
    """Seconds one URL may still spend waiting on servers (its redirects and retries included)."""

    left: float


def _body(raw: httpx.Response, url: str):
    """The body's pieces as they arrive; gzip and deflate inflated at most _CHUNK bytes at a time."""
    coding = raw.headers.get("content-encoding", "").strip().lower()
    if raw.is_stream_consumed:  # built in memory (a mock transport's answer): read already
        yield raw.content
        return
    if coding in ("", "identity"):
        yield from raw.iter_raw()
        return
    if coding not in _INFLATED:  # br, zstd, stacked codings: httpx inflates a piece read at once
        yield from raw.iter_bytes()
        return
    inflater = None
    for piece in raw.iter_raw():
        try:
            if inflater is None:
                inflater = _inflater(coding, piece)
            while piece:
                out = inflater.decompress(piece, _CHUNK)
                piece = inflater.unconsumed_tail
                if out:
                    yield out
        except zlib.error as exc:
            raise FetchError(url, f"cannot inflate the {coding} body: {exc}") from None


def _inflater(coding: str, first: bytes):
    """A decompressor for the body; deflate is sent with a zlib header or without, servers vary."""
    inflater = zlib.decompressobj(_INFLATED[coding])
    if coding == "deflate":
        try:
            zlib.decompressobj(_INFLATED[coding]).decompress(first[:64], 1)
        except zlib.error:
            inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    return inflater


class _DeadlineExceeded(Exception):
    """The deadline of the thread's request passed while waiting on the server."""


class _Deadline(threading.local):
    at: float | None = None  # time.monotonic() at which this thread's request gives up


def _within(deadline: _Deadline, timeout: float | None, wait):
    """``wait(timeout)``, the timeout shortened to what is left before the deadline."""
    at = deadline.at
    if at is None:
        return wait(timeout)
    left = at - time.monotonic()
    if left <= 0:
        raise _DeadlineExceeded
    if timeout is not None and timeout <= left:
        return wait(timeout)
    import httpcore

    try:
        return wait(left)
    except httpcore.TimeoutException:
        raise _DeadlineExceeded from None


class _DeadlineBackend:
    """httpcore's network backend with every wait cut at the calling thread's deadline."""

    def __init__(self, backend, deadline: _Deadline):
        self.backend, self.deadline = backend, deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        stream = _within(self.deadline, timeout,
                         lambda t: self.backend.connect_tcp(host, port, t, local_address, socket_options))
        return _DeadlineStream(stream, self.deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        stream = _within(self.deadline, timeout, lambda t: self.backend.connect_unix_socket(path, t, socket_options))
        return _DeadlineStream(stream, self.deadline)

    def sleep(self, seconds: float) -> None:
        self.backend.sleep(seconds)


class _DeadlineStream:
    """A connection whose reads and writes give up at the deadline of the thread using it."""

    def __init__(self, stream, deadline: _Deadline):
        self.stream, self.deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return _within(self.deadline, timeout, lambda t: self.stream.read(max_bytes, t))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        _within(self.deadline, timeout, lambda t: self.stream.write(buffer, t))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        stream = _within(self.deadline, timeout, lambda t: self.stream.start_tls(ssl_context, server_hostname, t))
        return _DeadlineStream(stream, self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


def _cut_at_deadlines(http: httpx.Client, deadline: _Deadline) -> bool:
    """Route every connection of ``http`` (proxies from the environment too) through
    _DeadlineBackend. httpx has no public hook for its network backend: httpcore's connection
    pools keep it in ``_network_backend``. False when none was found (a mock transport)."""
    installed = False
    for transport in [getattr(http, "_transport", None), *getattr(http, "_mounts", {}).values()]:
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = _DeadlineBackend(pool._network_backend, deadline)
            installed = True
    return installed


def _network_reason(exc: Exception) -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} bytes"


__all__ = ["Client", "Response", "FetchError", "Skipped", "AllowedHosts", "HostLimiter", "check_url", "host_key",
           "USER_AGENT", "PROJECT_URL", "DEFAULT_MAX_BYTES"]
