"""Deadlines of targets and reporting periods of actuals, read from a clause.

Deadlines (:func:`find_deadline`, :func:`normalise_deadline`) — ``end`` is the last day the
target is due, ``start`` the first day of a named period (None for "by …" phrases):

=============================================  =========================================
2025年底前 / 2025年底 / 2025年前 / 到2027年    that year's 12-31
2025年内 / 全年 / 年内                          12-31, start 01-01
年底前 / 今年 / 年内 / 全年                     12-31 of the document year
明年 / 次年 (后年)                              12-31 of document year + 1 (+ 2)
5月底前 / 5月份 / 6月30日前 / 2024年6月底前    month end / that day (document year if none)
上半年 / 年中 · 下半年 · 一季度 … 四季度 · 前三季度   06-30 · 12-31 · 03-31 … 12-31 · 09-30
2024—2026年 / 2024年至2026年                    start 2024-01-01, end 2026-12-31
"十四五"期间 / 十四五末 / 第十四个五年规划     2025-12-31 (the Nth plan runs 1966+5(N−3) … +4)
三年内 / 用三年时间 / 两年左右时间              12-31 of document year + N − 1 (the document's
                                                own year counts as the first of the N years)
6个月内 / 30日内 / 15个工作日内                 document date + N months / days (calendar days;
                                                needs ``doc_date``, otherwise ``end`` is None)
=============================================  =========================================

A month without a year is only a deadline when it says so (底/末/旬/份, 前/以前/内, or 到/截至
before it): ``5月13日召开`` is an event, not a deadline. Phrases looking back (2023年以来,
自2024年起, 去年) are not deadlines. When the document year is needed but unknown, the phrase is
still returned with ``end=None``.

Periods of actuals (:func:`find_period`): ``2024年`` → ``"2024"``; ``1—4月`` → ``"2022-01/2022-04"``
(document year); ``截至6月底`` → ``"2023-06"``; ``2024年底`` → ``"2024-12"``; ``上半年`` →
``"2023-01/2023-06"``; ``去年`` → document year − 1; ``过去五年`` → ``"2013/2017"`` for a 2018
document; ``2023年以来`` → ``"2023/2024"`` (document year, or ``2023/..``); ``前一阶段`` → value None.
A year after 比/较 or followed by 同期 is a comparison base, neither a period nor a deadline, and
is skipped (有效发明专利比2020年增长58.1% is due when its sentence says, not in 2020).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from policydocs.knowledge.files import cached, register_reset
from policydocs.knowledge.needs import may_match, required_chars
from policydocs.knowledge.vocabulary import compose, pattern, words
from policydocs.extract.numerals import CharMap

__all__ = ["Deadline", "Period", "find_deadline", "find_deadlines", "normalise_deadline", "find_period",
           "five_year_plan", "impossible_dates", "clear_caches"]

# Date grammar (numerals, 年 月 日 季度 旬, 年底, 以前/以内/以来) is written here; the words of time
# (今年, 明年, 截至, 过去, 前期 …) are the lists of extractors/vocabulary/time.toml.
_FW = CharMap("０１２３４５６７８９－～", "0123456789-~")  # full-width digits and dashes
_CN = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_R = r"\s*[-—–~至到]\s*"
# The lists of time.toml naming a year relative to the document's, with their offset from it.
_RELATIVE_YEARS = (("this_year", 0), ("next_year", 1), ("year_after_next", 2), ("last_year", -1),
                   ("year_before_last", -2))
_YEAR_END = ("年底", "年末", "年内", "全年")  # grammar: the parts of a year that end on its 12-31
_WHOLE_YEAR = ("年内", "全年", "内")  # grammar: … that also start on its 01-01
_TO_MONTH_END = ("年底", "年末", "底", "末")  # grammar: the end of a year as a period: its last month
_DAY_OF_MONTH_PART = {"上旬": 10, "初": 10, "中旬": 20}  # grammar: the day a part of a month ends on
_BACKWARD = ("起", "以来", "开始", "以后", "后")  # grammar: a date the text looks back to or on from
_SINCE = ("以来", "起", "开始")  # grammar: … the first day of a period of actuals
_BY = ("前", "以前", "之前", "以内", "之内", "内", "为止")  # grammar: a date something is done by
_DAYS = ("周", "天", "日", "工作日")  # grammar: units of time counted in days
# The parts of a date phrase (grammar): the year's half, quarter, end; after a month, the part of it;
# after the whole, how the date bounds the span.
_HALF = "上半年|下半年|年中"  # grammar: halves of a year
_END = "年底|年末|年内|全年|底|末|内"  # grammar: parts of a year
_MONTH_PART = "底|末|中旬|上旬|下旬|初"  # grammar: parts of a month
_SUFFIX = "以前|之前|前|以内|之内|内|期间|为止|起|以来|开始|以后|后"  # grammar: postpositions of time
_RELATIVE_MARK = "<relative years>"  # where the relative years go, longest first
_TEMPLATE = (
    r"(?P<pre>{until_cue})?"
    # grammar: a year, a span of years (2024—2026年), a year in Chinese numerals (二〇二五年)
    r"(?:(?P<y>(?:19|20)\d{2})(?:年?" + _R + r"(?P<y2>(?:19|20)\d{2})年|年)|(?P<yc>[〇零一二三四五六七八九]{4})年"
    r"|(?P<rel>" + _RELATIVE_MARK + "))?"
    r"(?:(?P<half>" + _HALF + r")|(?P<q>前三|第?[一二三四1-4])季度"  # grammar: 前三季度, 第一季度
    r"|(?<![个\d])(?P<m>" + _M + r")(?:" + _R + r"(?P<m2>" + _M + r"))?月(?P<fen>份)?(?:(?P<d>" + _D
    + r")[日号])?(?P<ms>" + _MONTH_PART + r")?"
    r"|(?P<end>" + _END + r"))?"
    r"(?P<suf>" + _SUFFIX + r")?"
)
# Every part of the template is optional, so it matches (empty) at every character; the loops
# below skip empty matches. Starting only where a part can start gives the same non-empty matches
# without a Python iteration per character.
# grammar: the characters a numeral, a half (上半年), a quarter (第一季度), a part of a year or a
# bound starts with; the first characters of until_cue and of the relative years are added.
_FIRST = "0-9〇零一二三四五六七八九十上下年第底末内全以之前期为起开后"

_PROGRAMME_AFTER = pattern(r"{five_year_programme}")


@cached
def _relative_years() -> dict[str, int]:
    """Each word of a relative year (今年, 明年, 去年 …) → its offset from the document's year."""
    return {w: offset for name, offset in _RELATIVE_YEARS for w in words(name)}


