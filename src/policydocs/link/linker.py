"""link(): rebuild the ``links`` table from the stored statements.

Targets and actuals of documents that take part (not templates, canonical copies only, a known
jurisdiction) get candidates from :mod:`~policydocs.link.candidates`, scored by
:mod:`~policydocs.link.scoring`; the best ``KEEP`` per target are stored with their rank. The run is
skipped when neither the statements nor the documents' trust and grouping changed since the last
one (a fingerprint in ``_meta``), so calling it after every ingest costs a query when nothing
changed.
"""

from __future__ import annotations

import gc
import json
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable

import sqlite_utils

from policydocs.link import blocks, division, parallel, tally
from policydocs.link import db as linkdb
from policydocs.link.candidates import block_candidates, subject
from policydocs.link.corrections import corrections_by_target
from policydocs.link.scoring import KEEP, MIN_SCORE, MIN_SIMILARITY, MUTUAL_SIMILARITY, assess
from policydocs.link.status import direction, is_reduction
from policydocs.link.units import convert
from policydocs.store.db import DEFAULT_DB, Transaction, open_db
from policydocs.store.lock import DEFAULT_WAIT, batch_lock
from policydocs.store.schema import get_meta, set_meta


@dataclass
class LinkReport:
    targets: int = 0  # targets taking part
    actuals: int = 0  # actuals taking part
    linked: int = 0  # targets with at least one link
    links: int = 0  # rows written to `links`
    excluded: int = 0  # statements of template / duplicate documents or without a jurisdiction
    assignments: list = field(default_factory=list, repr=False)  # division-plan tasks → targets
    seconds: float = 0.0
    skipped: bool = False  # nothing changed since the last run
    statuses: Counter | None = None  # with ``as_of``: targets by status as of that day (link.tally)

    def summary(self) -> str:
        if self.skipped:
            return "links up to date"
        assigned = f", {len(self.assignments)} tasks of division plans assigned" if self.assignments else ""
        return (f"{self.linked} of {self.targets} targets linked to {self.actuals} actuals ({self.links} links,"
                f" {self.excluded} statements left out{assigned}) in {self.seconds:.1f}s")


def link(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, force: bool = False, k: int = 8,
         before_write: Callable[[], None] | None = None, wait: float = DEFAULT_WAIT,
         say: Callable[[str], None] | None = None, as_of: str | None = None, jobs: int = 1,
         while_linking: Callable[[], None] | None = None) -> LinkReport:
    """Rebuild the links between targets and later actuals; see docs/linking.md.

    ``before_write`` is called before the links are written (ingest waits there for indexes being
    built on another connection). ``wait``: seconds to wait for another process's batch on this
    database (store.lock; ``say`` is told once that it waits). ``as_of`` (an ISO day): also count
    the targets by status as of that day into ``statuses`` (when linking ran; see link.tally).
    ``jobs``: processes that link the blocks once they are known (link.parallel): the same links
    and counts as one process. ``while_linking`` is called once they have started
    (ingest builds its indexes meanwhile); not when the links are up to date."""
    database = open_db(db, create=False)
    with batch_lock(database.conn, wait=wait, what="link", say=say):
        return _link(database, force=force, k=k, before_write=before_write, as_of=as_of, jobs=jobs,
                     while_linking=while_linking)


def _link(database: sqlite_utils.Database, *, force: bool, k: int,
          before_write: Callable[[], None] | None, as_of: str | None = None, jobs: int = 1,
          while_linking: Callable[[], None] | None = None) -> LinkReport:
    started = time.perf_counter()
    linkdb.ensure_tables(database)
    fp = linkdb.fingerprint(database)
    if not force and get_meta(database, "link_fingerprint") == fp:
        return LinkReport(skipped=True, seconds=time.perf_counter() - started)
    report = LinkReport()
    with _Scratch() as scratch:
        with _gc_paused():
            _links(database, report, k, scratch, as_of, jobs, while_linking)
        if before_write is not None:
            before_write()
        with Transaction(database.conn) as conn:
            conn.execute("DELETE FROM links")
            conn.executemany("INSERT INTO links(target_key, actual_key, score, reasons, rank) VALUES (?, ?, ?, ?, ?)",
                             scratch.rows())
            division.store(conn, report.assignments)
            set_meta(database, "link_fingerprint", fp)
    report.seconds = time.perf_counter() - started
    return report


