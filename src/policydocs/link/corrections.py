"""A person's corrections of a checklist row, in the ``corrections`` table (keyed by statement key).

    drop         the row is not a target: it leaves the checklist and takes no part in linking
    deadline     the target is due on this day (ISO date)
    indicator    what the target measures
    responsible  the units responsible (a list)

Like link reviews (:mod:`policydocs.link.review`), corrections are never touched by ingest or
link: statement keys survive re-ingest, so a corrected row stays corrected. The latest correction
of a field wins; ``restore`` removes one field's correction (or all of a row's). Linking reads
targets with their corrections applied (a corrected indicator finds its actual, a corrected
deadline decides the status), and the rows keep what the tool had read (``Row.extra["corrected"]``)
so that reports can show both.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.link import linked_targets
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> _ = ingest(["corpora/govreport/2018_国务院政府工作报告.txt"], db=db)
    >>> row = linked_targets(db, as_of="2018-12-31")[0]
    >>> correct(db, row.target.key, "deadline", "2018-06-30").value
    '2018-06-30'
    >>> linked_targets(db, as_of="2018-12-31")[0].target.record["deadline"]
    '2018-06-30'
    >>> _ = correct(db, row.target.key, "drop")
    >>> row.target.key in {r.target.key for r in linked_targets(db, as_of="2018-12-31")}
    False
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.store.db import DEFAULT_DB, StoreError, Transaction, open_db

FIELDS = ("drop", "deadline", "indicator", "responsible")
LABEL = {"drop": "删除", "deadline": "时限", "indicator": "指标", "responsible": "责任单位"}


class CorrectionError(StoreError):
    """A correction that cannot be recorded (one line)."""


@dataclass
class Correction:
    target_key: str
    field: str
    value: str | list[str] | None  # deadline: ISO day; indicator: text; responsible: list; drop: None
    note: str | None
    at: str


def _value(field: str, value) -> str | list[str] | None:
    """The correction's value checked and normalised; CorrectionError saying what is wrong."""
    if field == "drop":
        return None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise CorrectionError(f"{field} needs a value")
    if field == "deadline":
        try:
            return _dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise CorrectionError(f"deadline must be a day written YYYY-MM-DD, not {value!r}") from None
    if field == "responsible":
        units = value if isinstance(value, list) else re.split(r"[、，,；;]\s*", str(value))
        units = [u.strip() for u in units if u and u.strip()]
        if not units:
            raise CorrectionError("responsible needs at least one unit")
        return units
    return str(value).strip()


def correct(db: str | Path | sqlite_utils.Database = DEFAULT_DB, target_key: str = "", field: str = "",
            value=None, note: str | None = None) -> Correction:
    """Record a correction of ``field`` of target ``target_key`` (see the module's table)."""
    if field not in FIELDS:
        raise CorrectionError(f"field must be one of {', '.join(FIELDS)}, not {field!r}")
    value = _value(field, value)
    database = open_db(db, create=False)
    linkdb.ensure_tables(database)
    conn = database.conn
    row = conn.execute("SELECT kind FROM statements WHERE key = ?", [target_key]).fetchone()
    if not row or row[0] != "target":
        raise CorrectionError(f"no target with key {target_key!r} (see `policydocs checklist` or `review --list --all`)")
    at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    stored = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
    with Transaction(conn):
        conn.execute("DELETE FROM corrections WHERE target_key = ? AND field = ?", [target_key, field])
        conn.execute("INSERT INTO corrections(target_key, field, value, note, at) VALUES (?, ?, ?, ?, ?)",
                     [target_key, field, stored, note, at])
    return Correction(target_key, field, value, note, at)


def restore(db: str | Path | sqlite_utils.Database = DEFAULT_DB, target_key: str = "",
            field: str | None = None) -> int:
    """Remove the correction of ``field`` of a target (all of them when None); how many were removed."""
    if field is not None and field not in FIELDS:
        raise CorrectionError(f"field must be one of {', '.join(FIELDS)}, not {field!r}")
    database = open_db(db, create=False)
    linkdb.ensure_tables(database)
    with Transaction(database.conn) as conn:
        if field is None:
            cur = conn.execute("DELETE FROM corrections WHERE target_key = ?", [target_key])
        else:
            cur = conn.execute("DELETE FROM corrections WHERE target_key = ? AND field = ?", [target_key, field])
    return cur.rowcount


def corrections_by_target(database: sqlite_utils.Database) -> dict[str, dict[str, Correction]]:
    """Target key → field → its (latest) correction."""
    out: dict[str, dict[str, Correction]] = {}
    if "corrections" not in database.table_names():
        return out
    for key, field, value, note, at in database.conn.execute(
            "SELECT target_key, field, value, note, at FROM corrections ORDER BY id"):
        if field == "responsible" and value:
            value = json.loads(value)
        out.setdefault(key, {})[field] = Correction(key, field, value, note, at)
    return out


def apply(rows: list[linkdb.Row], corrections: dict[str, dict[str, Correction]]) -> list[linkdb.Row]:
    """The rows with their corrections applied (in place): corrected fields replace the tool's, whose
    values are kept in ``row.extra["corrected"]``; a dropped row gets ``row.extra["dropped"]``."""
    for row in rows:
        fixes = corrections.get(row.key)
        if not fixes:
            continue
        before = {}
        for field, c in fixes.items():
            if field == "drop":
                row.extra["dropped"] = c
                continue
            before[field] = row.record.get(field)
            row.record[field] = list(c.value) if isinstance(c.value, list) else c.value
        if before:
            row.extra["corrected"] = before
    return rows


def describe(row: linkdb.Row) -> list[str]:
    """What a person changed on this row, in words for the checklist's notes."""
    return [f"人工更正{LABEL[field]}：{_shown(old)} → {_shown(row.record.get(field))}"
            for field, old in (row.extra.get("corrected") or {}).items()]


def _shown(value) -> str:
    return "、".join(value) if isinstance(value, list) else (value or "（无）")


__all__ = ["correct", "restore", "corrections_by_target", "apply", "describe", "Correction",
           "CorrectionError", "FIELDS"]
