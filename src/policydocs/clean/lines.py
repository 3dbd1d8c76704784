"""Lines with their place in the source: the unit the text-level cleaner works on."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Indents and padding that pages carry: ASCII space, tab, NBSP, ideographic space, zero-width chars.
_PAD = " \t\u00a0\u3000\u200b\u200c\u200d\ufeff\u2002\u2003\u2009"


@dataclass
class Line:
    text: str
    source_start: int | None  # span in the decoded source (RawDocument.text)
    source_end: int | None

    def joined(self, other: "Line", text: str | None = None) -> "Line":
        start = self.source_start if self.source_start is not None else other.source_start
        end = other.source_end if other.source_end is not None else self.source_end
        return Line(self.text + other.text if text is None else text, start, end)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, stripped of padding, each with its span in ``text``."""
    lines = []
    for m in re.finditer(r"[^\r\n]+", text):
        raw = m.group()
        stripped = raw.strip(_PAD)
        if not stripped:
            continue
        lead = len(raw) - len(raw.lstrip(_PAD))
        start = m.start() + lead
        lines.append(Line(stripped, start, start + len(stripped)))
    return lines


def strip_pad(text: str) -> str:
    return text.strip(_PAD)


# Lines that end a paragraph or stand alone: sentence ends, list bullets, headings.
_ENDS_PARAGRAPH = tuple("。！？；：!?;:…”」』）)") + ("——",)
# grammar: how a list item or heading opens (bullets, 一、, （一）, 1., ——, 第一，)
_STARTS_ITEM = re.compile(r"^([•·●▪◆◇■□○►▶‣∙・\-*]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．](?!\d)|——|第[一二三四五六七八九十]+[，,、])")


def _looks_inline(prev: str, nxt: str) -> bool:
    """A fragment on either side, or a figure cut from its unit (74.4 / 万亿元)."""
    return len(prev) <= 12 or len(nxt) <= 12 or prev[-1].isascii() and prev[-1].isalnum()


def join_inline_breaks(lines: list[Line], source: str) -> list[Line]:
    """Rejoin lines broken by inline elements in text copied from a web page.

    Only in a text whose paragraphs are separated by blank lines: there a single line break inside
    a block (``广义货币M`` / ``2`` / ``增长13.6%``) is where a link or subscript stood, not a
    paragraph break, unless the line ends a sentence or the next starts an item.
    """
    if len(lines) < 4 or source.count("\n\n") < len(lines) // 3:
        return lines
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and prev.source_end is not None and line.source_start is not None
                and "\n\n" not in source[prev.source_end : line.source_start].replace("\r", "")
                and not prev.text.endswith(_ENDS_PARAGRAPH) and not _STARTS_ITEM.match(line.text)
                and _looks_inline(prev.text, line.text)):
            glue = " " if prev.text[-1].isascii() and prev.text[-1].isalpha() and line.text[0].isascii() and line.text[0].isalpha() else ""
            out[-1] = prev.joined(line, prev.text + glue + line.text)
            continue
        out.append(line)
    return out
