"""The named rules that correct the kind classifier (sentences of the genre written here).

Each rule is checked twice: called directly, and through ``extract_statements`` with the classifier
stubbed to the kind the rule corrects (so the test holds whatever the trained weights say), with and
without the rule.
"""

import re

import pytest

from policydocs.extract import extract_statements, kind, kind_rules
from policydocs.extract.candidates import find_candidates
from policydocs.extract.context import DocumentContext
from policydocs.extract.kind_rules import (KIND_RULES, RuleContext, a_deadline_ahead_commits, a_plan_named_is_a_target,
                                          another_jurisdiction_is_no_result, done_is_a_result,
                                          a_population_or_a_reason_is_no_target, another_place_is_no_result,
                                          apply_kind_rules,
                                          background_is_no_result, commitment_without_figure_is_no_result,
                                          directive_announces_tasks, heading_states_nothing,
                                          meeting_logistics_are_no_result, national_figure_is_quoted,
                                          past_opener_reports_each_part, plan_section_commits,
                                          progress_against_a_plan_is_a_result, review_names_a_target_again,
                                          review_reports_results, target_named_again_is_no_result)
from policydocs.segment import segment

REPORT = "某县2025年政府工作报告"
REVIEW = "一、2024年工作回顾"
NEWS = "某县召开卫生健康工作会议"


def _document(title, lines):
    text = "\n".join([title, *lines]) + "\n"
    return text, DocumentContext(year=2025, region="某县", title=title)


def candidate(title, lines, fragment):
    """The first candidate whose clause holds ``fragment`` (its figure, where there are two)."""
    text, context = _document(title, lines)
    for c in find_candidates(text, segment(text), context):
        if fragment in c.clause.text and (c.quantity is None or fragment in c.clause.text[c.quantity.start :]):
            return c
    raise AssertionError(fragment)


def where(part=None, is_title=False, before="", region="某县"):
    return RuleContext(part=part, is_title=is_title, before=before, doc_year=2025, doc_region=region)


def through_extraction(monkeypatch, title, lines, fragment, classified, rule):
    """The kind of the statement holding ``fragment`` (None: not extracted) when the classifier says
    ``classified``: with every rule, and without ``rule``."""
    text, context = _document(title, lines)
    monkeypatch.setattr(kind, "classify_many", lambda ctxs: [(classified, 0.5) for _ in ctxs])

    def kind_of():
        found = [s.kind for s in extract_statements(text, segment(text), doc_id="t", context=context)
                 if fragment in s.text]
        return found[0] if found else None

    with_rule = kind_of()
    for group in ("STRUCTURE_RULES", "GENRE_RULES"):
        monkeypatch.setattr(kind_rules, group, tuple(r for r in getattr(kind_rules, group) if r is not rule))
    return with_rule, kind_of()


def test_the_rules_run_in_the_documented_order():
    documented = re.findall(r"^\d+\. (\w+)$", kind_rules.__doc__, flags=re.M)
    assert [r.__name__ for r in KIND_RULES] == documented
    assert all(r.__doc__ for r in KIND_RULES)


def test_a_commitment_without_a_figure_is_no_result(monkeypatch):
    lines = [REVIEW, "9月底前完成乡镇卫生院改造。"]
    c = candidate(REPORT, lines, "乡镇卫生院改造")
    assert commitment_without_figure_is_no_result(c, "actual", where()) == "none"
    assert commitment_without_figure_is_no_result(c, "target", where(part="review")) == "none"
    assert commitment_without_figure_is_no_result(c, "target", where(part="plan")) == "target"
    rule = commitment_without_figure_is_no_result
    assert through_extraction(monkeypatch, REPORT, lines, "乡镇卫生院改造", "target", rule) == (None, "target")


def test_a_review_names_last_years_target_again(monkeypatch):
    lines = [REVIEW, "城镇调查失业率5.1%，低于5.5%左右的预期目标。"]
    c = candidate(REPORT, lines, "5.5%")
    assert review_names_a_target_again(c, "target", where(part="review")) == "none"
    assert review_names_a_target_again(c, "target", where(part="plan")) == "target"
    rule = review_names_a_target_again
    assert through_extraction(monkeypatch, REPORT, lines, "5.5%", "target", rule) == (None, "target")


