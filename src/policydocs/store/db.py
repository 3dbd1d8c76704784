"""Opening a policydocs database: pragmas, schema, and the rebuild of a stale search index."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from policydocs.errors import StoreError
from policydocs.store import schema
from policydocs.store.lock import batch_running, database_file
from policydocs.store.transaction import Transaction
from policydocs.store.fts import FTS_VERSION

DEFAULT_DB = "policydocs.db"
# How long one statement waits for another connection's write transaction. Batches are ordered by
# store.lock; this covers the one-transaction writers beside them (review, a removal) and the
# longest transaction of a batch (an index build, the links rewrite: seconds at 100k documents).
BUSY_TIMEOUT_MS = 60_000
BATCH_CHECKPOINT_PAGES = 10_000  # WAL pages (4 KiB each: ~40 MB) between checkpoints during a batch


def open_db(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, create: bool = True) -> sqlite_utils.Database:
    """The database at ``db`` with the schema in place (``create=False``: it must exist already).

    The connection is in autocommit mode: writers open their own transactions (one per document).
    WAL journaling lets Datasette or a search read while an ingest writes.
    """
    if isinstance(db, sqlite_utils.Database):
        return db
    path = Path(db)
    if not create and not path.exists():
        raise StoreError(f"no database at {path}: run `policydocs ingest FILES --db {path}` first")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        # first: switching to WAL (and creating the schema) waits for another writer like any write
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(conn)
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        database = sqlite_utils.Database(conn)
        if not create and "documents" not in database.table_names():
            raise StoreError(f"{path} is not a policydocs database (no documents table)")
        _complete_schema(database)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    if schema.get_meta(database, "fts_version") != str(FTS_VERSION):
        rebuild_fts(database)
    else:
        from policydocs.store.write import index_pending

        try:
            index_pending(conn)  # documents a crashed batch stored but did not index yet (write.IndexQueue)
        except sqlite3.OperationalError:
            pass  # a read-only file, or a writer holding the lock too long: a later open indexes them
    return database


def _use_wal(conn: sqlite3.Connection) -> None:
    """``journal_mode = WAL``, waiting as a write would: SQLite answers "database is locked" at once,
    without its busy wait, while another process turns a new database to WAL (a reader opening a
    database an ingest has just created failed so)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _complete_schema(database: sqlite_utils.Database) -> None:
    """Create what the schema lacks, inside BEGIN IMMEDIATE: a CREATE run in autocommit reads the
    schema first and fails at once ("database is locked", no busy wait) when another process
    changed it meanwhile, as two first opens of a new database did. Indexes missing while another
    process's batch runs are its deferred ones (deferred_indexes): it builds them at its end."""
    tables, indexes = schema.missing(database)
    if tables:
        with Transaction(database.conn):
            schema.create(database)
    elif indexes and not batch_running(database.conn):
        with Transaction(database.conn):
            schema.create_indexes(database)


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Re-derive the whole search index from the stored sentences (after an index format change)."""
    from policydocs.store.write import _PENDING_RANGE, fts_rows

    with Transaction(db.conn) as conn:
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('delete-all')")
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        for doc_id in ids:
            conn.executemany("INSERT INTO sentences_fts(rowid, grams, tags) VALUES (?, ?, ?)",
                             fts_rows(conn, doc_id))
        conn.execute("DELETE FROM _meta WHERE key > ? AND key < ?", _PENDING_RANGE)  # all indexed now
        conn.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES ('fts_version', ?)", [str(FTS_VERSION)])


class DeferredIndexes:
    """What :func:`deferred_indexes` yields: ``restore()`` builds the indexes now, on this
    connection; ``build_in_background()`` builds them on another connection in a thread, and
    ``wait()`` waits for that build (and raises its error)."""

    def __init__(self, db: sqlite_utils.Database, enabled: bool):
        self.db, self.enabled = db, enabled
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def restore(self) -> None:
        if self.enabled:
            self.wait()
            schema.create_indexes(self.db, unique=False)

    def build_in_background(self) -> None:
        """Build them in a thread, on its own connection: SQLite sorts and writes without holding
        the GIL, so another core does it while this connection reads (``ingest --jobs``: linking).
        Call :meth:`wait` before writing on this connection: the build holds the write lock."""
        path = database_file(self.db.conn)
        if not self.enabled or self._thread is not None or path is None:
            return
        self._thread = threading.Thread(target=self._build, args=(path,), name="policydocs-indexes")
        self._thread.start()

    def _build(self, path: str) -> None:
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                with Transaction(conn):
                    schema.create_indexes(sqlite_utils.Database(conn), unique=False)
            finally:
                conn.close()
        except BaseException as exc:  # (raised in the caller's thread by wait())
            self._error = exc

    def wait(self) -> None:
        if self._thread is None:
            return
        self._thread.join()
        self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error


@contextmanager
def deferred_indexes(db: sqlite_utils.Database, enabled: bool = True) -> Iterator[DeferredIndexes]:
    """Drop the non-unique indexes (``schema.INDEXES``) for a batch and build them once at its end.

    Each document's commit writes every index page it touched to the WAL: ~89 pages per document
    of the bench, 72 of them index leaves, most at random places (hashed document ids and statement
    keys); without them, 24. Building an index once sorts its entries instead. Worth it when the
    batch brings as much as is stored: the build reads every row, the saving is per row written.

    A stored version must not be deleted without them (its rows are found, and foreign keys
    checked, through them): :func:`write_document` calls ``restore()`` first, cheap once they are
    back. At the end (also on failure or interrupt) they are built unless a background build did
    it (:class:`DeferredIndexes`). A process killed meanwhile leaves them missing until the next
    :func:`open_db`, which creates whatever the schema lacks. A reader during the batch (a search,
    Datasette) gets the same answers, more slowly.
    """
    deferred = DeferredIndexes(db, enabled)
    if not enabled:
        yield deferred
        return
    conn = db.conn
    with Transaction(conn):
        for table, columns, unique in schema.INDEXES:
            if not unique:
                conn.execute(f'DROP INDEX IF EXISTS "{schema.index_name(table, columns)}"')
    try:
        yield deferred
    finally:
        try:
            deferred.wait()
        finally:
            if not conn.in_transaction:  # (else a failure left it open: the next open_db builds them)
                with Transaction(conn):
                    deferred.restore()  # (none left to build after a background build)


@contextmanager
def batch_checkpoints(conn: sqlite3.Connection, pages: int = BATCH_CHECKPOINT_PAGES) -> Iterator[None]:
    """Checkpoint the WAL every ``pages`` pages instead of SQLite's 1000 while a batch writes on ``conn``;
    one checkpoint at the end, and the connection's own setting back (also when the batch fails).

    Every commit appends the pages it changed to the WAL: ~86 per document of the bench, most of
    them index leaves at random places (hashed ids and statement keys), so 64,000 pages for a
    12,000-page database. Each checkpoint copies the latest of them into the database with two
    fsyncs: at 1000 pages, 64 checkpoints copying the same hot leaves again and again. Not
    never: a WAL that keeps growing costs more per commit (the file system allocates its blocks)
    than one overwritten after each checkpoint, and 30,000 pages measured no better than 10,000.

    A crash is safe as before. Each document is still committed in its own transaction, and
    what is committed is in the WAL, which SQLite replays on the next open after a killed
    process: every stored document whole, none half-written (tests/test_batch_checkpoints.py).
    After a power loss, ``synchronous = NORMAL`` may lose the commits since the last checkpoint,
    more of them than before: the store stays consistent, and ingesting again stores them.
    Readers (Datasette, a search) see each commit as before; they look pages up in the WAL's index.

    The final checkpoint is PASSIVE: it copies what no reader still needs and never waits, where
    TRUNCATE would wait (up to the busy timeout) for a reader on an older snapshot and hold up new
    writers meanwhile. What it leaves, the next commit's automatic checkpoint takes; the WAL file
    (about ``pages`` pages at most, unless a long read holds checkpoints back, as before) is
    overwritten by the next writer and deleted when the last connection closes.
    """
    old = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(old)}")
        if not conn.in_transaction:
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:  # e.g. a disk error that failed the batch: the WAL is still valid
                pass
