"""Where text sits on a PDF page: lines from characters, the page's furniture, its columns.

- Lines: characters on one baseline band, left to right; a gap wider than 3 points (or a blank
  glyph) is a space, as pdfplumber's text lines have it; a glyph overprinted for a fake bold is one.
- Furniture: a running header or footer is a line at the page's top or bottom edge that repeats
  on most pages, or, on any page (a one-page PDF too), one in the top or bottom band of the page,
  set in smaller type than the body and standing apart from it (a header sits in the margin, not
  in the text block: the 版记 of a 公文, in 4号 at the foot of the last page, is set at the
  body's line spacing and stays). Page numbers at either edge go too.
- Columns: a page set in two columns (a 政府公报) is found from the characters' x positions: many
  lines end at one x (the left column's right edge, justified text) and many start at one x a
  gutter further right, while hardly anything lies in between. Such a page is read top to bottom
  in blocks: a line across the gutter (a title) as it stands, the lines of a run of column rows
  left column first, then right column. A table does not pass for two columns: its left cells end
  ragged and its right half holds several cells per row.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pdfminer.layout import LTChar, LTContainer

_SPACE_GAP = 3.0  # points between two characters that make a space (pdfplumber's x_tolerance)
_LINE_TOLERANCE = 3.0  # points of difference in top that still make one line (its y_tolerance)
_EDGE_LINES = 2  # lines at each end of a page that may be a running header/footer or page number
_EDGE_ZONE = 0.2  # ... and only within this share of the page height from its top/bottom
_MARGIN_BAND = 0.12  # a header or footer known by type and place lies in this share of the page height
_SMALL_TYPE = 0.9  # ... in type smaller than this share of the body's
_REPEAT_SHARE = 0.6  # a header/footer repeats on at least this share of the pages (and on 2+)
_GUTTER = 0.8  # ems of the narrowest gutter between two columns
_COLUMN_BAND = (0.25, 0.75)  # share of the page width in which a gutter may lie
_EDGE_SLACK = 1.5  # points within which column lines start at the same x

_PAGE_NUMBER = re.compile(
    r"[-—–―－~·•]*\d{1,4}[-—–―－~·•]*"  # 3, - 3 -, —3—
    r"|第[\d一二三四五六七八九十百零〇]{1,6}页(?:[/，,]?共\d{1,4}页)?"  # grammar: 第3页, 第3页共10页
    r"|共\d{1,4}页[/，,]?第\d{1,4}页"  # grammar: 共10页第3页
    r"|\d{1,4}/\d{1,4}"  # 3/10
    r"|(?:page|p\.)\d{1,4}(?:of\d{1,4})?",
    re.IGNORECASE,
)


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    em: float  # font size: the width of one CJK character
    chars: list[Char] = field(default_factory=list, repr=False)
    # the edges of the text block the line belongs to (a column); None: the page's text block
    left: float | None = None
    right: float | None = None


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


# --- lines --------------------------------------------------------------------------------------

def page_chars(layout) -> list[Char]:
    """The characters of a pdfminer page layout, top-left origin, in drawing order."""
    top, left = layout.y1, layout.x0
    out = []
    stack = [iter(layout)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, LTChar):
                out.append(Char(item.get_text(), item.x0 - left, item.x1 - left, top - item.y1, top - item.y0, item.size))
            elif isinstance(item, LTContainer):  # a form XObject (LTFigure) holds characters of its own
                stack.append(iter(item))
                break
        else:
            stack.pop()
    return out


def make_line(chars: list[Char]) -> Line:
    """One line from its characters (sorted left to right)."""
    parts: list[str] = []
    prev: Char | None = None
    for char in chars:
        if char.text.isspace():
            if parts and parts[-1] != " ":
                parts.append(" ")
            continue
        if prev is not None and char.x0 - prev.x1 > _SPACE_GAP and parts[-1] != " ":
            parts.append(" ")
        parts.append(char.text)
        prev = char
    inked = [c for c in chars if not c.text.isspace()] or chars
    em = statistics.median(c.size for c in inked)
    return Line("".join(parts).strip(), min(c.x0 for c in inked), max(c.x1 for c in inked),
                min(c.top for c in inked), max(c.bottom for c in inked), em, chars)


def lines_of(chars: list[Char]) -> list[Line]:
    """Characters grouped into lines by their top, each line left to right, lines top to bottom."""
    lines, group, last_top = [], [], None
    for char in sorted(chars, key=lambda c: c.top):
        if group and char.top - last_top > _LINE_TOLERANCE:
            lines.append(group)
            group = []
        group.append(char)
        last_top = char.top
    if group:
        lines.append(group)
    out = [make_line(_one_print(sorted(group, key=lambda c: c.x0))) for group in lines]
    return [line for line in out if line.text]


def _one_print(chars: list[Char]) -> list[Char]:
    """A bold face the font lacks is printed by WPS and Word as each glyph drawn two or more times
    a fraction of a point apart (一一、、总总体体): one of each is the text."""
    out: list[Char] = []
    for char in chars:
        last = out[-1] if out else None
        # the copy covers more than half the glyph (two l of "Mall" side by side do not)
        if (last is not None and char.text == last.text and abs(char.top - last.top) < 0.3 * char.size
                and abs(char.x0 - last.x0) < min(0.3 * char.size, 0.5 * (last.x1 - last.x0))):
            continue
        out.append(char)
    return out


# --- furniture: running headers, footers, page numbers ------------------------------------------

def _edge_key(text: str) -> str:
    """Header/footer identity: page numbers and dates vary from page to page, the rest does not."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def _edges(page: Page) -> tuple[list[Line], list[Line]]:
    top = [line for line in page.lines[:_EDGE_LINES] if line.top < _EDGE_ZONE * page.height]
    bottom = [line for line in page.lines[-_EDGE_LINES:] if line.bottom > (1 - _EDGE_ZONE) * page.height]
    return top, bottom