def test_a_review_reports_results(monkeypatch):
    lines = [REVIEW, "全县新建村卫生室12个。"]
    c = candidate(REPORT, lines, "12个")
    assert review_reports_results(c, "target", where(part="review")) == "actual"
    assert review_reports_results(c, "target", where(part="plan")) == "target"
    future = candidate(REPORT, [REVIEW, "力争建成区域医疗中心2个。"], "2个")
    assert review_reports_results(future, "target", where(part="review")) == "target"
    assert through_extraction(monkeypatch, REPORT, lines, "12个", "target", review_reports_results) == ("actual", "target")


PLAN = [REVIEW, "全县地区生产总值增长6%。", "二、2025年主要任务"]  # (the review read first)


def test_a_plan_section_commits(monkeypatch):
    lines = [*PLAN, "全县农村自来水普及率提高到98%。"]
    c = candidate(REPORT, lines, "98%")
    assert plan_section_commits(c, "actual", where(part="plan")) == "target"
    assert plan_section_commits(c, "actual", where(part="plan", before="去年，")) == "actual"
    assert plan_section_commits(c, "actual", where(part="plan", before="2024年，")) == "actual"
    assert through_extraction(monkeypatch, REPORT, lines, "98%", "actual", plan_section_commits) == ("target", "actual")


def test_a_past_opener_reports_each_part_of_its_sentence(monkeypatch):
    lines = ["一年来，全县新建口袋公园18个；改造老旧小区32个。"]
    c = candidate(NEWS, lines, "32个")
    assert past_opener_reports_each_part(c, "target", where(before="一年来，全县新建口袋公园18个；")) == "actual"
    assert past_opener_reports_each_part(c, "target", where(before="2025年，全县新建口袋公园18个；")) == "target"
    rule = past_opener_reports_each_part
    assert through_extraction(monkeypatch, NEWS, lines, "32个", "target", rule) == ("actual", "target")


def test_a_heading_over_its_tasks_states_nothing(monkeypatch):
    lines = ["一、重点任务", "三、全力推进城乡供水一体化全覆盖", "年内新建供水管网60公里。"]
    title = "某县2025年水利工作要点"
    c = candidate(title, lines, "全覆盖")
    assert heading_states_nothing(c, "target", where(is_title=True)) == "none"
    assert heading_states_nothing(c, "target", where(is_title=False)) == "target"
    assert through_extraction(monkeypatch, title, lines, "全覆盖", "target", heading_states_nothing) == (None, "target")


def test_a_plan_named_is_a_target_beside_what_was_done(monkeypatch):
    title = "关于2025年民生实事项目三季度推进情况的通报"
    lines = ["一、总体情况", "年度计划改造老旧小区186个，已完工142个，完成率76.3%。"]
    c = candidate(title, lines, "186个")
    assert a_plan_named_is_a_target(c, "actual", where(part="review")) == "target"
    done = candidate(title, lines, "142个")
    assert a_plan_named_is_a_target(done, "actual", where(part="review")) == "actual"
    rate = candidate(title, lines, "76.3%")
    assert a_plan_named_is_a_target(rate, "actual", where(part="review")) == "actual"
    # 的 after the plan makes the figure progress against it, 实际 what was done
    progress = candidate(title, ["一、总体情况", "完成年度计划的76.3%，计划投资10亿元实际完成8亿元。"], "76.3%")
    assert a_plan_named_is_a_target(progress, "actual", where()) == "actual"
    text, context = _document(title, ["一、总体情况", "计划投资10亿元实际完成8亿元。"])
    planned, spent = [c for c in find_candidates(text, segment(text), context) if c.quantity is not None]
    assert a_plan_named_is_a_target(planned, "actual", where()) == "target"
    assert a_plan_named_is_a_target(spent, "actual", where()) == "actual"
    rule = a_plan_named_is_a_target
    assert through_extraction(monkeypatch, title, lines, "186个", "actual", rule) == ("target", "actual")


