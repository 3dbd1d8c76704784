"""PDFs typeset at test time in the layouts offices and gazettes print: one column of 3号 text as
a 公文, or two justified columns of 5号 text as a 政府公报, with a running header in small type,
a centred title, page numbers, a 版记 at the foot of the last page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builders import register_cid_font

A4 = (595.0, 842.0)


@dataclass
class Layout:
    columns: int = 1
    size: float = 16.0  # body type size (3号 = 16pt, 5号 = 10.5pt)
    leading: float = 28.0
    left: float = 79.0  # margins (公文: 28 mm left, 26 mm right, 37 mm top, 35 mm bottom)
    right: float = 74.0
    top: float = 105.0
    bottom: float = 99.0
    gutter: float = 24.0
    indent: float = 2.0  # ems of first-line indent
    title_size: float = 22.0
    header: tuple[str, str] | None = None  # (left, right) text of a running header in small type
    odd_even: tuple[str, str] | None = None  # a header on odd pages (at the left), another on even ones (right)
    header_size: float = 9.0
    footer: str | None = None  # a running footer line in small type
    page_number: str | None = "— {n} —"
    imprint: list[str] = field(default_factory=list)  # 版记 lines closing the last page, in 4号
    justify: bool = True


GAZETTE = dict(columns=2, size=10.5, leading=17.0, left=56.0, right=56.0, top=78.0, bottom=70.0, gutter=21.0,
               title_size=16.0, header=("宁川市人民政府公报", "2024年第5期"))


@dataclass
class Typeset:
    path: Path
    expected: str  # the text a reader should get back: title and paragraphs, one per line
    pages: int


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _wrap(text: str, width: float, first: float, font: str, size: float) -> list[tuple[str, float, bool]]:
    """(text, x offset, full) lines of one paragraph, wrapped greedily like a word processor."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, start, offset = [], 0, first
    while start < len(text):
        end = start + 1
        while end < len(text) and offset + stringWidth(text[start:end + 1], font, size) <= width:
            end += 1
        if end < len(text) and _latin(text[end - 1]) and _latin(text[end]):
            back = end - 1  # a Latin word or a figure is not broken: it moves to the next line whole
            while back > start and _latin(text[back - 1]):
                back -= 1
            end = back if back > start else end
        lines.append((text[start:end], offset, end < len(text)))
        start, offset = end, 0.0
    return lines


def typeset(path: Path, paragraphs: list[str], layout: Layout, *, title: str | None = None,
            font: str | None = None) -> Typeset:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = font or register_cid_font()
    width, height = A4
    column_width = (width - layout.left - layout.right - (layout.columns - 1) * layout.gutter) / layout.columns
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setTitle(title or "")
    page = 1
    column = 0
    y = height - layout.top

    def furniture():
        if layout.header:
            pdf.setFont(font, layout.header_size)
            left_text, right_text = layout.header
            pdf.drawString(layout.left, height - 48, left_text)
            pdf.drawRightString(width - layout.right, height - 48, right_text)
            pdf.line(layout.left, height - 53, width - layout.right, height - 53)
        if layout.odd_even:
            pdf.setFont(font, layout.header_size)
            if page % 2:
                pdf.drawString(layout.left, height - 48, layout.odd_even[0])
            else:
                pdf.drawRightString(width - layout.right, height - 48, layout.odd_even[1])
        if layout.footer:
            pdf.setFont(font, layout.header_size)
            pdf.drawCentredString(width / 2, 52, layout.footer)
        if layout.page_number:
            pdf.setFont(font, layout.header_size + 3)
            pdf.drawCentredString(width / 2, 32, layout.page_number.format(n=page))

    def next_slot():
        nonlocal column, y, page, column_top
        column += 1
        y = column_top
        if column == layout.columns:
            furniture()
            pdf.showPage()
            page += 1
            column = 0
            y = column_top = height - layout.top

    if title:
        pdf.setFont(font, layout.title_size)
        pdf.drawCentredString(width / 2, y - layout.title_size, title)
        y -= layout.title_size + 1.6 * layout.leading
    column_top = y
    for paragraph in paragraphs:
        for text, offset, full in _wrap(paragraph, column_width, layout.indent * layout.size, font, layout.size):
            if y - layout.size < layout.bottom:
                next_slot()
            x = layout.left + column * (column_width + layout.gutter) + offset
            pdf.setFont(font, layout.size)
            line = pdf.beginText(x, y - layout.size)
            line.setFont(font, layout.size)
            natural = stringWidth(text, font, layout.size)
            if layout.justify and full and len(text) > 1:  # spread the line to the column's edge, as Word does
                line.setCharSpace((column_width - offset - natural) / (len(text) - 1))
            line.textOut(text)
            pdf.drawText(line)
            y -= layout.leading
    if layout.imprint:
        y = max(y - layout.leading, layout.bottom + len(layout.imprint) * 24)
        pdf.line(layout.left, y + 4, width - layout.right, y + 4)
        for text in layout.imprint:
            pdf.setFont(font, 14)
            pdf.drawString(layout.left + 14, y - 18, text)
            y -= 24
    furniture()
    pdf.showPage()
    pdf.save()
    body = ([title] if title else []) + list(paragraphs) + list(layout.imprint)
    return Typeset(path, "\n".join(body), page)
