"""Figures in Chinese policy text: quantities with units, ranges, hedges and adjacent comparators.

:func:`find_quantities` returns every figure it reads, in text order. Figures that are not
quantities carry a reason in ``is_date_or_name`` so that extraction can skip them:

``year`` 2025年, 2024—2025年, 二〇二五年 · ``date`` 5月13日, 1—4月, 一季度, 13日 ·
``time`` 17:30, 9时30分 · ``doc_number`` 〔2024〕3号 · ``heading`` a line-initial 1. / （1） ·
``ordinal`` 第3批 · ``title`` inside 《》 · ``code`` PM2.5, 5G · ``per`` 每千人口, 每3年 ·
``name`` slogans and names (两个允许, 十张网, 135人才, “三名”, ``units.toml`` [names]) ·
``indefinite`` 几千万人, 数十万, 上百万 (a count of no exact size) · ``counted`` 全部 done in a
clause that counts something else (12个项目全部开工).

Values have 万/亿 multiplied out (``9.16亿元`` → 916000000, unit 元); ``unit`` is as written
without the multiplier (``万人次`` → 人次). Ranges (3-5个, 4—5个, 3至5个, 5-10万元) set
``value_max``; a multiplier written only on the second figure applies to both. ``approx`` is the
hedge written on the figure: 余/多 after it (13000余人次, 620多万套), 近/约 before it (将近, 大约:
``figure_hedge_before`` of ``extractors/vocabulary/fields.toml``; but not 近3年 = the last three
years, nor 最近, 节约 …: ``not_hedge``), 左右 after it (also reported as ``comparator_after``). The span
(``start``/``end``/``text``) covers a leading 近/约 but not the comparator words, which are
exposed as ``comparator_before`` (不少于, 超过, 达到, 控制在 …) and ``comparator_after``
(以上, 以内, 左右 …) from ``comparators.toml`` (policydocs.knowledge.comparators). 全覆盖 is read as
100 %, and so is 全部 before a verb of finishing (``done_in_full``: 贫困县全部摘帽, 全部取消药品加成);
翻一番 is 2 倍 (翻两番 4 倍).

Full-width digits, ％ ． － ～ ： are read like their ASCII forms; offsets are into the given text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from policydocs.extract.numerals import (CN_CHARS, CN_DIGIT, FULL_WIDTH as _FW, MULTIPLIER, cn_value, multiplier_value,
                                         parse_number, plain_number)
from policydocs.knowledge.comparators import comparators
from policydocs.knowledge.files import register_reset
from policydocs.knowledge.units import units
from policydocs.knowledge.vocabulary import pattern
from policydocs.knowledge.vocabulary import words as vocabulary_words
from policydocs.segment.sentences import match_pairs

__all__ = ["Quantity", "find_quantities", "may_hold_quantity", "parse_number", "unit_family"]


_NUM = pattern(  # grammar: a figure (百分之五, 1,200, 3.5, 一千二百), 全覆盖 or 全部 done (100 %)
    r"(?P<pct>百分之|千分之|万分之)?(?:(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?)"
    rf"|(?P<cn>[{CN_CHARS}]+(?:点[零〇一二三四五六七八九]+)?))|(?P<full>全覆盖)|(?P<all>全部(?=(?:要|都)?(?:{{completion_verb}}|{{done_in_full}})))"
    r"|翻(?P<doubled>[一两二三])番"
)
_SEP = "-—–~至到"
_SMALLER_PART = re.compile(r"(\d{1,4})(千万|百万|千|百|万)")  # grammar: the 5千 of 2万5千, the 2千万 of 3亿2千万
_PCT = {"百分之": "%", "千分之": "‰", "万分之": "‱"}  # grammar: a percentage written in words
_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_D = r"(?:3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_R = r"\s*[-—–~至到]\s*"
# Document numbers, times of day, dates and years: the figures that are not quantities.
_SPECIAL = [
    # grammar: 〔2024〕3号
    ("doc_number", re.compile(r"[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\d+\s*号|第?\d+号")),
    # grammar: 9时30分, 上午9点
    ("time", re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)|(?<!\d)\d{1,2}时(?:\d{1,2}分)?"
                        r"|(?<=上午|下午|晚上|凌晨|早上|中午)\d{1,2}[点时](?:\d{1,2}分|半|整)?|\d{1,2}点\d{1,2}分")),
    # grammar: 5月13日, 1—4月, 13日, 一季度
    ("date", re.compile(rf"(?:(?:(?:19|20)\d{{2}}|[〇零一二三四五六七八九]{{4}})年)?(?<![个\d.]){_M}(?:{_R}{_M})?月份?"
                        rf"(?:{_D}(?:{_R}{_D})?[日号])?|(?<![\d月.])(?:3[01]|[12]\d|0?[1-9])日(?!以?内|之内)"
                        r"|(?<!个)前?第?[一二三四1-4]季度")),
    ("year", re.compile(rf"(?<![\d.])(?:19|20)\d{{2}}(?:{_R}(?:19|20)\d{{2}})?年度?|[〇零一二三四五六七八九]{{4}}年"
                        rf"|(?<![\d.])(?:19|20)\d{{2}}\s*[-—–~]\s*(?:19|20)\d{{2}}(?![\d.])")),
]
# A character every match of each _SPECIAL pattern contains: most clauses skip most passes.
_SPECIAL_NEEDS = {"doc_number": re.compile("号"), "time": re.compile("[:时点]"), "date": re.compile("[月日季]"),
                  "year": re.compile("[年—–~-]")}
# Every pattern of _SPECIAL and _NUM needs one of these (\d is any Unicode digit, full-width too).
_ANY_FIGURE = re.compile(rf"[\d{CN_CHARS}〇零]|全覆盖|全部")  # grammar: the figures _NUM reads without a numeral
_HEAD_AFTER = re.compile(r"[、.．)）]")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: int | float | None
    value_max: int | float | None = None
    unit: str | None = None
    approx: str | None = None             # 余 多 近 约 左右
    comparator_before: str | None = None  # 不少于 超过 达到 控制在 …
    comparator_after: str | None = None   # 以上 以内 左右 …
    is_date_or_name: str | None = None    # reason this figure is not a quantity (see module doc)

    @property
    def family(self) -> str | None:
        return unit_family(self.unit)


@dataclass(frozen=True)
class _Lex:
    units: tuple[str, ...]
    family: dict[str, str]
    per: tuple[str, ...]
    arabic_only: frozenset[str]
    not_before: dict[str, frozenset[str]]
    before: tuple[str, ...]
    after: tuple[str, ...]
    names: re.Pattern | None
    by_first: dict[str, tuple[str, ...]]
    before_by_last: dict[str, tuple[str, ...]]  # ``before`` by their last character, longest first
    after_by_first: dict[str, tuple[str, ...]]  # ``after`` by their first character, longest first
    hedges_by_last: dict[str, tuple[str, ...]]  # hedges before a figure by their last character, longest first
    not_hedge: tuple[str, ...]  # words that end in a hedge without being one (最近, 节约)


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    """The units and the words around a figure, indexed for the reader below."""
    known = units()
    family = {unit: fam for fam, members in known.families.items() for unit in members}
    alts = [re.escape(n) for n in known.name_words] + list(known.name_patterns)
    comps = comparators()  # (the words; their operators are the field reader's)
    by_len = lambda xs: tuple(sorted(set(xs), key=len, reverse=True))  # noqa: E731
    before, after = by_len(comps.before), by_len(comps.after)
    hedges = by_len(vocabulary_words("figure_hedge_before"))
    return _Lex(by_len(family), family, by_len(known.denominators), frozenset(known.arabic_only),
                {unit: frozenset(chars) for unit, chars in known.not_before.items()},
                before, after,
                re.compile("|".join(sorted(alts, key=len, reverse=True))) if alts else None,
                {c: tuple(u for u in by_len(family) if u[0] == c) for c in {u[0] for u in family}},
                {c: tuple(w for w in before if w[-1] == c) for c in {w[-1] for w in before}},
                {c: tuple(w for w in after if w[0] == c) for c in {w[0] for w in after}},
                {c: tuple(w for w in hedges if w[-1] == c) for c in {w[-1] for w in hedges}},
                vocabulary_words("not_hedge"))


def unit_family(unit: str | None) -> str | None:
    """Family of a unit as written (``count``, ``money``, ``ratio``, ``time`` …; 元/月 → money)."""
    if not unit:
        return None
    return _lex().family.get(unit.split("/")[0])


# grammar: a rate's base (孕产妇死亡率8.5/10万: per 100,000 births)
_RATE_BASE = re.compile(r"/(?:10万|1万|十万|万|1000|千)")


def _unit_at(t: str, p: int, arabic: bool) -> str | None:
    lex = _lex()
    base = _RATE_BASE.match(t, p)
    if base:
        return base.group()
    for u in lex.by_first.get(t[p:p + 1], ()):
        if t.startswith(u, p):
            nxt = t[p + len(u): p + len(u) + 1]
            if (not arabic and u in lex.arabic_only) or nxt in lex.not_before.get(u, ()):
                # 40所以上 is 40所 + 以上 (所以 is "therefore" only after a word, not a figure)
                if not (nxt == "以" and t.startswith(vocabulary_words("bound_after"), p + len(u))):
                    continue
            q = p + len(u)
            if t[q:q + 1] == "/":
                den = next((d for d in lex.per if t.startswith(d, q + 1)), None)
                if den:
                    return f"{u}/{den}"
            return u
    return None


def _figure(t: str, p: int, mask: bytearray, m: re.Match | None = None):
    """Read number [余|多] [multiplier] [余|多] [unit] at p (``m``: the number matched there already);
    None if no number starts there."""
    m = m or _NUM.match(t, p)
    if not m or mask[p] or m.group("full"):
        return None
    if m.group("ar"):
        value, arabic, q = Decimal(m.group("ar").replace(",", "")), True, m.end()
    else:
        raw = m.group("cn")
        while raw and cn_value(raw) is None:
            raw = raw[:-1]
        if not raw:
            return None
        value, arabic, q = cn_value(raw), False, m.start("cn") + len(raw)
    unit = _PCT.get(m.group("pct") or "")
    approx = mult = None
    if not unit:
        if t[q:q + 1] in ("余", "多"):
            approx, q = t[q], q + 1
        mm = MULTIPLIER.match(t, q)
        if mm and not (mm.group() in "千百" and _unit_at(t, q, arabic)):
            mult, q = mm.group(), mm.end()
            rest = _SMALLER_PART.match(t, q) if arabic and mult in ("万", "亿") else None
            if rest and multiplier_value(rest.group(2)) < multiplier_value(mult):
                # 2万5千公里 = 25000: the smaller part adds to the first (in units of the first multiplier)
                value += Decimal(rest.group(1)) * multiplier_value(rest.group(2)) / multiplier_value(mult)
                q = rest.end()
        if approx is None and t[q:q + 1] in ("余", "多") and (mult or _unit_at(t, q + 1, arabic)):
            approx, q = t[q], q + 1
        unit = _unit_at(t, q, arabic)
        if unit:
            q += len(unit)
    return value, mult, approx, unit, arabic, q


def _range(t: str, first, mask: bytearray):
    """Extend ``first`` over ``-5个`` / ``至5个``; returns (figure, multiplier of first, max)."""
    value, mult, approx, unit, arabic, q = first
    k1 = multiplier_value(mult) if mult else 1
    if q >= len(t) or t[q] not in _SEP or t[q:q + 2] == "——" or approx or mask[q + 1:q + 2] == b"\x01":
        return first, k1, None
    second = _figure(t, q + 1, mask)
    if not second:
        return first, k1, None
    v2, m2, a2, u2, _, q2 = second
    if (unit and unit != u2) or (not unit and not u2 and not (m2 or mult)):
        return first, k1, None
    k2 = multiplier_value(m2) if m2 else 1
    if not mult:
        k1 = k2
    if v2 * k2 <= value * k1:
        return first, k1, None
    return (value, mult or m2, a2, u2, arabic, q2), k1, v2 * k2


def _ends_with(t: str, p: int, by_last: dict[str, tuple[str, ...]]) -> str | None:
    """The longest of the words (indexed by their last character) that ``t[:p]`` ends with."""
    if p <= 0:
        return None
    return next((w for w in by_last.get(t[p - 1], ()) if t.endswith(w, 0, p)), None)


def _names(t: str) -> list[tuple[int, int]]:
    rx = _lex().names
    return [mm.span() for mm in rx.finditer(t)] if rx else []


def _spans(t: str) -> tuple[list[tuple[int, int]], dict[int, int], list[tuple[int, int]]]:
    """(names, quotes, titles) of ``t`` as :func:`_reason` reads them."""
    pairs = match_pairs(t)
    titles = sorted((o, c) for o, c in pairs if t[o] == "《")
    quotes = {o: c for o, c in pairs if t[o] in "“\"「‘"}
    return sorted(_names(t)), quotes, titles


def _quote_name(q: Quantity, t: str, quotes: dict[int, int]) -> bool:
    """A short quoted name that starts with the figure: “十张网”, “两个允许”, “三名”."""
    c = quotes.get(q.start - 1)
    if c is None or c - q.start > 8 or q.end > c:
        return False
    return not (t[q.start:c] == q.text and q.family in ("ratio", "money"))


def _within(spans: list[tuple[int, int]], s: int, e: int, strict: bool) -> bool:
    """Is [s, e) inside (strict: strictly within the brackets of) / overlapping one of ``spans``?"""
    k = bisect.bisect_left(spans, (e, -1))  # spans[:k] start before e
    for o, c in spans[max(0, k - 8):k]:
        if (o < s and e <= c) if strict else (o < e and s < c):
            return True
    return False


def _ascii_alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _code_like(t: str, s: int, e: int, unit: str | None) -> bool:
    """PM2.5, 5G, G20, COVID-19: a figure glued to Latin letters."""
    if unit:
        return False  # AED405台: a count of a thing with a Latin name
    if s and _ascii_alpha(t[s - 1]):
        return True
    if s >= 2 and t[s - 1] == "-" and _ascii_alpha(t[s - 2]):
        return True
    return e < len(t) and _ascii_alpha(t[e])


_CAPITAL_DIGITS = "壹贰叁肆伍陆柒捌玖"  # grammar: the digits of amounts on cheques, written in runs
_INDEFINITE = re.compile("[几数上][十百千万亿]")  # grammar: 几千万, 数十万, 上百万 count nothing exactly


def _reason(q: Quantity, t: str, names, quotes, titles) -> str | None:
    s, e = q.start, q.end
    if _within(titles, s, e, True):
        return "title"
    if _code_like(t, s, e, q.unit):
        return "code"
    if t[s - 1:s] == "第":
        return "ordinal"
    line_start = t.rfind("\n", 0, s) + 1
    lead = t[line_start:s].strip(" \u3000\t")
    if not q.unit and lead in ("", "(", "（") and _HEAD_AFTER.match(t, e):
        return "heading"
    if _within(names, s, e, False) or _quote_name(q, t, quotes):
        return "name"
    if t[s - 1:s] == "每":
        return "per"
    numeral = q.text[: len(q.text) - len(q.unit or "")]
    if len(numeral) == 1 and numeral in _CAPITAL_DIGITS:  # 陆家嘴, 伍家岗: a place's character, not 6
        return "name"
    if s and _INDEFINITE.match(t, s - 1):
        return "indefinite"
    return None


def may_hold_quantity(text: str) -> bool:
    """False only when ``text`` can hold no figure that is not a date or a name (but ordinals are
    kept): no digit, 百分之, 第 or 全覆盖, and no Chinese numeral followed by what a figure needs
    (a unit, a multiplier, 余/多, a range mark or another numeral). A cheap test before
    :func:`find_quantities` for the clauses whose only numerals are words (进一步, 统一, 一是)."""
    return _may_hold().search(text) is not None


@lru_cache(maxsize=1)  # (built from _lex(): whatever clears one must clear both)
def _may_hold() -> re.Pattern:
    follow = set(CN_CHARS) | set("〇零点余多/%‰") | set(_SEP) | set(_lex().by_first)
    cls = "".join(sorted(re.escape(c) for c in follow))
    return re.compile(rf"\d|全覆盖|全部|分之|一半|翻.番|第|[{CN_CHARS}〇零](?=[{cls}])")  # grammar: what a figure starts with


def find_quantities(text: str, keep_skipped: bool = True) -> list[Quantity]:
    """Every figure in ``text`` (see the module docstring); ``keep_skipped=False`` drops the ones
    with an ``is_date_or_name`` reason."""
    found = _quantities(text)
    return list(found) if keep_skipped else [x for x in found if not x.is_date_or_name]


def clear_caches() -> None:
    """Forget the figures remembered per text (extraction starts each document afresh, as
    :func:`policydocs.extract.kind.clear_text_caches` explains)."""
    _quantities.cache_clear()


@register_reset
def _reset() -> None:
    """Forget the units read from extractors/ and everything built from them."""
    _lex.cache_clear()
    _may_hold.cache_clear()
    _quantities.cache_clear()


# Extraction reads a clause again for the indicator of each of its figures, and the clause
# before it for a subject it omits: one document asks about the same text a fifth of the time.
@lru_cache(maxsize=8192)
def _quantities(text: str) -> tuple[Quantity, ...]:
    if not _ANY_FIGURE.search(text):
        return ()  # half the clauses of the genre: no pattern below can match
    t = _FW(text)
    lex = _lex()
    mask = bytearray(len(t) + 1)
    out: list[Quantity] = []
    every: list[Quantity] = []  # 全部 done
    for reason, rx in _SPECIAL:
        if not _SPECIAL_NEEDS[reason].search(t):
            continue
        for m in rx.finditer(t):
            s, e = m.span()
            if any(mask[s:e]):
                continue
            if reason == "year" and not m.group().endswith(("年", "年度")) and _unit_at(t, e, True):
                continue
            mask[s:e] = b"\x01" * (e - s)
            value = int(m.group()[:4]) if reason == "year" and m.group()[:4].isdigit() else None
            out.append(Quantity(s, e, text[s:e], value, None, "年" if value else None, is_date_or_name=reason))
    spans = None  # brackets and names, read only when a figure needs them (most clauses have none)
    for m in _NUM.finditer(t):
        s = m.start()
        if mask[s]:
            continue
        if m.group("full"):
            if not t.endswith("%", 0, s):
                out.append(Quantity(s, m.end(), text[s:m.end()], 100, None, "%"))
            continue
        if m.group("doubled"):  # 翻一番: twice the base, 翻两番: four times
            out.append(Quantity(s, m.end(), text[s:m.end()], 2 ** int(cn_value(m.group("doubled"))), None, "倍"))
            mask[s:m.end()] = b"\x01" * (m.end() - s)
            continue
        if m.group("all"):
            every.append(Quantity(s, m.end(), text[s:m.end()], 100, None, "%"))
            continue
        first = _figure(t, s, mask, m)
        if first is None:
            continue
        (value, mult, approx, unit, arabic, q), k, vmax = _range(t, first, mask)
        if unit is None and (not arabic and not m.group("pct")) and not (
                value >= 100 and any(c in CN_DIGIT for c in m.group("cn") or "")):
            continue
        if any(mask[s:q]):
            continue
        start = s
        hedge = _ends_with(t, s, lex.hedges_by_last)
        if hedge and any(t.endswith(w, 0, s) for w in lex.not_hedge if len(w) > len(hedge)):
            hedge = None  # 最近3年, 节约5%: another word, not a hedge
        if hedge and not (hedge == "近" and unit_family(unit) == "time"):
            approx, start = approx or hedge[-1], s - len(hedge)
        after = next((w for w in lex.after_by_first.get(t[q:q + 1], ()) if t.startswith(w, q)), None)
        if after == "左右":
            approx = approx or "左右"
        before = _ends_with(t, start, lex.before_by_last)
        qty = Quantity(start, q, text[start:q], plain_number(value * k), plain_number(vmax) if vmax is not None else None,
                       unit, approx, before, after)
        if spans is None:
            spans = _spans(t)
        reason = _reason(qty, t, *spans)
        out.append(qty if reason is None else replace(qty, is_date_or_name=reason))
        mask[start:q] = b"\x01" * (q - start)
    out.extend(_fractions(t, text, mask))
    # 全部 done is the figure only of a clause that counts nothing else (贫困县全部摘帽, not
    # 12个未开工项目全部开工: the 12 are the figure)
    counted = any(x.is_date_or_name is None for x in out)
    out.extend(x if not counted else replace(x, is_date_or_name="counted") for x in every)
    out.sort(key=lambda x: x.start)
    return tuple(out)


# A fraction in words, as a share in % (压缩三分之一 → 33.33%, 压减一半 → 50%), rounded as people write it.
# (Not 百分之N, which is a percentage the number reader takes, and not 1/3, a ratio written with digits.)
_FRACTION = re.compile(r"(?P<den>[二三四五六七八九十]{1,2}|[2-9])分之(?P<num>[一二三四五六七八九]|[1-9])"
                       r"|(?:^|(?<=[，,；;：:。\s减缩降短少高过占近约达]))一半")  # grammar: N分之M; 一半 after a verb
                                                                           # or at a clause's start (not 统一半导体)


def _fractions(t: str, text: str, mask: bytearray) -> list[Quantity]:
    if "分之" not in t and "一半" not in t:
        return []
    out = []
    for m in _FRACTION.finditer(t):
        s, e = m.span()
        if any(mask[s:e]):
            continue
        if m.group("den"):
            den, num = (int(x) if x.isdigit() else int(cn_value(x) or 0) for x in (m.group("den"), m.group("num")))
            if not den or num >= den:
                continue
            share = round(num / den * 100, 2)
        else:
            share = 50
        out.append(Quantity(s, e, text[s:e], plain_number(Decimal(str(share))), None, "%"))
    return out
