"""PDFs as they are printed: a 政府公报 in two columns reads column by column, not across; a
running header goes even when nothing repeats it (one page, odd/even headers), known by its small
type in the page's margin; the title, the body and the 版记 at the foot of the page stay."""

from pathlib import Path

import pdfplumber
import pytest
from builders import POLICY_PARAGRAPHS, TTF_PATH, register_cid_font, register_ttf_font
from pdf_layouts import GAZETTE, Layout, typeset

from policydocs.acquire import load
from policydocs.clean import clean
from policydocs.segment import segment

ROOT = Path(__file__).resolve().parent.parent
WORKPOINTS = (ROOT / "corpora" / "local" / "county_workpoints_2026.txt").read_text(encoding="utf-8")
TITLE, *BODY = [line.strip() for line in WORKPOINTS.splitlines() if line.strip()]


FONTS = [pytest.param(None, id="cid-font"),
         pytest.param("ttf", id="embedded-ttf", marks=pytest.mark.skipif(
             not TTF_PATH.exists(), reason="needs fonts-wqy-microhei (apt; .ci/run installs it)"))]


@pytest.mark.parametrize("font", FONTS)
def test_a_two_column_gazette_reads_column_by_column(tmp_path, font):
    font = register_ttf_font() if font else register_cid_font()
    pdf = typeset(tmp_path / "公报.pdf", BODY, Layout(**GAZETTE), title=TITLE, font=font)
    assert pdf.pages >= 2
    document = load(pdf.path)
    assert document.text == pdf.expected  # every paragraph whole, in order, across columns and pages
    assert "宁川市人民政府公报" not in document.text and "2024年第5期" not in document.text


def test_the_last_page_half_full_reads_as_the_others(tmp_path):
    # the last page holds a few lines in each column: too few to show its columns by itself
    for n in range(len(BODY)):
        pdf = typeset(tmp_path / "公报.pdf", BODY[:n], Layout(**GAZETTE), title=TITLE)
        if pdf.pages == 2:
            break
    with pdfplumber.open(pdf.path) as opened:
        last = opened.pages[-1].extract_text_lines()
    assert len(last) < 10
    assert load(pdf.path).text == pdf.expected


def test_the_heading_tree_of_a_gazette_survives(tmp_path):
    pdf = typeset(tmp_path / "公报.pdf", BODY, Layout(**GAZETTE), title=TITLE)
    doc = clean(pdf.path)
    sections = [s for s in segment(doc.text).sections if not s.inline]
    assert [s.marker for s in sections if s.level == 1] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    assert [s.marker for s in sections if s.level == 2][:4] == ["1.", "2.", "3.", "4."]


def test_a_one_page_notice_in_two_columns(tmp_path):
    pdf = typeset(tmp_path / "通知.pdf", POLICY_PARAGRAPHS, Layout(**GAZETTE), title="关于推进医共体建设的通知")
    assert pdf.pages == 1
    assert load(pdf.path).text == pdf.expected


def task_table(path: Path) -> Path:
    """A task table printed in a PDF: 序号 | 工作任务 (wrapped in its cell) | 牵头单位 | 完成时限."""
    from reportlab.pdfgen import canvas

    font = register_cid_font()
    rows = [("1", ["新建标准化村卫生室40个，", "改造村卫生室120个"], "市卫生健康局", "2026年9月底前"),
            ("2", ["培训乡村医生1200人次，", "覆盖全部乡镇"], "市卫生健康局", "2026年10月底前"),
            ("3", ["改造提升农村公路120公", "里，新建桥梁8座"], "市交通运输局", "2026年10月底前"),
            ("4", ["新增普惠性幼儿园学位", "2000个"], "市教育局", "2026年8月底前"),
            ("5", ["城镇新增就业9000人以", "上"], "市人力资源社会保障局", "2026年12月底前")]
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont(font, 16)
    pdf.drawCentredString(297, 760, "2026年重点工作任务分工表")
    y = 700
    pdf.setFont(font, 12)
    for x, head in ((60, "序号"), (110, "工作任务"), (330, "牵头单位"), (460, "完成时限")):
        pdf.drawString(x, y, head)
    for serial, task, unit, limit in rows:
        y -= 40
        pdf.drawString(66, y, serial)
        for k, part in enumerate(task):
            pdf.drawString(110, y - 16 * k, part)
        pdf.drawString(330, y, unit[:8])
        if len(unit) > 8:
            pdf.drawString(330, y - 16, unit[8:])
        pdf.drawString(460, y, limit)
    pdf.showPage()
    pdf.save()
    return path


