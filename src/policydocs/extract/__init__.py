r"""Extract: quantified targets and reported actuals from a cleaned, segmented document.

    >>> from policydocs.extract import extract_statements
    >>> from policydocs.extract.context import DocumentContext
    >>> from policydocs.segment import segment
    >>> text = ("大丰区2024年卫生健康工作要点\n一、2023年工作回顾\n全区家庭医生签约率达到75.3%。\n"
    ...         "二、2024年重点工作\n力争年底前签约率达到80%以上，新建村卫生室12个。\n")
    >>> context = DocumentContext(year=2024, region="大丰区")   # ingest works these out from the text
    >>> for s in extract_statements(text, segment(text), doc_id="要点", context=context):
    ...     print(s.kind, s.indicator, s.comparator, s.value, s.unit, s.deadline or s.period)
    actual 家庭医生签约率 = 75.3 % 2023
    target 签约率 >= 80 % 2024-12-31
    target 新建村卫生室 = 12 个 2024-12-31

Candidates come from rules (every figure of the genre, and qualitative commitments that carry a
deadline); whether a candidate is a target, an actual or neither is decided by a classifier over
cue features (``extract.kind``). Every statement keeps its offsets into the cleaned text.
"""

from __future__ import annotations

import re

from policydocs.extract import genre
from policydocs.extract.candidates import find_candidates, kind_context
from policydocs.extract.context import DocumentContext
from policydocs.extract.deadlines import clear_caches as clear_deadline_caches
from policydocs.extract.numbers import clear_caches as clear_quantity_caches
from policydocs.extract.statement import Statement
from policydocs.extract.statement_fields import build_statement, full_sentence_before
from policydocs.segment import Segmented

__all__ = ["extract_statements", "Statement"]

_YEAR_WRITTEN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")


def extract_statements(text: str, seg: Segmented, *, doc_id: str, context: DocumentContext) -> list[Statement]:
    from policydocs.extract.kind import classify_many, clear_text_caches

    clear_text_caches()  # (per-text caches serve one document's repeats, not copies across documents)
    clear_deadline_caches()
    clear_quantity_caches()
    candidates = find_candidates(text, seg, context)
    kinds = classify_many([kind_context(c, context) for c in candidates])
    parts = _ReportParts(context.year, context.title or text[: text.find("\n")])
    titles = genre.titles(seg.sentences)
    out = []
    for c, (kind, p) in zip(candidates, kinds):
        sent, clause, q = c.sentence, c.clause, c.quantity
        # (the whole sentence before the clause: 2024年，…；全年医保基金支出… reports 2024 in both parts)
        before = full_sentence_before(text, sent.start) + text[sent.start : clause.start]
        kind = _genre_kind(kind, parts.of(sent), q, clause.text, before, context.year)
        kind = genre.override(kind, sent.start in titles, clause.text, q, before, context.region)
        if kind in ("target", "actual"):
            out.append(build_statement(doc_id, text, c, context, kind, p, before))
    return out


# A work report (政府工作报告 and its provincial/municipal kin) opens with a review of last year
# (一、2015年工作回顾 / 过去五年工作回顾) and then sets out this year's work: the document's own
# structure says which figures are results and which are plans.
_REVIEW_HEAD = re.compile(r"(?:(?:19|20)\d{2}年|过去[一二两三四五]年|上年|去年)(?:工作|政府工作)?回顾"
                          r"|(?:19|20)\d{2}年(?:主要)?工作(?:开展|完成|进展)?(?:情况|总结|成效)")
_PAST_CUE = re.compile(r"去年|上年|过去|刚刚|已经|已|截至|以来|累计|同比|比上年|历史最|创历史|年均")
_FUTURE_CUE = re.compile(r"今年|明年|要|将|力争|争取|确保|预期|目标是|计划|拟|(?:到|至)(?:19|20)\d{2}年")
_TARGET_REFERENCE = re.compile(r"^(?:及以上|以上|以内|左右)?的(?:年度|全年)?(?:预期)?(?:增长)?目标")


class _ReportParts:
    """Which part of a work report a sentence is in: "review" (the top-level section that reviews
    last year), "plan" (a top-level section after it, or a task section of a plan document), or None."""

    def __init__(self, doc_year: int | None, title: str = ""):
        self.doc_year = doc_year
        self.seen_review = False
        self.plan_document = genre.is_plan(title)
        self.summary = genre.is_summary(title)  # 工作总结: 成效 and 问题 report, 打算/计划 plan

    def of(self, sent) -> str | None:
        top = sent.section_path[0] if sent.section_path else ""
        if not top:
            return None
        m = _REVIEW_HEAD.search(top)
        if m:
            year = re.match(r"(?:19|20)\d{2}", m.group())
            if year is None or self.doc_year is None or int(year.group()) < self.doc_year:
                self.seen_review = True
                return "review"
            return None
        if self.summary:
            return genre.summary_part(top)
        if self.plan_document or self.seen_review:  # (存在的问题 after the review is no plan)
            return "plan" if genre.plan_section(top) else None
        return None


def _genre_kind(kind: str, part: str | None, q, clause: str, sentence_before: str, doc_year: int | None) -> str:
    """The classifier's kind, corrected by the structure of a work report and the spec."""
    if q is None:
        # a figure-less statement is a dated commitment (docs/statements.md), never a result
        return "none" if kind == "actual" or part == "review" else kind
    if part == "review":
        if _TARGET_REFERENCE.match(clause[q.end :]):
            return "none"  # 低于13%左右的预期目标: last year's target named again, not a result
        if kind == "target" and not _FUTURE_CUE.search(clause):
            return "actual"
    elif part == "plan" and kind == "actual":
        years = [int(y) for y in _YEAR_WRITTEN.findall(sentence_before + clause)]
        opener = re.split(r"[，,；;：:]", sentence_before)[0]  # 去年，… / 过去一年，…
        past = _PAST_CUE.search(opener + "，" + clause) or any(doc_year and y < doc_year for y in years)
        if not past:
            return "target"
    if kind == "target" and part != "review" and not _FUTURE_CUE.search(clause):
        # 2024年，全县发放…；全年临时救助2100人次 / 过去一年，我们新建…；新增养老床位460张: a sentence
        # opened by a past year or period reports it in each of its parts
        opener = _PAST_OPENER.match(sentence_before)
        if opener and (not opener.group(1) or (doc_year and int(opener.group(1)) < doc_year)):
            return "actual"
    return kind


_PAST_OPENER = re.compile(r"((?:19|20)\d{2})年[，,]|(?:过去(?:的)?[一二两三四五]年|去年|上年|一年来|[一二两三四五]年来)[，,]")
