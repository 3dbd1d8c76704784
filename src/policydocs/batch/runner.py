"""ingest(): files → clean → segment → extract → SQLite, one transaction per document.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> report = ingest(["corpora/seeds"], db=db, jobs=2)
    >>> len(report.added), report.failed
    (5, [])
    >>> len(ingest(["corpora/seeds"], db=db).unchanged)       # stored already: nothing to do
    5

Processing runs in ``jobs`` worker processes; the parent writes (SQLite has one writer), in input
order, so ``jobs=2`` stores exactly what ``jobs=1`` stores. Workers skip files whose content hash
is stored already (unless ``force``). A file that fails — unreadable input, a bug in a stage, even
a worker process that dies — is recorded in the ``errors`` table and the batch goes on.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import sqlite_utils

from policydocs.acquire.files import expand_paths, skipped_line
from policydocs.batch.work import TASK_BYTES, files_per_task, process_input, task_lists
from policydocs.errors import printable
from policydocs.store.db import DEFAULT_DB, batch_checkpoints, deferred_indexes, open_db
from policydocs.store.lock import DEFAULT_WAIT, batch_lock
from policydocs.store.write import (ADDED, DUPLICATE, REPLACED, UNCHANGED, IndexQueue, record_error,
                                    write_document)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # sources stored for the first time
    replaced: list[str] = field(default_factory=list)  # sources whose new version replaced the old one
    unchanged: list[str] = field(default_factory=list)  # sources stored already with the same content
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, doc already holding that content)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    statements: int = 0  # statements written in this run
    chars: int = 0  # characters of cleaned text written in this run
    copies: int = 0  # documents in the store that are a copy of another (documents.canonical)
    templates: int = 0  # documents in the store whose source is a template site
    seconds: float = 0.0
    links: str | None = None  # what linking did after the ingest (policydocs.link.LinkReport.summary)
    skipped: Counter = field(default_factory=Counter)  # files in the folders given that are no document: suffix → n
    phase_errors: list[str] = field(default_factory=list)  # grouping or linking that failed: "phase: reason"

    @property
    def ok(self) -> bool:
        return not self.failed and not self.phase_errors

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.replaced)} replaced", f"{len(self.unchanged)} unchanged"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} duplicate")
        parts.append(f"{len(self.failed)} failed")
        grouped = f"; {self.copies} grouped as copies, {self.templates} template sources" if self.copies or self.templates else ""
        skipped = f"; {skipped_line(self.skipped)}" if self.skipped else ""
        return f"{', '.join(parts)}; {self.statements} statements in {self.seconds:.1f}s{grouped}{skipped}"


# --- worker side -------------------------------------------------------------------------------

_known: frozenset[str] = frozenset()
_force = False


def _init_worker(known: frozenset[str], force: bool) -> None:
    global _known, _force
    _known, _force = known, force


# Worker processes run at a lower CPU priority than the parent. The parent is the batch's one
# serial stage (it writes every document, in order, then links): when it has work it should get a
# core at once, not wait its turn behind workers that are only running ahead. Workers take what
# it leaves (bench corpus, --jobs 2 on 2 cores, alternating runs: median 5.40 → 4.73 s over four,
# 4.51 → 4.28 s over five). It also makes a long ingest yield to whatever else the machine is doing.
WORKER_NICENESS = 10


def _init_pool_worker(known: frozenset[str], force: bool, parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    if hasattr(os, "nice"):  # (not on Windows)
        os.nice(WORKER_NICENESS)
    _init_worker(known, force)


# A worker whose parent was killed (kill -9, out of memory) would wait on its task pipe forever,
# holding the database's files open: it has copies of both ends, so it never reads an end of file.
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_POLL_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """End this worker when the batch's process ``parent`` dies: the kernel sends SIGKILL (Linux's
    parent-death signal), elsewhere a thread looks for a new parent every second."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        armed = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        armed = False
    if os.getppid() != parent:  # it died before the signal was armed
        os._exit(1)
    if not armed:
        import threading

        threading.Thread(target=_watch_parent, args=(parent,), name="policydocs-parent", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def process_file(source: str):
    """('rows', DocRows) | ('unchanged', (doc, hash)) | ('error', reason) for one file."""
    from policydocs.acquire.sidecar import read_sidecar

    return process_input(source, None, read_sidecar(source), _known, _force)


def _run(source: str):
    return process_file(source)  # looked up in the worker: a patched process_file is used there too


def _run_many(sources: list[str]) -> list:
    return [process_file(source) for source in sources]


def _serial(sources: list[str]) -> Iterator[tuple[str, tuple]]:
    for source in sources:
        yield source, process_file(source)


# Files go to the workers a few at a time. The pool queues only one task beyond one per worker and
# refills its queue from a thread of this process after each result, and only as far as the
# writer lets the window of files in flight move on: a worker that finished a file often waited
# for its next one. Bench corpus, --jobs 2 (time workers spent between files, quiet rounds):
# 1.2-1.5 s of their ~7 s one file per task, 0.7-0.8 s with 4 files, 0.6-0.8 s with 8.
# A small batch still gets a task per file: every worker should have several tasks to take.
def _parallel(sources: list[str], jobs: int, known: frozenset[str], force: bool) -> Iterator[tuple[str, tuple]]:
    """Results in input order from a pool; a dead worker costs only the file that killed it."""
    todo = deque(task_lists(sources, files_per_task(len(sources), jobs), jobs, TASK_BYTES))
    window = jobs * 3  # tasks in flight
    while todo:
        pool = ProcessPoolExecutor(jobs, initializer=_init_pool_worker, initargs=(known, force, os.getpid()))
        pending: deque[tuple[list[str], Future]] = deque()
        broken = False
        try:
            while todo or pending:
                while todo and len(pending) < window:
                    task = todo.popleft()
                    pending.append((task, pool.submit(_run_many, task)))
                task, future = pending[0]
                try:
                    results = future.result()
                except BrokenProcessPool:
                    broken = True
                    break
                except Exception:  # e.g. a result that cannot be sent back: which file's? one by one
                    results = [_isolated(source, known, force) for source in task]
                pending.popleft()
                yield from zip(task, results)
        finally:
            pool.shutdown(wait=not broken, cancel_futures=True)
        if broken:
            # Which file killed the worker? Run the files in flight one by one, then go on.
            for task, _ in pending:
                for source in task:
                    yield source, _isolated(source, known, force)
            pending.clear()


def _isolated(source: str, known: frozenset[str], force: bool) -> tuple:
    with ProcessPoolExecutor(1, initializer=_init_pool_worker, initargs=(known, force, os.getpid())) as pool:
        try:
            return pool.submit(_run, source).result()
        except BrokenProcessPool:
            return "error", "the worker process died while processing this file (killed, or out of memory?)"
        except Exception as exc:
            return "error", f"{type(exc).__name__}: {exc}"


# --- parent side -------------------------------------------------------------------------------

def ingest(paths: Iterable[str | Path] | str | Path, db: str | Path | sqlite_utils.Database = DEFAULT_DB,
           jobs: int = 1, *, force: bool = False, progress: bool | None = None,
           log: Callable[[str], None] | None = None, link: bool = True,
           wait: float = DEFAULT_WAIT, cluster: str | None = None) -> IngestReport:
    """Clean, segment, extract and store ``paths`` (files or directories) in ``db``.

    ``force`` re-processes files whose content is stored already (after the extractor changed).
    ``progress``: a rich progress bar on stderr (default: when stderr is a terminal and there is
    more than one file). ``log`` receives one line per failed file: ``error: <file>: <reason>``.
    ``link``: rebuild the links between targets and actuals afterwards (a no-op when no statement
    or document changed: see policydocs.link).
    ``wait``: seconds to wait for another process's batch on the same database (store.lock);
    then :class:`~policydocs.store.lock.LockTimeout`.
    A broken file of extractors/ raises :class:`~policydocs.knowledge.KnowledgeError` before any
    document is processed.
    ``cluster``: the address of a Dask scheduler whose workers process the documents instead of
    ``jobs`` local processes (policydocs.batch.cluster; ClusterError when it cannot).
    """
    started = time.perf_counter()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    skipped: Counter = Counter()
    sources = expand_paths(paths, skipped)
    target = db.conn if isinstance(db, sqlite_utils.Database) else db
    with batch_lock(target, wait=wait, what="ingest", say=log):
        report = _ingest(sources, db, jobs, force=force, progress=progress, log=log, link=link, cluster=cluster)
    report.skipped = skipped
    report.seconds = time.perf_counter() - started
    return report


def _ingest(sources: list[str], db, jobs: int, *, force: bool, progress: bool | None,
            log: Callable[[str], None] | None, link: bool, cluster: str | None = None) -> IngestReport:
    database = open_db(db)
    conn = database.conn
    known = frozenset(r[0] for r in conn.execute("SELECT id FROM documents"))
    new = _new_sources(conn, sources)
    report = IngestReport()
    if force or new:
        _check_knowledge()
    jobs = max(1, min(jobs, len(sources) or 1))
    if cluster:  # --- the cluster hook: its workers process, this process writes as below (batch.cluster)
        from policydocs.batch.cluster import cluster_results

        results = cluster_results(sources, cluster, known, force, say=log)
    elif jobs == 1:
        if force or new:
            _load_tokenizer()  # (before the collector is told to leave what is loaded alone)
        _init_worker(known, force)
        results = _serial(sources)
    else:
        if force or new:
            _share_with_workers()
        results = _parallel(sources, jobs, known, force)
    show = progress if progress is not None else (sys.stderr.isatty() and len(sources) > 1)
    bar = _Progress(len(sources)) if show else None
    say = log  # while the bar is live, rich redirects stderr above it
    with _long_lived_frozen(), batch_checkpoints(conn):  # (fewer WAL checkpoints while the batch writes: store.db)
        # a batch that brings at least as many documents as are stored builds the indexes at its end
        with deferred_indexes(database, enabled=new >= max(1, len(known))) as indexes:
            _store_results(conn, results, report, force=force, bar=bar, say=say, before_delete=indexes.restore)
            # grouping and linking read none of the deferred indexes; grouping also writes
            _group(database, report, say)  # before linking: it reads documents.canonical
            if link:  # keep this last: it reads what the steps above wrote
                # with jobs, the indexes are built in a thread while the linking processes work
                _link(database, report, log, jobs, before_write=indexes.wait,
                      while_linking=indexes.build_in_background if jobs > 1 else None)
    return report


def _new_sources(conn, sources: list[str]) -> int:
    """How many sources were never stored (if any, as a rule, documents are extracted, grouped and
    linked; a batch of stored files only is hashed by the workers and needs neither)."""
    stored = {r[0] for r in conn.execute("SELECT source FROM documents")}
    return sum(s not in stored for s in sources)


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """What is loaded before the batch (jieba's dictionaries above all) out of the cyclic collector's
    reach until it ends: each full collection walked all of it again (0.07-0.17 s of a 7 s
    one-process run of the bench; a pass over the batch's own objects now takes ~1 ms), and a
    forked worker's collections would write to the pages it shares with the parent. Left as it
    is when the process froze objects itself: gc.unfreeze() would release those too."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _check_knowledge() -> None:
    """Read every file of extractors/ before the first document: a broken one fails every
    document alike, so the batch stops at once with one KnowledgeError (nothing stored or
    recorded) instead of writing the same error for each file."""
    import policydocs.extract.cues  # noqa: F401 — the stages' loaders register on import
    import policydocs.link.subjects  # noqa: F401
    import policydocs.pipeline  # noqa: F401
    import policydocs.batch.rows  # noqa: F401 — (and through it the store's trust rules)
    from policydocs.knowledge import check

    check()


def _load_tokenizer() -> None:
    from policydocs.knowledge.lexicon import tokenizer

    tokenizer()


def _share_with_workers() -> None:
    """Load in the parent, before the workers are forked, what both need: the jieba tokenizer (the
    workers' extraction; linking's subjects.distinctive) and scipy.sparse (grouping and linking).
    The parent needs them after the workers are done, where loading them (0.5 s and 0.09 s)
    stalled the batch with one core idle; forked workers inherit them instead of each loading
    their own. Also the kind weights, which only workers use: ~25 ms once instead of in each, and
    when a user's own training rows made the shipped weights stale, one training and one note
    instead of one per worker. Not when workers start afresh (spawn, forkserver): the parent would
    only load earlier."""
    import multiprocessing

    if multiprocessing.get_context().get_start_method() == "fork":
        import scipy.sparse  # noqa: F401

        from policydocs.extract.kind import scorer

        _load_tokenizer()
        scorer()


def _store_results(conn, results, report: IngestReport, *, force: bool, bar, say,
                   before_delete: Callable[[], None] | None = None) -> None:
    """Write each file's result as it comes (one transaction per document), counting into ``report``."""
    seen: dict[str, str] = {}  # doc id → first source in this batch
    index = IndexQueue(conn)  # the search index of many documents per transaction (crash-safe: see write)
    try:
        for source, (kind, payload) in results:
            if kind == "rows":
                if payload.doc in seen and seen[payload.doc] != source:
                    kind, payload = "error", (f"document id {payload.doc!r} is taken by {seen[payload.doc]}"
                                              " in this batch: rename one of the files")
                else:
                    seen[payload.doc] = source
            if kind == "error":
                _fail(conn, report, source, payload, say)
            elif kind == "unchanged":
                doc, digest = payload
                holder = conn.execute("SELECT doc FROM documents WHERE id = ?", [digest]).fetchone()
                if holder and holder[0] != doc:
                    report.duplicates.append((source, holder[0]))
                else:
                    seen.setdefault(doc, source)
                    conn.execute("DELETE FROM errors WHERE source = ?", [source])
                    report.unchanged.append(source)
            else:
                try:
                    status, other = write_document(conn, payload, force=force, index=index,
                                                   before_delete=before_delete)
                except Exception as exc:  # noqa: BLE001 — the transaction rolled back: nothing of it stored
                    _fail(conn, report, source, f"cannot store: {type(exc).__name__}: {exc}", say)
                else:
                    if status == DUPLICATE:
                        report.duplicates.append((source, other))
                    elif status == UNCHANGED:
                        report.unchanged.append(source)
                    else:
                        (report.added if status == ADDED else report.replaced).append(source)
                        report.statements += len(payload.statements)
                        report.chars += len(payload.document["text"])
            index.flush_if_full()
            if bar:
                bar.advance(source)
    finally:
        if bar:
            bar.stop()
        if hasattr(results, "close"):
            results.close()
        index.flush()  # what is stored is searchable (if this fails, the next open_db indexes it)


def _link(database, report: IngestReport, say, jobs: int = 1, before_write: Callable[[], None] | None = None,
          while_linking: Callable[[], None] | None = None) -> None:
    from policydocs.link import link

    try:
        report.links = link(database, jobs=jobs, before_write=before_write, while_linking=while_linking).summary()
    except Exception as exc:  # noqa: BLE001 — the documents are stored; linking can be re-run alone
        reason = _one_line(f"{type(exc).__name__}: {exc}")
        report.links = f"linking failed: {reason}"
        report.phase_errors.append(f"link: {reason}")
        if say:
            say(f"error: link: {reason} (the next ingest or `policydocs link` links again)")


def _group(database, report: IngestReport, say) -> None:
    """Near-duplicate groups (documents.canonical) after anything was written; counts for the summary."""
    from policydocs.store.dedup import group, grouping_due, store_counts

    if report.added or report.replaced or grouping_due(database):
        try:
            group(database)
        except Exception as exc:  # noqa: BLE001 — the documents are stored; the next run groups them
            reason = _one_line(f"{type(exc).__name__}: {exc}")
            report.phase_errors.append(f"grouping: {reason}")
            if say:
                say(f"error: grouping near-duplicates: {reason} (the next ingest or"
                    " `policydocs documents --regroup` groups them)")
    counts = store_counts(database)
    report.copies, report.templates = counts["copies"], counts["templates"]


def _fail(conn, report: IngestReport, source: str, reason: str, say) -> None:
    reason = _one_line(reason) or "failed"
    report.failed.append((source, reason))
    record_error(conn, source, reason)
    if say:
        say(f"error: {printable(source)}: {printable(reason)}")


def _one_line(reason) -> str:
    """A reason as one line of single spaces (an exception's text may hold line breaks)."""
    return " ".join(str(reason).split())


class _Progress:
    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
                                 auto_refresh=False)  # no refresh thread while worker processes fork
        self.task = self.progress.add_task("", total=total)
        self.progress.start()

    def advance(self, source: str) -> None:
        self.progress.update(self.task, advance=1, description=printable(os.path.basename(source))[:40])
        self.progress.refresh()

    def stop(self) -> None:
        self.progress.stop()


__all__ = ["ingest", "IngestReport", "process_file", "ADDED", "REPLACED", "UNCHANGED"]
