"""Word's automatic numbering (numbering.xml), rendered as Word shows it: 一、 （一） 1. ①.

A numbered paragraph names a list instance (``w:num``, by ``numId``) and a level (``ilvl``),
directly or through its paragraph style; the instance points to an abstract definition
(``w:abstractNum``) whose levels give the format (``numFmt``), the text (``lvlText``, e.g.
``%1、`` or ``（%2）``), the start value and when the level restarts. Word keeps one running count
per abstract definition, shared by every instance of it: a second ``numId`` of the same list goes
on counting, unless it overrides a level's start (``lvlOverride/startOverride``, what "restart
numbering" writes), which restarts that level the first time the instance is used at it.

    >>> number_text(11, "chineseCountingThousand"), number_text(3, "ideographTraditional")
    ('十一', '丙')
    >>> number_text(12, "chineseLegalSimplified"), number_text(2, "decimalEnclosedCircleChinese")
    ('壹拾贰', '②')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9  # Word's levels 0-8
_PLACEHOLDER = re.compile(r"%([1-9])")

# grammar: how Word writes a number in each format (the digits, the units of a counted number)
_CN_DIGITS = "〇一二三四五六七八九"
_ZERO = "零"  # the zero inside a counted number (一百零一); 〇 is the digit (二〇二四)
_CN_UNITS = "十百千"
_LEGAL_SIMPLIFIED = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_SIMPLIFIED_UNITS = "拾佰仟"
_LEGAL_TRADITIONAL = "零壹貳參肆伍陸柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"  # ideographTraditional
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"  # ideographZodiac
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
_DECIMAL_FORMATS = {"decimal", "decimalZero", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"}


def _counted(value: int, digits: str, units: str, *, short_ten: bool) -> str:
    """一百零一, 二十, 十一 (``short_ten``: 十一, not 一十一); digit by digit from 10000 on."""
    if value <= 0 or value >= 10000:
        return "".join(digits[int(d)] for d in str(max(value, 0)))
    out, zero = [], False
    for power in (3, 2, 1, 0):
        digit = value // 10 ** power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(_ZERO)
            zero = False
        out.append(digits[digit] + (units[power - 1] if power else ""))
    text = "".join(out)
    return text[1:] if short_ten and 10 <= value < 20 else text


def _letters(value: int) -> str:
    """a … z, aa … zz, aaa: Word repeats the letter."""
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def number_text(value: int, fmt: str) -> str:
    """``value`` written in the Word number format ``fmt`` (decimal for a format not known here)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting"):
        return _counted(value, _CN_DIGITS, _CN_UNITS, short_ten=True)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(max(value, 0)))
    if fmt == "chineseLegalSimplified":
        return _counted(value, _LEGAL_SIMPLIFIED, _LEGAL_SIMPLIFIED_UNITS, short_ten=False)
    if fmt in ("ideographLegalTraditional", "japaneseLegal"):
        return _counted(value, _LEGAL_TRADITIONAL, _LEGAL_SIMPLIFIED_UNITS, short_ten=False)
    if fmt in ("ideographTraditional", "ideographZodiac", "ideographZodiacTraditional") and value >= 1:
        cycle = _HEAVENLY_STEMS if fmt == "ideographTraditional" else _EARTHLY_BRANCHES
        return cycle[value - 1] if value <= len(cycle) else str(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= 20:
        return chr(ord("①") + value - 1)
    if fmt == "decimalEnclosedParen" and 1 <= value <= 20:
        return chr(ord("⑴") + value - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= value <= 20:
        return chr(ord("⒈") + value - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate(_FULL_WIDTH)
    if fmt.startswith("decimalZero"):  # 01; decimalZero3 (a custom 001) is ours
        return str(value).zfill(int(fmt[len("decimalZero"):] or 2))
    if fmt in ("lowerLetter", "upperLetter") and value >= 1:
        return _letters(value) if fmt == "lowerLetter" else _letters(value).upper()
    if fmt in ("lowerRoman", "upperRoman") and value >= 1:
        return _roman(value) if fmt == "lowerRoman" else _roman(value).upper()
    if fmt == "none":
        return ""
    return str(value)


@dataclass
class Level:
    fmt: str = "decimal"
    text: str | None = "%1."  # lvlText; None: the level shows no number
    start: int = 0  # the spec's default; Word always writes w:start
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 never; None after any shallower
    legal: bool = False  # isLgl: every level shown in Arabic numerals (1.1, not 一.1)
    suffix: str = "tab"  # what follows the number: tab, space or nothing
    hidden: bool = False  # the number's own run properties hide it
    style: str | None = None  # the paragraph style this level is linked to


def find_path(element, *names: str):
    """The descendant at ``names`` (w: tags), step by step: faster than an ElementPath on lxml."""
    for name in names:
        element = element.find(W + name) if element is not None else None
    return element


def _val(element, name: str) -> str | None:
    child = element.find(W + name) if element is not None else None
    return child.get(W + "val") if child is not None else None


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _on(element) -> bool:
    """A toggle property (w:vanish, w:isLgl): present and not switched off."""
    return element is not None and element.get(W + "val", "true") not in ("0", "false", "off")


def _format(lvl) -> str:
    """The level's number format: its own, or, for a custom one (Word 2010's 001, 002 written as a
    choice with a fallback), the zero-padded decimal it spells, else the fallback's."""
    for fmt in lvl.iter(W + "numFmt"):
        value = fmt.get(W + "val") or "decimal"
        if value != "custom":
            return value
        zeros = re.match(r"(0+)1\b", fmt.get(W + "format", ""))
        if zeros:
            return f"decimalZero{len(zeros.group(1)) + 1}"
    return "decimal"


def _level(lvl) -> Level:
    text = lvl.find(W + "lvlText")
    shown = None if text is None or text.get(W + "null") in ("1", "true", "on") else text.get(W + "val")
    rpr = lvl.find(W + "rPr")
    return Level(fmt=_format(lvl), text=shown,
                 start=_int(_val(lvl, "start"), 0), restart=_int(_val(lvl, "lvlRestart")),
                 legal=_on(lvl.find(W + "isLgl")), suffix=_val(lvl, "suff") or "tab",
                 hidden=rpr is not None and _on(rpr.find(W + "vanish")), style=_val(lvl, "pStyle"))


@dataclass
class _Instance:
    abstract: str
    levels: dict[int, Level]  # lvlOverride/lvl: a level redefined for this instance only
    starts: dict[int, int]  # lvlOverride/startOverride


class Numbering:
    """The numbering of one document, counted as its paragraphs are read in order."""

    def __init__(self, numbering=None, styles=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNumId → numbering style it takes its levels from
        self.instances: dict[str, _Instance] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}  # id → based on, numId, ilvl
        self.default_style: str | None = None
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[tuple[str, int]] = set()  # (numId, level) already used: its start override is spent
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for abstract in root.iterchildren(W + "abstractNum"):
            key = abstract.get(W + "abstractNumId")
            self.abstracts[key] = {_int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in abstract.iterchildren(W + "lvl")}
            link = _val(abstract, "numStyleLink")
            if link:
                self.style_links[key] = link
        for num in root.iterchildren(W + "num"):
            levels, starts = {}, {}
            for override in num.iterchildren(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                start = _int(_val(override, "startOverride"))
                if start is not None:
                    starts[ilvl] = start
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            self.instances[num.get(W + "numId")] = _Instance(_val(num, "abstractNumId") or "", levels, starts)

    def _read_styles(self, root) -> None:
        for style in root.iterchildren(W + "style"):
            numpr = find_path(style, "pPr", "numPr")
            num_id = _val(numpr, "numId") if numpr is not None else None
            ilvl = _int(_val(numpr, "ilvl")) if numpr is not None else None
            style_id = style.get(W + "styleId")
            self.styles[style_id] = (_val(style, "basedOn"), num_id, ilvl)
            if style.get(W + "type") == "paragraph" and _on_attr(style.get(W + "default")):
                self.default_style = style_id

    def _abstract(self, num_id: str) -> str | None:
        """The abstract definition an instance counts in, through numbering-style links."""
        instance = self.instances.get(num_id)
        hops = 0
        while instance is not None and instance.abstract in self.style_links and hops < 5:
            _, linked, _ = self.styles.get(self.style_links[instance.abstract], (None, None, None))
            instance = self.instances.get(linked) if linked else None
            hops += 1
        return instance.abstract if instance is not None else None

    def _from_style(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, the style that set numId) from a paragraph style and those it is based on."""
        num_id = ilvl = owner = None
        seen = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            based_on, own_num, own_level = self.styles[style_id]
            if num_id is None and own_num is not None:
                num_id, owner = own_num, style_id
            if ilvl is None and own_level is not None:
                ilvl = own_level
            style_id = based_on
        return num_id, ilvl, owner

    def label(self, ppr) -> tuple[str, str] | None:
        """Count the paragraph whose properties are ``ppr``; (its number as shown, suffix) or None."""
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _val(numpr, "numId") if numpr is not None else None
        ilvl = _int(_val(numpr, "ilvl")) if numpr is not None else None
        style_id = (_val(ppr, "pStyle") if ppr is not None else None) or self.default_style
        owner = None
        if num_id is None:
            num_id, style_level, owner = self._from_style(style_id)
            ilvl = ilvl if ilvl is not None else style_level
        if not num_id or num_id == "0" or num_id not in self.instances:
            return None
        abstract = self._abstract(num_id)
        if abstract not in self.abstracts:
            return None
        instance = self.instances[num_id]
        levels = {**self.abstracts[abstract], **instance.levels}
        if ilvl is None:  # a style linked to a level (lvl/pStyle) numbers at that level
            ilvl = next((k for k, lvl in levels.items() if owner and lvl.style == owner), 0)
        level = levels.get(ilvl)
        if level is None or not 0 <= ilvl < _LEVELS:
            return None
        counts = self.counters.setdefault(abstract, [None] * _LEVELS)
        if (num_id, ilvl) not in self.seen and ilvl in instance.starts:
            counts[ilvl] = instance.starts[ilvl]
        else:
            counts[ilvl] = level.start if counts[ilvl] is None else counts[ilvl] + 1
        self.seen.add((num_id, ilvl))
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels and levels[deeper].restart is not None else deeper
            if restart and ilvl < restart:
                counts[deeper] = None
        if level.fmt == "bullet" or level.hidden or not level.text:
            return None  # a bullet glyph (often a symbol font's private character) carries no number
        return _PLACEHOLDER.sub(lambda m: self._shown(levels, counts, int(m.group(1)) - 1, level.legal),
                                level.text), level.suffix

    @staticmethod
    def _shown(levels: dict[int, Level], counts: list[int | None], k: int, legal: bool) -> str:
        level = levels.get(k, Level())
        # a level not used yet shows the count before its start (Word's "0.1" under no heading 1)
        value = counts[k] if counts[k] is not None else level.start - 1
        fmt = "decimal" if legal and level.fmt not in _DECIMAL_FORMATS else level.fmt
        return number_text(value, fmt)


def _on_attr(value: str | None) -> bool:
    return value in ("1", "true", "on")
