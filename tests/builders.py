"""Build test inputs at test time: policy text, typeset PDFs, Word files."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

# Written for these tests in the style of a municipal notice. 埇 喆 镕 堃 are GBK-only:
# a decoder that reads gb2312-labelled pages as GB2312 loses them.
POLICY_PARAGRAPHS = [
    "一、总体要求",
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，坚持以人民健康为中心，"
    "推动优质医疗资源扩容下沉和区域均衡布局，加快构建分级诊疗格局，为建设健康城市提供有力保障。",
    "二、重点任务",
    "（一）推进紧密型县域医共体建设。到2025年底，全市县域医共体覆盖率达到90%以上，基层诊疗量占比"
    "达到65%，县域内就诊率稳定在90%左右，群众看病就医负担明显减轻。",
    "（二）提升基层服务能力。全年培训乡村医生1200人次，新建标准化村卫生室30个，埇桥区、"
    "喆园街道和镕城镇率先完成改造任务，确保群众就近就医。",
    "（三）加强组织保障。各县区要明确责任分工，市卫生健康委负责统筹协调，李堃同志牵头建立工作台账，"
    "每季度调度一次推进情况。",
]
POLICY_TEXT = "\n".join(POLICY_PARAGRAPHS) + "\n"
GBK_ONLY = "埇喆镕堃"

# Traditional Chinese as a Taiwan or Hong Kong office would write it: all of it encodable in Big5.
TRADITIONAL_TEXT = (
    "一、總體要求\n"
    "堅持以人民健康為中心，推動優質醫療資源擴容下沉和區域均衡佈局，加快構建分級診療格局。\n"
    "二、重點任務\n"
    "（一）推進緊密型醫療共同體建設。到2025年底，覆蓋率達到90%以上，基層診療量占比達到65%。\n"
)

CID_FONT = "STSong-Light"  # built into reportlab: no font file needed
TTF_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # apt: fonts-wqy-microhei


def register_cid_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def register_ttf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(TTF_PATH), subfontIndex=0))
    return "WQY"


@dataclass
class TypesetPdf:
    """A PDF typeset like an official document, and what its text layer should come back as."""

    path: Path
    expected_text: str  # one paragraph per line, headers and page numbers gone
    page_starts: list[int]  # offset in expected_text where each page's body text starts
    split_paragraphs: list[int] = field(default_factory=list)  # paragraphs that cross a page break


def typeset_pdf(path: Path, paragraphs: list[str], *, title: str | None = None, header: str | None = None,
                page_number: str | None = "- {n} -", lines_per_page: int = 12, indent: int = 2,
                paragraph_gap: float = 0.0, font: str | None = None, encrypt: str | None = None) -> TypesetPdf:
    """Wrap ``paragraphs`` greedily at the right margin like a word processor (a first-line indent
    of ``indent`` ems, or ``paragraph_gap`` extra leading between paragraphs), with an optional
    centred title on page 1, a running ``header`` and ``page_number`` ("{n}" page, "{total}")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    font = font or register_cid_font()
    width, height, left, right, size, leading = 595, 842, 72.0, 523.0, 16, 28
    lines = []  # (paragraph index, offset in paragraph, text, x)
    for index, paragraph in enumerate(paragraphs):
        start, x = 0, left + indent * size
        while start < len(paragraph):
            end = start + 1
            while end < len(paragraph) and x + stringWidth(paragraph[start:end + 1], font, size) <= right:
                end += 1
            lines.append((index, start, paragraph[start:end], x))
            start, x = end, left
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]

    pdf = canvas.Canvas(str(path), pagesize=(width, height), encrypt=encrypt)
    pdf.setTitle("关于印发医共体建设实施方案的通知")
    pdf.setAuthor("某某市卫生健康委员会")
    for number, page in enumerate(pages, 1):
        if header:
            pdf.setFont(font, 10)
            pdf.drawString(left, height - 50, header)
            pdf.line(left, height - 56, right, height - 56)
        y = height - 100
        if title and number == 1:
            pdf.setFont(font, 22)
            pdf.drawCentredString(width / 2, y, title)
            y -= 2 * leading
        pdf.setFont(font, size)
        previous = None
        for index, _, text, x in page:
            if previous is not None and index != previous:
                y -= paragraph_gap * leading
            pdf.drawString(x, y, text)
            y -= leading
            previous = index
        if page_number:
            pdf.setFont(font, 12)
            pdf.drawCentredString(width / 2, 40, page_number.format(n=number, total=len(pages)))
        pdf.showPage()
    pdf.save()

    body = ([title] if title else []) + paragraphs
    starts, offset = [], 0
    for paragraph in body:
        starts.append(offset)
        offset += len(paragraph) + 1
    shift = 1 if title else 0
    page_starts = [0] + [starts[page[0][0] + shift] + page[0][1] for page in pages[1:]]
    split = [page[0][0] for page in pages[1:] if page[0][1] > 0]
    return TypesetPdf(path, "\n".join(body), page_starts, split)


def scanned_pdf(path: Path) -> Path:
    """A page that is only a picture of text, as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 280, 20):
        draw.rectangle((30, row, 370, row + 8), fill=0)  # dark bars where lines of print would be
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    for _ in range(2):
        pdf.drawImage(ImageReader(image), 50, 200, width=495, height=371)
        pdf.showPage()
    pdf.save()
    return path


def pdf_without_unicode_map(path: Path) -> Path:
    """Text drawn with an Identity-H font that has no ToUnicode map: extractors see (cid:N)."""
    content = b"BT /F1 14 Tf 72 700 Td <0011002200330044005500660077008800990100> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0"
        b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def word_document(path: Path) -> Path:
    """A notice with a heading, body paragraphs (and empty ones), a table with a merged cell."""
    from datetime import datetime, timezone

    import docx

    document = docx.Document()
    document.core_properties.title = "关于印发医共体建设实施方案的通知"
    document.core_properties.author = "某某市卫生健康委员会"
    document.core_properties.created = datetime(2024, 3, 15, 10, 30, tzinfo=timezone.utc)
    document.add_heading("某某市推进紧密型县域医共体建设实施方案", level=1)
    document.add_paragraph(POLICY_PARAGRAPHS[1])
    document.add_paragraph("")  # blank lines people type between paragraphs
    document.add_heading("二、重点任务", level=2)
    document.add_paragraph(POLICY_PARAGRAPHS[3])
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([("序号", "任务", "完成时限"),
                                 ("1", "新建标准化村卫生室30个", "2024年底前"),
                                 ("2", "培训乡村医生1200人次", "")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    table.cell(2, 1).merge(table.cell(2, 2))  # the last row's task runs into the deadline column
    document.add_paragraph(POLICY_PARAGRAPHS[5])
    document.save(str(path))
    return path


WORD_DOCUMENT_LINES = [
    "某某市推进紧密型县域医共体建设实施方案",
    POLICY_PARAGRAPHS[1],
    "二、重点任务",
    POLICY_PARAGRAPHS[3],
    "序号\t任务\t完成时限",
    "1\t新建标准化村卫生室30个\t2024年底前",
    "2\t培训乡村医生1200人次",
    POLICY_PARAGRAPHS[5],
]


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
