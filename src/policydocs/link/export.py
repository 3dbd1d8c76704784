"""export_links(): one line per target with its actual, status, score, 完成率, reasons and review.

JSON Lines: ``{"target": spec record, "actual": spec record or null, "status", "score", "share",
"reasons", "review", "target_key", "actual_key", "as_of"}`` (the keys after ``review`` let a person
act on a line and let ``eval link`` recompute statuses for another date). CSV (UTF-8 with BOM):
the target's and actual's spec fields prefixed ``target_``/``actual_``, then the same columns.
Both are made harmless the way store.export's are (``policydocs.output_safety``): formula-like CSV
text behind an apostrophe, numbers as numbers, JSON Lines with the Unicode line separators escaped.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import IO

import sqlite_utils

from policydocs.extract.statement import SPEC_FIELDS
from policydocs.link.model import LinkedTarget
from policydocs.link.targets import linked_targets, parse_day
from policydocs.output_safety import csv_cell, json_line
from policydocs.store.db import DEFAULT_DB

FORMATS = ("jsonl", "csv")
_TAIL = ("status", "score", "share", "reasons", "review", "target_key", "actual_key", "as_of")


def line(lt: LinkedTarget, as_of: str) -> dict:
    return {"target": lt.target.record, "actual": lt.actual.record if lt.actual else None, "status": lt.status,
            "score": lt.score, "share": lt.share, "reasons": lt.reasons, "review": lt.review,
            "target_key": lt.target.key, "actual_key": lt.actual.key if lt.actual else None, "as_of": as_of}


def export_links(db: str | Path | sqlite_utils.Database = DEFAULT_DB, out: str | Path | IO[str] | None = None,
                 fmt: str = "jsonl", as_of=None, **filters) -> int:
    """Write one line per target to ``out`` (path, text stream, None: stdout); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    day = parse_day(as_of)
    rows = linked_targets(db, as_of=day, **filters)
    if out is None:
        out = sys.stdout
    if hasattr(out, "write"):
        return _write(rows, out, fmt, day)
    with open(out, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
        return _write(rows, fh, fmt, day)


def _flat(prefix: str, record: dict | None) -> dict:
    record = record or {}
    out = {}
    for name in SPEC_FIELDS:
        v = record.get(name)
        if name == "responsible":
            v = "、".join(v or [])
        out[f"{prefix}_{name}"] = "" if v is None else v
    return out


def _write(rows: list[LinkedTarget], fh: IO[str], fmt: str, day: str) -> int:
    if fmt == "jsonl":
        for lt in rows:
            fh.write(json_line(line(lt, day)) + "\n")
        return len(rows)
    fields = [f"target_{n}" for n in SPEC_FIELDS] + [f"actual_{n}" for n in SPEC_FIELDS] + list(_TAIL)
    writer = csv.DictWriter(fh, fieldnames=fields)
    writer.writeheader()
    for lt in rows:
        d = line(lt, day)
        row = {**_flat("target", d["target"]), **_flat("actual", d["actual"])}
        for name in _TAIL:
            v = d[name]
            row[name] = "；".join(v) if isinstance(v, list) else ("" if v is None else v)
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return len(rows)
