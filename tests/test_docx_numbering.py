"""Word's automatic numbering comes back as Word shows it (一、 （一） 1. （1）), so a plan whose
numbers were never typed keeps its heading tree; restarts, start values and overrides count as in Word."""

from pathlib import Path

import pytest
from office_files import OUTLINE, TASKS, W_NS, WordFile, numbered_report

from policydocs.acquire import load
from policydocs.acquire.docx_numbering import number_text
from policydocs.clean import clean
from policydocs.segment import segment

ROOT = Path(__file__).resolve().parent.parent


def plan(path: Path) -> Path:
    """A 实施方案 as an office writes it in Word: headings numbered by their styles, tasks by a list
    of their own restarted under each （一）, one task with sub-items."""
    word = WordFile()
    word.paragraph("宁川市推进紧密型县域医共体建设实施方案")
    word.paragraph("为推动优质医疗资源扩容下沉，结合我市实际，制定本方案。")
    word.heading(1, "总体要求")
    word.paragraph("到2025年底，全市县域医共体覆盖率达到90%以上，基层诊疗量占比达到65%。")
    word.heading(1, "重点任务")
    word.heading(2, "推进医共体建设")
    word.item("完善管理体制。各县（市、区）成立医共体管理委员会。")
    word.item("推进人员统筹。县级医院每年下派医师不少于20人。")
    word.item("新建标准化村卫生室30个。", level=1)
    word.item("培训乡村医生1200人次。", level=1)
    word.heading(2, "提升基层服务能力")
    word.item("加强能力建设。全年新增签约家庭医生团队50个。", word.restart())
    word.item("2025年底前实现县域检查结果互认。")
    word.heading(1, "保障措施")
    word.paragraph("各县（市、区）要明确责任分工，每季度调度一次推进情况。")
    return word.save(path)


PLAN_LINES = [
    "宁川市推进紧密型县域医共体建设实施方案",
    "为推动优质医疗资源扩容下沉，结合我市实际，制定本方案。",
    "一、总体要求",
    "到2025年底，全市县域医共体覆盖率达到90%以上，基层诊疗量占比达到65%。",
    "二、重点任务",
    "（一）推进医共体建设",
    "1.完善管理体制。各县（市、区）成立医共体管理委员会。",
    "2.推进人员统筹。县级医院每年下派医师不少于20人。",
    "（1）新建标准化村卫生室30个。",
    "（2）培训乡村医生1200人次。",
    "（二）提升基层服务能力",
    "1.加强能力建设。全年新增签约家庭医生团队50个。",
    "2. 2025年底前实现县域检查结果互认。",  # Word's tab after 2. keeps it apart from the year
    "三、保障措施",
    "各县（市、区）要明确责任分工，每季度调度一次推进情况。",
]


def test_numbers_word_generates_are_in_the_text(tmp_path):
    assert load(plan(tmp_path / "方案.docx")).text.split("\n") == PLAN_LINES


def test_the_heading_tree_survives_cleaning_and_segmenting(tmp_path):
    doc = clean(plan(tmp_path / "方案.docx"))
    sections = segment(doc.text).sections
    assert [(s.level, s.label) for s in sections if not s.inline] == [
        (1, "一、总体要求"), (1, "二、重点任务"), (2, "（一）推进医共体建设"), (3, "1.完善管理体制"),
        (3, "2.推进人员统筹"), (4, "（1）新建标准化村卫生室30个"), (4, "（2）培训乡村医生1200人次"),
        (2, "（二）提升基层服务能力"), (3, "1.加强能力建设"), (3, "2.2025年底前实现县域检查结果互认"),
        (1, "三、保障措施")]
    path = segment(doc.text).section_path(doc.text.index("培训乡村医生"))
    assert path == ["二、重点任务", "（一）推进医共体建设", "2.推进人员统筹", "（2）培训乡村医生1200人次"]


@pytest.mark.parametrize("name", ["local/city_division_2026.txt", "local/county_workpoints_2026.txt",
                                  "govreport/2019_国务院政府工作报告.txt"])
def test_a_report_numbered_by_word_reads_as_typed(tmp_path, name):
    path, lines = numbered_report(tmp_path / "report.docx", (ROOT / "corpora" / name).read_text(encoding="utf-8"))
    assert load(path).text.split("\n") == lines


def counted(levels: list[tuple[str, int]], build=None) -> list[str]:
    """The numbers Word shows for paragraphs on (list, level)."""
    word = WordFile()
    if build:
        build(word)
    for n, (num, level) in enumerate(levels):
        if num == OUTLINE:
            paragraph = word.heading(level + 1, f"标题{n}")
            if level == 3:
                WordFile._number(paragraph._p.get_or_add_pPr(), OUTLINE, 3)
        else:
            word.item(f"事项{n}", num, level)
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as tmp:
        text = load(word.save(Path(tmp) / "list.docx")).text
    return [line.split("标题")[0].split("事项")[0] for line in text.split("\n")]


def test_a_heading_restarts_the_levels_below_it():
    assert counted([(OUTLINE, 0), (OUTLINE, 1), (OUTLINE, 1), (OUTLINE, 2), (OUTLINE, 0), (OUTLINE, 1),
                    (OUTLINE, 2), (OUTLINE, 3)]) == ["一、", "（一）", "（二）", "1.", "二、", "（一）", "1.", "（1）"]


