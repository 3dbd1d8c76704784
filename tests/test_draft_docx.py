"""The docx draft in the layout offices use (GB/T 9704-2012), read back from its XML: page, grid,
faces, page numbers, and what is missing or doubtful highlighted with a comment. (How it looks is
checked by rendering it: bench/render_draft.py; these tests keep the properties without LibreOffice.)"""

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from policydocs.clean import clean
from policydocs.cli import cli
from policydocs.report.draft_docx import write_draft_docx

ROOT = Path(__file__).resolve().parents[1]
SEED_001 = ROOT / "corpora" / "seeds" / "001_00576c6514847a99.txt"  # a gap of 887 characters, a *市 placeholder
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
MM = 1440 / 25.4  # twips

SPEECH = "\n".join([
    "在全市医保基金监管工作会议上的讲话",
    "——在全市医保基金监管工作会议上",
    "（2026年1月27日）",
    "同志们：",
    "今年以来，全市医保基金监管工作取得明显成效，追回违规基金120万元，XX医院整改到位。",
    "一、提高政治站位。各地要把基金监管摆在突出位置。",
    "（一）压实监管责任",
    "1.加强日常检查。全年检查定点医药机构200家。",
    "（1）规范检查程序。检查结果在7个工作日内公开。",
    "二、强化协同治理",
    "市医疗保障局",
    "2026年1月27日",
])


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def part(path: Path, name: str):
    return etree.fromstring(zipfile.ZipFile(path).read(name))


@pytest.fixture(scope="module")
def seed_draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "001.docx"
    write_draft_docx(clean(SEED_001), path)
    return path


@pytest.fixture(scope="module")
def speech_draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "speech.docx"
    write_draft_docx(clean(SPEECH), path)
    return path


def paragraph(path: Path, starting: str):
    body = part(path, "word/document.xml").find("w:body", NS)
    for p in body.findall("w:p", NS):
        if "".join(p.itertext()).startswith(starting):
            return p
    raise AssertionError(f"no paragraph starts with {starting!r}")


def faces(p) -> list[tuple[str, str]]:
    """(text, East Asian face or '' when the run takes the style's) of each run."""
    out = []
    for r in p.findall("w:r", NS):
        fonts = r.find("w:rPr/w:rFonts", NS)
        out.append(("".join(t.text or "" for t in r.findall("w:t", NS)), "" if fonts is None else fonts.get(w("eastAsia"))))
    return out


