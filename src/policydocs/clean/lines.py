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