def test_progress_against_a_plan_is_a_result(monkeypatch):
    lines = ["二、重点任务", "到6月底，全县重点项目投资完成年度计划的55%以上。"]
    title = "某县2025年重点项目工作要点"
    c = candidate(title, lines, "55%")
    assert progress_against_a_plan_is_a_result(c, "target", where()) == "actual"
    rule = progress_against_a_plan_is_a_result
    assert through_extraction(monkeypatch, title, lines, "55%", "target", rule) == ("actual", "target")


def test_a_directive_announces_tasks(monkeypatch):
    lines = ["会议要求，全县要抓好以下工作：一是巩固成果，婴儿死亡率为3.2‰。"]
    c = candidate(NEWS, lines, "3.2‰")
    directive = "会议要求，全县要抓好以下工作：一是巩固成果，"
    assert directive_announces_tasks(c, "actual", where(before=directive)) == "target"
    assert directive_announces_tasks(c, "actual", where(before="一是巩固成果，")) == "actual"
    assert through_extraction(monkeypatch, NEWS, lines, "3.2‰", "actual", directive_announces_tasks) == ("target", "actual")


def test_what_a_place_is_is_no_result(monkeypatch):
    lines = ["一、主要成效", "全镇总面积86平方公里。"]
    title = "某镇2024年工作总结"
    c = candidate(title, lines, "86平方公里")
    assert background_is_no_result(c, "actual", where()) == "none"
    assert through_extraction(monkeypatch, title, lines, "86平方公里", "actual", background_is_no_result) == (None, "actual")


def test_how_a_meeting_went_is_no_result(monkeypatch):
    lines = ["会议历时3小时。"]
    c = candidate(NEWS, lines, "3小时")
    assert meeting_logistics_are_no_result(c, "actual", where()) == "none"
    rule = meeting_logistics_are_no_result
    assert through_extraction(monkeypatch, NEWS, lines, "3小时", "actual", rule) == (None, "actual")


def test_another_place_held_up_as_an_example_is_no_result(monkeypatch):
    lines = ["一、主要成效", "比如兄弟县某某县，去年引进项目18个。"]
    title = "某县2024年工作总结"
    c = candidate(title, lines, "18个")
    assert another_place_is_no_result(c, "actual", where(before="比如兄弟县某某县，")) == "none"
    assert another_place_is_no_result(c, "actual", where(before="我县，")) == "actual"
    rule = another_place_is_no_result
    assert through_extraction(monkeypatch, title, lines, "18个", "actual", rule) == (None, "actual")


def test_a_national_figure_quoted_by_a_local_text_is_no_result(monkeypatch):
    lines = ["一、主要成效", "全国新增城镇就业1200万人。"]
    title = "某县2024年工作总结"
    c = candidate(title, lines, "1200万人")
    assert national_figure_is_quoted(c, "actual", where()) == "none"
    assert national_figure_is_quoted(c, "actual", where(region="全国")) == "actual"  # the State Council's own
    rule = national_figure_is_quoted
    assert through_extraction(monkeypatch, title, lines, "1200万人", "actual", rule) == (None, "actual")


def test_a_target_named_again_after_its_figure_is_no_result(monkeypatch):
    lines = ["会上通报，全县森林覆盖率达到46%，超过省定45%的目标。"]
    c = candidate(NEWS, lines, "45%")
    assert target_named_again_is_no_result(c, "actual", where()) == "none"
    rule = target_named_again_is_no_result
    assert through_extraction(monkeypatch, NEWS, lines, "45%", "actual", rule) == (None, "actual")


@pytest.mark.parametrize("classified, corrected", [("target", "actual"), ("actual", "target")])
def test_of_the_genre_rules_the_first_correction_decides(classified, corrected):
    # progress against a plan in a sentence announcing tasks: a target read as progress stays a
    # result, an actual read as a task stays a task (neither rule undoes the other)
    c = candidate(NEWS, ["会议要求，各乡镇要抓好以下工作：全县投资完成年度计划的55%。"], "55%")
    assert apply_kind_rules(c, classified, where(before="会议要求，各乡镇要抓好以下工作：")) == corrected


def test_the_genre_rules_read_the_kind_the_structure_rules_left():
    # a review's figure made a result is still the place's background
    c = candidate(REPORT, [REVIEW, "全县总面积1860平方公里。"], "1860平方公里")
    assert apply_kind_rules(c, "target", where(part="review")) == "none"
    assert review_reports_results(c, "target", where(part="review")) == "actual"


