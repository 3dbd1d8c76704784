"""Crawl a column (栏目) list page: its pagination, the articles it lists, their attachments.

How to find these on a site is data: the ``[crawl]`` table of a site profile in
``extractors/sites/`` (the generic one in ``_generic.toml`` fills in what a profile leaves out)::

    [crawl]
    markers = ["createPageHTML"]         # text on a list page that identifies the site's CMS
    items = ["ul.list li"]               # CSS selectors of list items, tried in order
    records = '<record>...(.*?)...'      # regex whose group 1 is one item's HTML (items kept in scripts)
    date = ["span.date"]                 # the item's date (else the first date in the item's text)
    articles = ['/t\\d{8}_\\d+\\.s?html?$']  # article URLs, when no item selector matches
    next = ["a.next"]                    # next-page link selectors
    next_text = ["下一页"]                # next-page link texts
    page_param = ["page"]                # ?page=N pagination: a link to page N+1
    page_scripts = [{pattern = '...', page = "{prefix}_{n}.{suffix}"}]  # e.g. TRS createPageHTML
    attachments = ['\\.(pdf|docx?)$']    # attachment URLs on article pages
    attachment_area = ["div.attachments"]  # where to look for them (default: the whole page)
    allow_hosts = ["*.gov.cn"]           # hosts besides the list's own that may be requested

Page scripts are never run: the arguments of a pagination call are read with a regex.
"""

from __future__ import annotations

import re
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from policydocs.acquire.discover import attachment_links, list_items, next_pages, parse
from policydocs.acquire.fetchstate import FetchState, Seen
from policydocs.acquire.http import AllowedHosts, Client, Response, check_url, host_key
from policydocs.acquire.pipelines import DEFAULT_OUT, FetchReport, Pipeline, UrlResult, fetch_one
from policydocs.knowledge.sites import load_profiles
from policydocs.errors import InputError

_LIST_KEYS = ("markers", "items", "date", "articles", "next", "next_text", "page_param", "page_scripts",
              "attachments", "attachment_area", "allow_hosts", "link")


@dataclass
class CrawlRules:
    """A profile's ``[crawl]`` table merged over the generic one (profile entries tried first)."""

    name: str
    markers: list
    items: list
    records: re.Pattern | None
    link: list
    date: list
    articles: list[re.Pattern]
    next: list
    next_text: list
    page_param: list
    page_scripts: list[dict]
    attachments: list[re.Pattern]
    attachment_area: list
    allow_hosts: list

    def is_attachment(self, url: str) -> bool:
        return any(p.search(url) for p in self.attachments)


def _merge(profile: dict, generic: dict) -> dict:
    merged = {}
    for key in set(profile) | set(generic):
        if key in _LIST_KEYS:
            merged[key] = list(dict.fromkeys(_hashable(profile.get(key, [])) + _hashable(generic.get(key, []))))
            merged[key] = [dict(x) if isinstance(x, tuple) else x for x in merged[key]]
        else:
            merged[key] = profile.get(key, generic.get(key))
    return merged


def _hashable(items: list) -> list:
    return [tuple(sorted(x.items())) if isinstance(x, dict) else x for x in items]


def build_rules(name: str, table: dict) -> CrawlRules:
    records = table.get("records")
    return CrawlRules(
        name=name, markers=table.get("markers", []), items=table.get("items", []),
        records=re.compile(records, re.DOTALL | re.IGNORECASE) if records else None,
        link=table.get("link", []) or ["a[href]"], date=table.get("date", []),
        articles=[re.compile(p, re.IGNORECASE) for p in table.get("articles", [])],
        next=table.get("next", []), next_text=table.get("next_text", []), page_param=table.get("page_param", []),
        page_scripts=table.get("page_scripts", []),
        attachments=[re.compile(p, re.IGNORECASE) for p in table.get("attachments", [])],
        attachment_area=table.get("attachment_area", []), allow_hosts=table.get("allow_hosts", []))


def rules_for(url: str, text: str = "", site: str | None = None) -> CrawlRules:
    """The crawl rules of the profile named ``site``, else of the first profile that recognises
    the list page (by host, or by its markers or crawl markers), else the generic ones."""
    generic, sites = load_profiles()
    base = generic.raw.get("crawl", {})
    if site:
        chosen = [p for p in sites if p.name == site]
        if not chosen and site != generic.name:
            raise ValueError(f"no site profile named {site!r}")
    else:
        chosen = [p for p in sites if "crawl" in p.raw and (
            p.matches(text, url) or any(m in text for m in p.raw["crawl"].get("markers", [])))]
    if not chosen:
        return build_rules(generic.name, base)
    profile = chosen[0]
    return build_rules(profile.name, _merge(profile.raw.get("crawl", {}), base))




