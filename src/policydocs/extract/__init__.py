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

Four steps: candidates (every figure of the genre, and qualitative commitments that carry a
deadline: ``extract.candidates``) → a classifier over cue features says target, actual or neither
(``extract.kind``) → an ordered list of named rules corrects it where the document's structure or
the genre is plain (``extract.kind_rules.KIND_RULES``) → the fields of each target and actual
(``extract.statement_fields``). Every statement keeps its offsets into the cleaned text.
"""

from __future__ import annotations

from policydocs.extract.candidates import find_candidates, kind_context
from policydocs.extract.context import DocumentContext
from policydocs.extract.deadlines import clear_caches as clear_deadline_caches
from policydocs.extract.genre import ReportParts, titles
from policydocs.extract.kind_rules import RuleContext, apply_kind_rules
from policydocs.extract.numbers import clear_caches as clear_quantity_caches
from policydocs.extract.statement import Statement
from policydocs.extract.statement_fields import build_statement, distribute, full_sentence_before
from policydocs.segment import Segmented

__all__ = ["extract_statements", "Statement"]


def extract_statements(text: str, seg: Segmented, *, doc_id: str, context: DocumentContext) -> list[Statement]:
    from policydocs.extract.kind import classify_many, clear_text_caches  # (bench/kind_rows.py swaps it)

    clear_text_caches()  # (per-text caches serve one document's repeats, not copies across documents)
    clear_deadline_caches()
    clear_quantity_caches()
    candidates = find_candidates(text, seg, context)
    kinds = classify_many([kind_context(c, context) for c in candidates])
    parts = ReportParts(context.year, context.title or text[: text.find("\n")])
    headings = titles(seg.sentences)
    out = []
    for candidate, (kind, confidence) in zip(candidates, kinds):
        sent = candidate.sentence
        # (the whole sentence before the clause: 2024年，…；全年医保基金支出… reports 2024 in both parts)
        before = full_sentence_before(text, sent.start) + text[sent.start : candidate.clause.start]
        opens = text.rfind("\n", 0, sent.start) + 1  # (the paragraph's opener: 过去五年，… over its sentences)
        paragraph = text[opens : min(sent.start, opens + 40)]
        where = RuleContext(parts.of(sent), sent.start in headings, before, context.year, context.region, paragraph)
        kind = apply_kind_rules(candidate, kind, where)
        if kind in ("target", "actual"):
            stmt = build_statement(doc_id, text, candidate, context, kind, confidence, before)
            if not _a_vision(stmt, context.year):
                out += distribute(stmt, candidate)
    return out


# How far ahead a commitment without a figure is still a task to check: a task dated within a
# three-year action plan (西部地区于2020年完成, in 2017) is; the end of the next five-year plan or
# 2035 (基本建成…现代化国际大都市) is a vision.
VISION_AFTER_YEARS = 3


def _a_vision(stmt: Statement, doc_year: int | None) -> bool:
    """A commitment without a figure due more than three years ahead is a vision (2035年…基本建成具有
    世界影响力的…国际大都市; 十五五 末…基本建成…), not a row a 督查 team can check."""
    return (stmt.kind == "target" and stmt.value is None and doc_year is not None and bool(stmt.deadline)
            and int(stmt.deadline[:4]) > doc_year + VISION_AFTER_YEARS)
