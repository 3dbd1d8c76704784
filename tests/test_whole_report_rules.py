"""Rules found by scoring whole reports labelled after the other rules were written (corpora/gold/heldout):
each is a class of sentence of the genre, written here in new words."""

from builders import extract, find

from policydocs.extract.deadlines import find_deadline
from policydocs.extract.numbers import find_quantities


def _report(*lines: str) -> list:
    return extract("\n".join(["某省2026年政府工作报告", "——2026年1月20日在某省第十四届人民代表大会第五次会议上",
                              "一、2025年工作回顾", "全省地区生产总值增长5.2%。", *lines]))


def test_a_five_year_review_paragraph_under_a_plan_heading_reports_results():
    st = _report(
        "二、“十四五”时期发展成就和“十五五”时期主要目标任务",
        "过去五年，我们坚定信心、攻坚克难，经济实力迈上新台阶。地区生产总值年均增长5.1%，"
        "2025年总量比2020年增加超6000亿元。发电装机容量突破8000万千瓦。",
        "今后五年，地区生产总值年均增长5%左右，城镇化率提高到65%。",
    )
    assert find(st, "年均增长5.1%").kind == "actual"
    assert find(st, "8000万千瓦").kind == "actual"
    assert not [s for s in st if "6000亿元" in s.text and s.kind == "target"]
    plan = find(st, "城镇化率提高到65%")
    assert (plan.kind, plan.deadline) == ("target", "2030-12-31")


def test_a_base_year_is_no_deadline():
    assert find_deadline("有效发明专利拥有量比2020年增长50%", doc_year=2026) is None
    assert find_deadline("全部工业增加值比2020年同期增加五成", doc_year=2026) is None
    assert find_deadline("到2027年比2020年增长30%", doc_year=2026).end.isoformat() == "2027-12-31"


def test_an_indefinite_count_is_no_figure():
    def figures(text):
        return [q.text for q in find_quantities(text, keep_skipped=False)]

    assert figures("目前仍有几千万人居住在棚户区") == []
    assert figures("带动数十万农户增收") == []
    assert figures("上百万人次受益") == []
    assert figures("百分之三十") == ["百分之三十"]  # (a percentage at the start of a clause)
    assert figures("新增十万人") == ["十万人"]


def test_all_of_a_set_done_is_a_share_of_one_hundred_percent():
    st = _report("三、2026年重点工作", "年内全部取消高速公路省界收费站。", "剩余15个项目全部开工建设。")
    toll = find(st, "省界收费站")
    assert (toll.kind, toll.value, toll.unit, toll.deadline) == ("target", 100, "%", "2026-12-31")
    assert toll.indicator == "全部取消高速公路省界收费站"
    projects = [s for s in st if "15个项目" in s.text]
    assert [(s.value, s.unit) for s in projects] == [(15, "个")]  # the count is the figure, not 全部


def test_funds_obtained_from_above_are_a_result_of_the_review():
    st = _report("争取中央预算内投资超300亿元，争取地方政府专项债券额度1200亿元。", "二、2026年工作安排",
                 "力争争取中央预算内投资350亿元以上。")
    assert find(st, "超300亿元").kind == "actual"
    assert find(st, "1200亿元").kind == "actual"
    assert find(st, "350亿元").kind == "target"


def test_a_figure_both_measures_have_is_one_row_each():
    st = _report("二、2026年工作安排", "广义货币供应量和社会融资规模余额预期均增长8%左右。")
    rows = [s for s in st if "均增长8%" in s.text]
    assert sorted(s.indicator for s in rows) == ["广义货币供应量增长", "社会融资规模余额增长"]


def test_a_general_aim_is_no_row():
    st = _report("二、2026年工作安排", "今年要确保经济运行在合理区间，确保就业形势总体稳定。", "新增城镇就业60万人。")
    assert [s.text for s in st if s.kind == "target"] == ["新增城镇就业60万人"]
