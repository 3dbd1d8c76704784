"""Reports: the checklist (台账) of targets, their actuals and status, in xlsx, csv, md or html.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> from policydocs.report import checklist, checklist_rows
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> reports = ["corpora/govreport/2018_国务院政府工作报告.txt", "corpora/govreport/2019_国务院政府工作报告.txt"]
    >>> _ = ingest(reports, db=db)
    >>> checklist(db, f"{tmp.name}/台账.xlsx", "xlsx", region="全国", as_of="2019-03-05")   # its rows
    96
    >>> row = checklist_rows(db, as_of="2019-03-05", due_before="2018-12-31")[0]
    >>> row["指标"], row["目标值"], row["实际值"], row["完成率"], row["状态"]
    ('国内生产总值增长', '约6.5%', '6.6%（2018年）', '101.5%', '已完成')

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
