"""Reports: the checklist (台账) of targets, their actuals and status, in xlsx, csv, md or html.

    >>> from policydocs.report import checklist, checklist_rows
    >>> n = checklist("policydocs.db", "台账.xlsx", "xlsx", region="保定市", as_of="2024-06-30")
    >>> rows = checklist_rows("policydocs.db", due_before="2024-01-01")   # [{"序号": 1, "指标": ...}, ...]

Rows come only from :func:`policydocs.link.linked_targets`; :mod:`policydocs.report.checklist`
turns them into cells once, and each format lays those cells out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from policydocs.report.checklist import (EMPTY_NOTE, FORMATS, HEADERS, Checklist, ChecklistError, build,
                                         checklist_rows, format_value, resolve_format, rows_from_targets)

__all__ = ["checklist", "checklist_rows", "rows_from_targets", "write", "build", "Checklist", "ChecklistError",
           "HEADERS", "FORMATS", "EMPTY_NOTE", "format_value", "resolve_format"]


def write(sheet: Checklist, out: str | Path | IO, fmt: str) -> None:
    """Lay ``sheet`` out as ``fmt`` into ``out`` (a path; a text stream for csv, md, html).

    A path is written through a temporary file beside it and then replaced, so that a failure
    never leaves half a checklist where yesterday's whole one was.
    """
    if fmt not in FORMATS:
        raise ChecklistError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if hasattr(out, "write"):
        _write(sheet, out, fmt)
        return
    path = Path(out)
    if not path.parent.is_dir():  # say so before openpyxl half-writes a stream it cannot close
        raise OSError(2, f"no directory {path.parent}")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _write(sheet, tmp, fmt)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write(sheet: Checklist, out, fmt: str) -> None:
    if fmt == "xlsx":
        from policydocs.report.xlsx import write_xlsx

        write_xlsx(sheet, out)
    elif fmt == "csv":
        from policydocs.report.csvout import write_csv

        write_csv(sheet, out)
    elif fmt == "md":
        from policydocs.report.markdown import write_md

        write_md(sheet, out)
    elif fmt == "html":
        from policydocs.report.html import write_html

        write_html(sheet, out)


def checklist(db, out: str | Path | IO, fmt: str, **filters) -> int:
    """Write the checklist of ``db`` to ``out`` as ``fmt``; returns the number of rows.

    ``filters``: as_of, region, responsible, due_before, query, include_templates (see
    :func:`policydocs.link.linked_targets`).
    """
    if fmt not in FORMATS:
        raise ChecklistError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    sheet = build(db, **filters)
    write(sheet, out, fmt)
    return len(sheet.rows)