def test_page_is_a4_with_the_standards_margins_and_text_block(seed_draft):
    sect = part(seed_draft, "word/document.xml").find("w:body/w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    width, height = int(size.get(w("w"))), int(size.get(w("h")))
    assert (width, height) == (11906, 16838)  # A4
    top, left = int(margins.get(w("top"))), int(margins.get(w("left")))
    right, bottom = int(margins.get(w("right"))), int(margins.get(w("bottom")))
    assert abs(top - 37 * MM) <= MM and abs(left - 28 * MM) <= MM  # 天头 37 mm ±1, 订口 28 mm ±1
    assert abs(width - left - right - 156 * MM) < 1 and abs(height - top - bottom - 225 * MM) < 1  # 版心 156 × 225 mm


def test_body_grid_is_22_lines_of_28_characters(seed_draft):
    styles = part(seed_draft, "word/styles.xml")
    sect = part(seed_draft, "word/document.xml").find("w:body/w:sectPr", NS)
    margins = sect.find("w:pgMar", NS)
    text_width = 11906 - int(margins.get(w("left"))) - int(margins.get(w("right")))
    text_height = 16838 - int(margins.get(w("top"))) - int(margins.get(w("bottom")))
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "exact"
    line = int(spacing.get(w("line")))
    assert 22 * line <= text_height < 23 * line
    assert sect.find("w:docGrid", NS).get(w("linePitch")) == str(line)
    size = int(normal.find("w:rPr/w:sz", NS).get(w("val"))) * 10  # half points -> twips
    char = size + int(normal.find("w:rPr/w:spacing", NS).get(w("val")))
    assert size == 320  # 3号, 16 pt
    assert 28 * char <= text_width < 29 * char
    indent = normal.find("w:pPr/w:ind", NS)
    assert indent.get(w("firstLineChars")) == "200"  # 空二字
    assert normal.find("w:pPr/w:widowControl", NS).get(w("val")) == "0"


def test_faces_title_body_and_heading_levels(speech_draft):
    styles = part(speech_draft, "word/styles.xml")
    fonts = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == "仿宋_GB2312" and not fonts.get(w("eastAsiaTheme"))
    title = paragraph(speech_draft, "在全市医保基金监管工作会议上的讲话")
    assert title.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    run = title.find("w:r/w:rPr", NS)
    assert run.find("w:rFonts", NS).get(w("eastAsia")) == "方正小标宋简体"
    assert run.find("w:sz", NS).get(w("val")) == "44"  # 2号, 22 pt
    assert faces(paragraph(speech_draft, "一、")) == [("一、提高政治站位。", "黑体"), ("各地要把基金监管摆在突出位置。", "")]
    assert faces(paragraph(speech_draft, "（一）")) == [("（一）压实监管责任", "楷体_GB2312")]
    assert faces(paragraph(speech_draft, "1.")) == [("1.加强日常检查。全年检查定点医药机构200家。", "")]
    assert faces(paragraph(speech_draft, "（1）")) == [("（1）规范检查程序。检查结果在7个工作日内公开。", "")]
    levels = {text: paragraph(speech_draft, text).find("w:pPr/w:outlineLvl", NS).get(w("val"))
              for text in ("在全市", "一、", "（一）", "1.", "（1）", "二、")}
    assert levels == {"在全市": "0", "一、": "1", "（一）": "2", "1.": "3", "（1）": "4", "二、": "1"}


def test_fonts_name_fallbacks_that_word_and_wps_resolve(seed_draft):
    table = part(seed_draft, "word/fontTable.xml")
    alt = {f.get(w("name")): f.find("w:altName", NS).get(w("val")).split(",")
           for f in table.findall("w:font", NS) if f.find("w:altName", NS) is not None}
    assert alt["仿宋_GB2312"][0] == "仿宋"
    assert alt["楷体_GB2312"][0] == "楷体"
    assert alt["方正小标宋简体"][:2] == ["华文中宋", "宋体"]


def test_speech_lines_under_the_title_addressee_and_closing(speech_draft):
    for text in ("——在全市", "（2026年1月27日）"):
        p = paragraph(speech_draft, text)
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == "center"
        assert faces(p)[0][1] == "楷体_GB2312"
    addressee = paragraph(speech_draft, "同志们：").find("w:pPr/w:ind", NS)
    assert addressee.get(w("firstLineChars")) == "0"  # 顶格
    issuer, date = paragraph(speech_draft, "市医疗保障局"), paragraph(speech_draft, "2026年1月27日")
    assert issuer.find("w:pPr/w:jc", NS).get(w("val")) == date.find("w:pPr/w:jc", NS).get(w("val")) == "right"
    assert date.find("w:pPr/w:ind", NS).get(w("right")) == str(4 * 320)  # 成文日期右空四字
    assert int(issuer.find("w:pPr/w:ind", NS).get(w("right"))) > 4 * 320  # the shorter issuer centred over it


def test_an_issuer_longer_than_the_date_stands_two_characters_in():
    from policydocs.report.draft_docx import paragraph_roles
    from policydocs.report.draft_layout import load_layout

    roles = paragraph_roles(["今年以来，工作取得明显成效。", "市医疗保障局市卫生健康委员会", "2026年1月27日"], load_layout())
    issuer, date = roles[-2:]
    assert (issuer.kind, date.kind) == ("closing", "closing")
    assert issuer.right_chars == 2 and date.right_chars > 2  # the date centred under the issuer


def test_page_numbers_are_dashed_odd_right_even_left(seed_draft):
    document = Document(str(seed_draft))
    assert part(seed_draft, "word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = etree.fromstring(footer.part.blob).find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == align
        assert "".join(p.itertext()) == "—  PAGE 1 —"  # — 1 — around the PAGE field
        assert [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))] == ["begin", "separate", "end"]
        run = p.find("w:r/w:rPr", NS)
        assert run.find("w:rFonts", NS).get(w("ascii")) == "宋体"  # 半角宋体 digits
        assert run.find("w:sz", NS).get(w("val")) == "28"  # 4号


def test_gap_and_placeholder_are_highlighted_with_a_comment_saying_why(seed_draft):
    document = Document(str(seed_draft))
    comments = {c.comment_id: c.text for c in document.comments}
    gap = paragraph(seed_draft, "〔此处原网页省略887字〕")
    run = gap.find("w:r", NS)
    assert run.find("w:rPr/w:highlight", NS).get(w("val")) == "yellow"
    gap_comment = comments[int(gap.find("w:commentRangeStart", NS).get(w("id")))]
    assert "887字" in gap_comment and "覆盖全市80%的乡镇卫生院和社区卫生服务中心" in gap_comment
    placeholder = paragraph(seed_draft, "一是加快推进分级诊疗制度建设")
    marked = [r for r in placeholder.findall("w:r", NS) if r.find("w:rPr/w:highlight", NS) is not None]
    assert ["".join(r.itertext()) for r in marked] == ["*"]
    start = placeholder.find("w:commentRangeStart", NS)
    assert "占位符" in comments[int(start.get(w("id")))] and "*市经验" in comments[int(start.get(w("id")))]
    assert "〔以下原网页未显示〕" in "".join(part(seed_draft, "word/document.xml").itertext())


