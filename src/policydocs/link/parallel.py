"""Linking's second pass in several processes.

The blocks of :mod:`~policydocs.link.blocks` are independent: a target is compared only with the
actuals of its block, and the TF-IDF vocabulary is fixed by the first pass. So once
:func:`~policydocs.link.blocks.scan` is done, the batches of blocks are linked by ``jobs``
processes forked from this one: they inherit the scan (and, in a store small enough, the rows it
kept) without copying or sending it, and each sends back only its batch's ``links`` rows. The
results are taken in the batches' order, so the rows are those, in the order, of linking in one
process. Where forking is not safe or not possible (not Linux; an in-memory store, which other
processes cannot open), the batches are linked here, one after the other.

The processes are forked before ``while_linking`` is called: ingest builds the store's indexes in
a thread then, and a process must not be forked while another thread may hold a lock.
"""

from __future__ import annotations

import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

import sqlite_utils

from policydocs.link import blocks
from policydocs.store.lock import database_file

# Batches per process: enough that one process's last batch does not leave the others idle long,
# few enough that each batch's fixed costs (a TF-IDF call, a read by id) stay small.
BATCHES_PER_JOB = 4
MIN_BATCH = 500  # statements: smaller batches cost more in set-up than they gain in balance

# What the forked processes inherit: (store path, scan, corrections, work, batches).
_state: tuple | None = None
_child_db: sqlite_utils.Database | None = None


def batches(database: sqlite_utils.Database, found: blocks.Scan, corrections: dict,
            work: Callable[[sqlite_utils.Database, list[tuple]], tuple], jobs: int = 1,
            while_linking: Callable[[], None] | None = None) -> Iterator[tuple]:
    """``work(store, batch)`` for every batch of blocks (blocks.plan, blocks.read), in order, in
    ``jobs`` processes when that is possible (``store``: that process's connection to the store);
    ``while_linking()`` once they have started."""
    path = database_file(database.conn) if jobs > 1 else None  # (None: a store in memory)
    spans = blocks.plan(found, _batch_size(found, jobs) if path else None)
    if path is None or len(spans) < 2 or not _can_fork():
        if while_linking is not None:
            while_linking()
        yield from _here(database, found, corrections, work, spans)
        return
    yield from _forked(database, path, found, corrections, work, spans, jobs, while_linking)


def _here(database, found, corrections, work, spans) -> Iterator[tuple]:
    """``work`` for the batches ``spans`` in this process, one after the other."""
    for part in spans:
        yield work(database, blocks.read(database, found, part, corrections))


def _forked(database, path: str, found, corrections, work, spans, jobs, while_linking) -> Iterator[tuple]:
    import multiprocessing

    global _state
    _state = (path, found, corrections, work, spans)
    done = 0
    try:
        with ProcessPoolExecutor(min(jobs, len(spans)), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_run, i) for i in range(len(spans))]  # (forks every process at once)
            if while_linking is not None:
                while_linking()
            try:
                for future in futures:
                    result = future.result()
                    done += 1
                    yield result
            except BrokenProcessPool:  # a process died (killed, out of memory): the rest here
                pass
            finally:
                for future in futures[done:]:
                    future.cancel()
    finally:
        _state = None
    yield from _here(database, found, corrections, work, spans[done:])


def _run(index: int) -> tuple:
    """In a forked process: link batch ``index``."""
    global _child_db
    path, found, corrections, work, spans = _state
    if _child_db is None:  # (never the parent's connection: its state is not this process's)
        _child_db = sqlite_utils.Database(path)
    return work(_child_db, blocks.read(_child_db, found, spans[index], corrections))


def _batch_size(found: blocks.Scan, jobs: int) -> int:
    """Statements per batch: ``BATCHES_PER_JOB`` batches per process at least, and ``BATCH`` / jobs
    at most, so that the processes together hold what one process linking alone would hold."""
    return max(MIN_BATCH, min(blocks.BATCH // jobs, -(-int(found.ids.size) // (jobs * BATCHES_PER_JOB))))


def _can_fork() -> bool:
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


__all__ = ["batches", "BATCHES_PER_JOB"]
