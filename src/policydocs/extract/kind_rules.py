"""Rules of the genre that correct the kind classifier where the spec is plain and cues are few.

The classifier (``extract.kind``) reads cues around a clause; these rules read what it cannot:
the part of the document the clause is in, and plain facts of the genre. They run in this order:

1. commitment_without_figure_is_no_result
2. review_names_a_target_again
3. review_reports_results
4. plan_section_commits
5. past_opener_reports_each_part
6. heading_states_nothing
7. a_plan_named_is_a_target
8. done_is_a_result
9. a_deadline_ahead_commits
10. progress_against_a_plan_is_a_result
11. directive_announces_tasks
12. background_is_no_result
13. meeting_logistics_are_no_result
14. another_place_is_no_result
15. another_jurisdiction_is_no_result
16. national_figure_is_quoted
17. target_named_again_is_no_result
18. a_population_or_a_reason_is_no_target

Rules 1–5 (``STRUCTURE_RULES``) follow the structure of a work report or plan; rules 6–18
(``GENRE_RULES``) are the genre's plain cases and read the kind the first group left (a review's
figure made an actual may still be a place's background). Within each group the first rule that
corrects the kind decides (progress against a plan is a result even in a sentence announcing tasks).
Each rule is ``(candidate, kind, context) -> kind`` and returns ``kind`` where it does not apply.
The words the rules look for are lists of ``extractors/vocabulary/kind.toml``, each with its meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydocs.extract.candidates import Candidate, years_due
from policydocs.extract.context import adcode, leading_jurisdictions
from policydocs.extract.deadlines import five_year_plan
from policydocs.knowledge.vocabulary import pattern, words


@dataclass(frozen=True)
class RuleContext:
    """Where a candidate stands, as the rules read it."""

    part: str | None  # "review", "plan" or None (``genre.ReportParts``)
    is_title: bool  # the sentence is a heading with a body under it
    before: str  # the whole sentence before the clause, across ；-parts
    doc_year: int | None
    doc_region: str | None
    paragraph: str = ""  # the start of the paragraph (line) the sentence is in


_PLAN_DONE = pattern(r"{last_year}|{plan_done_cue}")
# A verb of a task right before its figure's object (培训乡村医生5000人, 新建学校3所, 提高到48%).
_TASK_VERB = pattern(r"^(?:{task_action_verb}|{change_verb}|{completion_verb})")
# grammar: 到/至 a year is a deadline
_FUTURE_WORD = pattern(r"{coming_year}|{review_planned_cue}")
_TO_YEAR = re.compile(r"(?:到|至)((?:19|20)\d{2})年")  # grammar: 到/至 a year is a deadline


def _plans_ahead(text: str, doc_year: int | None = None) -> bool:
    """A word that plans the figure, or 到/至 a year not before the document's (提升到2025年的57.7% in a
    2026 review reports 2025)."""
    if _FUTURE_WORD.search(text):
        return True
    return any(doc_year is None or int(y) >= doc_year for y in _TO_YEAR.findall(text))
_TARGET_REFERENCE = pattern(r"^{bound_after}?的{plan_period}?(?:预期)?(?:增长)?目标")
# grammar: a year, or a span of years counted back (过去五年, 三年来), opening a sentence
# or a five-year plan named as a time (“十四五”时期，…): past when it ended before the document's year
_PAST_OPENER = pattern(r"((?:19|20)\d{2})年[，,]|(?:过去(?:的)?[一二两三四五]年|{last_year}|[一二两三四五]年来)[，,]"
                       r"|[“\"]?十([一二三四五六])五[”\"]?(?:时期|期间|以来)?[，,]")  # grammar: a plan as a time


def commitment_without_figure_is_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """A figure-less candidate is a dated commitment (docs/statements.md), never a result, and a
    review has none."""
    if candidate.quantity is None and (kind == "actual" or context.part == "review"):
        return "none"
    return kind


def review_names_a_target_again(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """低于13%左右的预期目标 in a review: last year's target named again, not a result."""
    q = candidate.quantity
    if q is not None and context.part == "review" and _TARGET_REFERENCE.match(candidate.clause.text[q.end :]):
        return "none"
    return kind