def test_repairs_and_conversions_are_commented(tmp_path):
    path = tmp_path / "002.docx"
    write_draft_docx(clean(ROOT / "corpora" / "seeds" / "002_35706bc6a251dbf9.txt"), path)
    comments = [c.text for c in Document(str(path)).comments]
    assert any(c.startswith("乱码修复") and "「?,F」" in c and "「。现」" in c for c in comments)
    assert any("繁体已转为简体" in c for c in comments)


def test_punctuation_is_full_width_in_the_draft_only(seed_draft, tmp_path):
    text = "".join(part(seed_draft, "word/document.xml").itertext())
    assert "25%，低于全省" in text and "各县（区）分管领导" in text and "同志们：" in text
    assert "25%,低于全省" in clean(SEED_001).text  # the cleaned text (and its gold) keep the page's marks
    half = tmp_path / "half.docx"
    write_draft_docx(clean(SEED_001), half, full_width=False)
    assert "25%,低于全省" in "".join(part(half, "word/document.xml").itertext())


def test_cli_layout_plain_and_no_full_width(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["clean", str(SEED_001), "-o", str(out), "--format", "docx"])
    assert result.exit_code == 0, result.output
    official = Document(str(out / f"{SEED_001.stem}.docx"))
    assert official.sections[0].page_width == 11906 * 635  # A4 (EMU)
    assert "各县（区）" in "\n".join(p.text for p in official.paragraphs)
    result = runner.invoke(cli, ["clean", str(SEED_001), "-o", str(out), "--format", "docx",
                                 "--layout", "plain", "--no-full-width"])
    assert result.exit_code == 0, result.output
    plain = Document(str(out / f"{SEED_001.stem}.docx"))
    assert plain.paragraphs[0].style.name.startswith("Heading")
    assert "各县(区)" in "\n".join(p.text for p in plain.paragraphs)
    txt = runner.invoke(cli, ["clean", str(SEED_001)])
    assert "各县(区)" in txt.output  # txt is the cleaned text itself
    assert "各县（区）" in runner.invoke(cli, ["clean", str(SEED_001), "--full-width"]).output


def test_a_users_layout_replaces_the_shipped_one(own_extractors, tmp_path):
    shipped = (ROOT / "extractors" / "layouts" / "gbt9704.toml").read_text(encoding="utf-8")
    (own_extractors / "layouts").mkdir()
    (own_extractors / "layouts" / "gbt9704.toml").write_text(
        shipped.replace('face = "仿宋_GB2312"', 'face = "方正仿宋_GBK"'), encoding="utf-8")
    path = tmp_path / "gbk.docx"
    write_draft_docx(clean(SPEECH), path)
    fonts = part(path, "word/styles.xml").find("w:style[@w:styleId='Normal']/w:rPr/w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == "方正仿宋_GBK"


def test_a_broken_layout_is_one_error_naming_the_file(own_extractors, tmp_path):
    (own_extractors / "layouts").mkdir()
    (own_extractors / "layouts" / "gbt9704.toml").write_text("[page]\nwidth_mm = 0\n", encoding="utf-8")
    page = tmp_path / "speech.txt"
    page.write_text(SPEECH, encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(page), "-o", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].startswith(f"error: {own_extractors / 'layouts' / 'gbt9704.toml'}: ")


def test_a_report_head_centres_the_speaker_and_puts_the_addressee_at_the_margin(tmp_path):
    text = ("2026年某省政府工作报告\n——2026年1月26日在某省第十四届人民代表大会第五次会议上\n某省省长 王 某\n"
            "各位代表：\n现在，我代表省人民政府，向大会报告政府工作，请予审议。\n")
    source = tmp_path / "report.txt"
    source.write_text(text, encoding="utf-8")
    path = tmp_path / "report.docx"
    write_draft_docx(clean(source), path)
    speaker = paragraph(path, "某省省长")
    assert speaker.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    assert paragraph(path, "各位代表：").find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "0"
