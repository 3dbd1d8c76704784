"""Opening a policydocs database: pragmas, schema, and the rebuild of a stale search index."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils

from policydocs.store import schema
from policydocs.store.fts import FTS_VERSION

DEFAULT_DB = "policydocs.db"
BATCH_CHECKPOINT_PAGES = 10_000  # WAL pages (4 KiB each: ~40 MB) before the writer checkpoints itself in a batch
BATCH_CHECKPOINT_SECONDS = 0.5  # between the background checkpoints of a batch (~5,000 pages of the bench)


class StoreError(Exception):
    """A database problem the user can act on; ``str(err)`` is one line."""


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
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        database = sqlite_utils.Database(conn)
        if create or "documents" in database.table_names():
            schema.create(database)
        else:
            raise StoreError(f"{path} is not a policydocs database (no documents table)")
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


def rebuild_fts(db: sqlite_utils.Database) -> None:
    """Re-derive the whole search index from the stored sentences (after an index format change)."""
    from policydocs.store.write import _PENDING_RANGE, fts_rows

    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('delete-all')")
        ids = [r[0] for r in conn.execute("SELECT id FROM documents")]
        for doc_id in ids:
            conn.executemany("INSERT INTO sentences_fts(rowid, grams, tags) VALUES (?, ?, ?)",
                             fts_rows(conn, doc_id))
        conn.execute("DELETE FROM _meta WHERE key > ? AND key < ?", _PENDING_RANGE)  # all indexed now
        conn.execute("INSERT OR REPLACE INTO _meta(key, value) VALUES ('fts_version', ?)", [str(FTS_VERSION)])
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextmanager
def batch_checkpoints(conn: sqlite3.Connection, pages: int = BATCH_CHECKPOINT_PAGES,
                      every: float = BATCH_CHECKPOINT_SECONDS) -> Iterator[None]:
    """While a batch writes on ``conn``: WAL checkpoints in a background thread on a connection of its
    own, every ``every`` seconds, and the writer's own only every ``pages`` pages instead of SQLite's
    1000; one checkpoint at the end, and the connection's own setting back (also when the batch fails).

    Every commit appends the pages it changed to the WAL: ~86 per document of the bench, most of
    them index leaves at random places (hashed ids and statement keys), so 64,000 pages for a
    12,000-page database. Each checkpoint copies the latest of them into the database with two
    fsyncs: at 1000 pages, 64 checkpoints inside the writer's commits, copying the same hot leaves
    again and again. SQLite releases the GIL while it checkpoints, so a checkpoint in another thread
    overlaps the writer's own work (and fsyncs stall no commit); a PASSIVE checkpoint never blocks
    the writer or a reader. The writer's own checkpoints (every ``pages`` pages) are a backstop for
    when the thread falls behind or cannot open the file. Not never: a WAL that keeps growing costs
    more per commit (the file system allocates its blocks) than one written over after a
    checkpoint, and 30,000 pages measured no better than 10,000.

    A crash is safe as before. Each document is still committed in its own transaction, and
    what is committed is in the WAL, which SQLite replays on the next open after a killed
    process: every stored document whole, none half-written (tests/test_batch_checkpoints.py).
    After a power loss, ``synchronous = NORMAL`` may lose the commits since the last checkpoint,
    as before: the store stays consistent, and ingesting again stores them. Readers (Datasette,
    a search) see each commit as before; they look pages up in the WAL's index.

    The final checkpoint is PASSIVE: it copies what no reader still needs and never waits, where
    TRUNCATE would wait (up to the busy timeout) for a reader on an older snapshot and hold up new
    writers meanwhile. What it leaves, the next commit's automatic checkpoint takes; the WAL file
    (about ``pages`` pages at most, unless a long read holds checkpoints back, as before) is
    written over by the next writer and deleted when the last connection closes.
    """
    old = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    helper = _Checkpointer.start_for(conn, every)
    try:
        yield
    finally:
        if helper:
            helper.stop()
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(old)}")
        if not conn.in_transaction:
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:  # e.g. a disk error that failed the batch: the WAL is still valid
                pass


class _Checkpointer(threading.Thread):
    """PASSIVE checkpoints of a database file every ``every`` seconds, on a connection of its own."""

    NAME = "policydocs-checkpoints"

    def __init__(self, path: str, every: float):
        super().__init__(name=self.NAME, daemon=True)
        self.path, self.every = path, every
        self.stopped = threading.Event()

    @classmethod
    def start_for(cls, conn: sqlite3.Connection, every: float) -> _Checkpointer | None:
        """Started for the file of ``conn`` if it is in WAL mode (not for an in-memory database)."""
        path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
        if not path or conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            return None
        helper = cls(path, every)
        helper.start()
        return helper

    def run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return  # the writer's own checkpoints bound the WAL
        try:
            while not self.stopped.wait(self.every):
                self._catch_up(conn)
        except sqlite3.Error:
            pass  # likewise
        finally:
            conn.close()

    @staticmethod
    def _catch_up(conn: sqlite3.Connection) -> None:
        """Checkpoint again while the writer appended meanwhile (a few times at most): a WAL copied
        completely before the writer's next commit is written over from its start, not grown."""
        for _ in range(3):
            busy, log, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if busy or log == copied:
                return

    def stop(self) -> None:
        self.stopped.set()
        self.join()
