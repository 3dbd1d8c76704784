"""Checklist as CSV: UTF-8 with a BOM, so that Excel and WPS open it with the right encoding.

The first row is the headers; no title row, so that the file stays a plain table for other tools.
An empty checklist gets one row holding the note. A cell that Excel would read as a formula
(starting with = + @, a tab, or a - not followed by a digit) is prefixed with an apostrophe: the
sentences come from web pages, and a page must not be able to put a formula in someone's sheet.
"""

from __future__ import annotations

import csv
from typing import IO

from policydocs.report.checklist import EMPTY_NOTE, HEADERS, Checklist


def write_csv(sheet: Checklist, out: str | IO[str]) -> None:
    if hasattr(out, "write"):
        _write(sheet, out)
        return
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:  # newline="": csv writes \r\n itself
        _write(sheet, fh)


def _write(sheet: Checklist, fh: IO[str]) -> None:
    writer = csv.writer(fh)
    writer.writerow(HEADERS)
    for row in sheet.rows:
        writer.writerow([_safe(row[h]) for h in HEADERS])
    if not sheet.rows:
        writer.writerow([f"（{EMPTY_NOTE}{sheet.filter_line}）"] + [""] * (len(HEADERS) - 1))


def _safe(value) -> str:
    if not isinstance(value, str):
        return value
    if value[:1] in ("=", "+", "@", "\t", "\r") or (value[:1] == "-" and not value[1:2].isdigit()):
        return "'" + value
    return value
