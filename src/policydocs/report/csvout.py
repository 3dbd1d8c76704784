"""Checklist as CSV: UTF-8 with a BOM, so that Excel and WPS open it with the right encoding.

The first row is the headers; no title row, so that the file stays a plain table for other tools.
An empty checklist gets one row holding the note. Every text cell goes through
``output_safety.csv_cell`` (a formula-like cell gets an apostrophe): the sentences come from web
pages, and a page must not be able to put a formula in someone's sheet. 完成率 is a number the
checklist wrote (``94.0%``, ``-150.0%``) and stays one, as in the xlsx.
"""

from __future__ import annotations

import csv
import re
from typing import IO

from policydocs.output_safety import csv_cell
from policydocs.report.checklist import EMPTY_NOTE, HEADERS, Checklist

_SHARE = re.compile(r"-?\d+(?:\.\d+)?%")  # what format_share writes


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
        writer.writerow([_cell(h, row[h]) for h in HEADERS])
    if not sheet.rows:
        writer.writerow([f"（{EMPTY_NOTE}{sheet.filter_line}）"] + [""] * (len(HEADERS) - 1))


def _cell(header: str, value):
    if header == "完成率" and isinstance(value, str) and _SHARE.fullmatch(value):
        return value
    return csv_cell(value)
