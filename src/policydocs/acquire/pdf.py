"""PDF → body text: one paragraph per line, running headers, footers and page numbers removed.

Chinese PDFs wrap lines mid-sentence and carry no paragraph marks, so paragraphs are rebuilt
from geometry: a line continues the previous one when that one runs to the right margin, and a
new paragraph starts at a first-line indent, after a short line, after a wider vertical gap,
or at a heading marker such as 一、 or （一）. The same rule joins paragraphs across page breaks,
and across the columns of a page set in two (each column is its own text block). Where the lines
come from, which are page furniture, and how a two-column page is read: :mod:`.pdf_layout`.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from policydocs.acquire.document import RawDocument
from policydocs.acquire.pdf_layout import Line, Page, drop_furniture, lines_of, page_chars, split_columns
from policydocs.errors import InputError

_FULL_LINE_SLACK = 1.6  # ems a wrapped line may fall short of the right margin (避头尾, ASCII words)
_INDENT = 1.0  # ems right of the left margin that count as a first-line indent
_PARAGRAPH_GAP = 1.3  # line pitch multiple that marks extra space between paragraphs
_CID = re.compile(r"\(cid:\d+\)")
_UNREADABLE_SHARE = 0.1  # pages with more (cid:N) glyphs than this are unreadable, not half-right

_HEADING = re.compile(
    r"第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[①-⑳]"
    r"|附件\s*\d*[：:]?\s*$"
)
_SENTENCE_END = tuple("。！？；：!?;:")
_CLOSING = "".join(_SENTENCE_END) + "）)”’》」』】"  # what a line before a heading may end with
# pdfminer logs every repair it makes to a broken file; the user gets our one-line verdict instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
_PLACEHOLDER_META = {"", "untitled", "unspecified", "anonymous", "(anonymous)", "(unspecified)", "(untitled)"}


@dataclass
class _Geometry:
    em: float
    pitch: float  # usual distance between consecutive line tops
    indents: bool  # whether the document marks paragraphs by first-line indents
    gaps: bool  # ... or by extra space between them


def load_pdf(data: bytes, source: str) -> RawDocument:
    if b"%%EOF" not in data[-2048:]:
        raise InputError(source, "truncated or corrupt PDF (no end-of-file marker)")
    pages, meta = _read(data, source)
    warnings = _check_text_layer(pages, source)
    drop_furniture(pages)
    split_columns(pages)
    text, anchors = _rebuild_paragraphs(pages)
    if not text.strip():
        raise InputError(source, "no body text left after removing headers, footers and page numbers")
    meta["pages"] = str(len(pages))
    return RawDocument(source=source, format="pdf", text=text, meta=meta, warnings=warnings, anchors=anchors)


def _read(data: bytes, source: str) -> tuple[list[Page], dict[str, str]]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            meta = _metadata(pdf.metadata)
            pages = [_page(page) for page in pdf.pages]
    except Exception as err:  # pdfminer raises anything from PSEOF to KeyError on broken files
        raise InputError(source, _describe_failure(err)) from None
    if not pages:
        raise InputError(source, "corrupt PDF (no pages)")
    return pages, meta


def _describe_failure(err: Exception) -> str:
    cause = err.args[0] if isinstance(err, PdfminerException) and err.args else err
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
        return "encrypted PDF: remove the password (or print to a new PDF) first"
    detail = (str(cause).splitlines() or [""])[0].strip()
    detail = detail if len(detail) <= 80 else detail[:77] + "..."
    return f"corrupt PDF ({detail or type(cause).__name__})"


def _page(page) -> Page:
    layout = page.layout
    read = Page(page.page_number, float(layout.width), float(layout.height), lines_of(page_chars(layout)))
    page.close()  # its layout is read: let it go (a 300-page PDF need not hold every page's objects)
    return read


def _metadata(info: dict) -> dict[str, str]:
    meta = {}
    for key, name in (("Title", "title"), ("Author", "author"), ("CreationDate", "created")):
        value = info.get(key)
        if isinstance(value, bytes):
            value = value.decode("utf-8", errors="replace")
        if not isinstance(value, str) or value.strip().lower() in _PLACEHOLDER_META:
            continue
        value = value.strip().removeprefix("Microsoft Word - ")
        meta[name] = _pdf_date(value) if name == "created" else value
    return meta


def _pdf_date(value: str) -> str:
    """D:20240315103000+08'00' → 2024-03-15T10:30:00+08:00 (as much as is given)."""
    match = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?)?", value)
    if not match:
        return value
    year, month, day, hour, minute, second, zone = match.groups()
    date = "-".join(part for part in (year, month, day) if part)
    if hour:
        date += f"T{hour}:{minute or '00'}:{second or '00'}"
        if zone:
            zone = zone.replace("'", "")
            date += "Z" if zone in "Zz" else f"{zone[:3]}:{zone[3:5] or '00'}"
    return date


def _check_text_layer(pages: list[Page], source: str) -> list[str]:
    if not any(page.lines for page in pages):
        raise InputError(source, "no text layer (scanned PDF?): run OCR first")
    unreadable = []
    for page in pages:
        text = "".join(line.text for line in page.lines)
        codes = len(_CID.findall(text))
        glyphs = len(_CID.sub("", text)) + codes
        if codes and codes > _UNREADABLE_SHARE * glyphs:
            unreadable.append(page.number)
    if unreadable:
        raise InputError(source, f"unreadable text on {_page_list(unreadable)} (font without a Unicode map, "
                                 "text comes out as (cid:N)): run OCR first")
    warnings = []
    for page in pages:
        for line in page.lines:
            if _CID.search(line.text):  # a few stray glyphs: drop them, but say so
                line.text = _CID.sub("", line.text)
                warnings.append(f"page {page.number}: dropped unreadable glyphs (cid:N)")
        page.lines = [line for line in page.lines if line.text.strip()]
    blank = [page.number for page in pages if not page.lines]
    if blank:
        warnings.append(f"no text layer on {_page_list(blank)} (scanned pages?): their text is missing")
    return list(dict.fromkeys(warnings))


def _page_list(numbers: list[int]) -> str:
    return ("page " if len(numbers) == 1 else "pages ") + ", ".join(map(str, numbers))


def _geometry(pages: list[Page]) -> _Geometry:
    """The document's text block, which each line not in a column takes as its edges."""
    lines = [line for page in pages for line in page.lines]
    em = statistics.median(line.em for line in lines)
    block = [line for line in lines if line.left is None] or lines
    # The left margin is where most lines start; the right margin is where most lines end
    # (pure-CJK lines all end there); ties go to the outermost value.
    left = min(_modes(line.x0 for line in block))
    right = max(_modes(line.x1 for line in block if line.x1 - line.x0 > 4 * em) or [max(line.x1 for line in block)])
    for line in lines:
        if line.left is None:
            line.left, line.right = left, right
    pitches = [b.top - a.top for page in pages for a, b in zip(page.lines, page.lines[1:]) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else 1.5 * em
    # An indented line that also runs to the right margin opens a paragraph (a centred title does not).
    indents = any(line.x0 >= line.left + _INDENT * em and line.x1 >= line.right - _FULL_LINE_SLACK * em
                  for line in lines)
    # Spacing counts as the paragraph mark only if it recurs (not just the gap under a title).
    gaps = sum(step > _PARAGRAPH_GAP * pitch for step in pitches) >= 3
    return _Geometry(em, pitch, indents, gaps)


def _modes(values) -> list[float]:
    counts = Counter(round(value) for value in values)
    if not counts:
        return []
    top = max(counts.values())
    return [float(value) for value, count in counts.items() if count == top]


def _starts_paragraph(prev: Line, line: Line, geo: _Geometry, same_page: bool) -> bool:
    em = geo.em
    full = prev.x1 >= prev.right - _FULL_LINE_SLACK * em
    # A heading marker opens a paragraph, unless the line before runs on to the margin mid-sentence:
    # then the "marker" is the rest of a figure or list the line break cut (G21 | 9、G318).
    if _HEADING.match(line.text) and not (full and prev.text[-1:] not in _CLOSING):
        return True
    if line.x0 >= line.left + _INDENT * em:  # first-line indent (or a centred title)
        return True
    if not full:  # the previous line stopped short
        return True
    if same_page and line.top - prev.top > _PARAGRAPH_GAP * geo.pitch:
        return True
    # With neither indents nor spacing, a full line ending a sentence is the best sign left.
    return not (geo.indents or geo.gaps) and prev.text.endswith(_SENTENCE_END)


def _join(left: str, right: str) -> str:
    """Separator for a line break inside a paragraph: a space between two Latin words, else none
    (Chinese has no spaces, and a number broken across lines is still one number)."""
    def latin(char: str) -> bool:
        return char.isascii() and char.isalpha()

    return " " if latin(left[-1:]) and latin(right[:1]) else ""


def _rebuild_paragraphs(pages: list[Page]) -> tuple[str, list[tuple[int, str]]]:
    if not any(page.lines for page in pages):
        return "", []
    geo = _geometry([page for page in pages if page.lines])
    parts: list[str] = []
    anchors: list[tuple[int, str]] = []
    length = 0
    prev: Line | None = None
    for page in pages:
        for index, line in enumerate(page.lines):
            if prev is None:
                sep = ""
            elif _starts_paragraph(prev, line, geo, same_page=index > 0):
                sep = "\n"
            else:
                sep = _join(prev.text, line.text)
            length += len(sep)
            if index == 0:
                anchors.append((length, f"page {page.number}"))
            parts.append(sep + line.text)
            length += len(line.text)
            prev = line
    return "".join(parts), anchors