def test_a_list_of_its_own_runs_on_under_each_heading():
    # the task list is a list of its own: the headings do not restart it (city_division_2026 numbers so)
    assert counted([(OUTLINE, 0), (TASKS, 0), (TASKS, 0), (OUTLINE, 0), (TASKS, 0), (TASKS, 1), (TASKS, 0),
                    (TASKS, 1)]) == ["一、", "1.", "2.", "二、", "3.", "（1）", "4.", "（1）"]


def test_a_second_instance_of_a_list_continues_it_unless_it_restarts():
    def instances(word):
        word.restart(TASKS, 0, 1)  # numId 11: a restart, used, then the list's own instance again
        word.extra_nums.append('<w:num w:numId="50"><w:abstractNumId w:val="1"/></w:num>')  # no override

    word_levels = [(TASKS, 0), (TASKS, 0), ("11", 0), (TASKS, 0), ("50", 0), ("11", 0)]
    # Word counts per abstract list: 11 restarts at 1 the first time only; 50 and 2 continue
    assert counted(word_levels, instances) == ["1.", "2.", "1.", "2.", "3.", "4."]


def test_a_start_value_and_a_start_override():
    def instances(word):
        word.restart(TASKS, 0, 5)  # numId 11: "set numbering value" to 5

    assert counted([("11", 0), (TASKS, 0), (TASKS, 1), (TASKS, 1)], instances) == ["5.", "6.", "（1）", "（2）"]


@pytest.mark.parametrize("value, fmt, shown", [
    (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (11, "chineseCountingThousand", "十一"),
    (20, "chineseCountingThousand", "二十"), (21, "chineseCounting", "二十一"), (101, "chineseCountingThousand", "一百零一"),
    (110, "chineseCountingThousand", "一百一十"), (1005, "chineseCountingThousand", "一千零五"),
    (3, "ideographTraditional", "丙"), (12, "ideographZodiac", "亥"), (11, "ideographTraditional", "11"),
    (10, "chineseLegalSimplified", "壹拾"), (3, "decimalEnclosedCircleChinese", "③"), (21, "decimalEnclosedCircle", "21"),
    (2, "decimalEnclosedParen", "⑵"), (12, "decimalFullWidth", "１２"), (4, "upperRoman", "IV"), (27, "lowerLetter", "aa"),
    (7, "decimalZero", "07"), (7, "none", ""), (7, "somethingNew", "7"),
])
def test_number_formats(value, fmt, shown):
    assert number_text(value, fmt) == shown


def labels(numbering_xml: str, styles_xml: str, paragraphs: list[str]) -> list[str | None]:
    """The numbers a Numbering gives paragraphs whose properties are ``paragraphs`` (w:pPr bodies)."""
    from lxml import etree

    from policydocs.acquire.docx_numbering import Numbering

    ns = f'xmlns:w="{W_NS}"'
    numbering = Numbering(etree.fromstring(f"<w:numbering {ns}>{numbering_xml}</w:numbering>"),
                          etree.fromstring(f"<w:styles {ns}>{styles_xml}</w:styles>"))
    out = []
    for ppr in paragraphs:
        label = numbering.label(etree.fromstring(f"<w:pPr {ns}>{ppr}</w:pPr>"))
        out.append(label[0] if label else None)
    return out


def lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


def test_a_list_style_link_and_legal_numbering():
    # abstract 1 takes its levels from the list style 多级标题 (numStyleLink), which points at num 1
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="多级标题"/>'
                 f'{lvl(0, "chineseCounting", "第%1章")}{lvl(1, "decimal", "%1.%2", "<w:isLgl/>")}</w:abstractNum>'
                 '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="多级标题"/></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    styles = ('<w:style w:type="numbering" w:styleId="多级标题"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
              '</w:pPr></w:style>')
    level = '<w:numPr><w:ilvl w:val="{}"/><w:numId w:val="2"/></w:numPr>'
    assert labels(numbering, styles, [level.format(0), level.format(1), level.format(1), level.format(0),
                                      level.format(1)]) == ["第一章", "1.1", "1.2", "第二章", "2.1"]


def test_a_level_that_never_restarts_and_a_paragraph_that_turns_numbering_off():
    never = '<w:lvlRestart w:val="0"/>'
    numbering = ('<w:abstractNum w:abstractNumId="0">'
                 f'{lvl(0, "chineseCounting", "%1、")}{lvl(1, "decimal", "%2.", never)}'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="条目"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/>'
              '</w:numPr></w:pPr></w:style>')
    head, item = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>', '<w:pStyle w:val="条目"/>'
    off = '<w:pStyle w:val="条目"/><w:numPr><w:numId w:val="0"/></w:numPr>'  # 条目 style, numbering removed
    assert labels(numbering, styles, [head, item, item, head, item, off, item]) == [
        "一、", "1.", "2.", "二、", "3.", None, "4."]


def test_a_custom_zero_padded_format_as_word_2010_writes_it():
    custom = ('<w:lvl w:ilvl="0" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
              '<w:start w:val="1"/><mc:AlternateContent><mc:Choice Requires="w14">'
              '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback>'
              '<w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1"/></w:lvl>')
    numbering = (f'<w:abstractNum w:abstractNumId="0">{custom}</w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    item = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    assert labels(numbering, "", [item, item]) == ["001", "002"]
