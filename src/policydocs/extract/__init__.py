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

import bisect
import re
from dataclasses import dataclass

from policydocs.extract import genre, tables
from policydocs.extract.context import DocumentContext, leading_jurisdictions
from policydocs.extract.deadlines import clear_caches as clear_deadline_caches
from policydocs.extract.deadlines import find_deadline, find_deadlines, find_period
from policydocs.extract.fields import TIME_LIMIT, comparator, indicator, responsible, strength
from policydocs.extract.numbers import CharMap, Quantity, find_quantities, may_hold_quantity
from policydocs.extract.numbers import clear_caches as clear_quantity_caches
from policydocs.extract.statement import Statement
from policydocs.knowledge.comparators import comparators
from policydocs.segment import Segmented, split_clauses

__all__ = ["extract_statements", "Statement"]

_CLAUSE_MARKS = "，；：,;:。！？!?…" + tables.CELL_MARKS  # (a table cell is a clause of its own)
_RANK = re.compile(r"(?:排名|排位|位列|位居|居)(?:全省|全市|全国)?第$")
_FULL = re.compile(r"(?:全面|全部)(?:推开|铺开)|全覆盖")
_PER = re.compile(r"每(月|年|人|天|日|次|床|户)")
_COMPLETION = re.compile(r"完成|建成|出台|制定|印发|推开|运行|投入使用|开工|竣工|评估|验收|挂牌|上线|落地|(?:拨付|配备|落实)到位"
                         r"|通车|通水|销号|清零")
_BASELINE = re.compile(r"(?:从|由)(?:去年|上年|年初|\d{4}年)?的?$")
_CHANGE_TO = re.compile(r"^(?:以上|左右)?(?:提高|提升|增加|增长|上升|下降|降低|减少|扩大|缩小)(?:到|至)")
_DESCRIBES_COUNTRY = re.compile(r"的(?:发展中|社会主义|人口)?(?:大国|国家|大省|大市|大县)")
_YEAR_WRITTEN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=年)")
_SEGMENT_MARK = re.compile(r"[；;]")  # (a sentence's ；-separated parts)
_CLAUSE_MARK = re.compile(r"[，,：:]")
_SHARED_COMPARATOR = re.compile(r"^(?:[和、及与至][^，,；;。]{0,8}?)(以上|以下|以内|左右)")
_SKIP_UNITS = {"年", "月", "个月", "日", "天", "周", "岁", "周岁", "届", "期间", "周年"}
_COUNTED = {"天": "天数", "岁": "寿命"}


@dataclass
class _Clause:
    start: int  # in the document text
    end: int
    text: str


def extract_statements(text: str, seg: Segmented, *, doc_id: str, context: DocumentContext) -> list[Statement]:
    from policydocs.extract.kind import classify_many, clear_text_caches

    clear_text_caches()  # (per-text caches serve one document's repeats, not copies across documents)
    clear_deadline_caches()
    clear_quantity_caches()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    topic = _TopicRegion(context.region)
    candidates: list[tuple] = []
    # The title names the document (某县医疗集团2022年运行情况), it states nothing: its year is not a deadline.
    title_end = len(context.title) if context.title and text.startswith(context.title) else 0
    para_start, paragraph = -1, ""
    for sent in seg.sentences:
        if sent.end <= title_end:
            continue
        line_start = line_starts[bisect.bisect_right(line_starts, sent.start) - 1]
        if line_start != para_start:  # (a paragraph's sentences share it: slice it once)
            para_start, para_end = line_start, text.find("\n", sent.start)
            paragraph = text[para_start : para_end if para_end >= 0 else len(text)]
        topic.see(sent, para_start, paragraph)
        if not _may_state(sent.text):
            continue  # (two sentences in three: no clause of theirs can be a candidate)
        clauses = [_Clause(sent.start + c.start, sent.start + c.end, c.text)
                   for c in split_clauses(sent.text, marks=_CLAUSE_MARKS)]
        for k, clause in enumerate(clauses):
            figures = _figures(clause.text)
            if not figures and _is_qualitative_target(clause.text, sent.text[: clause.start - sent.start], context.year):
                figures = [(None, None, None)]
            if not figures:
                continue  # (most clauses: nothing below is needed for them)
            previous = [c.text for c in clauses[:k]]
            following = clauses[k + 1].text if k + 1 < len(clauses) else ""
            for q, value, unit in figures:
                region = _region(clause.text, topic, context)
                candidates.append((sent, clause, previous, following, paragraph, q, value, unit, region))
    kinds = classify_many([_kind_context(text, c, context) for c in candidates])
    parts = _ReportParts(context.year, context.title or text[: text.find("\n")])
    titles = genre.titles(seg.sentences)
    out = []
    for (sent, clause, previous, following, paragraph, q, value, unit, region), (kind, p) in zip(candidates, kinds):
        # (the whole sentence before the clause: 2024年，…；全年医保基金支出… reports 2024 in both parts)
        before = _full_sentence_before(text, sent.start) + text[sent.start : clause.start]
        kind = _genre_kind(kind, parts.of(sent), q, clause.text, before, context.year)
        kind = genre.override(kind, sent.start in titles, clause.text, q, before, context.region)
        if kind in ("target", "actual"):
            out.append(_statement(doc_id, text, sent, clause, previous, following, paragraph, q, value, unit,
                                  context, region, kind, p, before))
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


