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