def _in_margin(lines: list[Line], page: Page, body_em: float, *, top: bool) -> list[Line]:
    """The lines at one edge of the page that are set apart as a header (footer): in the band of
    the page's margin, in smaller type than the body, and further from the body text than its own
    lines are from each other."""
    ordered = lines if top else lines[::-1]
    found = []
    for line in ordered[:_EDGE_LINES]:
        inside = line.top < _MARGIN_BAND * page.height if top else line.bottom > (1 - _MARGIN_BAND) * page.height
        if not inside or line.em >= _SMALL_TYPE * body_em:
            break
        found.append(line)
    if not found or len(found) == len(ordered):
        return []
    nearest = ordered[len(found)]
    gap = nearest.top - found[-1].bottom if top else found[-1].top - nearest.bottom
    return found if gap >= body_em else []


def drop_furniture(pages: list[Page]) -> None:
    with_text = [page for page in pages if page.lines]
    if not with_text:
        return
    body_em = statistics.median(line.em for page in with_text for line in page.lines)
    top_counts: Counter[str] = Counter()
    bottom_counts: Counter[str] = Counter()
    for page in with_text:
        top, bottom = _edges(page)
        top_counts.update({_edge_key(line.text) for line in top})
        bottom_counts.update({_edge_key(line.text) for line in bottom})
    needed = max(2, _REPEAT_SHARE * len(with_text))
    for page in with_text:
        top, bottom = _edges(page)
        drop = {id(line) for line in top if top_counts[_edge_key(line.text)] >= needed}
        drop |= {id(line) for line in bottom if bottom_counts[_edge_key(line.text)] >= needed}
        drop |= {id(line) for line in top + bottom if _is_page_number(line.text)}
        rest = [line for line in page.lines if id(line) not in drop]
        drop |= {id(line) for line in _in_margin(rest, page, body_em, top=True)}
        drop |= {id(line) for line in _in_margin(rest, page, body_em, top=False)}
        page.lines = [line for line in page.lines if id(line) not in drop]


def _is_page_number(text: str) -> bool:
    return _PAGE_NUMBER.fullmatch(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))) is not None


# --- columns ------------------------------------------------------------------------------------

def _spans(line: Line) -> list[tuple[float, float]]:
    """Stretches of ink along a line, split where the gap is wider than an em."""
    spans: list[list[float]] = []
    for char in line.chars:
        if char.text.isspace():
            continue
        if spans and char.x0 - spans[-1][1] <= max(char.size, 1.0):
            spans[-1][1] = max(spans[-1][1], char.x1)
        else:
            spans.append([char.x0, char.x1])
    return [(a, b) for a, b in spans]


def _cluster(values: list[float], window: float) -> tuple[float, float, int]:
    """(lowest, highest, count) of the values in the densest stretch ``window`` points wide."""
    ordered = sorted(values)
    best = (0.0, 0.0, 0)
    start = 0
    for end, value in enumerate(ordered):
        while value - ordered[start] > window:
            start += 1
        if end - start + 1 > best[2]:
            best = (ordered[start], value, end - start + 1)
    return best


