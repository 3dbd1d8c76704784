"""What was fetched, remembered in SQLite so that the next run asks only for what is new.

One row per URL in the ``fetch_state`` table: the validators the server gave (ETag,
Last-Modified) for conditional requests, the hash and saved path of the body, the links found in
it (so a page answered with 304 still yields its list items and attachments), and how the last
attempt ended. The table lives in the user's policydocs database when there is one (``--db``), so
that the crawl history sits next to the documents it produced, or else in a state file in the
output directory. It is plain sqlite3 on its own connection: the store's schema is not touched.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

STATE_FILE = ".policydocs-fetch.db"  # in the output directory when no database is given
TABLE = "fetch_state"
_BATCH = 200  # rows per commit
_BATCH_SECONDS = 1.0

_COLUMNS = ("url", "kind", "status", "http_status", "etag", "last_modified", "sha256", "path",
            "content_type", "final_url", "links", "date", "reason", "fetched_at", "checked_at")
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    url TEXT PRIMARY KEY,
    kind TEXT,            -- list | article | attachment | page
    status TEXT,          -- how the last attempt ended: fetched | unchanged | failed | skipped-...
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,          -- of the last body fetched
    path TEXT,            -- where that body was saved (articles and attachments)
    content_type TEXT,
    final_url TEXT,       -- after redirects
    links TEXT,           -- JSON: what crawl found in the page (list items, next pages, attachments)
    date TEXT,            -- the list item's date, if the list showed one
    reason TEXT,          -- why the last attempt failed or was skipped
    fetched_at TEXT,      -- last time a body was received
    checked_at TEXT       -- last attempt
)
"""


@dataclass
class Seen:
    """A URL's row in the state table."""

    url: str
    kind: str | None = None
    status: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    path: str | None = None
    content_type: str | None = None
    final_url: str | None = None
    links: dict = field(default_factory=dict)
    date: str | None = None
    reason: str | None = None
    fetched_at: str | None = None
    checked_at: str | None = None

    @property
    def body_on_disk(self) -> bool:
        """A body was fetched before and its file is still there: a 304 can stand for it."""
        return bool(self.sha256) and (self.path is None or Path(self.path).is_file())


class FetchState:
    """The state table of one database file. Safe to share between threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self.conn = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode = WAL")  # the store reads and writes the same file
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA busy_timeout = 10000")
        self.conn.execute(_SCHEMA)
        self._pending = 0  # rows written since the last commit
        self._since = time.monotonic()

    @classmethod
    def for_run(cls, db: str | Path | None, out: str | Path) -> FetchState:
        return cls(db if db is not None else Path(out) / STATE_FILE)

    def get(self, url: str) -> Seen | None:
        with self._lock:
            row = self.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM {TABLE} WHERE url = ?", [url]).fetchone()
        if row is None:
            return None
        values = dict(zip(_COLUMNS, row))
        values["links"] = json.loads(values["links"]) if values["links"] else {}
        return Seen(**values)

    def record(self, url: str, *, body: bool = False, **values) -> None:
        """Update ``url``'s row with ``values`` (other columns keep theirs); ``body``: one was received."""
        unknown = set(values) - set(_COLUMNS)
        if unknown:
            raise ValueError(f"unknown fetch_state columns: {sorted(unknown)}")
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        values["checked_at"] = now
        if body:
            values["fetched_at"] = now
        if "links" in values and not isinstance(values["links"], (str, type(None))):
            values["links"] = json.dumps(values["links"], ensure_ascii=False)
        names = ["url", *values]
        updates = ", ".join(f"{name} = excluded.{name}" for name in values)
        sql = (f"INSERT INTO {TABLE} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
               f" ON CONFLICT(url) DO UPDATE SET {updates}")
        with self._lock:
            if not self.conn.in_transaction:
                self.conn.execute("BEGIN")
            self.conn.execute(sql, [url, *values.values()])
            self._pending += 1
            # One commit per row would cost more than the request on a local network; a run cut
            # off loses at most a second of rows, whose pages are then simply fetched again.
            if self._pending >= _BATCH or time.monotonic() - self._since > _BATCH_SECONDS:
                self._commit()

    def flush(self) -> None:
        """Commit what was recorded (before another connection reads the table)."""
        with self._lock:
            self._commit()

    def _commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self._pending, self._since = 0, time.monotonic()

    def count(self, status: str | None = None) -> int:
        with self._lock:
            if status is None:
                return self.conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
            return self.conn.execute(f"SELECT count(*) FROM {TABLE} WHERE status = ?", [status]).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._commit()
            self.conn.close()

    def __enter__(self) -> FetchState:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