@cached
def _expr() -> re.Pattern:
    """The date phrase (a year, a relative year, a half, quarter, month or part of a year, its
    bound), tried only where one can start."""
    relative = "|".join(map(re.escape, sorted(_relative_years(), key=len, reverse=True)))
    starts = _FIRST + re.escape("".join(sorted({w[0] for w in (*_relative_years(), *words("until_cue"))})))
    body = compose(_TEMPLATE).replace(_RELATIVE_MARK, relative)
    return re.compile(f"(?=[{starts}])" + body)


def __getattr__(name: str):
    if name == "_EXPR_NONEMPTY":  # the date pattern by the name it had as a module constant
        return _expr()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# A match of _expr yields a deadline or a period only with a year (2025年, 今年, 上半年, 年底), a
# month or a quarter (_from_expr, _period_value): a text without 年, 月 and 季 needs no scan.
_DATED = (frozenset("年月季"),)
_WITHIN = pattern(
    r"(?:{duration_verb})?(?<!\d)(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})(?P<ge>个)?"
    r"(?P<u>年|月|季度|周|天|日|工作日)(?:左右)?(?P<tm>的?时间)?(?P<inn>以内|之内|内)?"  # grammar: units of time, 以内
)
_PLAN_SUFFIX = "期间|时期|期末|末|以来"  # grammar: the parts of a plan's span
_PLAN = pattern(
    r"第(?P<fn>[一二三四五六七八九十]{1,3})个五年(?:{five_year_plan_noun})?(?P<s1>" + _PLAN_SUFFIX + ")?"
    r"|[“\"](?P<fq>十[一二三四五六七八九]|[一二三四五六七八九十])五[”\"](?:规划)?(?P<s2>" + _PLAN_SUFFIX + ")?"
    r"|(?P<fb>十[一二三四五六七八九]|[一二三四五六七八九十])五(?:规划)?(?P<s3>" + _PLAN_SUFFIX + ")"
)


