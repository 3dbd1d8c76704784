"""export_statements(): the stored statements as spec records (docs/statements.md).

Each record is ``Statement.to_record()`` of the statement rebuilt from its row: exactly the keys of
``SPEC_FIELDS``, in that order, the same values the extractor produced. JSON Lines is the gold
format; CSV (UTF-8 with BOM so that Excel and WPS detect the encoding) joins ``responsible`` with
"、". ``with_offsets`` appends ``start``, ``end`` and ``section_path`` (provenance, not spec).

The text comes from pages strangers wrote (``policydocs.output_safety``): a CSV text cell that a
spreadsheet could read as a formula gets a leading apostrophe, numbers stay numbers; JSON Lines is
exact JSON with the Unicode line separators escaped, so that each record stays on one line.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import IO, Iterator

import sqlite_utils

from policydocs.extract.statement import SPEC_FIELDS, Statement
from policydocs.output_safety import csv_cell, json_line
from policydocs.store.db import DEFAULT_DB, open_db

FORMATS = ("jsonl", "csv")
OFFSET_FIELDS = ("start", "end", "section_path")
_COLUMNS = SPEC_FIELDS + ("start", "end", "section_path", "confidence")


def iter_statements(db: str | Path | sqlite_utils.Database = DEFAULT_DB) -> Iterator[Statement]:
    """Stored statements as Statement objects, by document id then in extraction order."""
    conn = open_db(db, create=False).conn
    cols = ", ".join(f'st."{c}"' for c in _COLUMNS)
    for row in conn.execute(f"SELECT {cols} FROM statements st JOIN documents d ON d.id = st.document_id"
                            " ORDER BY d.doc, st.id"):
        values = dict(zip(_COLUMNS, row))
        values["responsible"] = json.loads(values["responsible"] or "[]")
        values["section_path"] = json.loads(values["section_path"] or "[]")
        yield Statement(**values)


def records(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, with_offsets: bool = False) -> Iterator[dict]:
    for st in iter_statements(db):
        record = st.to_record()
        if with_offsets:
            record.update(start=st.start, end=st.end, section_path=st.section_path)
        yield record


def export_statements(db: str | Path | sqlite_utils.Database = DEFAULT_DB, out: str | Path | IO[str] | None = None,
                      *, fmt: str = "jsonl", with_offsets: bool = False) -> int:
    """Write every stored statement to ``out`` (a path, a text stream; None: stdout); returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if out is None:
        out = sys.stdout
    if hasattr(out, "write"):
        return _write(db, out, fmt, with_offsets)
    # newline="" so that the csv module's \r\n row ends reach the file as they are
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with open(out, "w", encoding=encoding, newline="") as fh:
        return _write(db, fh, fmt, with_offsets)


def export_text(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, fmt: str = "jsonl",
                with_offsets: bool = False) -> str:
    buf = io.StringIO()
    export_statements(db, buf, fmt=fmt, with_offsets=with_offsets)
    return buf.getvalue()


def _write(db, fh: IO[str], fmt: str, with_offsets: bool) -> int:
    n = 0
    if fmt == "jsonl":
        for record in records(db, with_offsets=with_offsets):
            fh.write(json_line(record) + "\n")
            n += 1
        return n
    fields = list(SPEC_FIELDS) + (list(OFFSET_FIELDS) if with_offsets else [])
    writer = csv.DictWriter(fh, fieldnames=fields)
    writer.writeheader()
    for record in records(db, with_offsets=with_offsets):
        record["responsible"] = "、".join(record["responsible"])
        if with_offsets:
            record["section_path"] = " > ".join(record["section_path"])
        writer.writerow({k: "" if v is None else csv_cell(v) for k, v in record.items()})
        n += 1
    return n
