"""The web app's access to one policydocs database: a connection per thread, and the ledger's cache.

Every page reads through the same Python API as the commands (``linked_targets``, ``search``,
``review``, ``correct``, ``ingest``); this module only decides how often. Linking every target of a
large database takes seconds, so the rows of ``linked_targets`` (no filter, as of one day) are kept
in memory and served filtered from there until the database changes: a new document, a re-link,
a review or a correction (:meth:`Store.stamp`, a few indexed reads). Filtering here gives the rows
``linked_targets`` gives for the same filters (tests/test_web.py holds them to it).
"""

from __future__ import annotations

import datetime as _dt
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.link import linked_targets
from policydocs.link.model import LinkedTarget
from policydocs.store.db import open_db


@dataclass
class LedgerFilters:
    """What the 台账 is narrowed by: the command's filters, then the page's own (status, due after)."""

    region: str | None = None
    responsible: str | None = None
    due_before: str | None = None  # ISO day, inclusive
    query: str | None = None
    include_templates: bool = False
    status: str | None = None
    due_after: str | None = None  # ISO day, exclusive: "due in the next 30 days" = (today, today+30]
    family: str | None = None
    unreviewed: bool = False  # only rows with a link and no decision yet (what `review --list` shows)

    def command_filters(self) -> dict:
        """The filters ``policydocs checklist`` takes, as ``report.build`` names them."""
        return dict(region=self.region, responsible=self.responsible, due_before=self.due_before,
                    query=self.query, include_templates=self.include_templates)


SYNC_SECONDS = 1.0  # a recomputation that took longer runs in the background, serving the last rows meanwhile
RELINK_WAIT = 2.0  # seconds a correction waits for the re-link before the page answers


@dataclass
class _Entry:
    stamp: tuple
    rows: list[LinkedTarget]
    seconds: float
    memo: dict = field(default_factory=dict)  # what pages derive from these rows (the overview)


