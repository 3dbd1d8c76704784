"""Fields: a candidate of a known kind made a Statement (indicator, value, comparator; a target's
strength, deadline and responsible units; an actual's period)."""

from __future__ import annotations

from dataclasses import replace

import re

from policydocs.extract import tables
from policydocs.extract.candidates import Candidate
from policydocs.extract.context import DocumentContext
from policydocs.extract.deadlines import find_deadline, find_deadlines, find_period
from policydocs.extract.fields import TIME_LIMIT, comparator, indicator, responsible, shared_indicators, strength
from policydocs.extract.numbers import Quantity
from policydocs.extract.statement import Statement
from policydocs.knowledge.comparators import comparators
from policydocs.knowledge.vocabulary import pattern

_SEGMENT_MARK = re.compile(r"[；;]")  # (a sentence's ；-separated parts)
_CLAUSE_MARK = re.compile(r"[，,：:]")
# 30%和5%以上: a bound (common.toml's bound_after) closing a coordinated list a few characters on.
_SHARED_COMPARATOR = pattern(r"^(?:[和、及与至][^，,；;。]{0,8}?)({bound_after})")


def build_statement(doc_id: str, text: str, candidate: Candidate, context: DocumentContext, kind: str,
                    confidence: float, full_before: str) -> Statement:
    """``full_before``: the whole sentence before the clause, across the ；-parts segment splits."""
    sent, clause, q = candidate.sentence, candidate.clause, candidate.quantity
    local = clause.text
    q_start = q.start if q is not None else None
    sentence_before = text[sent.start : clause.start]
    segment_before = _SEGMENT_MARK.split(sentence_before)[-1] + (local[:q_start] if q_start is not None else local)
    stmt = Statement(doc=doc_id, kind=kind, text=local, start=clause.start, end=clause.end,
                     sentence_start=sent.start, sentence_end=sent.end, section_path=list(sent.section_path),
                     confidence=confidence)
    if q is not None:
        stmt.value = candidate.value
        stmt.value_max = q.value_max
        stmt.unit = candidate.unit
        following = local[q.end :]
        stmt.comparator = _shared_comparator(q, local, following)
        same_segment = [c for c in _CLAUSE_MARK.split(_SEGMENT_MARK.split(sentence_before)[-1]) if c.strip()]
        # (全部 done, 100 %: the whole task is what is measured, as for a commitment without a figure)
        stmt.indicator = (_whole_task(local, q) if q.text == "全部"  # grammar: numbers.py's 全部 figure
                          else indicator(local, q, q.start, same_segment))
    else:
        stmt.indicator = _strip_deadline(local)
    stmt.region = candidate.region
    if kind == "target":
        stmt.strength = strength(segment_before)
        noted = tables.with_notes(text, sent)
        stmt.deadline = _deadline(local, sentence_before, candidate.paragraph, sent, context, candidate.following,
                                  noted)
        stmt.responsible = responsible(local, candidate.previous, noted)
    else:
        # A period opening a sentence carries over its ；-separated parts, which segment splits:
        # 1—4月门诊量32万人次…；医疗收入1.4亿元… both report January to April.
        stmt.period = _period(local, full_before, candidate.paragraph, context, sent.section_path)
    return stmt


def full_sentence_before(text: str, start: int) -> str:
    """The parts of the same full sentence (up to 。！？ or a line break) before ``start``."""
    window = max(0, start - 400)
    lo = max(text.rfind(mark, window, start) for mark in "。！？!?\n") + 1
    return text[max(lo, window):start]


def _shared_comparator(q: Quantity, clause: str, following: str) -> str:
    # 30%和5%以上: the comparator after the last of a coordinated list applies to each figure.
    m = _SHARED_COMPARATOR.match(following)
    if m and not q.comparator_after:
        return comparators().after[m.group(1)]
    return comparator(q, clause, following)


def _whole_task(clause: str, q: Quantity) -> str:
    """The task a 全部 figure finishes: its own item of a 、-list (农村贫困人口全部脱贫、贫困县全部摘帽)."""
    lo = clause.rfind("、", 0, q.start) + 1  # grammar: the list mark between tasks
    hi = clause.find("、", q.end)
    return _strip_deadline(clause[lo : hi if hi >= 0 else len(clause)])


