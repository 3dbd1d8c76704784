"""robots.txt, fetched once per origin and obeyed (RFC 9309).

A missing robots.txt (4xx) allows everything; one that cannot be read (5xx, network failure)
disallows everything for this run, as the RFC asks: a site in trouble is not the one to crawl.
A Crawl-delay is honoured (up to ``http.MAX_CRAWL_DELAY``) by lengthening the host's delay.
"""

from __future__ import annotations

import threading
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from policydocs.acquire.urls import ROBOTS_AGENT, FetchError, host_key

_MAX_REDIRECTS = 5  # RFC 9309 §2.3.1.2


class RobotsCache:
    def __init__(self, client):
        self.client = client
        self._lock = threading.Lock()
        self._origins: dict[str, tuple[RobotFileParser | None, str | None]] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def allowed(self, url: str) -> bool:
        return self.why_not(url) is None

    def why_not(self, url: str) -> str | None:
        """None if robots.txt lets us fetch ``url``, else the reason."""
        parser, trouble = self._rules(url)
        if trouble:
            return trouble
        if parser is None or parser.can_fetch(ROBOTS_AGENT, url):
            return None
        return "disallowed by robots.txt"

    def _rules(self, url: str) -> tuple[RobotFileParser | None, str | None]:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            if origin in self._origins:
                return self._origins[origin]
            lock = self._origin_locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin, however many workers ask at once
            if origin not in self._origins:
                self._origins[origin] = self._load(origin + "/robots.txt")
            return self._origins[origin]

    def _load(self, robots_url: str) -> tuple[RobotFileParser | None, str | None]:
        url = robots_url
        for _ in range(_MAX_REDIRECTS + 1):
            try:
                response = self.client.request(url)
            except FetchError as exc:
                return None, f"robots.txt unreadable ({exc.reason}): not crawling this site"
            except Exception as exc:  # httpx errors: timeout, refused connection
                return None, f"robots.txt unreachable ({type(exc).__name__}): not crawling this site"
            location = response.headers.get("location")
            if 300 <= response.status < 400 and location:
                url = urljoin(url, location)
                if urlsplit(url).scheme not in ("http", "https"):
                    return None, None
                continue
            if response.status >= 500:
                return None, f"robots.txt unreachable (HTTP {response.status}): not crawling this site"
            if response.status >= 400:
                return None, None  # no robots.txt: everything is allowed
            parser = RobotFileParser(robots_url)
            parser.parse(response.content.decode("utf-8", "replace").splitlines())
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self.client.limiter.set_delay(host_key(robots_url), float(delay))
            return parser, None
        return None, None  # too many redirects: treated as unavailable (4xx), per the RFC
