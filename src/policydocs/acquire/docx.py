"""Word .docx → body text: paragraphs and headings as lines, table rows as tab-separated lines."""

from __future__ import annotations

import io
from datetime import datetime

import docx
from docx.table import Table

from policydocs.acquire.document import RawDocument
from policydocs.errors import InputError


def load_docx(data: bytes, source: str) -> RawDocument:
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
    except Exception as err:  # zipfile, lxml and python-docx each raise their own kinds on broken files
        raise InputError(source, f"corrupt or not a Word .docx file ({type(err).__name__}: {err})") from None
    lines: list[str] = []
    anchors: list[tuple[int, str]] = []
    offset = 0
    for locator, block_lines in blocks:
        anchors.append((offset, locator))
        for line in block_lines:
            lines.append(line)
            offset += len(line) + 1
    if not lines:
        raise InputError(source, "empty document: no text in the body of the .docx")
    return RawDocument(source=source, format="docx", text="\n".join(lines),
                       meta=_core_properties(document), anchors=anchors)


def _blocks(document):
    """(locator, lines) for each non-empty paragraph and each table row, in document order."""
    paragraph_number = table_number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            table_number += 1
            for row_number, row in enumerate(block.rows, 1):
                line = _row_text(row)
                if line:
                    yield f"table {table_number} row {row_number}", [line]
        else:
            lines = _paragraph_lines(block)
            if lines:
                paragraph_number += 1
                yield f"paragraph {paragraph_number}", lines


def _paragraph_lines(paragraph) -> list[str]:
    # A manual line break (Shift+Enter) shows as a new line in Word: keep it one.
    return [line.strip() for line in paragraph.text.split("\n") if line.strip()]


def _row_text(row) -> str:
    cells = []
    seen = set()
    for cell in row.cells:
        if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
            continue
        seen.add(id(cell._tc))
        cells.append(_cell_text(cell))
    return "\t".join(cells).strip()


def _cell_text(cell) -> str:
    parts = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):  # a table inside a cell: flatten its rows
            parts.extend(filter(None, (_row_text(row) for row in block.rows)))
        else:
            parts.extend(_paragraph_lines(block))
    return " ".join(parts).replace("\t", " ")


def _core_properties(document) -> dict[str, str]:
    props = document.core_properties
    meta = {}
    for name, value in (("title", props.title), ("author", props.author), ("created", props.created)):
        if isinstance(value, datetime):
            value = value.isoformat()
        if value and str(value).strip():
            meta[name] = str(value).strip()
    return meta