def _kind_context(text: str, candidate: tuple, context: DocumentContext):
    from policydocs.extract.kind import KindContext

    sent, clause, _, _, paragraph, q, _, _, _ = candidate
    years = [int(y) for y in _YEAR_WRITTEN.findall(sent.text)]
    quantity = q.text + (q.comparator_after or "") if q is not None else ""
    return KindContext(clause=clause.text, sentence=sent.text, section_path=list(sent.section_path),
                       paragraph_opener=paragraph[:20], doc_year=context.year, clause_years=years,
                       quantity_text=quantity)


def _may_state(sentence: str) -> bool:
    """Can a clause of ``sentence`` be a candidate? Each test holds for a clause only if it holds
    for the sentence around it: a figure (``may_hold_quantity``), 全面推开/全覆盖, or a verb of
    completion (a dated commitment without a figure needs one)."""
    return bool(may_hold_quantity(sentence) or _COMPLETION.search(sentence) or _FULL.search(sentence))


def _figures(clause: str) -> list[tuple[Quantity | None, float | None, str | None]]:
    found = []
    # (most clauses with a numeral hold it in a word, 进一步, 一是: skip reading them for figures)
    quantities = find_quantities(clause) if may_hold_quantity(clause) else []
    for q in quantities:
        if q.is_date_or_name == "ordinal" and _RANK.search(clause[: q.start]):
            found.append((q, q.value, "名次"))
            continue
        if q.is_date_or_name or q.value is None:
            continue
        if q.unit in _SKIP_UNITS and _COUNTED.get(q.unit, "@") not in clause[: q.start]:
            continue  # a duration or an age; but 重污染天数控制在3天以内 counts days, 预期寿命79.2岁 is a level
        if not q.unit and not _bare_count(clause, q):
            continue
        if q.value == 1 and q.text[0] in "一壹":  # 一个/一次/一份: an article, not a figure
            continue
        if _DESCRIBES_COUNTRY.match(clause, q.end):  # 13亿多人口的发展中大国: a description
            continue
        if q.unit == "位" and clause[q.start - 1 : q.start] in ("前", "后"):  # 排名后三位: a band of ranks
            continue
        if _BASELINE.search(clause[: q.start]) and _CHANGE_TO.match(clause[q.end :]):
            continue  # 由46.9%提高到48.2%: the first figure is the starting point, not the statement
        unit = q.unit
        per = _PER.search(clause[max(0, q.start - 8) : q.start])
        if per and unit == "元":
            unit = f"元/{per.group(1)}"
        found.append((q, q.value, unit))
    if not found:
        m = _FULL.search(_without_titles(clause))
        # 全面推开 is a figure (100%) only as a dated commitment; 全覆盖 always.
        if m and (m.group() == "全覆盖" or find_deadline(clause) is not None):
            found.append((Quantity(m.start(), m.end(), m.group(), 100, unit="%"), 100, "%"))
    # A count that only describes the population of a rate (149家机构…率仅为15%) is not a figure;
    # a count that ends an item of its own (新增就业1361万人、调查失业率5%左右) is.
    if any(u == "%" for _, _, u in found) and len(found) > 1:
        rate = re.search(r"率|比例|占比", clause)
        if rate:
            found = [f for f in found if f[2] == "%" or f[0].end > rate.start()
                     or (f[0] is not None and re.search(r"[、，,；;]", clause[f[0].end : rate.start()]))]
    return found


# 农村贫困人口减少1000万以上, 减少1386万: a count in 万/亿 whose unit the genre leaves unwritten
# (people, households). Only with its multiplier, and only where nothing could be the unit.
_BARE_COUNT_END = re.compile(r"(?:余|多)?(?:及以上|及以下|以上|以下|以内|左右)?(?:[，,、；;。：:）)]|和|$)")
_BARE_COUNT_VERB = re.compile(r"(?:减少|增加|新增|净增|达到|达|超过|突破|逾|累计|共|近|约|再减少|再增加)$")


def _bare_count(clause: str, q: Quantity) -> bool:
    if q.value is None or not re.search(r"\d(?:\.\d+)?[十百千]?[万亿]$", _FW_DIGITS(q.text)):
        return False
    return bool(_BARE_COUNT_END.match(clause, q.end)) and bool(_BARE_COUNT_VERB.search(clause[: q.start]))


_FW_DIGITS = CharMap("０１２３４５６７８９．", "0123456789.")


def _without_titles(text: str) -> str:
    """Blank out 《document titles》 (their years and verbs are not the clause's), keeping offsets."""
    if "《" not in text:
        return text  # most clauses: no title, no regex call
    return _TITLE.sub(lambda m: "《" + "　" * (len(m.group()) - 2) + "》", text)


_TITLE = re.compile(r"《[^》]*》")