class Store:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: dict[tuple, _Entry] = {}
        self._refreshing: set[tuple] = set()
        self.relinking: threading.Thread | None = None

    def db(self) -> sqlite_utils.Database:
        """This thread's connection (opened once; the store's checks run at that first open)."""
        database = getattr(self._local, "db", None)
        if database is None:
            database = open_db(self.path, create=False)
            linkdb.ensure_tables(database)
            self._local.db = database
        return database

    def stamp(self) -> tuple:
        """Changes whenever what the ledger shows may change (documents, links, reviews, corrections)."""
        conn = self.db().conn
        meta = dict(conn.execute("SELECT key, value FROM _meta WHERE key IN"
                                 " ('documents_changes', 'link_fingerprint', 'grouped_changes')").fetchall())
        reviews = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM reviews").fetchone()
        corrections = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM corrections").fetchone()
        return (meta.get("documents_changes"), meta.get("link_fingerprint"), meta.get("grouped_changes"),
                tuple(reviews), tuple(corrections))

    def entry(self, as_of: str, include_templates: bool = False) -> _Entry:
        """The rows of ``linked_targets`` as of ``as_of``. When the database changed since they were
        computed, they are computed again: now, if that was quick last time, else in the background
        while the last rows are served (:attr:`stale` says so)."""
        key = (as_of, include_templates)
        stamp = self.stamp()
        entry = self._cache.get(key)
        if entry is not None and entry.stamp != stamp and entry.seconds > SYNC_SECONDS:
            self._refresh_in_background(key)
            return entry
        if entry is None or entry.stamp != stamp:
            with self._lock:  # one thread computes; the others wait for its answer
                entry = self._cache.get(key)
                if entry is None or entry.stamp != self.stamp():
                    entry = self._compute(key)
        return entry

    def linked(self, as_of: str, include_templates: bool = False) -> list[LinkedTarget]:
        return self.entry(as_of, include_templates).rows

    def stale(self, as_of: str, include_templates: bool = False) -> bool:
        entry = self._cache.get((as_of, include_templates))
        return entry is not None and entry.stamp != self.stamp()

    def _compute(self, key: tuple) -> _Entry:
        stamp = self.stamp()
        started = time.perf_counter()
        rows = linked_targets(self.db(), as_of=key[0], include_templates=key[1])
        entry = _Entry(stamp, rows, time.perf_counter() - started)
        if len(self._cache) > 8:
            self._cache.clear()
        self._cache[key] = entry
        return entry

    def _refresh_in_background(self, key: tuple) -> None:
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def work():
            try:
                with self._lock:
                    self._compute(key)
            finally:
                self._refreshing.discard(key)

        threading.Thread(target=work, name="policydocs-ledger", daemon=True).start()

    def warm(self, as_of: str) -> None:
        """Compute the 台账 in the background (at start-up: the first page then need not wait)."""
        self._refresh_in_background((as_of, False))

    def after_decision(self, target_key: str, before: tuple) -> None:
        """Bring the cached rows up to date after this app changed one target: that target is
        computed again (``linked_targets`` of its place only) instead of every target."""
        now = self.stamp()
        for key, entry in list(self._cache.items()):
            if entry.stamp != before:
                continue
            place = next((jurisdiction(r) for r in entry.rows if r.target.key == target_key), None)
            if place is None:  # (a row coming back: its place in the order is linked_targets' to give)
                continue
            fresh = [r for r in linked_targets(self.db(), as_of=key[0], region=place or None,
                                               include_templates=key[1]) if r.target.key == target_key]
            rows = [x for r in entry.rows for x in ((fresh if r.target.key == target_key else [r]))]
            self._cache[key] = _Entry(now, rows, entry.seconds)

    def relink(self) -> bool:
        """Link again after a correction, as the command does; in the background when it takes long
        (the page says so). Returns whether the links are up to date when it returns."""
        from policydocs.link import link

        def work():
            link(self.path)

        thread = threading.Thread(target=work, name="policydocs-link", daemon=True)
        thread.start()
        self.relinking = thread
        thread.join(RELINK_WAIT)
        return not thread.is_alive()

    def query_keys(self, query: str, region: str | None = None) -> set[str]:
        """Keys of the targets whose sentence matches ``query`` (the command's ``-q``); ``region``
        narrows the match by the index's region tags (a sentence is tagged with its document's
        region and its statements', so no target of that jurisdiction is lost)."""
        from policydocs.store.fts import match_expression

        expr, _ = match_expression(query, kind="target", region=region)
        conn = self.db().conn
        return {k for (k,) in conn.execute(
            "SELECT st.key FROM statements st WHERE st.kind = 'target' AND st.sentence_id IN"
            " (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)", [expr])}

    def ledger(self, as_of: str, f: LedgerFilters) -> list[LinkedTarget]:
        """The 台账's targets under ``f``, in the order of ``linked_targets``."""
        rows = self.linked(as_of, f.include_templates)
        if f.region:
            rows = [r for r in rows if jurisdiction(r).startswith(f.region)]
        if f.responsible:
            rows = [r for r in rows if any(f.responsible in u for u in r.target.record.get("responsible") or [])]
        if f.due_before:
            rows = [r for r in rows if r.target.record.get("deadline") and r.target.record["deadline"] <= f.due_before]
        if f.due_after:
            rows = [r for r in rows if r.target.record.get("deadline") and r.target.record["deadline"] > f.due_after]
        if f.query:
            keys = self.query_keys(f.query, f.region)
            rows = [r for r in rows if r.target.key in keys]
        if f.status:
            wanted = set(f.status.split(","))
            rows = [r for r in rows if r.status in wanted]
        if f.family:
            from policydocs.web.families import family_of

            rows = [r for r in rows if family_of(r.target.record.get("indicator") or r.target.record.get("text")) == f.family]
        if f.unreviewed:
            rows = [r for r in rows if r.actual is not None and r.review is None]
        return rows


def jurisdiction(row: LinkedTarget) -> str:
    """The target's place as linking reads it: the document's region, else the statement's."""
    return (row.target.doc_region or row.target.record.get("region") or "").strip()


def today() -> str:
    return _dt.date.today().isoformat()
