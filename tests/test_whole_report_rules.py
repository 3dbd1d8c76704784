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


def test_a_paragraph_opened_by_a_finished_five_year_plan_reports_results():
    st = _report(
        "二、关于“十五五”规划纲要（草案）的说明",
        "“十四五”时期，我们经受住多重考验。全市生产总值从3.9万亿元增加到5.1万亿元，新增养老床位2万张。",
        "到2030年，全市生产总值年均增长5%左右。",
    )
    assert find(st, "5.1万亿元").kind == "actual"
    assert find(st, "2万张").kind == "actual"
    assert find(st, "年均增长5%左右").kind == "target"


def test_a_task_finished_in_the_review_is_a_result_but_the_plan_it_is_measured_against_is_not():
    st = _report("生态持续改善，完成防护林工程建设任务320万亩。", "招商引资完成年度目标50亿元的82%。")
    assert find(st, "320万亩").kind == "actual"
    assert [s.kind for s in st if "50亿元" in s.text and s.value == 5e9] == ["target"]


def test_a_vision_without_a_figure_is_no_row_but_a_dated_task_within_three_years_is():
    st = _report("二、2026年工作安排", "2035年全面建成具有国际影响力的现代化大都市。", "2029年底前全部完成老旧管网改造。",
                 "年底前建成全省统一的政务服务平台。")
    assert not [s for s in st if "2035年" in s.text]
    assert find(st, "老旧管网改造").deadline == "2029-12-31"
    assert find(st, "政务服务平台").value is None


def test_counts_that_frame_a_plan_and_clock_spans_that_qualify_are_no_figures():
    st = _report("二、“十五五”时期主要目标",
                 "《纲要草案》从八个方面明确了今后五年的目标，包括15个预期性指标、7个约束性指标，分12个领域细化任务。",
                 "推动城市公园24小时开放，建设15分钟社区生活圈，确保急救车30分钟内到达。")
    figures = sorted(s.text for s in st if s.kind == "target")
    assert figures == ["确保急救车30分钟内到达"]


def test_a_capital_digit_inside_a_place_name_is_no_figure():
    assert find_quantities("推进陆家嘴、伍家岗等商圈改造", keep_skipped=False) == []
    assert [q.value for q in find_quantities("合同金额人民币伍佰万元", keep_skipped=False)] == [5000000]


def test_the_notes_after_a_report_explain_terms_and_commit_to_nothing():
    st = _report("二、2026年重点工作", "用好“零关税”政策，新增进口货值100亿元。", "各位代表，让我们共同努力！",
                 "注释", "［1］三张“零关税”清单：", "原辅料、交通工具及游艇、自用生产设备三张清单。",
                 "［2］五个必须：", "必须坚持五个方面。")
    assert [s.text for s in st if s.kind == "target"] == ["新增进口货值100亿元"]


def test_the_current_level_a_change_starts_from_is_no_statement():
    st = _report("二、2026年重点工作", "将制造业等行业现行16%的税率降至13%。")
    assert [(s.value, s.unit) for s in st if s.kind == "target"] == [(13, "%")]


def test_doubling_is_a_figure_of_two_times():
    assert [(q.value, q.unit) for q in find_quantities("到2035年人均地区生产总值比2020年翻一番", keep_skipped=False)] == [(2, "倍")]
    assert [(q.value, q.unit) for q in find_quantities("工业总产值翻两番", keep_skipped=False)] == [(4, "倍")]


def test_a_level_each_item_of_a_list_keeps_is_one_row_each_but_an_average_is_no_list():
    st = _report("二、2026年重点工作", "粮食、蔬菜产量均稳定在百万吨以上。",
                 "地级及以上城市细颗粒物年平均浓度不高于28微克/立方米。")
    assert sorted(s.indicator for s in st if "百万吨" in s.text) == ["粮食产量", "蔬菜产量"]
    assert len([s for s in st if "28微克" in s.text]) == 1  # (平均 is no 均 of a list)
