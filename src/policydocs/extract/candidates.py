"""Candidates: the clauses that may state a target or an actual, each with its figure.

Every figure of the genre is a candidate, and so is a qualitative commitment that carries a
deadline (年内研究制定…实施方案); whether one is a target, an actual or neither is decided later
(``extract.kind``, then ``extract.kind_rules``). The verbs and words that make a clause a candidate
are lists of ``extractors/vocabulary/kind.toml``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from policydocs.extract import tables
from policydocs.extract.context import YEAR_WRITTEN, DocumentContext, leading_jurisdictions
from policydocs.extract.deadlines import find_deadline
from policydocs.extract.numerals import CharMap
from policydocs.extract.numbers import Quantity, find_quantities, may_hold_quantity
from policydocs.knowledge.files import cached
from policydocs.knowledge.vocabulary import pattern, words
from policydocs.segment import Segmented, split_clauses

CLAUSE_MARKS = "，；：,;:。！？!?…" + tables.CELL_MARKS  # (a table cell is a clause of its own)
_RANK = pattern(r"{rank_verb}{rank_scope}?第$")
# (健全覆盖全人群的…体系: 健全 + 覆盖, not 全覆盖; the words ending in 全 that may stand before 覆盖)
_FULL = pattern(r"(?<!{not_coverage_head})(?:{rolled_out_in_full}|{covered_in_full})")  # (match: lookbehind reads before pos)
_PER = pattern(r"每({per_base})")
_COMPLETION = pattern(r"{completion_verb}")
# grammar: 从/由 and a few words (a time: 年初, a year; a base: 人均, 每人每年) before the baseline figure
_BASELINE = pattern(r"(?:从|由)(?:{last_year}|年初|\d{4}年)?[^，,；;。从由到至\d]{0,6}?的?$")
# grammar: 到/至 after the verb introduces the new level
_CHANGE_TO = pattern(r"^{bound_after}?{change_verb}(?:到|至)")
_CURRENT = pattern(r"{current_cue}$")
_CHANGED_LATER = pattern(r"^的?[^，,；;。\d]{0,8}?{indicator_change_verb}(?:到|至)")  # grammar: 的税率降至 …
_DESCRIBES_COUNTRY = pattern(r"的{country_epithet}?{country_noun}")
# A measure counted in units of time (重污染天数, 预期寿命, 平均受教育年限): its figure is a level, not a span.
_COUNTED = pattern(r"{duration_measure}")
# grammar: the list nouns end the clause (做好八个方面工作, 我讲三点意见, 抓好以下五个方面重点工作)
_ANNOUNCES_A_LIST = pattern(r"(?:{list_noun}){1,3}(?:$|、)|(?:{list_noun}|{plan_noun}){1,3}{discussion_verb}$")
# grammar: a count framed as the parts a text is divided into (从九个方面明确了…, 分13个领域细化…)
_PARTS_OF_A_TEXT = pattern(r"{list_frame}$")
# A span of the clock before what it qualifies (24小时开放, 15分钟社区生活圈): an attribute, no figure,
# unless 内/以内 or a comparator follows (30分钟内到达) or the clause ends.
_CLOCK_ATTRIBUTE = pattern(r"(?!内|以内|之内)[\u4e00-\u9fff]")  # grammar: 内 bounds a span, else the span qualifies
_LIST_COUNTERS = ("", "个", "项", "点", "条", "大", "件")  # grammar: the measure words of a list's items
_RATE = pattern(r"{rate_noun}")
# grammar: the end of a span of years (2025—2027年: 2027), a lookahead as context.YEAR_WRITTEN reads it
_SPAN_GOES_ON = re.compile(r"\s*[-—–~至到]")


@cached
def _duration_units() -> frozenset[str]:
    return frozenset(words("duration_unit"))


def years_written(text: str) -> list[int]:
    """Every year ``text`` names, both ends of a span (2025—2027年: 2025 and 2027), in order."""
    if "年" not in text:
        return []  # (every written year ends in 年: most sentences name none)
    return [int(y) for y in YEAR_WRITTEN.findall(text)]


def years_due(text: str) -> list[int]:
    """The year each written year or span is due: a year alone, or a span's last (2025—2027年: 2027)."""
    if "年" not in text:
        return []
    return [int(m.group(1)) for m in YEAR_WRITTEN.finditer(text) if not _SPAN_GOES_ON.match(text, m.end())]


