from datetime import date

import pytest

from policydocs.extract.deadlines import (
    find_deadline, find_deadlines, find_period, five_year_plan, normalise_deadline,
)

DOC_DATE = date(2024, 4, 10)


@pytest.mark.parametrize("phrase, end", [
    ("2025年底前", date(2025, 12, 31)),
    ("2025年底", date(2025, 12, 31)),
    ("2025年前", date(2025, 12, 31)),
    ("2025年末", date(2025, 12, 31)),
    ("二〇二五年底前", date(2025, 12, 31)),
    ("到2027年", date(2027, 12, 31)),
    ("2027年", date(2027, 12, 31)),
    ("年内", date(2024, 12, 31)),
    ("今年", date(2024, 12, 31)),
    ("全年", date(2024, 12, 31)),
    ("年底前", date(2024, 12, 31)),
    ("明年", date(2025, 12, 31)),
    ("5月底前", date(2024, 5, 31)),
    ("9月份", date(2024, 9, 30)),
    ("6月30日前", date(2024, 6, 30)),
    ("2024年6月底前", date(2024, 6, 30)),
    ("2月底前", date(2024, 2, 29)),
    ("上半年", date(2024, 6, 30)),
    ("下半年", date(2024, 12, 31)),
    ("一季度", date(2024, 3, 31)),
    ("第二季度", date(2024, 6, 30)),
    ("四季度", date(2024, 12, 31)),
    ("前三季度", date(2024, 9, 30)),
    ("“十四五”期间", date(2025, 12, 31)),
    ("十四五末", date(2025, 12, 31)),
    ("第十四个五年规划", date(2025, 12, 31)),
    ('"十五五"时期', date(2030, 12, 31)),
    ("三年内", date(2026, 12, 31)),
    ("用两年时间", date(2025, 12, 31)),
    ("6个月内", date(2024, 10, 10)),
    ("30日内", date(2024, 5, 10)),
])
def test_deadline_phrases(phrase, end):
    d = normalise_deadline(phrase, doc_date=DOC_DATE, doc_year=2024)
    assert d is not None and d.end == end, d
    assert d.text == phrase


def test_named_periods_have_a_start():
    assert normalise_deadline("上半年", doc_year=2024).start == date(2024, 1, 1)
    assert normalise_deadline("下半年", doc_year=2024).start == date(2024, 7, 1)
    assert normalise_deadline("四季度", doc_year=2024).start == date(2024, 10, 1)
    assert normalise_deadline("“十四五”期间", doc_year=2024).start == date(2021, 1, 1)
    assert normalise_deadline("2024—2026年", doc_year=2024).start == date(2024, 1, 1)
    assert normalise_deadline("2025年底前", doc_year=2024).start is None  # "by", not a period


def test_five_year_plans():
    assert five_year_plan(14) == (2021, 2025)
    assert five_year_plan(13) == (2016, 2020)
    assert five_year_plan(3) == (1966, 1970)


def test_doc_year_from_doc_date_and_relative_flag():
    d = normalise_deadline("年内", doc_date=date(2023, 5, 29))
    assert d.end == date(2023, 12, 31) and d.relative
    assert not normalise_deadline("2025年底前").relative


def test_unknown_document_year_gives_no_date_but_keeps_phrase():
    d = normalise_deadline("5月底前")
    assert d is not None and d.end is None and d.kind == "month"
    assert normalise_deadline("三年内").end is None


def test_find_deadline_in_clause_with_offsets():
    clause = "到2025年底，全市家庭医生签约覆盖率达到75%以上"
    d = find_deadline(clause, doc_year=2024)
    assert d.end == date(2025, 12, 31)
    assert clause[d.char_start:d.char_end] == d.text == "到2025年底"


def test_find_deadline_year_inside_clause():
    d = find_deadline("年内新增名医工作室3个以上", doc_year=2024)
    assert (d.end, d.char_start, d.text) == (date(2024, 12, 31), 0, "年内")
    d = find_deadline("力争明年上半年完成县域医共体信息平台建设", doc_year=2024)
    assert d.end == date(2025, 6, 30) and d.text == "明年上半年"


def test_event_dates_and_backward_phrases_are_not_deadlines():
    assert find_deadline("5月13日召开全市医共体改革启动大会", doc_year=2024) is None
    assert find_deadline("2023年以来，全市累计投入资金1.2亿元", doc_year=2024) is None
    assert find_deadline("自2024年起实行", doc_year=2024) is None
    assert find_deadline("去年全市组建医共体12个", doc_year=2024) is None
    assert find_deadline("实施三年行动计划", doc_year=2024) is None
    assert find_deadline("持续深化综合医改", doc_year=2024) is None


def test_several_deadlines_in_order():
    found = find_deadlines("今年6月底前完成试点，2025年底前全面推开", doc_year=2024)
    assert [(d.text, d.end) for d in found] == [("今年6月底前", date(2024, 6, 30)), ("2025年底前", date(2025, 12, 31))]