def _strip_deadline(clause: str) -> str:
    # 确保10月底前…全部建成, 并于6月底前…: the cue and the deadline are not what is measured
    return _OPENING_DEADLINE.sub("", clause)


# (在|于 before the date and the date itself are grammar; the cue words are the vocabulary's.)
_OPENING_DEADLINE = pattern(r"^(?:[^，,。]{0,16}?{plan_modal}(?=[在于]))?{deadline_cue}?(?:在|于)?"  # grammar: 在|于
                            # grammar: a date that opens a clause (年内, 上半年, 2025年底前, 6月底前)
                            r"(?:年内|年底前|[一二两三四五]年内|[上下]半年|第?[一二三四]季度(?:末|内)?|(?:19|20)\d{2}年(?:底前|底)?"
                            r"|\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:以?前))[，,]?")
# grammar: a date that opens a clause (年内, 今年, 6月底前, 2025年), after the vocabulary's deadline_lead
_DEADLINE_OPENER = pattern(r"^{deadline_lead}?(?:年内|年底前|今年|明年|\d{1,2}月(?:底|末)?前|(?:19|20)\d{2}年)")


def _deadline(clause, sentence_before, paragraph, sent, context, following="", noted="") -> str | None:
    doc_year = context.year
    found = find_deadline(clause, doc_year=doc_year)
    if found is None and following and _DEADLINE_OPENER.match(following):
        found = find_deadline(following, doc_year=doc_year)  # …作为试点县，在5月底前率先组建
    limit = TIME_LIMIT.search(noted) if found is None else None
    if limit:
        found = find_deadline(limit.group(1), doc_year=doc_year)
    if found is None:
        earlier = find_deadlines(sentence_before, doc_year=doc_year)
        found = earlier[-1] if earlier else None
    if found is None:
        found = find_deadline(paragraph[:12], doc_year=doc_year)
    if found is None:
        found = heading_deadline(sent.section_path, doc_year)
    if found is not None and found.end is not None:
        return found.end.isoformat()
    return f"{doc_year}-12-31" if doc_year else None


def heading_deadline(section_path, doc_year: int | None):
    """The deadline the headings over a target give it: the innermost heading that names a year (三、
    2026年重点工作 → 2026); a five-year plan only when no heading names a year, since a plan's name in
    a heading of this year's work (（一）…加快建设“十五五”现代化产业体系) is context, not the period the
    section plans; of the periods one heading names, the first not over before the document's year."""
    plans = None
    for heading in reversed(section_path):
        found = _ahead(find_deadlines(heading, doc_year=doc_year), doc_year)
        if found is None:
            continue
        if found.kind != "plan":
            return found
        plans = plans or found
    return plans


def _ahead(found: list, doc_year: int | None):
    """The first of a heading's periods that has not ended before the document's year: a heading
    naming the plan that ended and the next (“十四五”时期发展成就和“十五五”时期主要目标任务) plans the next."""
    if doc_year is not None:
        found = [d for d in found if d.end is None or d.end.year >= doc_year] or found
    return found[0] if found else None


def _period(clause, sentence_before, paragraph, context, headings=()) -> str | None:
    # The clause itself, then the clauses before it in the sentence (nearest first), then the
    # paragraph's opener (2024年，…), then the headings (一、2015年工作回顾), innermost first.
    pieces = ([clause] + list(reversed(re.split(r"[，,；;：:]", sentence_before))) + [paragraph[:12]]
              + list(reversed(headings)))
    for piece in pieces:
        found = find_period(piece, doc_year=context.year)
        if found is not None and found.value:
            if context.year and found.value[:4].isdigit() and int(found.value[:4]) > context.year:
                continue  # 到2030年: a horizon named near a result, not the period it reports
            return found.value
    return None


def distribute(stmt: Statement, candidate) -> list[Statement]:
    """The statement once per item when its figure is shared by a list of measures (化学需氧量、氨氮
    排放量分别下降2%: each falls 2%, each is a row of the checklist); else the statement alone."""
    q = candidate.quantity
    items = shared_indicators(candidate.clause.text, q, q.start) if q is not None else None
    if not items:
        return [stmt]
    return [replace(stmt, indicator=item) for item in items]
