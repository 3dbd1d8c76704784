"""A task's note names its units for each sentence of the task, whichever label it opens with:
the labels that make a note (tables.with_notes) are the ones the field reader reads in it
(unit_label and time_limit_label of extractors/vocabulary/fields.toml)."""

from builders import extract, find


def test_a_closing_note_and_note_lines_read_every_label_of_the_field_reader():
    st = extract("\n".join([
        "某市2025年医疗救助工作要点",
        "一、重点任务",
        # a note closing its task covers each sentence of the task, with 责任主体 as with 责任单位
        "1.扩大救助范围。救助对象年度救助限额提高到8万元。年内完成困难群众信息比对。（责任主体：市医保局）",
        # a 协同单位 line under the task, as under a 牵头单位 line
        "2.提升服务。新建医保服务站40个。",
        "牵头单位：市医疗保障事业中心",
        "协同单位：各县（市、区）人民政府",
        "3.加强宣传。开展政策宣讲活动50场。",
    ]))
    assert find(st, "8万元").responsible == ["市医保局"]
    assert find(st, "信息比对").responsible == ["市医保局"]
    assert find(st, "40个").responsible == ["市医疗保障事业中心", "各县（市、区）人民政府"]
    assert find(st, "50场").responsible == []