@dataclass
class Clause:
    start: int  # in the document text
    end: int
    text: str


@dataclass
class Candidate:
    """A clause and one figure of it (``quantity`` None: a dated commitment without a figure)."""

    sentence: object  # the segment's Sentence
    clause: Clause
    previous: list[str]  # the sentence's clauses before this one
    following: str  # the clause after it, "" at the end of the sentence
    paragraph: str
    quantity: Quantity | None
    value: float | None
    unit: str | None
    region: str | None


# A line that heads the notes a report prints after its end (注释, 名词解释), in its last half.
_NOTES_HEADING = pattern(r"\n[ \u3000]*(?:{notes_heading})[：:]?[ \u3000]*\n")


def _notes_start(text: str) -> int:
    m = _NOTES_HEADING.search(text, len(text) // 2)
    return m.end() if m else len(text) + 1


def find_candidates(text: str, seg: Segmented, context: DocumentContext) -> list[Candidate]:
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    topic = _TopicRegion(context.region)
    candidates = []
    # The title names the document (某县医疗集团2022年运行情况), it states nothing: its year is not a deadline.
    title_end = len(context.title) if context.title and text.startswith(context.title) else 0
    para_start, paragraph = -1, ""
    notes = _notes_start(text)
    for sent in seg.sentences:
        if sent.end <= title_end:
            continue
        if sent.start >= notes:
            break  # the notes explain the terms (［4］三张“零关税”清单：…): they commit to nothing
        line_start = line_starts[bisect.bisect_right(line_starts, sent.start) - 1]
        if line_start != para_start:  # (a paragraph's sentences share it: slice it once)
            para_start, para_end = line_start, text.find("\n", sent.start)
            paragraph = text[para_start : para_end if para_end >= 0 else len(text)]
        topic.see(sent, para_start, paragraph)
        if not may_state(sent.text):
            continue  # (two sentences in three: no clause of theirs can be a candidate)
        clauses = [Clause(sent.start + c.start, sent.start + c.end, c.text)
                   for c in split_clauses(sent.text, marks=CLAUSE_MARKS)]
        for k, clause in enumerate(clauses):
            found = figures(clause.text)
            if not found and is_qualitative_target(clause.text, sent.text[: clause.start - sent.start], context.year):
                found = [(None, None, None)]
            if not found:
                continue  # (most clauses: nothing below is needed for them)
            previous = [c.text for c in clauses[:k]]
            following = clauses[k + 1].text if k + 1 < len(clauses) else ""
            for q, value, unit in found:
                region = _region(clause.text, topic, context)
                candidates.append(Candidate(sent, clause, previous, following, paragraph, q, value, unit, region))
    return candidates


def kind_context(candidate: Candidate, context: DocumentContext):
    """What the kind classifier reads of a candidate."""
    from policydocs.extract.kind import KindContext

    sent, q = candidate.sentence, candidate.quantity
    years = years_written(sent.text)  # (every year named: a span 2025—2027年 names both)
    quantity = q.text + (q.comparator_after or "") if q is not None else ""
    return KindContext(clause=candidate.clause.text, sentence=sent.text, section_path=list(sent.section_path),
                       paragraph_opener=candidate.paragraph[:20], doc_year=context.year, clause_years=years,
                       quantity_text=quantity)


def may_state(sentence: str) -> bool:
    """Can a clause of ``sentence`` be a candidate? Each test holds for a clause only if it holds
    for the sentence around it: a figure (``may_hold_quantity``), 全面推开/全覆盖, or a verb of
    completion (a dated commitment without a figure needs one)."""
    return bool(may_hold_quantity(sentence) or _COMPLETION.search(sentence) or _FULL.search(sentence))


def figures(clause: str) -> list[tuple[Quantity | None, float | None, str | None]]:
    """The figures of a clause that may be statements, each with its value and unit."""
    found = []
    # (most clauses with a numeral hold it in a word, 进一步, 一是: skip reading them for figures)
    quantities = find_quantities(clause) if may_hold_quantity(clause) else []
    for q in quantities:
        if q.is_date_or_name == "ordinal" and _RANK.search(clause[: q.start]):
            # the unit as written: 居全省第2位 → 位, 第3名 → 名; 排名第13 writes none: 名次
            written = q.unit or clause[q.end : q.end + 1]
            found.append((q, q.value, written if written in ("位", "名") else "名次"))  # grammar: rank units
            continue
        if q.is_date_or_name or q.value is None:
            continue
        if q.text in words("covered_in_full") and not _FULL.match(clause, q.start):
            continue  # 健全覆盖全人群的…体系: 健全 + 覆盖
        if q.unit in _duration_units() and not _COUNTED.search(clause[: q.start]):
            continue  # a duration or an age; but 重污染天数控制在3天以内 counts days, 预期寿命79.2岁 is a level
        people = not q.unit and _counts_people(clause, q)  # 1000万以上农村贫困人口: people, unit 人
        if not q.unit and not people and not _bare_count(clause, q):
            continue
        if q.value == 1 and q.text[0] in "一壹":  # 一个/一次/一份: an article, not a figure
            continue
        if _DESCRIBES_COUNTRY.match(clause, q.end):  # 13亿多人口的发展中大国: a description
            continue
        if _names_a_class(clause, q):  # 10亿元以上项目3个, 30万千瓦以下煤电机组: a size names a class
            continue
        if _in_a_name(clause, q):  # 十四届十次全会, 千万吨粮食增产计划, 产业、科技、服务业三支队伍
            continue
        if (q.unit or "") in _LIST_COUNTERS and q.value <= 50 and (
                _ANNOUNCES_A_LIST.match(clause, q.end) or _PARTS_OF_A_TEXT.search(clause, 0, q.start)):
            continue  # 做好八个方面工作, 采取三项举措: the list follows (对存在的77例问题 is a figure)
        if q.unit in words("clock_unit") and not q.comparator_after and _CLOCK_ATTRIBUTE.match(clause, q.end):
            continue  # 公园24小时开放, 15分钟社区生活圈
        if q.unit == "位" and clause[q.start - 1 : q.start] in ("前", "后"):  # 排名后三位: a band of ranks
            continue
        if _CURRENT.search(clause[: q.start]) and _CHANGED_LATER.match(clause[q.end :]):
            continue  # 现行16%的税率降至13%: the level now, the statement is the 13%
        if _BASELINE.search(clause[: q.start]) and _CHANGE_TO.match(clause[q.end :]):
            continue  # 由46.9%提高到48.2%: the first figure is the starting point, not the statement
        unit = "人" if people else q.unit  # grammar: the unit of a count of people
        per = _PER.search(clause[max(0, q.start - 8) : q.start])
        if per and unit == "元":
            unit = f"元/{per.group(1)}"
        found.append((q, q.value, unit))
    if not found:
        m = _FULL.search(without_titles(clause))
        # 全面推开 is a figure (100%) only as a dated commitment; 全覆盖 always.
        if m and (m.group() in words("covered_in_full") or find_deadline(clause) is not None):
            found.append((Quantity(m.start(), m.end(), m.group(), 100, unit="%"), 100, "%"))
    # A count that only describes the population of a rate (149家机构…率仅为15%) is not a figure;
    # a count that ends an item of its own (新增就业1361万人、调查失业率5%左右) is.
    if any(u == "%" for _, _, u in found) and len(found) > 1:
        rate = _RATE.search(clause)
        if rate:
            found = [f for f in found if f[2] == "%" or f[0].end > rate.start()
                     or (f[0] is not None and re.search(r"[、，,；;]", clause[f[0].end : rate.start()]))]
    return found


# A size that names a class of things: a measure (money, power, area, people …) with its bound, then
# the noun (10亿元以上项目3个, 56人以上大班额, 30万千瓦以下煤电机组, 过亿元项目40个). Not a count of the noun
# (3个以上示范村: 个 counts them) and not a share (80%以上的大城市: a rate of them).
_CLASS_AFTER = pattern(r"{bound_after}的?[\u4e00-\u9fa5]")
_CLASS_FAMILIES = ("money", "energy", "area", "mass", "volume", "length")


def _names_a_class(clause: str, q: Quantity) -> bool:
    family = q.family
    after = _CLASS_AFTER.match(clause, q.end)
    bounded = bool(after) or (clause[q.start - 1 : q.start] == "过"  # grammar: 过亿元项目
                              and re.match(r"[\u4e00-\u9fa5]", clause[q.end : q.end + 1] or " "))
    if not bounded or family in (None, "ratio"):
        return False
    if family in _CLASS_FAMILIES:
        return True
    # a count of people names a class only when the clause goes on to count the class (56人以上大班额仍有17个)
    return q.unit in ("人", "名") and bool(re.search(r"\d", clause[after.end() if after else q.end :]))


# A session of a congress or a committee (省委十四届十次全会, 市十届人大六次会议).
_SESSION = pattern(r"{session_noun}")
_CLASS_SUFFIX = pattern(r"{class_suffix}")
_COUNTED_FIGURES = re.compile(r"[一二两三四五六七八九十]个$")  # grammar: a count in words right before a figure
_POLICY_NAME = pattern(r"[\u4e00-\u9fa5]{1,10}?{policy_noun}$")
# A programme named by a round figure in words (千万吨粮食增产计划, 百亿斤粮食产能提升工程).
_PROGRAMME = pattern(r"[\u4e00-\u9fa5“”\"]{1,12}?{programme_noun}[”\"]?(?:$|[、和与及])")
# grammar: the items of a list written before its count (产业、科技、服务业三支队伍)
_LISTED = re.compile(r"(?:[\u4e00-\u9fa5“”]+[、和与及])+[\u4e00-\u9fa5“”]+$")


def _in_a_name(clause: str, q: Quantity) -> bool:
    """The figure is part of a name: a session (十四届十次全会), a short slogan in quotes (落实“三个80%”
    要求, “5+5”产业集群), a class or a format (30万千瓦级机组, 3人制篮球场), a policy named by it (240小时
    过境免签政策), a programme named by a round figure in words (千万吨粮食增产计划), or the count of a
    list it closes (交通、水利、能源三大领域)."""
    if q.unit == "次" and "届" in clause[max(0, q.start - 6) : q.start] and _SESSION.match(clause, q.end):
        return True
    opened, closed = clause.rfind("“", 0, q.start), clause.find("”", q.end)
    if opened >= 0 and closed >= 0 and closed - opened <= 10 and "”" not in clause[opened:q.start]:
        return True  # grammar: a short quoted slogan
    if _CLASS_SUFFIX.match(clause, q.end) or _POLICY_NAME.match(clause, q.end):
        return True
    if _COUNTED_FIGURES.search(clause, 0, q.start):  # 三个1亿人问题, 两个100%: a slogan counting figures
        return True
    if (q.unit == "个" and not re.search(r"[0-9０-９]", q.text)
            and re.match(r"[0-9０-９]", clause[q.end : q.end + 1])):  # … and its count in words (三个)
        return True
    if re.search(r"[0-9０-９]", q.text):
        return False  # (names are written in words: 十次, 千万吨, 三支)
    if _PROGRAMME.match(clause, q.end):
        return True
    listed = _LISTED.search(clause[: q.start])
    return bool(listed) and len(re.split(r"[、和与及]", listed.group())) == q.value


# 农村贫困人口减少1000万以上, 减少1386万: a count in 万/亿 whose unit the genre leaves unwritten
# (people, households). Only with its multiplier, and only where nothing could be the unit.
# grammar: 余/多 after a numeral (1000万余) and 和 between items are how a figure is written
_BARE_COUNT_END = pattern(r"(?:余|多)?{bound_after}?(?:[，,、；;。：:）)]|和|$)")
_BARE_COUNT_VERB = pattern(r"{bare_count_verb}$")


# A count in 万/亿 right before the people it counts (1000万以上农村贫困人口, 1亿左右农业转移人口).
_PEOPLE_AFTER = pattern(r"(?:余|多)?{bound_after}?[\u4e00-\u9fa5]{0,6}?{people_noun}")  # grammar: 余|多


_PEOPLE_BEFORE = pattern(r"{people_noun}$")


def _counts_people(clause: str, q: Quantity) -> bool:
    """1000万以上农村贫困人口, 减少农村贫困人口1000万以上, 县城新增人口100万: a count of people."""
    if q.value is None or not re.search(r"\d(?:\.\d+)?[十百千]?[万亿]$", _FW_DIGITS(q.text)):
        return False
    if _PEOPLE_AFTER.match(clause, q.end):
        return True
    return bool(_PEOPLE_BEFORE.search(clause, 0, q.start) and _BARE_COUNT_END.match(clause, q.end))


def _bare_count(clause: str, q: Quantity) -> bool:
    if q.value is None or not re.search(r"\d(?:\.\d+)?[十百千]?[万亿]$", _FW_DIGITS(q.text)):
        return False
    return bool(_BARE_COUNT_END.match(clause, q.end)) and bool(_BARE_COUNT_VERB.search(clause[: q.start]))


_FW_DIGITS = CharMap("０１２３４５６７８９．", "0123456789.")


def without_titles(text: str) -> str:
    """Blank out 《document titles》 (their years and verbs are not the clause's), keeping offsets."""
    if "《" not in text:
        return text  # most clauses: no title, no regex call
    return _TITLE.sub(lambda m: "《" + "　" * (len(m.group()) - 2) + "》", text)


_TITLE = re.compile(r"《[^》]*》")


def is_qualitative_target(clause: str, sentence_before: str, doc_year: int | None) -> bool:
    """A dated commitment without a figure: 年内研究制定…实施方案, 2025年,完成…建设."""
    clause, sentence_before = without_plan_names(without_titles(clause)), without_titles(sentence_before)
    if not _COMPLETION.search(clause) or _NOT_A_COMMITMENT.search(clause) or _NOTE.match(clause):
        return False
    if _VAGUE_GOAL.search(clause) and not years_written(clause):
        return False  # (确保2027年底前完成国家下达的减排目标: a goal with its own year is checkable)
    deadline = find_deadline(clause, doc_year=doc_year) or find_deadline(sentence_before, doc_year=doc_year)
    if deadline is None or deadline.end is None:
        return False
    return doc_year is None or deadline.end.year >= doc_year


# A goal too general to check (努力完成今年经济社会发展目标任务, 确保…良好开局, 确保各项工作落地见效).
_VAGUE_GOAL = pattern(r"(?:{vague_goal})$")
# A plan named by its period (制定实施西部大开发“十三五”规划, 出台…新十年规划): its period is no deadline.
# grammar: a five-year plan's name, or a span of years, before the noun of a plan
_PLAN_NAME = pattern(r"[“\"]?(?:十[一二三四五六]五|新?[一二三四五六七八九十]+年)[”\"]?[\u4e00-\u9fa5]{0,8}?"
                     r"(?:{plan_document_noun})")


def without_plan_names(text: str) -> str:
    """Blank out the periods that only name a plan (“十三五”规划), keeping offsets."""
    if "规划" not in text and "纲要" not in text and "计划" not in text:
        return text
    return _PLAN_NAME.sub(lambda m: "　" * len(m.group()), text)


# A task's note (（牵头单位：县发改局；…；完成时限：2026年9月底前）) names who and when for the task
# before it; its 完成 and its date are no commitment of its own.
_NOTE = pattern(r"^[（(]?\s*(?:{unit_label}|{time_limit_label})\s*[:：]")
# Clauses that describe the year or close a speech, not commitments: 今年是…的开局之年, 是…关键一年,
# 为实现…作出新的更大贡献, 也同…相衔接.
_NOT_A_COMMITMENT = pattern(r"^(?:{coming_year}|这)?是|{not_a_commitment}")  # (这是: grammar, a demonstrative)


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


def _leading_name(text: str) -> list[str]:
    """The jurisdiction a text opens with; none when it opens with a list (XX区、XX区、XX县…)."""
    names = leading_jurisdictions(text[:12])
    if names and text[len(names[-1]) : len(names[-1]) + 1] in ("、", "和", "与", "及"):  # grammar: a list of names
        return []
    return names


def _region(clause: str, topic: _TopicRegion, context: DocumentContext) -> str | None:
    names = _leading_name(clause)
    if names:
        return names[-1]
    return topic.current