# --- the crawl ---------------------------------------------------------------------------------

@dataclass
class CrawlReport(FetchReport):
    list_url: str = ""
    profile: str = ""
    list_pages: int = 0  # list pages read (fetched, or answered 304 and read from the state)
    notes: list[str] = field(default_factory=list)  # where the crawl stopped short of the list's end

    def summary(self) -> str:
        notes = "".join(f", {note}" for note in self.notes)
        return f"{self.list_pages} list page(s) [{self.profile}]{notes}; {super().summary()}"


@dataclass
class _Task:
    url: str
    kind: str  # list | article | attachment
    date: str | None = None
    title: str | None = None
    seen: Seen | None = None


class _Frontier:
    """Per-host queues: a task is handed out only while its host has a free slot."""

    def __init__(self, per_host: int):
        self.per_host = per_host
        self.queues: dict[str, deque[_Task]] = {}
        self.busy: dict[str, int] = {}

    def push(self, task: _Task, front: bool = False) -> None:
        queue = self.queues.setdefault(host_key(task.url), deque())
        queue.appendleft(task) if front else queue.append(task)

    def pop(self) -> _Task | None:
        for host, queue in sorted(self.queues.items(), key=lambda kv: self.busy.get(kv[0], 0)):
            if queue and self.busy.get(host, 0) < self.per_host:
                self.busy[host] = self.busy.get(host, 0) + 1
                return queue.popleft()
        return None

    def done(self, task: _Task) -> None:
        self.busy[host_key(task.url)] -= 1


def _since(value: str | None) -> str | None:
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
    if not match:
        raise ValueError(f"--since {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.group(1), int(match.group(2) or 1), int(match.group(3) or 1)
    return f"{year}-{month:02d}-{day:02d}"


class _Crawl:
    def __init__(self, list_url, client, pipeline, state, *, site, since, max_items, max_pages, concurrency,
                 per_host, allowed):
        self.list_url, self.client, self.pipeline, self.state = list_url, client, pipeline, state
        self.site, self.since, self.max_items, self.max_pages = site, since, max_items, max_pages
        self.concurrency, self.allowed = concurrency, allowed
        self.frontier = _Frontier(per_host)
        self.report = CrawlReport(list_url=list_url)
        self.rules: CrawlRules | None = None
        self.queued: set[str] = set()
        self.items = 0
        self.list_requests = 0  # list pages queued: never more than max_pages, however a site paginates

    def run(self) -> CrawlReport:
        self._enqueue(_Task(self.list_url, "list"))
        pending: dict = {}
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="crawl") as pool:
            while True:
                while len(pending) < self.concurrency:
                    task = self.frontier.pop()
                    if task is None:
                        break
                    pending[pool.submit(self._work, task)] = task
                if not pending:
                    break
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    self.frontier.done(task)
                    self._handle(task, *future.result())
        self.report.profile = self.rules.name if self.rules else ""
        return self.report

    def _work(self, task: _Task) -> tuple[UrlResult, Response | None]:
        """In a worker thread: fetch, and save the body (file writes are slow; they overlap)."""
        # A known article or attachment without validators is not asked for again.
        result, response = fetch_one(self.client, task.seen, task.url, task.kind, revalidate_only=task.kind != "list")
        return self.pipeline.keep(result, response, task.seen, save=task.kind != "list"), response

    def _enqueue(self, task: _Task, front: bool = False) -> None:
        if task.url in self.queued:
            return
        self.queued.add(task.url)
        if task.url not in self.allowed:  # recorded, never requested
            result = UrlResult(task.url, "skipped-offsite", task.kind, f"host {host_key(task.url)} is outside the crawl",
                               date=task.date, title=task.title)
            self.report.results.append(self.pipeline.process(result, None, None))
            return
        task.seen = self.state.get(task.url)
        self.list_requests += task.kind == "list"
        self.frontier.push(task, front)

    def _handle(self, task: _Task, result: UrlResult, response: Response | None) -> None:
        result.date, result.title = task.date, task.title
        links = None
        if response is not None and not response.not_modified and response.status == 200 and response.is_html:
            try:
                links = self._discover(task, response)
            except InputError as exc:
                if task.kind == "list":
                    result.status, result.reason = "failed", f"cannot read the list page: {exc.reason}"
        elif result.status == "unchanged" and task.seen is not None:
            links = task.seen.links  # a 304 (or unasked) page yields what it yielded last time
            if self.rules is None:
                self._choose_rules("", links.get("profile"))
        self.report.results.append(self.pipeline.record(result, response, task.seen, links))
        if task.kind == "list" and result.status in ("fetched", "unchanged"):
            self.report.list_pages += 1
        if links:
            self._follow(task, links)

    def _discover(self, task: _Task, response: Response) -> dict:
        html = response.text()
        tree = parse(html)
        if self.rules is None:
            self._choose_rules(html)
        if task.kind == "list":
            items = [[i.url, i.date, i.title] for i in list_items(tree, html, response.url, self.rules)]
            return {"items": items, "next": next_pages(tree, html, response.url, self.rules),
                    "profile": self.rules.name}
        if task.kind == "article":
            return {"attachments": [[i.url, None, i.title] for i in attachment_links(tree, response.url, self.rules)]}
        return {}

    def _choose_rules(self, html: str, remembered: str | None = None) -> None:
        """The profile is chosen on the first list page (by host, or by markers in its text); a
        page answered 304 has no text: the profile chosen last time is remembered with its links."""
        try:
            self.rules = rules_for(self.list_url, html, self.site or remembered)
        except ValueError:  # the remembered profile was removed since
            self.rules = rules_for(self.list_url, html, self.site)
        for pattern in self.rules.allow_hosts:
            self.allowed.add(pattern)

    def _follow(self, task: _Task, links: dict) -> None:
        if self.rules is None:
            self._choose_rules("")
        rules = self.rules
        fresh = dated_recent = 0
        for url, date, title in links.get("items", []):
            if url in self.queued:
                continue
            fresh += 1
            if self.since and date and date < self.since:
                self.queued.add(url)
                self.report.results.append(UrlResult(url, "skipped-old", "article", f"dated {date}, before --since",
                                                     date=date, title=title))
                continue
            dated_recent += 1
            if self.max_items is not None and self.items >= self.max_items:
                return  # enough: no more items, no more pages
            self.items += 1
            kind = "attachment" if rules.is_attachment(url) else "article"
            self._enqueue(_Task(url, kind, date, title))
        for url, _, title in links.get("attachments", []):
            self._enqueue(_Task(url, "attachment", task.date, title))
        # Stop paginating when a page brings nothing new (a ?page=N that never ends) or only
        # items older than --since (lists run newest first), and at max_pages list pages (a
        # list whose every page is new, forever: a calendar, a search, a trap), saying so.
        if task.kind == "list" and fresh and dated_recent:
            for url in links.get("next", []):
                if url in self.queued:
                    continue
                if self.list_requests >= self.max_pages:
                    note = f"stopped at the limit of {self.max_pages} list pages (max_pages): the list goes on at "
                    if not any(n.startswith(note) for n in self.report.notes):
                        self.report.notes.append(note + url)
                    return
                self._enqueue(_Task(url, "list"), front=True)


