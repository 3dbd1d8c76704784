"""Notes that name a task's units and time limit (（责任单位：…）, 牵头单位： lines), and task tables
of 方案 and 分工 documents: one row per task, cells joined by tabs (html, docx) or pipes.

    序号  工作任务  目标要求               责任单位               完成时限
    1     村卫生室  新建改建村卫生室25个   县卫健局、各乡镇政府   2024年10月底

A row's units and time limit sit in the columns its header names; they become a note in the form the
fields already read (责任单位：…；完成时限：…).
"""

from __future__ import annotations

import re

from policydocs.knowledge.vocabulary import pattern, words

CELL_MARKS = "\t|｜"
# The note a column's cell becomes (the labels of our own note, which fields reads), and the
# vocabulary's list of the headers that name that column.
_HEADS = (("责任单位", "lead_unit_column"), ("配合单位", "partner_unit_column"), ("完成时限", "time_limit_column"))


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    if line.startswith(("|", "｜")) and len(line) > 2:
        return [c.strip() for c in re.split(r"[|｜]", line.strip("|｜"))]
    return None


def row_note(text: str, pos: int) -> str:
    """The note a table row at ``pos`` gives its task ("" when ``pos`` is in no such row)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    row = _cells(text[start : end if end >= 0 else len(text)])
    if not row:
        return ""
    k, lines_seen = start - 1, 0
    while k > 0 and lines_seen < 40:  # the header: the nearest row above that names the columns
        prev_start = text.rfind("\n", 0, k) + 1
        header = _cells(text[prev_start:k])
        if header is None:
            return ""
        # (a table may have several columns of one label, 牵头单位 | 责任单位: the units of each, in order)
        columns: dict[str, list[int]] = {}
        for i, cell in enumerate(header):
            for label, names in _HEADS:
                if cell in words(names):
                    columns.setdefault(label, []).append(i)
        if columns:
            notes = {label: "、".join(row[i] for i in found if i < len(row) and row[i]) for label, found in columns.items()}
            return "".join(f"（{label}：{cells}）" for label, cells in notes.items() if cells)
        k, lines_seen = prev_start - 1, lines_seen + 1
    return ""


def with_notes(text: str, sent) -> str:
    """The sentence plus the notes that name units for it: a parenthetical right after it
    (…实施方案。（责任单位：市医保局）), one that closes its paragraph (the task's note covers each of
    its sentences), and 牵头单位：/配合单位： lines right under the paragraph, as 方案 write them."""
    tail = text[sent.end : sent.end + 80]
    m = re.match(r"\s?[（(][^）)\n]*[）)]", tail)
    line_end = text.find("\n", sent.end)
    line_end = len(text) if line_end < 0 else line_end
    notes = [m.group()] if m else []
    closing = _CLOSING_NOTE.search(text, sent.end, line_end)
    if closing:  # (a note with parentheses inside, 各县（市、区）医保局, is the closing one read whole)
        notes = notes if m and closing.start() >= sent.end + m.end() else []
        notes.append(closing.group())
    notes.append(_UNIT_LINES.match(text, line_end).group())
    notes.append(row_note(text, sent.start))
    return text[sent.start : sent.end] + "".join(notes)


# A note opens with a label the field reader reads in it (fields: _LABEL, _TIME_LABEL).
_UNIT_LABEL = r"(?:{unit_label}|{time_limit_label})[:：]"
_CLOSING_NOTE = pattern(rf"(?:[（(]{_UNIT_LABEL}[^\n]*[）)]|{_UNIT_LABEL}[^\n]*)\s*$", re.M)
_UNIT_LINES = pattern(rf"(?:(?:\n[ \t　]*)+[（(]?{_UNIT_LABEL}[^\n]*)*")