@pytest.mark.parametrize("clause, doc_year, value", [
    ("2024年，全市组建县域医共体20个", 2025, "2024"),
    ("1—4月门诊量32万人次", 2022, "2022-01/2022-04"),
    ("1-4月份门诊量32万人次", 2022, "2022-01/2022-04"),
    ("截至6月底，下达补助资金3000万元", 2023, "2023-06"),
    ("截至2024年底，全市家庭医生签约率达到45%", 2025, "2024-12"),
    ("去年全市组建医共体12个", 2024, "2023"),
    ("上半年，全市开展义诊1200场次", 2023, "2023-01/2023-06"),
    ("一季度县域内就诊率达到88%", 2023, "2023-01/2023-03"),
    ("过去五年，国内生产总值年均增长7.1%", 2018, "2013/2017"),
    ("过去一年，城镇新增就业1361万人", 2019, "2018"),
    ("2023年以来，累计培训3000人次", 2024, "2023/2024"),
    ("2021—2025年累计投入", 2025, "2021/2025"),
    ("2024年3月，全市门诊量12万人次", 2024, "2024-03"),
])
def test_periods(clause, doc_year, value):
    p = find_period(clause, doc_year=doc_year)
    assert p is not None and p.value == value, p
    assert clause[p.char_start:p.char_end] == p.text


def test_vague_period_is_recognised_but_has_no_value():
    p = find_period("前一阶段，我市医共体建设取得明显成效", doc_year=2024)
    assert p.value is None and p.text == "前一阶段"


def test_comparison_base_is_not_a_period():
    assert find_period("门诊量比2023年增长12%", doc_year=2024) is None
    assert find_period("较去年同期增长12%", doc_year=2024) is None


def test_since_this_year_with_doc_date():
    assert find_period("今年以来，全市新增签约3万人", doc_date=date(2023, 6, 15)).value == "2023-01/2023-06"


def test_no_period():
    assert find_period("全市已组建紧密型医共体12个", doc_year=2024) is None


def test_a_text_without_year_month_or_quarter_gives_no_deadline_or_period_from_the_date_pattern():
    # deadlines and find_period skip the date pattern on such texts: no match of it may yield one
    import re
    from pathlib import Path

    from policydocs.extract import deadlines

    root = Path(__file__).resolve().parents[1] / "corpora"
    pieces = {re.sub("[年月季]", "", p) for path in sorted(root.glob("*/*.txt"))
              for p in re.split(r"[。；，\n]", path.read_text(encoding="utf-8"))}
    pieces |= {"到2025底前", "截至目前", "今后三内", "下半", "十四五期间", "12日前", "底前完成", "以内", "2024至2025"}
    for text in pieces:
        for m in deadlines._EXPR_NONEMPTY.finditer(deadlines._FW(text)):
            if m.group():
                assert deadlines._from_expr(m, 2024) is None, text
                assert deadlines._period_value(m, 2024, date(2024, 5, 1)) is None, text


def test_a_plan_named_in_a_heading_of_this_years_work_is_context_not_the_deadline():
    from builders import extract

    st = extract("\n".join([
        "某省2026年政府工作报告",
        "一、“十五五”时期主要目标",
        "到2030年，全省常住人口城镇化率达到71%，研发经费投入年均增长10%。",
        "二、2026年重点工作",
        "（一）加快建设“十五五”现代化产业体系",
        "新建改造高标准农田120万亩，培育专精特新企业200家。",
    ]))
    due = {s.text: s.deadline for s in st}
    assert due["新建改造高标准农田120万亩"] == "2026-12-31" and due["培育专精特新企业200家"] == "2026-12-31"
    assert due["全省常住人口城镇化率达到71%"] == "2030-12-31" and due["研发经费投入年均增长10%"] == "2030-12-31"


def test_a_programme_numbered_like_a_plan_gives_no_deadline():
    assert find_deadline("深入开展“九五”普法", doc_year=1997) is None
    assert find_deadline("“十四五”期间", doc_year=2021).end.isoformat() == "2025-12-31"


def test_this_year_and_the_next_are_due_at_the_end_of_the_next():
    assert find_deadline("今明两年完成棚户区改造", doc_year=2016).end.isoformat() == "2017-12-31"


def test_a_day_the_month_does_not_have_is_its_last_day_and_is_told():
    from policydocs.extract.deadlines import impossible_dates

    assert find_deadline("2024年2月30日前完成").end == date(2024, 2, 29)
    assert find_deadline("4月31日前完成", doc_year=2025).end == date(2025, 4, 30)
    assert find_deadline("2023年2月29日前完成").end == date(2023, 2, 28)
    assert find_deadline("2024年2月29日前完成").end == date(2024, 2, 29)  # a leap year: a real day
    text = "2024年2月30日前建成；12月31日前验收；6月31日前报送；2024年2月29日前启动。"
    assert [phrase for _, _, phrase in impossible_dates(text, 2024)] == ["2024年2月30日", "6月31日"]


def test_a_document_with_an_impossible_date_is_stored_with_a_flag(tmp_path):
    import json

    from policydocs.batch import ingest
    from policydocs.store import open_db

    path = tmp_path / "要点.txt"
    path.write_text("某市2024年工作要点\n一、主要目标\n2024年2月30日前，全市新建5G基站达到1200个。\n", encoding="utf-8")
    report = ingest([path], db=tmp_path / "t.db", link=False)
    assert report.failed == [] and len(report.added) == 1
    db = open_db(tmp_path / "t.db")
    flags = json.loads(db.conn.execute("SELECT flags FROM documents").fetchone()[0])
    assert [(f["kind"], f["text"]) for f in flags] == [("impossible_date", "2024年2月30日")]
    assert db.conn.execute("SELECT deadline FROM statements").fetchone()[0] == "2024-02-29"