def _gutter(page: Page) -> tuple[float, float, float, float] | None:
    """(left column's left edge, its right edge, right column's left edge, its right edge) of a
    page set in two columns; None for one column (or a table)."""
    if len(page.lines) < 8:
        return None
    em = statistics.median(line.em for line in page.lines)
    low, high = (share * page.width for share in _COLUMN_BAND)
    spans = [(line, _spans(line)) for line in page.lines]
    ends = [b for _, found in spans for a, b in found if low < b < high]
    if len(ends) < 4:
        return None
    _, left_edge, ended = _cluster(ends, em)  # justified text ends within an em (避头尾 squeezes)
    starts = [a for _, found in spans for a, b in found if left_edge + _GUTTER * em <= a < high]
    if len(starts) < 4:
        return None
    right_start, _, started = _cluster(starts, _EDGE_SLACK)
    left_sides, right_sides = [], []
    for line, found in spans:
        if _across(line, left_edge, right_start):
            continue  # a title, a full-width line
        middle = (left_edge + right_start) / 2
        left_sides.append([s for s in found if s[0] + s[1] < 2 * middle])
        right_sides.append([s for s in found if s[0] + s[1] >= 2 * middle])
    left_sides = [side for side in left_sides if side]
    right_sides = [side for side in right_sides if side]
    if len(left_sides) < 4 or len(right_sides) < 4:
        return None
    # Text columns: one stretch of text per column and line, lines ending at the column's edge.
    single = sum(len(side) == 1 for side in left_sides + right_sides) / len(left_sides + right_sides)
    _, right_edge, right_ended = _cluster([side[-1][1] for side in right_sides], em)
    if single < 0.8 or min(ended / len(left_sides), started / len(right_sides), right_ended / len(right_sides)) < 0.4:
        return None
    left_start, _, _ = _cluster([side[0][0] for side in left_sides], _EDGE_SLACK)
    return left_start, left_edge, right_start, right_edge


def _across(line: Line, left_edge: float, right_start: float) -> bool:
    """Whether a line runs across the gutter: ink on its middle, or on both sides closer to the
    middle than the columns' edges (a spaced-out title). A column line that overruns its edge a
    little (a glyph wider than its metrics) is still a column line: the other column's line on
    its baseline starts at that column's edge."""
    middle = (left_edge + right_start) / 2
    inked = [c for c in line.chars if not c.text.isspace()]
    if any(c.x0 < middle < c.x1 for c in inked):
        return True
    left = [c.x1 for c in inked if c.x0 + c.x1 < 2 * middle]
    right = [c.x0 for c in inked if c.x0 + c.x1 >= 2 * middle]
    return bool(left and right) and max(left) > left_edge + _EDGE_SLACK and min(right) < right_start - _EDGE_SLACK


def split_columns(pages: list[Page]) -> None:
    """Reorder the lines of pages set in two columns into reading order and give each line its
    column's edges. A page with too few lines to show its columns by itself (the last page, half
    full) takes the gutter of the document's other pages if none of its lines but a few cross it."""
    found = {page.number: _gutter(page) for page in pages}
    seen = Counter((round(g[1]), round(g[2])) for g in found.values() if g)
    if not seen:
        return
    usual = next(g for g in found.values() if g and (round(g[1]), round(g[2])) == seen.most_common(1)[0][0])
    for page in pages:
        gutter = found[page.number]
        if gutter is None and page.lines:
            crossing = sum(_across(line, usual[1], usual[2]) for line in page.lines)
            gutter = usual if crossing <= 0.25 * len(page.lines) else None
        if gutter is not None:
            _read_columns(page, gutter)


def _read_columns(page: Page, gutter: tuple[float, float, float, float]) -> None:
    left_start, left_edge, right_start, right_edge = gutter
    middle = (left_edge + right_start) / 2
    ordered: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in page.lines:
        if _across(line, left_edge, right_start):
            ordered += left + right + [line]  # a line across the gutter closes the block above it
            left, right = [], []
            continue
        for side, chars, edges in ((left, [c for c in line.chars if c.x0 + c.x1 < 2 * middle], (left_start, left_edge)),
                                   (right, [c for c in line.chars if c.x0 + c.x1 >= 2 * middle], (right_start, right_edge))):
            part = make_line(chars) if chars else None
            if part is not None and part.text:
                part.left, part.right = edges
                side.append(part)
    page.lines = ordered + left + right