@cached
def _needs() -> tuple[tuple[frozenset[str], ...], tuple[frozenset[str], ...]]:
    """The characters every match of _PLAN and of _WITHIN holds (see may_match)."""
    return required_chars(_PLAN.compiled), required_chars(_WITHIN.compiled)


_PAST = pattern(r"(?:{recent_years_cue})(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|以来|间)?"  # grammar: 来, 以来
                r"|(?P<n2>\d{1,2}|[一二两三四五六七八九十]{1,3})年(?:来|以来)")
_VAGUE = pattern(r"{vague_past_period}")


@dataclass(frozen=True)
class Deadline:
    end: date | None
    start: date | None
    text: str
    kind: str               # year half quarter month day range plan within
    char_start: int = 0
    char_end: int = 0
    relative: bool = False  # the year was taken from the document (年内, 明年, 5月底前 …)


@dataclass(frozen=True)
class Period:
    value: str | None
    text: str
    char_start: int
    char_end: int
    kind: str


def _small(s: str) -> int | None:
    """1–99 in Arabic or Chinese digits (also 两, 十二, 二十)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN.get(a, 0) if a else 1) * 10 + (_CN.get(b, 0) if b else 0)
    return _CN.get(s) if len(s) == 1 else None


def _year(s: str) -> int:
    return int(s) if s.isdigit() else int("".join(str(_CN[c]) for c in s))


def five_year_plan(n: int) -> tuple[int, int]:
    """First and last year of the Nth five-year plan (14 → 2021, 2025)."""
    first = 1966 + 5 * (n - 3)
    return first, first + 4


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _doc_year(doc_date: date | None, doc_year: int | None) -> int | None:
    return doc_year if doc_year is not None else (doc_date.year if doc_date else None)


def _base_year(m: re.Match, year: int | None) -> tuple[int | None, bool]:
    if m.group("y") or m.group("yc"):
        return _year(m.group("y") or m.group("yc")), False
    if m.group("rel"):
        return (None if year is None else year + _relative_years()[m.group("rel")]), True
    return year, True


def _from_expr(m: re.Match, year: int | None) -> tuple[date | None, date | None, str, bool] | None:
    g = m.groupdict()
    suf, has_year = g["suf"], bool(g["y"] or g["yc"] or g["rel"])
    if suf in _BACKWARD or not m.group():
        return None
    if g["rel"] and _relative_years()[g["rel"]] < 0:
        return None
    if not has_year and not (g["half"] or g["q"] or g["m"] or g["end"] in _YEAR_END):
        return None
    if g["m"] and not has_year and not (g["ms"] or g["fen"] or suf in _BY or g["pre"]):
        return None  # 5月13日召开: an event date
    y, relative = _base_year(m, year)
    if y is None:
        kind = "month" if g["m"] else "half" if g["half"] else "quarter" if g["q"] else "year"
        return None, None, kind, True
    if g["y2"]:
        return date(int(g["y2"]), 12, 31), date(y, 1, 1), "range", relative
    if g["m"]:
        mo = _small(g["m"])
        first = date(y, mo, 1)
        if g["m2"]:
            return _month_end(y, _small(g["m2"])), first, "month", relative
        if g["d"]:
            if not _exists(y, mo, _small(g["d"])):  # 2月30日前: the month's end is meant (flagged: impossible_dates)
                return _month_end(y, mo), None, "month", relative
            return date(y, mo, _small(g["d"])), None, "day", relative
        day = _DAY_OF_MONTH_PART.get(g["ms"] or "")
        return (date(y, mo, day) if day else _month_end(y, mo)), None, "month", relative
    if g["half"]:
        if g["half"] == "下半年":
            return date(y, 12, 31), date(y, 7, 1), "half", relative
        return date(y, 6, 30), (date(y, 1, 1) if g["half"] == "上半年" else None), "half", relative
    if g["q"]:
        n = 3 if g["q"] == "前三" else _small(g["q"].lstrip("第"))
        first = 1 if g["q"] == "前三" else 3 * n - 2
        return _month_end(y, 3 * n), date(y, first, 1), "quarter", relative
    start = date(y, 1, 1) if g["end"] in _WHOLE_YEAR or (g["rel"] and not suf and not g["end"]) else None
    return date(y, 12, 31), start, "year", relative


def _exists(y: int, month: int | None, day: int | None) -> bool:
    return bool(month and day and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(y, month)[1])


# grammar: a month and a day of it that not every month has (29-31): the only days that can be impossible
_LATE_DAY = re.compile(r"(?:(?P<y>(?:19|20)\d{2})年)?(?<![\d个])(?P<m>" + _M + r")月(?P<d>29|3[01]|二十九|三十一?)[日号]")


def impossible_dates(text: str, doc_year: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of each date of ``text`` that no calendar has (2024年2月30日, 4月31日):
    the reader must be told; a deadline read from it is the month's last day."""
    out = []
    for m in _LATE_DAY.finditer(_FW(text)):
        y = int(m.group("y")) if m.group("y") else doc_year or 2000  # (a leap year: only 2月30/31日 then)
        if not _exists(y, _small(m.group("m")), _small(m.group("d"))):
            out.append((m.start(), m.end(), text[m.start():m.end()]))
    return out


