"""The heading tree of a cleaned document (one paragraph per line).

Line headings (a paragraph that opens with a marker), in their conventional order::

    第一章  第一节  第一条  一、  （一）/(一)  1. 1、 1．  （1）/(1)  ①

Levels are relative to what the document uses: the styles present are ranked in that order and
numbered densely from 1, so a document that starts at （一） has （一） at level 1. A numbered
heading whose number does not advance past its previous sibling's (a second 二、 under the same
parent) is ignored; a gap (一、 then 三、, as in truncated documents) is accepted.

In-paragraph enumerations, recognised at the start of a paragraph or after 。；！？：
``一是/一要 … 二是``, ``第一， … 第二，``, ``首先 … 其次 … 再次 … 最后``, and a paragraph opening
with ``——`` (the report bullets). An item ends at its next sibling, at a line heading, or at the
end of its paragraph at the latest; its level is its parent's plus one. A series must start at 一
(or 首先) under the same line heading: a stray 二是 is not a heading.

The title of a heading is the text after its marker up to the first 。！？； (also ： for
in-paragraph items); if that is longer than 40 (line) / 30 (in-paragraph) characters it is cut at
the first ，or ：. The path label is marker + title, e.g. ``（一）提高政治站位``, ``一是加快推进…``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Sequence

__all__ = ["Section", "HeadingTree", "parse_headings", "LINE_STYLES"]

_CN = "一二三四五六七八九十"
_NUM = rf"[{_CN}百零〇\d]+"
# grammar: the numbering of line headings (第一章, 一、, （一）, 1., ①), in their conventional order
LINE_STYLES: list[tuple[str, re.Pattern]] = [
    ("zhang", re.compile(rf"第({_NUM})章[\s\u3000]*")),
    ("jie", re.compile(rf"第({_NUM})节[\s\u3000]*")),
    ("tiao", re.compile(rf"第({_NUM})条[\s\u3000]*")),
    ("cn", re.compile(rf"([{_CN}]{{1,3}})[、．][\s\u3000]*")),
    ("paren_cn", re.compile(rf"[（(]([{_CN}]{{1,3}})[）)][\s\u3000]*")),
    ("arabic", re.compile(r"(\d{1,2})(?:[、．]|\.(?!\d))[\s\u3000]*")),
    ("paren_arabic", re.compile(r"[（(](\d{1,2})[）)][\s\u3000]*")),
    ("circled", re.compile(r"([①-⑳])[\s\u3000]*")),
]
_ORDER = [s for s, _ in LINE_STYLES]
# grammar: the numbering of in-paragraph enumerations (一是/一要, 第一，, 首先 … 其次 … 再次 … 最后, ——)
_INLINE = re.compile(
    rf"(?:^|(?<=[。；;！!？?：:]))[ \u3000]*(?:(?P<shi>[{_CN}]{{1,3}})(?:是|要)(?!否)"  # grammar: 一是, 二要
    rf"|第(?P<diyi>[{_CN}]{{1,3}})[，,、：:]"
    r"|(?P<sx>首先|其次|再次)(?:[，,：:]|(?=[要是]))|(?P<last>最后)[，,：:]"  # grammar: ordinal adverbs
    r"|(?P<dash>——))"
)
_SX = {"首先": 1, "其次": 2, "再次": 3}  # grammar: the ordinal adverbs of an enumeration, by rank
_END_LINE = re.compile(r"[。！？!?；;]")
_END_INLINE = re.compile(r"[。！？!?；;：:]")
_COMMA = re.compile(r"[，,：:]")
_WS = " \t\r\u3000\u00a0\u200b\ufeff"


def cn_int(s: str) -> int | None:
    """Small Chinese or Arabic numbers as used in headings (一 … 九十九, 一百, ①)."""
    if len(s) == 1 and "①" <= s <= "⑳":  # (before isdigit, which ① passes and int() refuses)
        return ord(s) - ord("①") + 1
    if s.isdigit():
        return int(s)
    total, num = 0, 0
    for ch in s:
        if ch in "零〇":
            num = 0
        elif ch in _CN[:9]:
            num = _CN.index(ch) + 1
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += (num or 1) * 100
            num = 0
        else:
            return None
    return total + num


@dataclass
class Section:
    start: int
    end: int
    level: int
    marker: str
    title: str
    parent: int | None
    style: str = ""
    number: int | None = None
    inline: bool = False
    para_end: int = field(default=0, repr=False)

    @property
    def label(self) -> str:
        return self.marker + self.title


@dataclass
class HeadingTree:
    sections: list[Section]
    text: str = field(repr=False, default="")

    def __post_init__(self):
        self._starts = [s.start for s in self.sections]

    def section_at(self, offset: int) -> int | None:
        """Index of the deepest section containing ``offset``."""
        k = bisect.bisect_right(self._starts, offset) - 1
        while k is not None and k >= 0:
            if self.sections[k].end > offset:
                return k
            k = self.sections[k].parent
        return None

    def path_sections(self, offset: int) -> list[Section]:
        out: list[Section] = []
        k = self.section_at(offset)
        while k is not None:
            out.append(self.sections[k])
            k = self.sections[k].parent
        return out[::-1]

    def section_path(self, offset: int) -> list[str]:
        """Labels from the outermost heading down to the one containing ``offset``."""
        return [s.label for s in self.path_sections(offset)]


@dataclass
class _Cand:
    start: int
    para_end: int
    style: str
    number: int | None
    marker: str
    title: str
    inline: bool


def _title(rest: str, ender: re.Pattern, limit: int) -> str:
    m = ender.search(rest)
    title = (rest[: m.start()] if m else rest).strip(_WS + "，,：:")
    if len(title) > limit:
        c = _COMMA.search(title)
        if c and c.start() >= 4:
            title = title[: c.start()]
    return title


def _line_candidate(body: str, start: int, end: int) -> tuple[_Cand | None, int]:
    for style, rx in LINE_STYLES:
        m = rx.match(body)
        if not m:
            continue
        rest = body[m.end():]
        if style == "cn" and rest[:1] in _CN and rest[1:2] in "、季月至到":  # grammar: 一、二季度, 一至三月
            return None, 0  # 一、二季度 …: an enumeration of numbers, not a heading
        title = _title(rest, _END_LINE, 40)
        if not title:
            return None, 0
        marker = body[: m.end()].rstrip(_WS)
        return _Cand(start, end, style, cn_int(m.group(1)), marker, title, False), m.end()
    return None, 0


def _inline_candidates(body: str, base: int, end: int, pos: int) -> list[_Cand]:
    out = []
    for m in _INLINE.finditer(body, pos):
        style = m.lastgroup  # (each alternative holds one named group: the one that matched)
        if style == "dash" and m.start() != 0:
            continue
        value = m.group(style)
        number = cn_int(value) if style in ("shi", "diyi") else _SX.get(value)
        if style == "last":
            style = "sx"
        lead = len(m.group()) - len(m.group().lstrip(" \u3000"))
        marker = m.group()[lead:]
        title = _title(body[m.end():], _END_INLINE, 30)
        out.append(_Cand(base + m.start() + lead, end, style, number, marker, title, True))
    return out


def _candidates(parts: Sequence[str]) -> list[_Cand]:
    cands: list[_Cand] = []
    pos = 0
    for line in parts:
        ls, le = pos, pos + len(line)
        pos = le + 1
        k = len(line) - len(line.lstrip(_WS))
        body = line[k:]
        if not body:
            continue
        cand, scan_from = _line_candidate(body, ls + k, le)
        if cand:
            cands.append(cand)
        cands.extend(_inline_candidates(body, ls + k, le, scan_from))
    return cands


def parse_headings(lines: str | Sequence[str]) -> HeadingTree:
    """Heading tree of a document: a string, or its lines (offsets as if joined with ``\\n``)."""
    if isinstance(lines, str):
        text, parts = lines, lines.split("\n")
    else:
        parts = list(lines)
        text = "\n".join(parts)
    cands = _candidates(parts)
    used = sorted({c.style for c in cands if not c.inline}, key=_ORDER.index)
    rank = {s: i + 1 for i, s in enumerate(used)}
    sections: list[Section] = []
    stack: list[int] = []
    last_num: dict[tuple[int | None, str], int] = {}

    def close(idx: int, at: int) -> None:
        sec = sections[idx]
        sec.end = min(at, sec.para_end) if sec.inline else at

    def anchor(upto: int) -> int | None:
        """Nearest line-heading section in stack[:upto]."""
        for k in range(upto - 1, -1, -1):
            if not sections[stack[k]].inline:
                return stack[k]
        return None

    for c in cands:
        while stack and sections[stack[-1]].inline and sections[stack[-1]].para_end <= c.start:
            close(stack.pop(), c.start)
        number = c.number
        if not c.inline:
            level = rank[c.style]
            j = len(stack)
            while j and (sections[stack[j - 1]].inline or sections[stack[j - 1]].level >= level):
                j -= 1
            parent = stack[j - 1] if j else None
            key = (parent, c.style)
            last = last_num.get(key)
            if number is not None and last is not None and number <= last and number != 1:
                continue
        else:
            j = next((k for k in range(len(stack) - 1, -1, -1)
                      if sections[stack[k]].inline and sections[stack[k]].style == c.style), len(stack))
            parent = stack[j - 1] if j else None
            key = (anchor(j), c.style)
            last = last_num.get(key)
            if c.style == "sx" and number is None:  # 最后
                number = None if last is None else last + 1
                if number is None:
                    continue
            elif c.style != "dash" and number != 1 and (last is None or number is None or number <= last):
                continue
            level = sections[parent].level + 1 if parent is not None else 1
        for idx in reversed(stack[j:]):
            close(idx, c.start)
        del stack[j:]
        sections.append(Section(c.start, len(text), level, c.marker, c.title, parent,
                                c.style, number, c.inline, c.para_end))
        stack.append(len(sections) - 1)
        if number is not None:
            last_num[key] = number
    for idx in stack:
        close(idx, len(text))
    return HeadingTree(sections, text)