def test_life_expectancy_in_a_review_is_a_result_not_an_expectation():
    c = candidate(REPORT, [REVIEW, "五年来，人均预期寿命提高1岁以上。"], "1岁")
    assert review_reports_results(c, "target", where(part="review")) == "actual"
    planned = candidate(REPORT, [REVIEW, "全县地区生产总值预期增长6%。"], "6%")
    assert review_reports_results(planned, "target", where(part="review")) == "target"


def test_a_population_or_a_reason_is_no_target(monkeypatch):
    plan = [*PLAN, "今年高校毕业生将高达765万人，要帮扶高校毕业生就业50万人。",
            "6.5%左右的增速可以实现比较充分的就业。"]
    rule = a_population_or_a_reason_is_no_target
    assert rule(candidate(REPORT, plan, "765万人"), "target", where(part="plan")) == "none"
    assert rule(candidate(REPORT, plan, "50万人"), "target", where(part="plan")) == "target"
    assert rule(candidate(REPORT, plan, "6.5%"), "target", where(part="plan")) == "none"
    assert through_extraction(monkeypatch, REPORT, plan, "765万人", "target", rule) == (None, "target")


def test_what_is_done_and_a_rate_of_completion_are_results(monkeypatch):
    title = "某市2026年政府工作报告重点工作任务分工方案"
    lines = ["一、重点任务", "高标准农田计划38万亩，实际建成39.2万亩，完成率103.2%。",
             "确保投资完成率达到100%。"]
    assert done_is_a_result(candidate(title, lines, "39.2万亩"), "target", where(part="plan")) == "actual"
    assert done_is_a_result(candidate(title, lines, "103.2%"), "target", where(part="plan")) == "actual"
    assert done_is_a_result(candidate(title, lines, "100%"), "target", where(part="plan")) == "target"
    assert through_extraction(monkeypatch, title, lines, "39.2万亩", "target", done_is_a_result) == ("actual", "target")


def test_a_deadline_ahead_commits(monkeypatch):
    title = "关于2026年民生实事项目三季度推进情况的通报"
    lines = ["五、下步要求", "10月31日前，公共停车泊位累计建成4500个以上。"]
    c = candidate(title, lines, "4500个")
    assert a_deadline_ahead_commits(c, "actual", where(before="10月31日前，")) == "target"
    assert a_deadline_ahead_commits(c, "actual", where(before="截至9月底，")) == "actual"
    rule = a_deadline_ahead_commits
    assert through_extraction(monkeypatch, title, lines, "4500个", "actual", rule) == ("target", "actual")


def test_another_jurisdictions_figure_is_no_result(monkeypatch):
    title = "达州市农业农村局2025年工作总结"
    lines = ["一、工作成效", "全市农村居民人均可支配收入增长6.2%，渠县增长4.6%，成都市农村居民人均可支配收入已超过3.6万元。",
             "全省平均为89.1%，我市增速高于全省平均0.3个百分点。"]

    def at(fragment):
        return another_jurisdiction_is_no_result(candidate(title, lines, fragment), "actual",
                                                 where(region="达州市"))

    assert at("3.6万元") == "none" and at("89.1%") == "none"
    assert at("4.6%") == "actual" and at("6.2%") == "actual" and at("0.3个百分点") == "actual"


def test_the_figures_a_plan_introduces_with_a_colon_are_targets_and_an_indicator_named_actual_is_no_result():
    title = "某县2026年县政府工作要点"
    lines = ["全县主要预期目标是：一般公共预算收入增长5%，实际到位外资增长5%。"]
    text, context = _document(title, lines)
    c, foreign = [x for x in find_candidates(text, segment(text), context) if x.quantity is not None]
    assert a_plan_named_is_a_target(c, "actual", where(before="全县主要预期目标是：")) == "target"
    assert a_plan_named_is_a_target(c, "actual", where(before="去年，")) == "actual"
    # 实际到位外资 names the measure (actually received capital): nothing is reported done
    assert done_is_a_result(foreign, "target", where()) == "target"