def _plan_n(m: re.Match) -> int | None:
    raw = m.group("fn") or m.group("fq") or m.group("fb")
    return _small(raw) if raw else None


def find_deadlines(clause: str, doc_date: date | None = None, doc_year: int | None = None) -> list[Deadline]:
    """All deadline phrases of a clause, in text order (see the module docstring)."""
    return list(_deadlines(clause, doc_date, doc_year))


# Extraction asks again for the same headings and paragraph openers for every statement under them.
@lru_cache(maxsize=8192)
def _deadlines(clause: str, doc_date: date | None, doc_year: int | None) -> tuple[Deadline, ...]:
    t = _FW(clause)
    year = _doc_year(doc_date, doc_year)
    found: list[Deadline] = []
    plan_needs, within_needs = _needs()
    for m in _PLAN.finditer(t) if may_match(plan_needs, t) else ():
        suf = m.group("s1") or m.group("s2") or m.group("s3")
        n = _plan_n(m)
        if suf == "以来" or not n or _PROGRAMME_AFTER.match(t, m.end()):
            continue  # (“八五”普法: a programme numbered like a plan, no period of this text)
        first, last = five_year_plan(n)
        start = None if suf in ("末", "期末") else date(first, 1, 1)
        found.append(Deadline(date(last, 12, 31), start, clause[m.start():m.end()], "plan", m.start(), m.end()))
    for m in _WITHIN.finditer(t) if may_match(within_needs, t) else ():  # (3 clauses in 4 name no unit of time)
        if not (m.group("inn") or m.group("tm")):
            continue
        n, u = _small(m.group("n")), m.group("u")
        if not n or (u == "月" and not m.group("ge")):
            continue
        end = None
        if u == "年" and year is not None:
            end = date(year + n - 1, 12, 31)
        elif doc_date is not None and u in ("月", "季度"):
            end = _add_months(doc_date, n * (3 if u == "季度" else 1))
        elif doc_date is not None and u in _DAYS:
            end = doc_date + timedelta(days=n * (7 if u == "周" else 1))
        found.append(Deadline(end, None, clause[m.start():m.end()], "within", m.start(), m.end(), True))
    for m in _expr().finditer(t) if may_match(_DATED, t) else ():
        if not m.group() or _comparison_base(t, m):
            continue
        res = _from_expr(m, year)
        if res:
            end, start, kind, relative = res
            found.append(Deadline(end, start, clause[m.start():m.end()], kind, m.start(), m.end(), relative))
    found.sort(key=lambda d: (d.char_start, -(d.char_end - d.char_start)))
    out: list[Deadline] = []
    for d in found:
        if not out or d.char_start >= out[-1].char_end:
            out.append(d)
    return tuple(out)


