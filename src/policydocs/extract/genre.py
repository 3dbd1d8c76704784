"""The parts of a document of the genre: which sections review, which plan, which lines are headings.

A work report (政府工作报告 and its provincial/municipal kin) opens with a review of last year and
then sets out this year's work; a plan (工作要点, 实施方案…) commits in its task sections; a
summary (工作总结, 情况报告) reports except where it plans the next period. ``extract.kind_rules``
reads these parts to correct the kind classifier. The title and heading words are lists of
``extractors/vocabulary/kind.toml``.
"""

from __future__ import annotations

import re

from policydocs.knowledge.vocabulary import pattern

# A plan (工作要点, 实施方案, 行动方案…) commits in every section but those that describe the present;
# so does a division of another document's targets (…任务分工方案, …目标任务分解表).
_PLAN_TITLE = pattern(r"(?:{plan_title_word}|(?:{division_title})表?)(?:[（(][^）)]*[）)])?\s*$")  # (a bracket after: （2025年）)
_STATE_HEAD = pattern(r"{plan_state_heading}")


# A summary (工作总结, 情况报告) reports in every section but those that plan the next period.
_SUMMARY_TITLE = pattern(r"{summary_title_word}(?:[（(][^）)]*[）)])?\s*$")
_PLAN_HEAD = pattern(r"{summary_plan_heading}")


# grammar: 关于 … 的通知 around the title of the document a cover notice issues
_COVER = pattern(r"关于{cover_notice_verb}《?(.+?)》?的通知\s*$")


def issued_title(title: str) -> str:
    """The title of the document a cover notice issues (关于印发2026年工作要点的通知 → 2026年工作要点),
    else the title itself."""
    m = _COVER.search(title.strip())
    return m.group(1) if m else title.strip()


def is_plan(title: str | None) -> bool:
    return bool(title and _PLAN_TITLE.search(issued_title(title)))


def is_summary(title: str | None) -> bool:
    """A summary, or a summary and plan in one (2025年工作总结和2026年工作计划: it reviews, then plans)."""
    # grammar: 和/及/暨 join the parts of a double title
    return bool(title) and any(_SUMMARY_TITLE.search(part) for part in re.split(r"[和及暨]", issued_title(title)))


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


# 一、2015年工作回顾 / 过去五年工作回顾 / 2023年工作总结: the section that reviews last year.
# (一、2025年和“十四五”时期工作回顾 / 一、“十四五”时期和2025年工作回顾: a few words may stand between)
# grammar: the period reviewed is a year, 过去 and a count of years, last year or a five-year plan named
_REVIEW_HEAD = pattern(r"(?:(?:19|20)\d{2}年|过去[一二两三四五]年|{last_year}|[“\"]?十[一二三四五六]五[”\"]?)"
                       r"[^\n，。]{0,12}?{review_heading}"
                       r"|(?:19|20)\d{2}年{year_report_heading}")


class ReportParts:
    """Which part of a work report a sentence is in: "review" (the top-level section that reviews
    last year), "plan" (a top-level section after it, or a task section of a plan document), or None.
    Ask for the sentences in document order (a section after the review is read as a plan)."""

    def __init__(self, doc_year: int | None, title: str = ""):
        self.doc_year = doc_year
        self.seen_review = False
        self.plan_document = is_plan(title)
        self.summary = is_summary(title)  # 工作总结: 成效 and 问题 report, 打算/计划 plan

    def of(self, sent) -> str | None:
        top = sent.section_path[0] if sent.section_path else ""
        if not top:
            return None
        m = _REVIEW_HEAD.search(top)
        if m:
            years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", m.group())]
            year = re.match(r"(?:19|20)\d{2}", str(max(years))) if years else None
            # (a summary written at the end of its year reviews that year: 2025年工作开展情况 in December 2025)
            if (year is None or self.doc_year is None or int(year.group()) < self.doc_year
                    or (self.summary and int(year.group()) == self.doc_year)):
                self.seen_review = True
                return "review"
            return None
        if self.summary:
            return summary_part(top)
        if self.plan_document or self.seen_review:  # (存在的问题 after the review is no plan)
            return "plan" if plan_section(top) else None
        return None
