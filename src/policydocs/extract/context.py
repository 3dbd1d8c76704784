"""What a document says about itself: its date, the year it speaks from, its jurisdiction.

Deadlines such as 年内 resolve against the document year; statements inherit the document's
jurisdiction unless a heading or the clause itself names another.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from policydocs.clean.document import CleanDocument
from policydocs.extract.numerals import CN_DIGIT, cn_value
from policydocs.knowledge.files import register_loader, register_reset
from policydocs.knowledge.jurisdictions import divisions
from policydocs.knowledge.needs import may_match, required_chars
from policydocs.knowledge.vocabulary import pattern, words

# A plan titled …三年行动方案（2025—2027年） speaks from the first year of its span, not the last.
# grammar: a span of years
_SPAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-—–~至到]\s*(?:19|20)\d{2}\s*年")
# A year written as one (2025年; the first of a span, 2025—2027年): the titles' years here, the
# clauses' and headings' years for the kind classifier.
# grammar: a year, alone or first of a span
YEAR_WRITTEN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:[-—–~至到]\s*(?:19|20)\d{2})?\s*年)")
# A year the document plans for: 明确2025年重点工作任务, 2024年要着重抓好, 2025年工作要点.
# The words are the lists of extractors/vocabulary/time.toml; 年的, 年全年, 年度 are grammar.
# grammar: 年的, 年全年, 年度
_PLAN_YEAR = pattern(r"(?<!\d)((?:19|20)\d{2})年(?:的|全年|度)?(?:{plan_modal})?(?:{plan_year_emphasis})?"
                     r"(?:{plan_year_work_verb})?(?:{plan_heading_noun})")
_PLAN_YEAR_2 = pattern(r"(?<!\d)((?:19|20)\d{2})年(?:{plan_modal})(?:{plan_year_emphasis}|{plan_year_resolve})")

# Jurisdictions come from the official list of divisions (extractors/lexicons/jurisdictions.csv)
# plus placeholders (XX市, *县, 某区) that template texts use.
_LEVEL_CHARS = set("省市县区州旗盟")  # grammar: the characters that end a division's name, by level
_LEVEL_CHAR = re.compile("[" + "".join(sorted(_LEVEL_CHARS)) + "]")
_PLACEHOLDER = re.compile(r"(?:[XＸ×]{1,3}|某|\*)(?:省|市|县|区)")  # grammar: XX市, 某县, *区
_PLACEHOLDER_NEEDS = required_chars(_PLACEHOLDER)  # an opener (X, 某, * …) and a level (省, 市 …)


@register_loader
@lru_cache(maxsize=1)
def _divisions() -> dict[str, str]:
    ambiguous = set(words("ambiguous_division_name"))  # names that read as common words: never a jurisdiction
    return {name: code for name, code in divisions().adcodes.items() if name not in ambiguous}


@lru_cache(maxsize=1)
def _name_endings() -> frozenset[str]:
    """The last two characters of every division name."""
    return frozenset(name[-2:] for name in _divisions())


@register_reset
def _reset() -> None:
    _divisions.cache_clear()
    _name_endings.cache_clear()


def adcode(name: str) -> str | None:
    """The 6-digit code of an official division name (None for placeholders and unknown names)."""
    return _divisions().get(name)


@dataclass
class DocumentContext:
    date: str | None = None  # ISO date of the document
    year: int | None = None  # the year the document speaks from
    region: str | None = None  # the jurisdiction it is about
    regions: list[str] = field(default_factory=list)  # every jurisdiction named, most frequent first
    title: str | None = None  # the title line that opens the cleaned text, if the cleaner found one


def _starts_a_word(text: str, start: int) -> bool:
    """A name must begin at a word boundary: 提高县级 does not name 高县."""
    if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff":
        return True
    from policydocs.knowledge.lexicon import tokenize

    lo = max(0, start - 4)
    return any(tok.start + lo == start for tok in tokenize(text[lo : start + 6], hmm=False))


def jurisdictions(text: str) -> list[tuple[int, str]]:
    """(offset, name) of every division named in the text, longest name at each level character."""
    names = _divisions()
    out = []
    endings = _name_endings()
    # A regex finds the level characters (about 1 character in 60): no Python loop over the rest.
    for m in _LEVEL_CHAR.finditer(text):
        i = m.start()
        if text[i - 1 : i + 1] not in endings:
            continue  # no name ends in these two characters (全市, 城市, 各县…): most level characters
        for length in range(min(8, i + 1), 1, -1):
            candidate = text[i - length + 1 : i + 1]
            if candidate in names and _starts_a_word(text, i - length + 1):
                out.append((i - length + 1, candidate))
                break
    if may_match(_PLACEHOLDER_NEEDS, text):  # the regex is tried at every offset: only when it can match
        out.extend((m.start(), m.group()) for m in _PLACEHOLDER.finditer(text)
                   if not (m.group().startswith("*") and m.start() and text[m.start() - 1] == "*"))
    return sorted(out)


def leading_jurisdictions(text: str) -> list[str]:
    """The division names ``text`` opens with, as ``jurisdictions`` reads them at offset 0 (in the
    same order), without scanning the rest: extraction asks this of every clause and paragraph."""
    names = _divisions()
    out = [text[: i + 1] for i in range(1, min(8, len(text))) if text[i] in _LEVEL_CHARS and text[: i + 1] in names]
    m = _PLACEHOLDER.match(text)
    if m:
        out.append(m.group())
    return sorted(out)


# A speech's own date in its subtitle: ——2017年3月5日在第十二届全国人民代表大会第五次会议上
# grammar: a date, 在/于
_SUBTITLE_DATE = re.compile(r"(?:^|\n)[—\-（(]*\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:在|于)?[^\n]{0,60}(?:\n|$)")
# A report that reviews last year: 一、2015年工作回顾 → it speaks from 2016.
_REVIEW = pattern(r"(?:^|\n)[一二三四五六七八九十、（()\d.\s]*((?:19|20)\d{2})年(?:工作)?(?:{review_heading_noun})")
# A heading that reviews the year before without naming it (一、过去一年工作回顾, 一、去年工作回顾).
_REVIEW_UNDATED = pattern(r"(?:^|\n)[一二三四五六七八九十、（()\d.\s]*(?:过去一年|{last_year}|一年来)(?:的)?(?:工作)?"
                          r"(?:{review_heading_noun})")  # grammar: a heading's number, 过去一年, 的
# A top-level heading that plans a year (二、2005年工作总体部署, 三、2026年重点工作).
_PLAN_HEADING = pattern(r"(?:^|\n)[一二三四五六七八九十]+、\s*((?:19|20)\d{2})年[^\n]{0,12}?"
                        r"(?:{plan_heading_noun})")  # grammar: a heading's number
# How a text speaks of its own jurisdiction: 全省, 全市, 全县, 全区 (自治区 too), 全州, 全旗, 全盟.
_SELF = re.compile(r"全(省|市|县|区|州|旗|盟)")  # grammar: 全 + a level character
# The congress a report was given to: 在河南省洛阳市第十六届人民代表大会第三次会议上.
_CONGRESS = pattern(r"在([^\s，,。在]{2,20}?)第[一二三四五六七八九十\d]+届(?:{congress_name})")  # grammar: 在, 第N届
# National documents: the jurisdiction is the whole country.
_NATIONAL = pattern(r"{national_document_marker}")


# … or in Chinese numerals: （二〇二六年一月二十七日）
_SUBTITLE_DATE_CN = re.compile(r"(?:^|\n)[—\-（(]*\s*([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
                               r"([一二三四五六七八九十]{1,3})日(?:在|于)?[^\n]{0,60}(?:\n|$)")  # grammar: a date


def subtitle_date(text: str) -> str | None:
    """The date a speech or report gives itself in its subtitle (——2017年3月5日在…, （二〇二六年一月
    二十七日）), ISO; None when its first lines give none."""
    head = text[:600]
    m = _SUBTITLE_DATE.search(head)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _SUBTITLE_DATE_CN.search(head)
        if not m:
            return None
        y = int("".join(str(CN_DIGIT[c]) for c in m.group(1)))
        mo, d = int(cn_value(m.group(2)) or 0), int(cn_value(m.group(3)) or 0)
    if 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def document_date(doc: CleanDocument) -> str | None:
    """The document's own date (its subtitle's meeting date) before the page's posting time: a report
    given on 1月27日 and posted on 2月3日 is dated 1月27日 (the page date is kept apart)."""
    return subtitle_date(doc.text) or doc.date or None


def document_year(doc: CleanDocument, date: str | None = None) -> int | None:
    date = date or doc.date
    if date:
        return int(date[:4])
    if doc.title:
        # 2024年工作总结及2025年工作计划: the document speaks from the year it plans for
        plan = _PLAN_YEAR.search(doc.title)
        if plan:
            return int(plan.group(1))
        years = YEAR_WRITTEN.findall(doc.title)
        if years:
            return int(years[0])
    # A heading line the cleaner did not take for a title may still name the plan's span.
    span = _SPAN.search(doc.text.split("\n", 1)[0][:100])
    if span:
        return int(span.group(1))
    review = _REVIEW.search(doc.text[:5000])
    if review:
        return int(review.group(1)) + 1
    plan = _PLAN_HEADING.search(doc.text)  # 二、2005年工作总体部署: a section plans its year
    if plan:
        return int(plan.group(1))
    undated = _REVIEW_UNDATED.search(doc.text[:5000])
    if undated:  # 一、过去一年工作回顾 / 2004年，…: the review opens on the year before the document's
        first = YEAR_WRITTEN.search(doc.text, undated.end(), undated.end() + 800)
        if first:
            return int(first.group(1)) + 1
    head = doc.text[:3000]
    for plan in (_PLAN_YEAR, _PLAN_YEAR_2):
        m = plan.search(head)
        if m:
            return int(m.group(1))
    years = Counter(int(y) for y in YEAR_WRITTEN.findall(doc.text))
    return max(years, key=lambda y: (years[y], y)) if years else None


def document_region(doc: CleanDocument) -> tuple[str | None, list[str]]:
    names = jurisdictions(doc.text)
    counts = Counter(name for _, name in names)
    ranked = [name for name, _ in counts.most_common()]
    if _NATIONAL.search((doc.title or "") + doc.text[:600]):
        return "全国", ranked
    if not names:
        return None, ranked
    head = doc.text[:400]
    first_named = [name for offset, name in names if offset < len(head)]
    levels = Counter(m.group(1) for m in _SELF.finditer(doc.text))
    # The body that signs a text speaking of itself at its level (保定市卫生健康委员会 under a 通报
    # about 全市 that then reviews 涞水县, 易县…) is what the text is about.
    issuer = _issuer(doc.text)
    if issuer and levels[issuer[-1]] and not (doc.title and any(n in doc.title for _, n in names)):
        return issuer, ranked
    # The jurisdiction of the opening lines, if it recurs; else the most frequent one named twice.
    for name in first_named:
        if counts[name] >= 2 or (doc.title and name in doc.title):
            return name, ranked
    # Named once, in the opening (——在河南省第十四届人民代表大会…上), by a text that then speaks
    # of itself at that level (全省…): a provincial work report titled just 政府工作报告.
    congress = _CONGRESS.search(head)
    for name in first_named:
        if _PLACEHOLDER.fullmatch(name):
            continue
        if levels[name[-1]] >= 2 or (congress and congress.group(1).endswith(name)):
            return name, ranked
    top = ranked[0]
    if counts[top] >= 3:
        return top, ranked
    return issuer, ranked


# The issuing body signed above the date at the end (XX市民政局 / 2025年9月26日, joined or not): a 通报 or 方案 that
# speaks of 全市 throughout and names its city only there.
# grammar: a date
_SIGNATURE = re.compile(r"\n[ \t　]*([^\n。，,；;：:]{2,24}?)\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*$")


def _issuer(text: str) -> str | None:
    m = _SIGNATURE.search(text[-200:])
    if not m:
        return None
    names = [name for offset, name in jurisdictions(m.group(1)) if offset == 0]
    return names[-1] if names else None


def document_context(doc: CleanDocument, segmented=None) -> DocumentContext:
    region, ranked = document_region(doc)
    date = document_date(doc)
    return DocumentContext(date=date, year=document_year(doc, date), region=region, regions=ranked,
                           title=doc.title)