def crawl(list_url: str, *, out: str | Path = DEFAULT_OUT, db: str | Path | None = None,
          then: Callable[[list[str]], object] | None = None,
          since: str | None = None, max_items: int | None = None, max_pages: int = 1000, site: str | None = None,
          allow_hosts: Iterable[str] = (), concurrency: int = 4, per_host: int = 1,
          log: Callable[[str], None] | None = None, client: Client | None = None, **client_options) -> CrawlReport:
    """Crawl the column at ``list_url``: its list pages, the articles they list and the articles'
    attachments, into ``out``; ``then`` gets the new and changed files (``report.ingest`` is what it
    returns: ``then=lambda saved: ingest(saved, db=...)`` stores them; see policydocs.batch).

    Only the list's host, the profile's ``allow_hosts`` and ``allow_hosts`` are requested.
    ``since`` (YYYY[-MM[-DD]]) skips list items dated earlier; ``max_items`` caps the items taken
    from the lists. ``concurrency`` requests at once, at most ``per_host`` per host.
    ``client_options`` go to :class:`Client` (delay, timeout, retries, backoff, max_bytes...).
    Raises FetchError if ``list_url`` is not an http(s) URL, ValueError for a bad ``since``.
    """
    started = time.perf_counter()
    check_url(list_url)
    since = _since(since)
    allowed = AllowedHosts([host_key(list_url), *allow_hosts])
    own_client = client is None
    client = client or Client(allowed=allowed, per_host=per_host, **client_options)
    client.allowed = allowed
    state = FetchState.for_run(db, out)
    try:
        spider = _Crawl(list_url, client, Pipeline(out, state, log), state, site=site, since=since,
                        max_items=max_items, max_pages=max_pages, concurrency=max(1, concurrency),
                        per_host=max(1, per_host), allowed=allowed)
        report = spider.run()
        state.flush()
        if then is not None:
            report.ingest = then(report.saved)
    finally:
        state.close()
        if own_client:
            client.close()
    report.seconds = time.perf_counter() - started
    return report
