"""A person's decisions on links, in the ``reviews`` table (keyed by statement keys).

    confirm  the actual given (default: the current best) is right for the target
    reject   this actual (default: the current best) is wrong for the target; the next best is used
    set      use this actual (any actual, linked by the tool or not)
    none     no actual answers this target

One confirm/set/none per target (the latest wins); rejects accumulate, one per actual. Reviews are
never touched by ingest or link: statement keys survive re-ingest, and a review whose statements
no longer exist is kept and reported as stale (:func:`stale_reviews`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.store.db import DEFAULT_DB, StoreError, Transaction, open_db

LABEL = {"confirm": "confirmed", "reject": "rejected", "set": "set", "none": "none"}


class ReviewError(StoreError):
    """A decision that cannot be recorded (one line)."""


@dataclass
class Review:
    target_key: str
    decision: str
    actual_key: str | None
    note: str | None
    at: str


def _kind_of(conn, key: str) -> str | None:
    row = conn.execute("SELECT kind FROM statements WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _best(conn, target_key: str) -> str | None:
    row = conn.execute("SELECT actual_key FROM links WHERE target_key = ? AND actual_key NOT IN"
                       " (SELECT actual_key FROM reviews WHERE target_key = ? AND decision = 'reject'"
                       " AND actual_key IS NOT NULL) ORDER BY rank LIMIT 1", [target_key, target_key]).fetchone()
    return row[0] if row else None


def review(db: str | Path | sqlite_utils.Database = DEFAULT_DB, target_key: str = "", decision: str = "",
           actual_key: str | None = None, note: str | None = None) -> Review:
    """Record a decision on ``target_key``; returns it (ReviewError for a key or decision that is wrong)."""
    if decision not in linkdb.DECISIONS:
        raise ReviewError(f"decision must be one of {', '.join(linkdb.DECISIONS)}, not {decision!r}")
    database = open_db(db, create=False)
    linkdb.ensure_tables(database)
    conn = database.conn
    if _kind_of(conn, target_key) != "target":
        raise ReviewError(f"no target with key {target_key!r} (see `policydocs review --list`)")
    if decision == "none":
        actual_key = None
    elif actual_key is None:
        if decision == "set":
            raise ReviewError("set needs the actual's key: --set TARGET_KEY ACTUAL_KEY")
        actual_key = _best(conn, target_key)
        if actual_key is None:
            raise ReviewError(f"target {target_key} has no linked actual to {decision}: use --set or --none")
    elif _kind_of(conn, actual_key) != "actual":
        raise ReviewError(f"no actual with key {actual_key!r}")
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with Transaction(conn):
        if decision == "reject":
            conn.execute("DELETE FROM reviews WHERE target_key = ? AND actual_key = ?", [target_key, actual_key])
        else:
            conn.execute("DELETE FROM reviews WHERE target_key = ? AND decision IN ('confirm', 'set', 'none')",
                         [target_key])
            if actual_key:
                conn.execute("DELETE FROM reviews WHERE target_key = ? AND decision = 'reject' AND actual_key = ?",
                             [target_key, actual_key])
        conn.execute("INSERT INTO reviews(target_key, decision, actual_key, note, at) VALUES (?, ?, ?, ?, ?)",
                     [target_key, decision, actual_key, note, at])
    return Review(target_key, decision, actual_key, note, at)


def reviews_by_target(database: sqlite_utils.Database) -> dict[str, list[Review]]:
    out: dict[str, list[Review]] = {}
    for r in database.conn.execute("SELECT target_key, decision, actual_key, note, at FROM reviews ORDER BY id"):
        out.setdefault(r[0], []).append(Review(*r))
    return out


def stale_reviews(db: str | Path | sqlite_utils.Database = DEFAULT_DB) -> list[Review]:
    """Reviews whose target or actual no longer exists (the document changed or was removed)."""
    database = open_db(db, create=False)
    linkdb.ensure_tables(database)
    rows = database.conn.execute(
        "SELECT r.target_key, r.decision, r.actual_key, r.note, r.at FROM reviews r"
        " WHERE NOT EXISTS (SELECT 1 FROM statements s WHERE s.key = r.target_key)"
        " OR (r.actual_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM statements s WHERE s.key = r.actual_key))"
        " ORDER BY r.id").fetchall()
    return [Review(*r) for r in rows]