def test_a_table_is_not_read_as_two_columns(tmp_path):
    text = load(task_table(tmp_path / "分工表.pdf")).text
    for task, unit, limit in (("新建标准化村卫生室40个", "市卫生健康局", "2026年9月底前"),
                              ("改造提升农村公路120公", "市交通运输局", "2026年10月底前"),
                              ("城镇新增就业9000人以", "市人力资源", "2026年12月底前")):
        line = next(line for line in text.split("\n") if task in line)
        assert unit in line and limit in line  # each row's cells stay on its line


NOTICE = ["各县（市、区）卫生健康局，委机关各处室：",
          "为推动优质医疗资源扩容下沉，现就推进紧密型县域医共体建设有关事项通知如下。"] + POLICY_PARAGRAPHS[2:4]
IMPRINT = ["抄送：市委办公室，市政府办公室。", "宁川市卫生健康委员会办公室 2024年3月15日印发"]  # (blanks read as one space)


def test_a_one_page_notice_loses_its_running_header_and_footer_and_keeps_its_imprint(tmp_path):
    layout = Layout(header=("宁川市卫生健康委员会", "政务公开"), footer="本文件来源：宁川市人民政府门户网站",
                    page_number=None, imprint=IMPRINT)
    pdf = typeset(tmp_path / "通知.pdf", NOTICE, layout, title="关于推进紧密型县域医共体建设的通知")
    assert pdf.pages == 1
    text = load(pdf.path).text
    assert text == pdf.expected  # title, body and 版记 (set at the body's spacing) kept
    assert "政务公开" not in text and "门户网站" not in text


def test_a_header_in_body_type_is_not_taken_for_furniture(tmp_path):
    # the first line in the top band, in the body's own type: a line of the document (份号, 密级)
    layout = Layout(header=("000123", "特急"), header_size=16.0, page_number=None)
    pdf = typeset(tmp_path / "通知.pdf", NOTICE, layout, title="关于推进紧密型县域医共体建设的通知")
    assert load(pdf.path).text.split("\n")[0] == "000123 特急"


def test_odd_and_even_running_headers_go(tmp_path):
    # 公报名 on odd pages, 期号 on even ones: neither repeats on most pages
    layout = Layout(odd_even=("宁川市人民政府公报", "2024年第5期"), page_number="{n}")
    pdf = typeset(tmp_path / "公报.pdf", BODY, layout, title=TITLE)
    assert pdf.pages >= 4
    text = load(pdf.path).text
    assert "宁川市人民政府公报" not in text and "2024年第5期" not in text
    assert text == pdf.expected


def test_a_heading_in_fake_bold_reads_once(tmp_path):
    # WPS prints a bold the font lacks by drawing each glyph again 0.4 pt to the right
    from reportlab.pdfgen import canvas

    path = tmp_path / "通知.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont(register_cid_font(), 16)
    for dx in (0, 0.4, 0.8):
        pdf.drawString(111 + dx, 700, "一、总体要求")
    pdf.drawString(111, 672, "谢谢大家，各县（市、区）要明确责任分工。")  # 谢谢: a character twice is still twice
    pdf.drawString(111, 644, "线上线下Mall和Hawaii11个。")  # so are narrow Latin letters and digits side by side
    pdf.showPage()
    pdf.save()
    assert load(path).text == "一、总体要求\n谢谢大家，各县（市、区）要明确责任分工。\n线上线下Mall和Hawaii11个。"
