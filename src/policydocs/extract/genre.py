"""Rules of the genre that override the kind classifier where the spec is plain and cues are few.

Speeches and news items mix figures that are neither target nor actual into their review: the
jurisdiction's area and population, another county's figures held up as an example, a target
named again (超过省定90%的目标). Headings state no commitment of their own: their task follows.
"""

from __future__ import annotations

import re

from policydocs.extract.context import leading_jurisdictions

# What a place is, not what it did: 总面积1860平方公里, 总人口52万人, 辖18个乡镇, 县城距省会180公里.
_BACKGROUND = re.compile(r"^(?:[我全本该](?:省|市|县|区|镇|乡|旗)|县城|市区|城区|镇区)?"
                         r"(?:总面积|国土面积|辖区面积|行政区域面积|总人口|户籍总?人口|平均海拔|海拔|辖(?!区内)|距)")
# Another place held up as an example, as the subject of what follows: 据了解，邻近的某某县…, 兄弟县市…,
# 外省的C市…. Not our own work reaching others: 辐射周边地区, 接诊外地患者, 吸引周边县市患者.
_ELSEWHERE = re.compile(r"(?:^|[，,；;：:])(?:[^，,；;：:]{0,3}?(?:如|像|比如|例如|据了解|据统计))?[，,]?"
                        r"(?:邻近|周边(?:的)?(?:县|市|区|省|地区)|兄弟(?:县|市|区|省)|外省|外市|外县|外地)")
# A list of tasks the sentence announces (its ；-parts are split off): 会议要求，…要抓好五方面工作：一是….
_DIRECTIVE = re.compile(r"(?:要求|强调|部署|提出)[^。：:]{0,30}[：:]|要[^。：:]{0,16}(?:抓好|做好|推进|落实)[^。：:]{0,12}[：:]")
_PAST = re.compile(r"已|累计|同比|比上年|较上年|去年|上年|截至|(?:19|20)\d{2}年")
_PROGRESS = re.compile(r"(?:占|完成|达到|为)(?:年度|全年|年)?(?:计划|目标|任务)[\u4e00-\u9fa5]{0,4}的$")
_LOGISTICS = re.compile(r"会议|会期|历时|时长")
# A target named again after its figure: 超过省定90%的目标, 距离95%的要求还有差距.
_TARGET_AGAIN = re.compile(r"^(?:及以上|以上|以内|以下|左右)?的[^，,；;。]{0,6}?(?:目标|要求)")


# A plan (工作要点, 实施方案, 行动方案…) commits in every section but those that describe the present.
_PLAN_TITLE = re.compile(r"(?:工作要点|实施方案|工作方案|行动方案|行动计划|工作计划|工作安排|推进方案|实施意见)(?:[（(][^）)]*[）)])?\s*$")
_STATE_HEAD = re.compile(r"背景|基础|现状|基本情况|情况|成效|成绩|回顾|进展|问题|形势|短板|不足")


# A summary (工作总结, 情况报告) reports in every section but those that plan the next period.
_SUMMARY_TITLE = re.compile(r"(?:总结|情况报告|情况的报告|工作汇报|情况汇报|述职报告)(?:[（(][^）)]*[）)])?\s*$")
_PLAN_HEAD = re.compile(r"打算|计划|思路|安排|下一步|下步|重点工作|目标任务|工作要点|展望|措施|建议")


def is_plan(title: str | None) -> bool:
    return bool(title and _PLAN_TITLE.search(title.strip()))


def is_summary(title: str | None) -> bool:
    return bool(title and _SUMMARY_TITLE.search(title.strip()))


def summary_part(top_heading: str) -> str | None:
    """"plan" for a section of a summary that plans the next period, "review" for the others."""
    if not top_heading:
        return None
    return "plan" if _PLAN_HEAD.search(top_heading) else "review"


def plan_section(top_heading: str) -> bool:
    """A top-level section of a plan that sets out work, not one that describes the present."""
    return bool(top_heading) and not _STATE_HEAD.search(top_heading)


def titles(sentences) -> set[int]:
    """Start offsets of headings with a body under them (a heading that is a whole task line, （一）…，9月底前完成…。
    followed by its sibling, is not one)."""
    out = set()
    for sent, nxt in zip(sentences, sentences[1:]):
        path = list(sent.section_path)
        if sent.heading_level is not None and path and list(nxt.section_path[: len(path)]) == path:
            out.add(sent.start)
    return out


def override(kind: str, is_title: bool, clause: str, q, sentence_before: str, region: str | None) -> str:
    """``kind`` as the genre reads it (``q``: the figure, None for a dated commitment)."""
    if kind not in ("target", "actual"):
        return kind
    if is_title and (q is None or q.text == "全覆盖"):
        return "none"  # 三、…全力推动2025年医改任务落地见效, 6.推进智能监控全覆盖: the task follows
    if kind == "target" and q is not None and _PROGRESS.search(clause[: q.start]):
        return "actual"  # 占计划投资的45.7%, 完成年度目标的78%: progress against a plan, a result
    if kind != "actual" or q is None:
        return kind
    if _DIRECTIVE.search(sentence_before) and not _PAST.search(clause):
        return "target"  # 会议要求，今年要重点抓好五方面工作：一是…；四是…，检查覆盖率达到100%
    if _BACKGROUND.match(_without_leading_name(clause)):
        return "none"
    if q.unit in ("小时", "分钟") and _LOGISTICS.search(sentence_before + clause):
        return "none"  # 会议历时2小时: how the meeting went, not a result
    if _ELSEWHERE.search(sentence_before + clause[: q.start]):
        return "none"
    if region != "全国" and clause.startswith("全国"):
        return "none"  # a national figure quoted by a local text
    if _TARGET_AGAIN.match(clause[q.end :]):
        return "none"
    return kind


def _without_leading_name(clause: str) -> str:
    names = leading_jurisdictions(clause[:12])
    return clause[len(names[-1]) :] if names else clause
