"""What a Word file holds besides paragraphs comes back where a reader meets it: task tables row by
row (automatic 序号, merged units), text boxes once, footnotes under the paragraph that cites them,
endnotes at the end, revisions as Word shows them, content controls, no hidden text."""

from pathlib import Path

from office_files import BULLETS, WordFile

from policydocs.acquire import load
from policydocs.extract.tables import row_note
from policydocs.pipeline import process_raw

HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
TASKS = [
    ["", "新建标准化村卫生室40个", "市卫生健康局", "市财政局、各乡镇（街道）", "2026年9月底前"],
    ["", "培训乡村医生1200人次", "", "各乡镇（街道）", "2026年10月底前"],  # 牵头单位 merged with the row above
    ["", "改造提升农村公路120公里", "市交通运输局", "市财政局", "2026年10月底前"],
]


def division_plan(path: Path) -> Path:
    word = WordFile()
    word.paragraph("宁川市2026年政府工作报告重点工作任务分工方案")
    word.paragraph("为确保各项目标任务落到实处，现将重点工作任务分解如下。")
    word.table([HEADER] + TASKS, serial=True, merge_down={2: [2]})
    word.paragraph("宁川市人民政府办公室")
    return word.save(path)


def test_a_task_table_reads_row_by_row_with_word_numbering_the_serial_column(tmp_path):
    lines = load(division_plan(tmp_path / "分工方案.docx")).text.split("\n")
    assert lines[2:6] == [
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
        "1\t新建标准化村卫生室40个\t市卫生健康局\t市财政局、各乡镇（街道）\t2026年9月底前",
        "2\t培训乡村医生1200人次\t市卫生健康局\t各乡镇（街道）\t2026年10月底前",  # the merged unit on each row
        "3\t改造提升农村公路120公里\t市交通运输局\t市财政局\t2026年10月底前",
    ]


def test_each_task_row_gives_its_units_and_time_limit(tmp_path):
    text = load(division_plan(tmp_path / "分工方案.docx")).text
    note = row_note(text, text.index("培训乡村医生"))
    assert "市卫生健康局" in note and "各乡镇（街道）" in note and "2026年10月底前" in note
    raw = load(tmp_path / "分工方案.docx")
    statements = {s.text: s for s in process_raw(raw).statements}
    clinic = next(s for text, s in statements.items() if "村卫生室40个" in text)
    assert clinic.responsible[:1] == ["市卫生健康局"] and clinic.deadline == "2026-09-30"


def report_with_notes(path: Path) -> Path:
    word = WordFile()
    word.paragraph("宁川市2025年国民经济和社会发展统计公报")
    first = word.paragraph("全年地区生产总值达到2965.3亿元，增长6.1%")
    word.footnote(first, "地区生产总值按不变价格计算。")
    word.runs(first, "，增速高于全省平均0.3个百分点。")
    word.paragraph("全年城镇新增就业5.2万人。")
    box = word.paragraph("主要指标完成情况见专栏。")
    word.text_box(box, ["专栏1 主要指标", "城镇调查失业率5.1%。"])
    table_cell_note = word.table([["指标", "数值"], ["常住人口", "541.2万人"]])
    word.footnote(table_cell_note.cell(1, 1).paragraphs[0], "年末常住人口。")
    last = word.paragraph("各项指标均完成年度目标。")
    word.endnote(last, "本公报数据为初步统计数。")
    word.paragraph("宁川市统计局")
    return word.save(path)