def review_reports_results(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """A review section reports results: a figure there is an actual unless a future cue says otherwise."""
    if (candidate.quantity is not None and context.part == "review" and kind == "target"
            and not _plans_ahead(candidate.clause.text, context.doc_year)):
        return "actual"
    return kind


def plan_section_commits(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """A plan section commits: a figure there is a target unless a past cue, a past year or a
    paragraph opened in the past (“十四五”时期，… in 2026) says it describes what was done; and a figure the classifier took for neither is one when a verb of a
    task governs it (培训乡村医生5000人, 扩充公办学位8万个)."""
    q = candidate.quantity
    if q is None or context.part != "plan":
        return kind
    if kind == "none":
        before = candidate.clause.text[: q.start]
        return "target" if _TASK_VERB.search(before) and q.family is not None else kind
    if kind != "actual":
        return kind
    clause = candidate.clause.text
    years = years_due(context.before + clause)  # (a span 2023—2025年 is due, not past, in 2024)
    opener = re.split(r"[，,；;：:]", context.before)[0]  # 去年，… / 过去一年，…
    past = (_PLAN_DONE.search(opener + "，" + clause) or any(context.doc_year and y < context.doc_year for y in years)
            or _opened_in_the_past(context.paragraph, context.doc_year))
    return kind if past else "target"


def past_opener_reports_each_part(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """A sentence or a paragraph opened by a past year or period reports it in each of its parts:
    2024年，全县发放…；全年临时救助2100人次 / 过去一年，我们新建…；新增养老床位460张 / 过去五年，我们…。
    地区生产总值年均增长4.8% / “十四五”时期，…生产总值从4.16万亿元增加到5.67万亿元 in 2026 (the
    achievements of a five-year plan ahead of its successor's targets, under one heading) — outside a
    review, without a future cue."""
    if (candidate.quantity is None or kind != "target" or context.part == "review"
            or _plans_ahead(candidate.clause.text, context.doc_year)):
        return kind
    if any(_opened_in_the_past(opened, context.doc_year) for opened in (context.before, context.paragraph)):
        return "actual"
    return kind


def _opened_in_the_past(text: str, doc_year: int | None) -> bool:
    opener = _PAST_OPENER.match(text)
    return opener is not None and _in_the_past(opener, doc_year)


def _in_the_past(opener: re.Match, doc_year: int | None) -> bool:
    year, plan = opener.group(1), opener.group(2)
    if plan:  # (the 14th plan: 十四五, 2021-2025)
        return doc_year is not None and five_year_plan(10 + "一二三四五六".index(plan) + 1)[1] < doc_year
    return not year or (doc_year is not None and int(year) < doc_year)


def heading_states_nothing(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """A heading over its tasks commits to nothing of its own (三、…全力推动2025年医改任务落地见效,
    6.推进智能监控全覆盖): the task follows."""
    q = candidate.quantity
    if kind in ("target", "actual") and context.is_title and (q is None or q.text in words("covered_in_full")):
        return "none"
    return kind


# The plan named as the figure's subject: 计划新建12所, 年度计划改造老旧小区186个, 全年目标引进项目40个,
# 高标准农田建设任务3.2万亩 (no 的 after the noun: 完成计划的45.7% is progress) and no past cue between.
_PLAN_NAMED = pattern(r"{plan_period}?{plan_noun}(?:分别)?(?:为|是)?(?:(?!的)[^，,；;。：:、])*$")  # grammar: 为|是 copula
_DONE_SINCE = pattern(r"{done_since_plan}")


def a_plan_named_is_a_target(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """计划新建12所，已完成9所: in a progress report, 通报 or summary the plan and what was done stand
    side by side; the figure the plan (计划, 年度目标, 任务) introduces is a target, wherever it stands,
    and so is the next clause's when the plan opens a list (全年目标分别为控制在40以内、优良天数比例达到
    75%以上; 计划新建学校8所，新增学位9600个) and that clause says nothing is done."""
    q = candidate.quantity
    if not _reported(candidate, kind):
        return kind
    before = candidate.clause.text[: q.start]
    m = _PLAN_NAMED.search(before)
    if m and not _DONE_SINCE.search(before) and not _RATE_OF_PLAN.search(before, m.start()):
        if (context.part == "review" and _FINISHED.search(before, 0, m.start())
                and not candidate.clause.text.startswith("的", q.end)):  # (完成年度目标7000人的59.3%: the plan)
            return kind  # 完成“三北”工程建设任务6063万亩 in a review: the task finished
        return "target"
    previous = candidate.previous[-1] if candidate.previous else ""
    if _PLAN_OPENS.match(previous) and not _DONE_SINCE.search(candidate.clause.text):
        return "target"
    if _PLAN_INTRODUCES.search(context.before) and not _DONE_SINCE.search(candidate.clause.text):
        return "target"  # 主要预期目标是：地区生产总值增长6%，…: every figure the colon introduces
    return kind


_FINISHED = pattern(r"{completion_verb}")
_RATE_OF_PLAN = pattern(r"{completion_rate}")  # 年度化债任务完成率达120%: the share of the plan done
# The plan introducing a list with a colon (主要预期目标是：…, 年度目标任务为：…).
_PLAN_INTRODUCES = pattern(r"{plan_noun}(?:分别)?(?:是|为)?[：:]")  # grammar: 是|为 before the colon
# A clause that opens with the plan: 全年目标分别为…, 计划新建…, 2026年计划改造… (its figure is the plan's).
_PLAN_OPENS = pattern(r"^(?:(?:19|20)\d{2}年)?{plan_period}?{plan_noun}(?:分别)?(?:为|是)?(?:(?!的)[^，,；;。：:])*\d")  # grammar: a year, 为|是


def done_is_a_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """已开工项目63个, 实际建成39.2万亩, 完成率103.2%: what is already done, and a rate of completion,
    are results, even among a plan's tasks."""
    q = candidate.quantity
    if kind != "target" or q is None:
        return kind
    clause = candidate.clause.text
    before = clause[: q.start]
    if _DONE.search(before) or (_COMPLETION_RATE.search(before) and not _plans_ahead(clause)):
        return "actual"
    return kind


# grammar: 已 (not 已于: a date follows) and 实际 opening the clause or after a time word
_DONE = pattern(r"^(?:[^，,；;]{0,8}?)(?:已(?!于|经?要)|实际(?={completion_verb}))")
_COMPLETION_RATE = pattern(r"{completion_rate}(?:为)?$")


def a_deadline_ahead_commits(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """10月31日前，公共停车泊位累计建成4500个以上: a sentence that opens with a deadline sets what must
    be done by then, unless its clause says it is done already."""
    if not _reported(candidate, kind) or _DONE.search(candidate.clause.text):
        return kind
    opener = re.split(r"[，,；;：:]", context.before)[0] if context.before else ""
    if _DEADLINE_OPENER.fullmatch(opener):
        return "target"
    return kind


# grammar: a day, month or quarter and 前 opening a sentence (10月31日前, 9月底前, 三季度末前)
_DEADLINE_OPENER = re.compile(r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?"
                              r"|[一二三四]季度末?)(?:以?前|之前)")


_PROGRESS = pattern(r"{progress_verb}(?:{plan_period}|年)?{plan_noun}[\u4e00-\u9fa5]{0,4}的$")


def progress_against_a_plan_is_a_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """占计划投资的45.7%, 完成年度目标的78%: progress against a plan is a result, not a target."""
    q = candidate.quantity
    if kind == "target" and q is not None and _PROGRESS.search(candidate.clause.text[: q.start]):
        return "actual"
    return kind


# A list of tasks the sentence announces (its ；-parts are split off): 会议要求，…要抓好五方面工作：一是….
_DIRECTIVE = pattern(r"{announcing_verb}[^。：:]{0,30}[：:]|要[^。：:]{0,16}{task_verb}[^。：:]{0,12}[：:]")
_PAST = pattern(r"{done_among_tasks}|{last_year}|(?:19|20)\d{2}年")


def directive_announces_tasks(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """会议要求，今年要重点抓好五方面工作：一是…；四是…，检查覆盖率达到100%: a figure among the tasks
    a sentence announces is a target, unless a past cue marks it as done."""
    if (_reported(candidate, kind) and _DIRECTIVE.search(context.before)
            and not _PAST.search(candidate.clause.text)):
        return "target"
    return kind


# What a place is, not what it did: 总面积1860平方公里, 总人口52万人, 辖18个乡镇, 县城距省会180公里.
# grammar: 我省, 全县, 本市: a place named by its level
_BACKGROUND = pattern(r"^(?:[我全本该](?:省|市|县|区|镇|乡|旗)|{place_part})?{place_background}")


def background_is_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """总面积1860平方公里, 总人口52万人, 辖18个乡镇: what a place is, not what it did."""
    if _reported(candidate, kind) and _BACKGROUND.match(_without_leading_name(candidate.clause.text)):
        return "none"
    return kind


_LOGISTICS = pattern(r"{meeting_logistics}")


def meeting_logistics_are_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """会议历时2小时: how the meeting went, not a result."""
    if (_reported(candidate, kind) and candidate.quantity.unit in words("clock_unit")
            and _LOGISTICS.search(context.before + candidate.clause.text)):
        return "none"
    return kind


# Another place held up as an example, as the subject of what follows: 据了解，邻近的某某县…, 兄弟县市…,
# 外省的C市…. Not our own work reaching others: 辐射周边地区, 接诊外地患者, 吸引周边县市患者.
_ELSEWHERE = pattern(r"(?:^|[，,；;：:])(?:[^，,；;：:]{0,3}?{example_opener})?[，,]?{another_place}")


def another_place_is_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """据了解，邻近的某某县…: another place's figure, held up as an example, is not our result."""
    if _reported(candidate, kind) and _ELSEWHERE.search(
            context.before + candidate.clause.text[: candidate.quantity.start]):
        return "none"
    return kind


def another_jurisdiction_is_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """成都市农村居民人均可支配收入已超过3.6万元 in 达州市's summary, 全省平均为89.1% in a county's: the
    figure of a place that is neither the document's nor within it, or the average of the level above,
    is a comparison, not our result. A county within the city (渠县增长4.6%) is ours."""
    if not _reported(candidate, kind) or not context.doc_region:
        return kind
    clause = candidate.clause.text
    names = leading_jurisdictions(clause[:12])
    if names and not _within(names[-1], context.doc_region):
        return "none"
    above = _ABOVE_AVERAGE.match(clause)
    if above and _LEVEL_RANK.get(above.group(1), 0) > _level(context.doc_region):
        return "none"
    return kind


# grammar: 全 + a level + 平均 (全省平均, 全市平均), and the rank of each level
_ABOVE_AVERAGE = re.compile(r"^全(国|省|市|县)平均")
_LEVEL_RANK = {"国": 4, "省": 3, "市": 2, "州": 2, "盟": 2, "区": 1, "县": 1, "旗": 1}  # grammar: levels


def _level(region: str) -> int:
    if region == "全国":
        return 4
    if region.endswith(("省", "自治区")) and len(region) > 2:  # grammar: provincial levels
        return 3
    return _LEVEL_RANK.get(region[-1:], 0)


def _within(name: str, region: str) -> bool:
    """``name`` is ``region`` or a division within it (by their codes); unknown names count as within."""
    if name == region or region == "全国":
        return True
    inner, outer = adcode(name), adcode(region)
    if not inner or not outer:
        return True
    prefix = outer[:2] if outer.endswith("0000") else outer[:4] if outer.endswith("00") else outer
    return inner.startswith(prefix)


def national_figure_is_quoted(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """全国…: a national figure quoted by a local text is not its result."""
    if _reported(candidate, kind) and context.doc_region != "全国" and candidate.clause.text.startswith("全国"):
        return "none"
    return kind


# A population counted, not a task: (今年)高校毕业生将高达765万人, 新成长劳动力1500万人.
# (我国60岁以上人口已达2.5亿, 我国有13亿人口: a place and the part of its people counted may open it)
_POPULATION = pattern(r"^(?:{coming_year}|全年)?(?:我国|全国|全省|全市|全县)?(?:\d+岁及?(?:以上|以下)的?)?{population_noun}"
                      r"(?:{population_modal}|已)?(?:{population_verb})?$"
                      r"|^(?:我国|全国|全省|全市|全县)(?:有|拥有)$")  # grammar: a place, 有 before its people
# The reason given for a target: 6.5%左右的增速可以实现比较充分的就业, 有6.5%的增速就能够….
_REASONING = pattern(r"^{bound_after}?的?[^，,；;。]{0,6}?(?:就|才)?{condition_verb}")  # grammar: 就|才 join a condition to its consequence


def a_population_or_a_reason_is_no_target(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """今年高校毕业生将高达765万人: a population the year brings, which nobody commits to; 6.5%左右的增速
    可以实现比较充分的就业: the reason given for a target, not the target."""
    q = candidate.quantity
    if kind != "target" or q is None:
        return kind
    clause = candidate.clause.text
    if (q.family == "count" or q.unit in (None, "人口")) and _POPULATION.match(clause[: q.start].strip()):
        return "none"
    if _REASONING.match(clause[q.end :]):
        return "none"
    return kind


# A target named again after its figure: 超过省定90%的目标, 距离95%的要求还有差距.
_TARGET_AGAIN = pattern(r"^{bound_after}?的[^，,；;。]{0,6}?{target_noun}")


def target_named_again_is_no_result(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """超过省定90%的目标, 距离95%的要求还有差距: the figure is a target named again, not a result."""
    if _reported(candidate, kind) and _TARGET_AGAIN.match(candidate.clause.text[candidate.quantity.end :]):
        return "none"
    return kind


STRUCTURE_RULES = (commitment_without_figure_is_no_result, review_names_a_target_again, review_reports_results,
                   plan_section_commits, past_opener_reports_each_part)
GENRE_RULES = (heading_states_nothing, a_plan_named_is_a_target, done_is_a_result, a_deadline_ahead_commits,
               progress_against_a_plan_is_a_result, directive_announces_tasks,
               background_is_no_result, meeting_logistics_are_no_result, another_place_is_no_result,
               another_jurisdiction_is_no_result, national_figure_is_quoted, target_named_again_is_no_result,
               a_population_or_a_reason_is_no_target)
KIND_RULES = STRUCTURE_RULES + GENRE_RULES


def apply_kind_rules(candidate: Candidate, kind: str, context: RuleContext) -> str:
    """The classifier's ``kind`` as the rules correct it (see the module docstring for the order)."""
    for group in (STRUCTURE_RULES, GENRE_RULES):
        kind = _first_correction(group, candidate, kind, context)
    return kind


def _first_correction(rules, candidate: Candidate, kind: str, context: RuleContext) -> str:
    for rule in rules:
        corrected = rule(candidate, kind, context)
        if corrected != kind:
            return corrected
    return kind


def _reported(candidate: Candidate, kind: str) -> bool:
    """An actual with a figure: what the rules from directive_announces_tasks on may correct."""
    return kind == "actual" and candidate.quantity is not None


def _without_leading_name(clause: str) -> str:
    names = leading_jurisdictions(clause[:12])
    return clause[len(names[-1]) :] if names else clause