def _is_qualitative_target(clause: str, sentence_before: str, doc_year: int | None) -> bool:
    """A dated commitment without a figure: 年内研究制定…实施方案, 2025年,完成…建设."""
    clause, sentence_before = _without_titles(clause), _without_titles(sentence_before)
    if not _COMPLETION.search(clause) or _NOT_A_COMMITMENT.search(clause):
        return False
    deadline = find_deadline(clause, doc_year=doc_year) or find_deadline(sentence_before, doc_year=doc_year)
    if deadline is None or deadline.end is None:
        return False
    return doc_year is None or deadline.end.year >= doc_year


# Clauses that describe the year or close a speech, not commitments: 今年是…的开局之年, 是…关键一年,
# 为实现…作出新的更大贡献, 也同…相衔接.
_NOT_A_COMMITMENT = re.compile(r"^(?:今年|明年|这)?是|之年$|一年$|^[为也]|作出新的(?:更大)?贡献$|相衔接$")


class _TopicRegion:
    """The jurisdiction a passage is about.

    A short standalone line that opens with a name (易县强力推进县域医共体建设) sets it for the
    passages that follow; a paragraph opening with a name sets it for that paragraph only.
    """

    def __init__(self, default: str | None):
        self.passage = default
        self.current = default
        self._para = -1

    def see(self, sent, para_start: int, paragraph: str) -> None:
        if para_start == self._para:
            return
        self._para = para_start
        names = _leading_name(paragraph)
        # (a heading: 易县推进县域医共体建设; a short paragraph with clauses, 易县进展较快，…。, is no heading)
        standalone = len(paragraph) <= 30 and not re.search(r"[。；;，,]", paragraph[:-1])
        if names and standalone:
            self.passage = names[-1]
        self.current = names[-1] if names else self.passage


def _statement(doc_id, text, sent, clause, previous, next_clause, paragraph, q, value, unit, context, region,
               kind, confidence, full_before):
    """``full_before``: the whole sentence before the clause, across the ；-parts segment splits."""
    local = clause.text
    q_start = q.start if q is not None else None
    sentence_before = text[sent.start : clause.start]
    segment_before = _SEGMENT_MARK.split(sentence_before)[-1] + (local[:q_start] if q_start is not None else local)
    stmt = Statement(doc=doc_id, kind=kind, text=local, start=clause.start, end=clause.end,
                     sentence_start=sent.start, sentence_end=sent.end, section_path=list(sent.section_path),
                     confidence=confidence)
    if q is not None:
        stmt.value = value
        stmt.value_max = q.value_max
        stmt.unit = unit
        following = local[q.end :]
        stmt.comparator = _shared_comparator(q, local, following)
        same_segment = [c for c in _CLAUSE_MARK.split(_SEGMENT_MARK.split(sentence_before)[-1]) if c.strip()]
        stmt.indicator = indicator(local, q, q.start, same_segment)
    else:
        stmt.indicator = _strip_deadline(local)
    stmt.region = region
    if kind == "target":
        stmt.strength = strength(segment_before)
        noted = tables.with_notes(text, sent)
        stmt.deadline = _deadline(local, sentence_before, paragraph, sent, context, next_clause, noted)
        stmt.responsible = responsible(local, previous, noted)
    else:
        # A period opening a sentence carries over its ；-separated parts, which segment splits:
        # 1—4月门诊量32万人次…；医疗收入1.4亿元… both report January to April.
        stmt.period = _period(local, full_before, paragraph, context, sent.section_path)
    return stmt


def _full_sentence_before(text: str, start: int) -> str:
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


def _strip_deadline(clause: str) -> str:
    # 确保10月底前…全部建成, 并于6月底前…: the cue and the deadline are not what is measured
    return re.sub(r"^(?:[^，,。]{0,16}?(?:要|将)(?=[在于]))?(?:确保|力争|争取|务必|并|要)?(?:在|于)?"
                  r"(?:年内|年底前|[一二两三四五]年内|[上下]半年|第?[一二三四]季度(?:末|内)?|(?:19|20)\d{2}年(?:底前|底)?"
                  r"|\d{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬)?(?:以?前))[，,]?", "", clause)


def _leading_name(text: str) -> list[str]:
    """The jurisdiction a text opens with; none when it opens with a list (XX区、XX区、XX县…)."""
    names = leading_jurisdictions(text[:12])
    if names and text[len(names[-1]) : len(names[-1]) + 1] in ("、", "和", "与", "及"):
        return []
    return names


def _region(clause: str, topic: _TopicRegion, context: DocumentContext) -> str | None:
    names = _leading_name(clause)
    if names:
        return names[-1]
    return topic.current


def _iso(d) -> str | None:
    return d.isoformat() if d else None


_DEADLINE_OPENER = re.compile(r"^(?:在|于|并于|力争|争取)?(?:年内|年底前|今年|明年|\d{1,2}月(?:底|末)?前|(?:19|20)\d{2}年)")


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
        for heading in reversed(sent.section_path):
            found = find_deadline(heading, doc_year=doc_year)
            if found is not None:
                break
    if found is not None and found.end is not None:
        return found.end.isoformat()
    return f"{doc_year}-12-31" if doc_year else None


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
