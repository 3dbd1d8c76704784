"""One writer at a time: a batch (ingest, link, regrouping) holds a lock on its database.

SQLite serialises transactions, not batches. Two ingests on one database interleaved their
document transactions, and whichever grouped or linked last did so from a state the other was
still changing; one of them often failed outright with "database is locked" when a long
transaction of the other (an index build, the links rewrite) outlasted the busy timeout. So a
batch takes an advisory lock (``flock``) on a file beside the database, ``<db>.lock``, and holds
it until it is done; a second batch waits its turn, says once that it waits and for whom, and
gives up with one clear line after ``wait`` seconds. Readers (search, checklist, serve) take no
lock: WAL lets them read while a batch writes.

The lock is the kernel's, so a killed process (kill -9 included) releases it at once. Taking it
again in the same process (``link`` inside ``ingest``) nests. Not on Windows (no ``fcntl``):
there batches are not serialised, and SQLite's busy timeout is all that orders them.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

from policydocs.errors import StoreError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

DEFAULT_WAIT = 3600.0  # seconds a batch waits for another one on the same database
POLL_SECONDS = 0.2

_held: dict[str, list] = {}  # lock file → [open file, depth] for the locks this process holds
_guard = threading.Lock()


class LockTimeout(StoreError):
    """Another process kept the database for longer than the caller would wait; one line."""


def database_file(conn: sqlite3.Connection) -> str | None:
    """The file of the connection's main database (None: in memory or temporary)."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return file or None
    return None


def lock_path(db: str | Path | sqlite3.Connection) -> Path | None:
    """``<db>.lock`` for a database file (None: an in-memory or temporary database)."""
    file = database_file(db) if isinstance(db, sqlite3.Connection) else str(db)
    return Path(file + ".lock") if file else None


@contextmanager
def batch_lock(db: str | Path | sqlite3.Connection, *, wait: float = DEFAULT_WAIT, what: str = "ingest",
               say: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the database's batch lock for the block: wait up to ``wait`` seconds for another
    process's batch (telling ``say`` once), then raise :class:`LockTimeout`."""
    path = lock_path(db)
    if path is None or fcntl is None:
        yield
        return
    key = os.path.realpath(path)
    with _guard:
        if key in _held:
            _held[key][1] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            _release(key)
        return
    handle = _acquire(path, wait=wait, say=say)
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps({"pid": os.getpid(), "what": what,
                                 "since": datetime.now().isoformat(timespec="seconds")}) + "\n")
        handle.flush()
    except OSError:
        pass  # (who holds it is only for the message of the next waiter)
    with _guard:
        _held[key] = [handle, 1]
    try:
        yield
    finally:
        _release(key)


def _acquire(path: Path, *, wait: float, say: Callable[[str], None] | None):
    handle = open(path, "a+", encoding="utf-8")
    started = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            pass
        except OSError:
            handle.close()
            raise
        waited = time.monotonic() - started
        if waited >= wait:
            holder = _holder(path)
            handle.close()
            raise LockTimeout(f"{path.with_suffix('')} is being written by another policydocs process{holder}"
                              f" and was not free after {wait:g} s: try again when it is done (or wait longer:"
                              f" --wait SECONDS)")
        if not told and say is not None:
            say(f"waiting for another policydocs process{_holder(path)} to finish writing to"
                f" {path.with_suffix('')} (up to {wait:g} s)")
            told = True
        time.sleep(min(POLL_SECONDS, max(0.0, wait - waited)))


def batch_running(db: str | Path | sqlite3.Connection) -> bool:
    """Whether another process holds the database's batch lock now (False in this process's own
    batch, and where there is no lock: in memory, no ``fcntl``)."""
    path = lock_path(db)
    if path is None or fcntl is None or not path.exists():
        return False
    with _guard:
        if os.path.realpath(path) in _held:
            return False
    try:
        with open(path, "a+", encoding="utf-8") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    except OSError:  # (a read-only folder: no batch can run there either)
        return False
    return False


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8").strip() or "{}")
        return f" (pid {int(info['pid'])}, {info['what']} since {info['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _release(key: str) -> None:
    with _guard:
        entry = _held[key]
        entry[1] -= 1
        if entry[1]:
            return
        del _held[key]
    handle = entry[0]
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


__all__ = ["batch_lock", "batch_running", "database_file", "lock_path", "LockTimeout", "DEFAULT_WAIT"]