def test_notes_and_text_boxes_in_reading_order(tmp_path):
    document = load(report_with_notes(tmp_path / "公报.docx"))
    assert document.text.split("\n") == [
        "宁川市2025年国民经济和社会发展统计公报",
        "全年地区生产总值达到2965.3亿元，增长6.1%，增速高于全省平均0.3个百分点。",
        "[1] 地区生产总值按不变价格计算。",  # under the paragraph that cites it
        "全年城镇新增就业5.2万人。",
        "主要指标完成情况见专栏。",
        "专栏1 主要指标",  # the box once, not again from its VML copy
        "城镇调查失业率5.1%。",
        "指标\t数值",
        "常住人口\t541.2万人",
        "[2] 年末常住人口。",  # after the table: its rows stay together
        "各项指标均完成年度目标。",
        "宁川市统计局",
        "[i] 本公报数据为初步统计数。",  # endnotes at the end, numbered i, ii as Word does
    ]
    text = document.text
    assert document.locate(text.index("[1] 地区")) == "footnote 1"
    assert document.locate(text.index("专栏1")) == "text box 1"
    assert document.locate(text.index("[i] 本公报")) == "endnote i"
    assert document.locate(text.index("宁川市统计局")) == "paragraph 6"


def test_a_footnote_mark_is_no_part_of_an_indicator_or_its_figure(tmp_path):
    word = WordFile()
    word.paragraph("宁川市2025年国民经济和社会发展统计公报")
    paragraph = word.paragraph("年末全市常住人口")
    word.footnote(paragraph, "常住人口指在本市居住半年以上的人口。")
    word.runs(paragraph, "541.2万人，比上年增加1.2万人。")
    raw = load(word.save(tmp_path / "公报.docx"))
    assert raw.text.split("\n")[1:] == ["年末全市常住人口541.2万人，比上年增加1.2万人。",
                                        "[1] 常住人口指在本市居住半年以上的人口。"]
    population = next(s for s in process_raw(raw).statements if "541.2" in s.text)
    assert population.indicator == "年末全市常住人口" and population.value == 5412000  # not 1541.2万 (人口1541.2)


def test_an_authors_own_note_mark_opens_the_note(tmp_path):
    from office_files import _NS

    word = WordFile()
    paragraph = word.paragraph("全市地区生产总值增长6.1%")
    word.footnotes.append("按可比价格计算。")
    word.append_xml(paragraph, f'<w:r {_NS}><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>※</w:t></w:r>')
    word.runs(paragraph, "。")
    word.paragraph("城镇新增就业5.2万人。")
    word.footnote(word.paragraph("居民人均可支配收入增长5.5%。"), "不含农村外出务工人员。")
    lines = load(word.save(tmp_path / "公报.docx")).text.split("\n")
    # the custom mark leaves Word's numbering alone: the next note is still 1
    assert lines == ["全市地区生产总值增长6.1%。", "※ 按可比价格计算。", "城镇新增就业5.2万人。",
                     "居民人均可支配收入增长5.5%。", "[1] 不含农村外出务工人员。"]


def test_revisions_as_word_shows_them_and_no_hidden_text_or_phonetic_guide(tmp_path):
    word = WordFile()
    paragraph = word.paragraph("到")
    word.tracked(paragraph, deleted="2024年", inserted="2025年")
    word.runs(paragraph, "底，全市")
    word.ruby(paragraph, "医", "yī")  # shown over the character: no pinyin glued into the text
    word.runs(paragraph, "共体覆盖率达到90%以上。")
    word.hidden(paragraph, "（此处为起草说明，不印发）")
    word.content_control(["宁川市卫生健康委员会", "2024年3月15日"])
    bullet = word.item("巩固提升县域医共体建设成效。", BULLETS)
    assert bullet is not None
    lines = load(word.save(tmp_path / "修订稿.docx")).text.split("\n")
    assert lines == ["到2025年底，全市医共体覆盖率达到90%以上。", "宁川市卫生健康委员会", "2024年3月15日",
                     "巩固提升县域医共体建设成效。"]  # a bullet is no number: nothing is written for it


def test_a_deleted_numbered_paragraph_takes_no_number(tmp_path):
    word = WordFile()
    word.item("完善管理体制。")
    word.deleted_item("推进人员统筹。")  # a task struck out in review, its paragraph mark with it
    word.item("加强能力建设。")
    lines = load(word.save(tmp_path / "修订稿.docx")).text.split("\n")
    assert lines == ["1.完善管理体制。", "2.加强能力建设。"]
