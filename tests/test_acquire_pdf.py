"""PDFs come back as their body text, one paragraph per line, or as a one-line reason why not."""

import pytest
from builders import (POLICY_PARAGRAPHS, TTF_PATH, pdf_without_unicode_map, register_cid_font,
                      register_ttf_font, scanned_pdf, typeset_pdf)

from policydocs.acquire import load
from policydocs.errors import InputError

TITLE = "关于印发医共体建设实施方案的通知"
HEADER = "某某市人民政府办公室文件"


def assert_reads_back(pdf, crosses_pages=True):
    document = load(pdf.path)
    if crosses_pages:
        assert pdf.split_paragraphs, "the layout must break a paragraph across pages for this test to mean anything"
    assert document.format == "pdf"
    assert document.text == pdf.expected_text
    assert document.anchors == [(start, f"page {number}") for number, start in enumerate(pdf.page_starts, 1)]
    return document


@pytest.mark.parametrize("page_number", [
    "- {n} -", "—{n}—", "－{n}－", "第{n}页", "第{n}页 共{total}页", "{n}/{total}", "{n}",
])
def test_two_page_notice_is_rebuilt_paragraph_by_paragraph(tmp_path, page_number):
    pdf = typeset_pdf(tmp_path / "notice.pdf", POLICY_PARAGRAPHS, title=TITLE, header=HEADER,
                      page_number=page_number, lines_per_page=10)
    document = assert_reads_back(pdf)
    assert document.meta["pages"] == "2"


def test_page_anchor_points_inside_the_paragraph_that_crosses_the_break(tmp_path):
    pdf = typeset_pdf(tmp_path / "notice.pdf", POLICY_PARAGRAPHS, header=HEADER, lines_per_page=10)
    document = assert_reads_back(pdf)
    page_two = pdf.page_starts[1]
    crossing = POLICY_PARAGRAPHS[pdf.split_paragraphs[0]]
    assert document.locate(page_two - 1) == "page 1"
    assert document.locate(page_two) == "page 2"
    assert document.text.index(crossing) < page_two < document.text.index(crossing) + len(crossing)


def test_paragraphs_marked_by_spacing_instead_of_indents(tmp_path):
    pdf = typeset_pdf(tmp_path / "plain.pdf", POLICY_PARAGRAPHS, header=HEADER, indent=0,
                      paragraph_gap=0.6, lines_per_page=10)
    assert_reads_back(pdf)


@pytest.mark.parametrize("indent, gap", [(2, 0.0), (0, 0.6)], ids=["indents", "spacing"])
def test_line_ends_at_the_margin_do_not_decide_paragraphs(tmp_path, indent, gap):
    first_line = 28 - indent  # characters that fit on a paragraph's first line (28 on the others)
    filler = ("各县区要按照本方案要求结合实际制定具体实施细则并认真组织实施确保各项任务落到实处"
              "市直有关部门要密切配合形成工作合力定期通报工作进展情况")
    assert len(filler) >= first_line + 27
    sentence_at_margin = filler[: first_line - 1] + "。" + "市卫生健康委要加强督促指导。"
    fills_two_lines = filler[: first_line + 27] + "。"  # its last line is full, yet it ends
    paragraphs = [POLICY_PARAGRAPHS[0], sentence_at_margin, fills_two_lines] + POLICY_PARAGRAPHS[1:]
    pdf = typeset_pdf(tmp_path / "margin.pdf", paragraphs, header=HEADER, indent=indent,
                      paragraph_gap=gap, lines_per_page=10)
    document = assert_reads_back(pdf, crosses_pages=False)
    assert document.text.split("\n")[1:3] == [sentence_at_margin, fills_two_lines]


def test_embedded_truetype_font(tmp_path):
    if not TTF_PATH.exists():
        pytest.skip("needs fonts-wqy-microhei (apt) for an embedded CJK TrueType font")
    pdf = typeset_pdf(tmp_path / "ttf.pdf", POLICY_PARAGRAPHS, title=TITLE, header=HEADER,
                      lines_per_page=10, font=register_ttf_font())
    assert_reads_back(pdf)


