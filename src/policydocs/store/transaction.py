"""The one way the store writes: ``BEGIN IMMEDIATE … COMMIT`` on an autocommit connection.

IMMEDIATE takes the write lock at the start, waiting (busy_timeout) for another writer, instead
of failing at the first write of a transaction that began as a read.
"""

from __future__ import annotations

import sqlite3


class Transaction:
    """BEGIN IMMEDIATE … COMMIT on an autocommit connection; ROLLBACK on any exception, a failed
    COMMIT included (the connection is never left inside the transaction)."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type:
            self.conn.execute("ROLLBACK")
            return
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:  # (SQLite ends some failed commits itself)
                self.conn.execute("ROLLBACK")
            raise


class ReadSnapshot:
    """BEGIN … COMMIT around reads, pinned to one snapshot by reading the schema first.

    Opening an FTS5 table reads its config inside the prepare of the query. In autocommit that read
    takes a newer snapshot than the schema the connection just loaded; when a writer changed the
    schema in between (a batch drops and rebuilds its indexes: db.deferred_indexes), SQLite answers
    "vtable constructor failed" and a retry on the same connection fails the same way. Reading
    ``sqlite_master`` inside the transaction loads the schema from the snapshot every later read uses.
    Nested in a transaction already open, it does nothing."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self.opened = False

    def __enter__(self) -> sqlite3.Connection:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            self.opened = True
            self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.opened:
            self.opened = False
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
