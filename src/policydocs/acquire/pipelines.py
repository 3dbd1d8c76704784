"""What happens to a fetched response: saved under a name derived from its URL, recorded in the
fetch state, handed to what the caller does next (``then``: :func:`policydocs.batch.runner`, say).
Also :func:`fetch`, the one-shot API.

Spiders (:mod:`.crawl`) only find and fetch; everything here only processes what they bring.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from policydocs.acquire.fetchstate import FetchState, Seen
from policydocs.acquire.http import Client, FetchError, Response, check_url
from policydocs.acquire.sidecar import write_sidecar

STATUSES = ("fetched", "unchanged", "skipped-robots", "skipped-offsite", "skipped-old", "failed")
DEFAULT_OUT = "downloads"
_KNOWN_SUFFIXES = {".html", ".htm", ".shtml", ".txt", ".pdf", ".docx", ".doc", ".wps", ".xls", ".xlsx"}
_UNSAFE = re.compile(r"[^\w.\-]+")  # \w keeps Chinese file names readable
_MAX_NAME = 120


@dataclass
class UrlResult:
    url: str
    status: str  # one of STATUSES
    kind: str = "page"  # list | article | attachment | page
    reason: str = ""
    path: str | None = None  # the saved file (fetched, or unchanged since an earlier run)
    http_status: int | None = None
    attempts: int = 0
    final_url: str | None = None
    date: str | None = None  # from the list item
    title: str | None = None  # from the list item
    sha256: str | None = field(default=None, repr=False)  # of the body received


@dataclass
class FetchReport:
    results: list[UrlResult] = field(default_factory=list)
    ingest: object | None = None  # what ``then`` returned for the saved files (policydocs.batch.IngestReport)
    seconds: float = 0.0

    def with_status(self, status: str) -> list[UrlResult]:
        return [r for r in self.results if r.status == status]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def saved(self) -> list[str]:
        """Files written in this run (new or changed bodies)."""
        return [r.path for r in self.results if r.status == "fetched" and r.path]

    @property
    def ingested(self) -> int:
        report = self.ingest
        return len(report.added) + len(report.replaced) if report is not None else 0

    @property
    def ok(self) -> bool:
        return not self.count("failed") and (self.ingest is None or self.ingest.ok)

    def counts(self) -> dict[str, int]:
        counts = {status: self.count(status) for status in STATUSES}
        counts["ingested"] = self.ingested
        return counts

    def summary(self) -> str:
        parts = [f"{n} {status}" for status, n in self.counts().items() if n or status != "skipped-old"]
        return f"{', '.join(parts)} in {self.seconds:.1f}s"


def file_name(url: str, content: bytes = b"", content_type: str = "") -> str:
    """A file name for ``url``'s body: host and path flattened (so that the stem, which becomes
    the document id, is unique per URL), the suffix told by the content first."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path or path.endswith("/"):
        path += "index"
    stem, dot, ext = path.rpartition(".")
    if not dot or "/" in ext:
        stem, ext = path, ""
    host = (parts.hostname or "host") + (f"_{parts.port}" if parts.port else "")
    pieces = [host, *[p for p in stem.split("/") if p]]
    if parts.query:
        pieces.append(unquote(parts.query))
    name = _UNSAFE.sub("-", "_".join(pieces)).strip("-_.") or "page"
    if len(name) > _MAX_NAME:
        name = f"{name[:_MAX_NAME - 11]}_{hashlib.sha1(url.encode()).hexdigest()[:10]}"
    return name + suffix_for(content, content_type, "." + ext.lower() if ext else "")