def test_properties_go_to_meta(tmp_path):
    pdf = typeset_pdf(tmp_path / "notice.pdf", POLICY_PARAGRAPHS[:2])
    meta = load(pdf.path).meta
    assert meta["title"] == "关于印发医共体建设实施方案的通知"
    assert meta["author"] == "某某市卫生健康委员会"
    assert meta["created"][:4].isdigit() and meta["created"][4] == "-"


def test_single_page_keeps_everything_but_the_page_number_and_the_running_header(tmp_path):
    # nothing repeats on one page: the header is known by its small type in the top margin
    pdf = typeset_pdf(tmp_path / "one.pdf", POLICY_PARAGRAPHS[:2], title=TITLE, header=HEADER, lines_per_page=40)
    assert load(pdf.path).text == "\n".join([TITLE] + POLICY_PARAGRAPHS[:2])


def test_scanned_pdf_is_refused(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(InputError) as raised:
        load(path)
    assert str(raised.value) == f"{path}: no text layer (scanned PDF?): run OCR first"


def test_scanned_page_among_text_pages_is_a_warning(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from PIL import Image

    path = tmp_path / "mixed.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(register_cid_font(), 16)
    pdf.drawString(72, 700, POLICY_PARAGRAPHS[0])
    pdf.showPage()
    pdf.drawImage(ImageReader(Image.new("L", (50, 50), 128)), 72, 400)
    pdf.showPage()
    pdf.save()
    document = load(path)
    assert document.text == POLICY_PARAGRAPHS[0]
    assert document.warnings == ["no text layer on page 2 (scanned pages?): their text is missing"]


def test_font_without_unicode_map_names_the_page(tmp_path):
    path = pdf_without_unicode_map(tmp_path / "cid.pdf")
    with pytest.raises(InputError) as raised:
        load(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: unreadable text on page 1 ")
    assert "(cid:N)" in message and "\n" not in message


def test_password_protected_pdf_is_refused(tmp_path):
    pdf = typeset_pdf(tmp_path / "secret.pdf", POLICY_PARAGRAPHS[:2], encrypt="123456")
    with pytest.raises(InputError) as raised:
        load(pdf.path)
    assert str(raised.value).startswith(f"{pdf.path}: encrypted PDF")


def test_truncated_download_is_refused(tmp_path):
    pdf = typeset_pdf(tmp_path / "full.pdf", POLICY_PARAGRAPHS, lines_per_page=10)
    data = pdf.path.read_bytes()
    with pytest.raises(InputError) as raised:
        load("cut.pdf", data=data[: len(data) // 2])
    assert str(raised.value) == "cut.pdf: truncated or corrupt PDF (no end-of-file marker)"


def test_corrupt_pdf_body_is_refused_in_one_line(tmp_path):
    pdf = typeset_pdf(tmp_path / "full.pdf", POLICY_PARAGRAPHS, lines_per_page=10)
    data = pdf.path.read_bytes()
    broken = data[:9] + b"\x00garbage\x00" * 200 + data[-200:]  # header and trailer kept, objects gone
    with pytest.raises(InputError) as raised:
        load("broken.pdf", data=broken)
    assert str(raised.value).startswith("broken.pdf: corrupt PDF (")
    assert "\n" not in str(raised.value)


def test_html_error_page_saved_as_pdf_is_read_as_html():
    page = "<html><body><h1>404 页面不存在</h1></body></html>".encode("utf-8")
    document = load("report.pdf", data=page)
    assert document.format == "html"
    assert "contains HTML" in document.warnings[0]


def test_text_named_pdf_is_refused():
    with pytest.raises(InputError) as raised:
        load("report.pdf", data="这不是PDF文件".encode("utf-8"))
    assert str(raised.value) == "report.pdf: corrupt PDF (no %PDF- header)"
