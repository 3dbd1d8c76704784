"""Checklist as a Markdown (GFM) table, with the title, filters and counts above it.

Every piece of text goes through ``output_safety.md_inline``, so that nothing in a sentence can
end a cell, start a link, emphasis or code, or become raw HTML: ``| \\ ` * _ [ ] < > & ~`` are
backslash-escaped (CommonMark lets any ASCII punctuation be escaped) and line breaks become spaces.
"""

from __future__ import annotations

from typing import IO

from policydocs.output_safety import md_inline
from policydocs.report.checklist import EMPTY_NOTE, HEADERS, Checklist

_RIGHT = {"序号", "完成率"}


def render_md(sheet: Checklist) -> str:
    lines = [f"# {md_inline(sheet.title)}", "", f"{md_inline(sheet.filter_line)}  ",
             f"{md_inline(sheet.summary_line)}", ""]
    lines.append("| " + " | ".join(HEADERS) + " |")
    lines.append("|" + "|".join("---:" if h in _RIGHT else "---" for h in HEADERS) + "|")
    for row in sheet.rows:
        lines.append("| " + " | ".join(md_inline(row[h]) for h in HEADERS) + " |")
    if not sheet.rows:
        lines += ["", f"*{EMPTY_NOTE}*"]
    return "\n".join(lines) + "\n"


def write_md(sheet: Checklist, out: str | IO[str]) -> None:
    text = render_md(sheet)
    if hasattr(out, "write"):
        out.write(text)
        return
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)