class _Scratch:
    """The links found so far, in a private temporary SQLite file until they are written: the
    store's write lock is taken only at the end (ingest builds indexes meanwhile), and memory
    holds none of them."""

    def __enter__(self) -> "_Scratch":
        import sqlite3
        import tempfile

        self.dir = tempfile.TemporaryDirectory(prefix="policydocs-link-")
        self.conn = sqlite3.connect(f"{self.dir.name}/links.db", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("CREATE TABLE links(target_key, actual_key, score, reasons, rank)")
        return self

    def add(self, rows: list[tuple]) -> None:
        self.conn.execute("BEGIN")
        self.conn.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", rows)
        self.conn.execute("COMMIT")

    def rows(self):
        return self.conn.execute("SELECT target_key, actual_key, score, reasons, rank FROM links ORDER BY rowid")

    def __exit__(self, *exc) -> None:
        self.conn.close()
        self.dir.cleanup()


def _links(database, report: LinkReport, k: int, scratch: _Scratch, as_of: str | None = None, jobs: int = 1,
           while_linking: Callable[[], None] | None = None) -> None:
    """The rows of ``links`` (target key, actual key, score, reasons, rank) into ``scratch``, a
    block at a time (link.blocks), the blocks in ``jobs`` processes (link.parallel); counts into
    ``report``. ``while_linking`` is called once the second pass has started."""
    corrections = corrections_by_target(database)
    counted = tally.Tally(database, as_of, corrections) if as_of else None
    found = blocks.scan(database, corrections, counted)
    report.targets, report.actuals, report.excluded = found.targets, found.actuals, found.excluded
    report.assignments = found.assignments
    work = parallel.batches(database, found, corrections, partial(link_batch, k=k, counting=counted), jobs, while_linking)
    for rows, linked, counts, again in work:
        scratch.add(rows)
        report.links += len(rows)
        report.linked += linked
        if counted is not None:
            counted.merge(counts, again)
    if counted is not None:
        counted.finish(found.assignments, found.tasks)
        report.statuses = counted.counts


def link_batch(database, batch: list[tuple], k: int, counting: tally.Tally | None = None) -> tuple:
    """(``links`` rows, targets linked, status counts, target ids put aside) of one batch of blocks
    (blocks.read), the statuses counted (with ``counting``) on ``database``: this process's store."""
    rows: list[tuple] = []
    linked = 0
    counted = counting.part(database) if counting is not None else None
    for targets, actuals, tm, am in batch:
        # below MUTUAL_SIMILARITY, assess rejects a pair at once (its cuts only lower a similarity)
        cands = block_candidates(targets, actuals, tm, am, k=k, floor=MUTUAL_SIMILARITY)
        chosen: dict[str, list] = {}
        for ti, cands_ in _scored(targets, actuals, cands).items():
            cands_.sort(key=lambda x: (-x[0], x[1]))
            seen = set()
            for sc, akey, reasons in cands_:
                if akey in seen:
                    continue
                seen.add(akey)
                rows.append((targets[ti].key, akey, sc, json.dumps(reasons, ensure_ascii=False), len(seen)))
                chosen.setdefault(targets[ti].key, []).append((akey, sc, reasons))
                if len(seen) >= KEEP:
                    break
            if seen:
                linked += 1
        if counted is not None:
            counted.block(targets, actuals, chosen)
    return rows, linked, counted.counts if counted else None, counted.again if counted else None


@contextmanager
def _gc_paused():
    """Linking builds tens of thousands of small objects without cycles (rows, candidates, reasons):
    the cyclic collector would walk the whole heap many times over for nothing (0.2 s of 0.9 on the
    5 MB bench). Back on afterwards; whatever garbage there is is collected then."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _direction(row, comparator: str | None = None) -> str:
    key = ("direction", comparator)  # once per statement, not once per pair
    out = row.memo.get(key)
    if out is None:
        rec = row.record
        out = row.memo[key] = direction(comparator, subject(row) + (rec.get("indicator") or ""), rec.get("text"))
    return out


def _same_direction(t, a) -> bool:
    """A weak match must at least measure the same way (a ceiling on 涨幅 is not answered by 收入增长)."""
    if not (_direction(t, t.record.get("comparator")) == _direction(a)
            and is_reduction(t.record.get("text")) == is_reduction(a.record.get("text"))):
        return False
    # ... and be of the same order of magnitude (新投产里程8000公里 is not 铁路营业里程12.1万公里)
    tv, av = t.record.get("value"), convert(a.record.get("value"), a.record.get("unit"), t.record.get("unit"))
    return bool(tv and av and 0.2 <= av / tv <= 5)


def _scored(targets, actuals, cands) -> dict[int, list[tuple[float, str, list[str]]]]:
    """Scored candidates per target: the strong ones, and the weaker ones that are each other's best
    between the target's document and the actual's (see scoring)."""
    raw = []  # (ti, ai, sim, score, reasons)
    for ti, pairs in cands.items():
        for ai, sim in pairs:
            s = assess(targets[ti], actuals[ai], sim, floor=MUTUAL_SIMILARITY)
            if s:
                raw.append((ti, ai, s[2], s[0], s[1]))
    best_t: dict[tuple, tuple[float, int]] = {}  # (target, actual doc) → best (score, actual)
    best_a: dict[tuple, tuple[float, int]] = {}  # (actual, target doc) → best (score, target)
    for ti, ai, sim, sc, reasons in raw:
        if not (reasons[1].endswith("即期限年") and _same_direction(targets[ti], actuals[ai])):
            continue
        kt, ka = (ti, actuals[ai].doc), (ai, targets[ti].doc)
        if sc > best_t.get(kt, (-1.0, -1))[0]:
            best_t[kt] = (sc, ai)
        if sc > best_a.get(ka, (-1.0, -1))[0]:
            best_a[ka] = (sc, ti)
    out: dict[int, list] = {}
    for ti, ai, sim, sc, reasons in raw:
        strong = sim >= MIN_SIMILARITY and sc >= MIN_SCORE
        mutual = (best_t.get((ti, actuals[ai].doc), (0, -1))[1] == ai
                  and best_a.get((ai, targets[ti].doc), (0, -1))[1] == ti)
        if strong or mutual:
            if mutual:
                reasons = reasons + ["互为最佳匹配"]
                sc = round(min(1.0, sc + 0.05), 4)
            out.setdefault(ti, []).append((sc, actuals[ai].key, reasons))
    return out
