"""From the working draft to the CleanDocument: final text, offsets, gaps and flags."""

from __future__ import annotations

import re

from policydocs.clean.boilerplate import Draft
from policydocs.clean.document import CleanDocument, Flag, Gap, Paragraph
from policydocs.clean.repair import MARK_END, MARK_INDEX, MARK_START, Change

# Placeholders staff fill in: XX市, ××, ***, *市, 某某. Flagged, never removed.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XxＸ]{2,}|×{2,}|[XxＸ×](?=[市县区省镇乡村局委办院]))(?![A-Za-z])"
    r"|\*{2,}|＊{2,}|(?<![A-Za-z0-9*])\*(?=[\u4e00-\u9fff])|某某"
)
_PLACEHOLDER_OPENERS = "XxＸ×*＊某"  # every placeholder match starts with one of these
_CLAUSE_END = "，,。；;：:！？!?"
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})
# A half-width mark that ends a Chinese clause (after a Chinese character or closing mark) or opens
# one (25%,低于; 》,进一步); a colon between digits (17:30) is neither.
_HALF_PUNCT_NEAR_CJK = re.compile(r"(?<=[\u4e00-\u9fff”）》])[,;:?!]|[,;:?!](?=[\u4e00-\u9fff“（《])"
                                  r"|[()](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[()]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def to_full_width(text: str) -> str:
    """Half-width punctuation of Chinese text in full width, one character for one (offsets hold);
    straight double quotes become “ ” on a line of Chinese that holds them in pairs.

    >>> to_full_width('全省平均水平仅为25%,低于"两个允许"(试行)。17:30开放')
    '全省平均水平仅为25%，低于“两个允许”（试行）。17:30开放'
    """
    text = _HALF_PUNCT_NEAR_CJK.sub(lambda m: m.group().translate(_FULL_WIDTH), text)
    if '"' in text:
        text = "\n".join(_pair_quotes(line) for line in text.split("\n"))
    return text


def _pair_quotes(line: str) -> str:
    if line.count('"') % 2 or not _CJK.search(line):
        return line
    parts = line.split('"')
    return "".join(part + ("“" if k % 2 == 0 else "”") for k, part in enumerate(parts[:-1])) + parts[-1]


def _unmark(text: str, base: int, repairs: list[Change], flags: list[Flag]) -> str:
    """Strip repair marks from a paragraph, turning each into a flag with its final offset."""
    if MARK_START not in text and MARK_END not in text:
        return text  # nearly every paragraph: skip the walk over its characters
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == MARK_START and i + 1 < len(text):
            change = repairs[ord(text[i + 1]) - MARK_INDEX]
            end = text.find(MARK_END, i + 2)
            end = len(text) if end < 0 else end
            span = text[i + 2 : end]
            flags.append(Flag(change.kind, span, base + len("".join(out)),
                              f"{change.original} -> {change.replacement}: {change.detail}"))
            out.append(span)
            i = end + 1
            continue
        if ch != MARK_END:
            out.append(ch)
        i += 1
    return "".join(out)


def _last_clause(text: str, limit: int = 40) -> str:
    cut = max(text.rfind(p, 0, len(text) - 1) for p in _CLAUSE_END)
    return text[cut + 1 :][-limit:]


def assemble(draft: Draft, title: str | None, repairs: list[Change], *, full_width: bool = False) -> CleanDocument:
    flags: list[Flag] = []
    parts: list[str] = []
    offset = 0
    if title:
        title = _unmark(title, 0, repairs, flags)
        parts.append(title)
        offset = len(title) + 1
    paragraphs: list[Paragraph] = []
    gaps: list[Gap] = []
    for line in draft.lines:
        text = to_full_width(line.text) if full_width else line.text
        text = _unmark(text, offset, repairs, flags)
        paragraphs.append(Paragraph(text, offset, line.source_start, line.source_end))
        for pending in draft.gaps.get(id(line), []):
            gaps.append(Gap(
                offset=offset + len(text), after=_last_clause(text), omitted_chars=pending.omitted_chars,
                reason=pending.reason, notice=pending.notice,
                total_chars=pending.total_chars, shown_chars=pending.shown_chars,
            ))
        parts.append(text)
        offset += len(text) + 1
    text = "\n".join(parts)
    # The regex opens with a lookbehind, so it is tried at every position: look for its first
    # characters first (most documents have none).
    if any(c in text for c in _PLACEHOLDER_OPENERS):
        for m in _PLACEHOLDER.finditer(text):
            context = re.split(r"[，,。；;：:、！？\s“”\"]", text[m.start() : m.end() + 8])[0]
            flags.append(Flag("placeholder", m.group(), m.start(), context))
    flags.sort(key=lambda f: (f.offset is None, f.offset or 0))
    return CleanDocument(source="", title=title, text=text, paragraphs=paragraphs,
                         gaps=gaps, flags=flags, removed=draft.removed)
