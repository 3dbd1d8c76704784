"""The words that decide a statement's kind live in extractors/vocabulary/kind.toml; where two
copies of a list or of a grammar disagreed, the one reading chosen is tested here."""

from __future__ import annotations

from policydocs.extract.candidates import figures, find_candidates, kind_context, years_due, years_written
from policydocs.extract.context import DocumentContext
from policydocs.extract.kind_rules import (RuleContext, plan_section_commits, review_names_a_target_again,
                                          review_reports_results, target_named_again_is_no_result)
from policydocs.knowledge.vocabulary import vocabulary, words
from policydocs.segment import segment


def _candidate(title, lines, fragment, year=2025):
    text = "\n".join([title, *lines]) + "\n"
    context = DocumentContext(year=year, region="某县", title=title)
    for c in find_candidates(text, segment(text), context):
        if c.quantity is not None and fragment in c.clause.text[c.quantity.start :]:
            return c, context
    raise AssertionError(fragment)


def _where(part=None, before=""):
    return RuleContext(part=part, is_title=False, before=before, doc_year=2025, doc_region="某县")


def test_the_kind_lists_are_shipped_with_their_meaning():
    lists = vocabulary()
    for name in ("plan_done_cue", "done_among_tasks", "review_planned_cue", "completion_verb",
                 "plan_title_word", "summary_plan_heading"):
        assert lists[name].path.name == "kind.toml" and lists[name].meaning
    # the year before the document's is one list for the rules and the deadline reader alike
    assert lists["last_year"].path.name == "time.toml" and words("last_year")[:2] == ("去年", "上年")


# --- one grammar of a written year, two readings ------------------------------------------------
# extract/context.py's YEAR_WRITTEN read 2025—2027年 as [2025, 2027]; candidates.py and
# kind_rules.py each had a `_YEAR_WRITTEN` that read it as [2027]. Both fed the kind.

def test_a_span_of_years_names_both_years_and_is_due_in_its_last():
    assert years_written("2025—2027年，新建养老床位300张") == [2025, 2027]
    assert years_due("2025—2027年，新建养老床位300张") == [2027]
    assert years_written("2025年至2027年") == years_due("2025年至2027年") == [2025, 2027]
    assert years_due("到2027年，全县建成3个") == years_written("到2027年，全县建成3个") == [2027]
    assert years_written("新建村卫生室12个") == years_due("新建村卫生室12个") == []


def test_the_classifier_reads_every_year_of_a_span_in_the_sentence():
    # the sentence's years (clause_years) now read as the classifier reads the years before and
    # after the clause (kind_features._years: context.YEAR_WRITTEN), both ends of a span
    c, context = _candidate("某县2025年卫生健康工作要点", ["一、重点任务", "2024—2026年，全县新建村卫生室12个。"], "12个")
    assert kind_context(c, context).clause_years == [2024, 2026]


def test_a_span_ending_after_the_document_year_is_no_past_year_in_a_plan():
    # the year a figure is due is the span's last: 2024—2026年 in a 2025 plan is not what was done
    c, _ = _candidate("某县2025年卫生健康工作要点", ["一、重点任务", "全县新建村卫生室12个。"], "12个")
    assert plan_section_commits(c, "actual", _where(part="plan", before="2024—2026年，")) == "target"
    assert plan_section_commits(c, "actual", _where(part="plan", before="2022—2024年，")) == "actual"


# --- the comparators a figure closes with: common.toml [bound_after], one list -----------------
# The rules had three subsets of it (以上|左右; 及以上|以上|以内|左右; 及以上|以上|以内|以下|左右),
# so 5%以下的目标 was no target named again and 由5%以内提高到8% kept its baseline as a figure.

def test_a_target_named_again_may_close_with_any_bound():
    review = ["一、2024年工作回顾", "城镇登记失业率4.1%，低于4.5%以下的预期目标。"]
    c, _ = _candidate("某县2025年政府工作报告", review, "4.5%")
    assert review_names_a_target_again(c, "target", _where(part="review")) == "none"
    again = ["会上通报，全县超标排放企业占比2%，低于省定3%及以下的要求。"]
    c, _ = _candidate("某县召开生态环境工作会议", again, "3%")
    assert target_named_again_is_no_result(c, "actual", _where()) == "none"


def test_the_baseline_of_a_change_may_close_with_any_bound():
    found = [q.text for q, _, _ in figures("全县贫困发生率由5%以内下降到1%")]
    assert found == ["1%"]


# --- 要 and 将 as future cues: one reading for the classifier and the rules -------------------
# the review rules' future cue read any 要 or 将, so 主要, 重要, 要求 and 将近 in a review's clause kept
# a figure from being reported; cues.toml's target cues read them as auxiliaries only.

def test_a_review_clause_with_zhuyao_reports_a_result():
    review = ["一、2024年工作回顾", "全县主要农作物耕种收综合机械化率达到86%。"]
    c, _ = _candidate("某县2025年政府工作报告", review, "86%")
    assert review_reports_results(c, "target", _where(part="review")) == "actual"
    planned = ["一、2024年工作回顾", "明年全县将新建村卫生室12个。"]
    c, _ = _candidate("某县2025年政府工作报告", planned, "12个")
    assert review_reports_results(c, "target", _where(part="review")) == "target"


def test_the_rules_read_yao_and_jiang_as_the_classifier_does():
    from policydocs.extract.cues import load_cues

    auxiliaries = [p for p in vocabulary()["review_planned_cue"].words if "(?" in p]
    assert len(auxiliaries) == 3  # 要, 将 as auxiliaries; 预期 but not 预期寿命
    target_cues = {cue.name for cue in load_cues().text.cues["target"]}
    assert set(auxiliaries) <= target_cues


def test_the_marks_on_a_figure_are_classifier_features_read_from_the_cue_lists():
    # (cues.toml, whose digest the shipped weights record: editing the marks makes them stale)
    from policydocs.extract.cues import load_cues
    from policydocs.extract.kind_features import KindContext, features

    assert {"以上", "左右", "控制在", "全覆盖"} <= set(load_cues().figure_marks)
    f = features(KindContext(clause="签约率达到75%以上", quantity_text="75%以上"))
    assert f["q|以上"] == 1.0 and "q|左右" not in f