def suffix_for(content: bytes, content_type: str = "", url_suffix: str = "") -> str:
    """The suffix the bytes deserve: servers call PDFs application/octet-stream and pages .jsp."""
    mime = content_type.split(";")[0].strip().lower()
    if b"%PDF-" in content[:1024]:
        return ".pdf"
    if content.startswith(b"PK\x03\x04"):
        return ".docx" if b"word/" in content[:65536] or url_suffix == ".docx" else url_suffix or ".zip"
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return url_suffix if url_suffix in (".doc", ".wps", ".xls") else ".doc"
    head = content[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if mime in ("text/html", "application/xhtml+xml") or head.startswith((b"<!doctype html", b"<html")):
        return url_suffix if url_suffix in (".htm", ".shtml") else ".html"
    if mime == "text/plain":
        return ".txt"
    return url_suffix if url_suffix in _KNOWN_SUFFIXES else ".html" if head.startswith(b"<") else ".bin"


def fetch_one(client: Client, seen: Seen | None, url: str, kind: str = "page", *,
              revalidate_only: bool = False) -> tuple[UrlResult, Response | None]:
    """Fetch ``url`` (in a worker thread): conditional when an earlier body is on disk.
    ``revalidate_only``: an earlier body without validators counts as unchanged, unrequested."""
    result = UrlResult(url, "failed", kind)
    validators = {}
    if seen is not None and seen.body_on_disk:
        validators = {"etag": seen.etag, "last_modified": seen.last_modified}
        if revalidate_only and not (seen.etag or seen.last_modified):
            result.status, result.path = "unchanged", seen.path
            result.reason = "fetched before; the server gives no validators to check it against"
            return result, None
    try:
        response = client.get(url, **validators)
    except FetchError as exc:
        result.status, result.reason = exc.status, exc.reason
        result.attempts, result.http_status = exc.attempts, exc.http_status
        return result, None
    except Exception as exc:  # noqa: BLE001 — one URL's surprise must not end the run
        result.reason = f"{type(exc).__name__}: {exc}"
        return result, None
    result.http_status, result.attempts, result.final_url = response.status, response.attempts, response.url
    result.status = "unchanged" if response.not_modified else "fetched"
    return result, response


class Pipeline:
    """Saves bodies to ``out`` (``keep``: any thread, one URL per call) and records every outcome
    in the fetch state (``record``: one thread)."""

    def __init__(self, out: str | Path, state: FetchState, log: Callable[[str], None] | None = None):
        self.out, self.state, self.log = Path(out), state, log

    def process(self, result: UrlResult, response: Response | None, seen: Seen | None,
                links: dict | None = None, save: bool = True) -> UrlResult:
        return self.record(self.keep(result, response, seen, save), response, seen, links)

    def keep(self, result: UrlResult, response: Response | None, seen: Seen | None, save: bool = True) -> UrlResult:
        """Save a new or changed body; a body identical to the one on disk counts as unchanged."""
        if response is None:
            return result
        if response.not_modified:
            result.path = seen.path if seen else None
            return result
        result.sha256 = hashlib.sha256(response.content).hexdigest()
        if seen is not None and seen.sha256 == result.sha256 and seen.body_on_disk:
            result.status, result.path, result.reason = "unchanged", seen.path, "same content as before"
        elif save:
            try:
                result.path = str(self.save(result.url, response))
            except OSError as exc:
                result.status, result.reason = "failed", f"cannot save: {exc.strerror or exc}"
                result.sha256 = None
        return result

    def record(self, result: UrlResult, response: Response | None, seen: Seen | None,
               links: dict | None = None) -> UrlResult:
        row: dict = {"kind": result.kind, "status": result.status, "reason": result.reason or None,
                     "http_status": result.http_status}
        if result.date:
            row["date"] = result.date
        if response is not None and response.not_modified:
            row.update(etag=response.etag or (seen and seen.etag),
                       last_modified=response.last_modified or (seen and seen.last_modified))
        elif response is not None:
            row.update(etag=response.etag, last_modified=response.last_modified, sha256=result.sha256,
                       content_type=response.content_type, final_url=response.url)
            if result.status == "fetched" and result.path:
                row["path"] = result.path
        if links is not None:
            row["links"] = links
        self.state.record(result.url, body=response is not None and not response.not_modified, **row)
        if result.status == "failed" and self.log:
            self.log(f"error: {result.url}: {result.reason}")
        return result

    def save(self, url: str, response: Response) -> Path:
        self.out.mkdir(parents=True, exist_ok=True)
        target = self.out / file_name(url, response.content, response.content_type)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(response.content)
        os.replace(partial, target)  # a run cut off midway leaves no half-written document
        write_sidecar(target, url=url)  # ingest reads it: the site profile and trust of the URL
        return target


def fetch(urls: Iterable[str] | str, *, out: str | Path = DEFAULT_OUT, db: str | Path | None = None,
          then: Callable[[list[str]], object] | None = None, concurrency: int = 4,
          log: Callable[[str], None] | None = None,
          client: Client | None = None, **client_options) -> FetchReport:
    """Fetch ``urls`` politely into ``out`` (``file_name`` of each URL), remembering validators so
    that an unchanged page is answered with 304 next time; ``then`` gets the files saved in this
    run (``report.ingest`` is what it returns: acquire knows nothing of what comes after it).
    ``client_options`` go to :class:`Client` (delay, timeout, retries, max_bytes, ...).
    The fetch state lives in ``db`` if given, else in ``out``."""
    started = time.perf_counter()
    urls = [urls] if isinstance(urls, str) else list(dict.fromkeys(urls))
    report = FetchReport()
    state = FetchState.for_run(db, out)
    own_client = client is None
    client = client or Client(**client_options)
    pipeline = Pipeline(out, state, log)
    try:
        good = []
        for url in urls:
            try:
                good.append(check_url(url))
            except FetchError as exc:  # refused before any request: nothing to remember
                report.results.append(UrlResult(url, "failed", reason=exc.reason))
                if log:
                    log(f"error: {url}: {exc.reason}")
        seen = {url: state.get(url) for url in good}
        with ThreadPoolExecutor(max(1, concurrency)) as pool:
            futures = [pool.submit(fetch_one, client, seen[url], url) for url in good]
            for url, future in zip(good, futures):
                result, response = future.result()
                report.results.append(pipeline.process(result, response, seen[url]))
        state.flush()
        if then is not None:
            report.ingest = then(report.saved)
    finally:
        state.close()
        if own_client:
            client.close()
    report.seconds = time.perf_counter() - started
    return report