def find_deadline(clause: str, doc_date: date | None = None, doc_year: int | None = None) -> Deadline | None:
    """The first deadline phrase of a clause, with its offsets (``char_start``/``char_end``)."""
    found = find_deadlines(clause, doc_date, doc_year)
    return found[0] if found else None


def normalise_deadline(phrase_or_clause: str, doc_date: date | None = None,
                       doc_year: int | None = None) -> Deadline | None:
    """Normalise a deadline phrase (2025年底前, 年内, "十四五"期间 …); a longer clause is searched
    and its first deadline phrase returned. None when there is no deadline phrase."""
    return find_deadline(phrase_or_clause, doc_date, doc_year)


@register_reset
def clear_caches() -> None:
    """Forget remembered deadlines and periods (extraction starts each document afresh: see
    :func:`policydocs.extract.kind.clear_text_caches`)."""
    _deadlines.cache_clear()
    find_period.cache_clear()


def _period_value(m: re.Match, year: int | None, doc_date: date | None) -> tuple[str | None, str] | None:
    g = m.groupdict()
    if not (g["y"] or g["yc"] or g["rel"] or g["half"] or g["q"] or g["m"]):
        return None
    y, _ = _base_year(m, year)
    if y is None:
        return None, "unresolved"
    if g["suf"] in _SINCE:
        if g["rel"] and _relative_years()[g["rel"]] == 0 and doc_date:
            return f"{y}-01/{y}-{doc_date.month:02d}", "since"
        return (f"{y}/{year}" if year and year > y else f"{y}/.." if not year else f"{y}"), "since"
    if g["y2"]:
        return f"{y}/{g['y2']}", "years"
    if g["m"]:
        mo = _small(g["m"])
        if g["m2"]:
            return f"{y}-{mo:02d}/{y}-{_small(g['m2']):02d}", "months"
        if g["d"]:
            return f"{y}-{mo:02d}-{_small(g['d']):02d}", "day"
        return f"{y}-{mo:02d}", "month"
    if g["half"]:
        return (f"{y}-07/{y}-12" if g["half"] == "下半年" else f"{y}-01/{y}-06"), "half"
    if g["q"]:
        n = 3 if g["q"] == "前三" else _small(g["q"].lstrip("第"))
        return f"{y}-{1 if g['q'] == '前三' else 3 * n - 2:02d}/{y}-{3 * n:02d}", "quarter"
    if g["end"] in _TO_MONTH_END:
        return f"{y}-12", "month"
    return f"{y}", "year"


def _comparison_base(t: str, m: re.Match) -> bool:
    """比2020年 / 较2020年 / 2020年同期: the base a change is measured from."""
    return t[max(0, m.start() - 1):m.start()] in ("比", "较") or t.startswith("同期", m.end())  # grammar: base markers


@lru_cache(maxsize=8192)  # (asked again for the same headings and openers: see _deadlines)
def find_period(clause: str, doc_year: int | None = None, doc_date: date | None = None) -> Period | None:
    """The reporting period of an actual (see the module docstring); None if the clause names none."""
    t = _FW(clause)
    year = _doc_year(doc_date, doc_year)
    cands: list[Period] = []
    for m in _VAGUE.finditer(t):
        cands.append(Period(None, clause[m.start():m.end()], m.start(), m.end(), "vague"))
    for m in _PAST.finditer(t):
        n = _small(m.group("n") or m.group("n2"))
        if n and year is not None:
            value = f"{year - 1}" if n == 1 else f"{year - n}/{year - 1}"
        else:
            value = None
        cands.append(Period(value, clause[m.start():m.end()], m.start(), m.end(), "past"))
    for m in _expr().finditer(t) if may_match(_DATED, t) else ():
        if not m.group() or _comparison_base(t, m):
            continue
        res = _period_value(m, year, doc_date)
        if res:
            cands.append(Period(res[0], clause[m.start():m.end()], m.start(), m.end(), res[1]))
    if not cands:
        return None
    cands.sort(key=lambda p: (p.char_start, -(p.char_end - p.char_start)))
    return cands[0]
