"""URLs and their failures, as every part of acquire names them: what may be requested (http and
https), what politeness is counted per (host and port), which hosts a crawl may request, and the
one-line errors of a URL. Apart from the client so that robots.txt handling, which the client
uses, needs nothing of it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from policydocs.version import __version__

PROJECT_URL = "https://github.com/policydocs/policydocs"
USER_AGENT = f"policydocs/{__version__} (+{PROJECT_URL})"
ROBOTS_AGENT = "policydocs"  # the token robots.txt rules name


class FetchError(Exception):
    """A URL that could not be fetched; ``status`` says how it is counted in a report."""

    def __init__(self, url: str, reason: str, status: str = "failed", *, attempts: int = 0,
                 http_status: int | None = None):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.status = url, reason, status
        self.attempts, self.http_status = attempts, http_status


class Skipped(FetchError):
    """Not requested on purpose: ``status`` is "skipped-robots" or "skipped-offsite"."""


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL; FetchError (one line) otherwise."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"scheme {scheme!r}" if scheme else "no scheme"
        raise FetchError(url, f"unsupported URL ({shown}): only http and https")
    if not parts.hostname:
        raise FetchError(url, "no host in URL")
    return url


def host_key(url: str) -> str:
    """What politeness is counted per: host and port (two ports are two servers)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class AllowedHosts:
    """Hosts a crawl may request: exact ``host`` (any port), ``host:port``, or ``*.suffix``."""

    def __init__(self, patterns=()):
        self.patterns = [p.lower() for p in patterns if p]

    def add(self, pattern: str) -> None:
        self.patterns.append(pattern.lower())

    def __contains__(self, url: str) -> bool:
        host, key = (urlsplit(url).hostname or "").lower(), host_key(url)
        for pattern in self.patterns:
            if pattern in (host, key):
                return True
            if pattern.startswith("*.") and (host.endswith(pattern[1:]) or host == pattern[2:]):
                return True
        return False
