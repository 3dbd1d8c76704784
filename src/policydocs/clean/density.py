"""Text-density main-content finder for Chinese pages.

``find_main`` scores each block of a ``html_walk.Walk`` (+ for sentence-like text with Chinese
punctuation, - for link lists, short labels, meta lines and boilerplate such as share bars,
上一篇/下一篇, ICP footers, related-article boxes and teaser lists) and takes the element whose
blocks sum highest: a maximum-sum subtree, so nav, sidebars and footers (negative) stay out while
the article body (positive) is kept whole. Then: repeated records (forum posts, comments) are
resolved, a body is widened over the short clean lines around it (salutation, 附件, signature,
date), and an island of text cut off from the body by chrome (a 领导简介 column in the same
layout row) is trimmed away. Class/id names only nudge the scores: Chinese sites name things in pinyin (xgxx, dqwz, sxp),
so the text itself must carry the decision. Linear in the size of the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policydocs.clean.html_walk import (  # walk and the types are re-exported
    DATE_LIKE,
    Frame,
    TextBlock,
    Walk,
    boilerplate_kind,
    walk,
)

__all__ = ["MainContent", "Walk", "TextBlock", "Frame", "walk", "find_main", "score_block", "keep_block"]


# --- scoring ---------------------------------------------------------------------------------

def _is_link(b: TextBlock) -> bool:
    return b.chars > 0 and b.link_chars >= 0.8 * b.chars


def _mark_related(w: Walk) -> None:
    """Blocks of related-article boxes and teaser lists, whatever text they carry.

    - after a related-articles header (相关新闻, 网友评论, 猜你喜欢) that starts a box, to the end
      of the smallest element that holds the header and something after it;
    - runs of >= 3 (link title, short summary) pairs: 标题 + 摘要 teasers of other articles;
    - runs of >= 3 list items, each a link with a date or time (标题 作者 09:02:51 5/23/06):
      the replies of a threaded forum, a column's list of other articles.

    After a notice-box header (郑重声明) the lines of its box are a disclaimer instead.
    """
    blocks, frames = w.blocks, w.frames
    n = len(blocks)
    marked_until = 0  # boxes nest or repeat: each block is marked once (linear)
    for i, b in enumerate(blocks):
        if b.kind not in _BOX_HEADERS or b.owner < 0 or _is_link(b):
            continue  # a link is an item of a list, not the label of one
        fi = b.owner
        while fi >= 0 and frames[fi].end <= i + 1:
            fi = frames[fi].parent
        if fi < 0 or frames[fi].start < i - 1:
            continue  # a box starts with its label; one in the middle of a long element is text
        for j in range(max(i + 1, marked_until), frames[fi].end):
            if b.kind == "notice box header":
                blocks[j].kind = blocks[j].kind or "disclaimer"
            else:
                blocks[j].related = True
        marked_until = max(marked_until, frames[fi].end)
    def together(a: TextBlock, b: TextBlock) -> bool:  # title and summary in one <li>/<dl> item
        if a.owner < 0 or b.owner < 0:
            return False
        pa, pb = frames[a.owner].parent, frames[b.owner].parent
        return pa == pb or a.owner == b.owner or pa == b.owner or pb == a.owner

    i = 0
    while i + 1 < n:
        k = i
        while k + 1 < n and _is_link(blocks[k]) and blocks[k].chars >= 8 and blocks[k + 1].link_chars == 0 \
                and blocks[k + 1].chars <= 200 and together(blocks[k], blocks[k + 1]):
            k += 2
        if (k - i) // 2 >= 3:
            for j in range(i, k):
                blocks[j].related = True
            i = k
        else:
            i += 1
    i = 0
    while i < n:
        k = i
        while k < n and _dated_item(blocks[k], frames):
            k += 1
        if k - i >= 3:
            for j in range(i, k):
                blocks[j].related = True
            if i > 0 and _LABEL.search(blocks[i - 1].text) and blocks[i - 1].chars <= 12:
                blocks[i - 1].related = True  # the list's label (回复列表：)
        i = max(k, i + 1)


_LABEL = re.compile(r"^[^，。；！？,;!?]+[:：]$")  # grammar: a label is a phrase ending in a colon
_BOX_HEADERS = frozenset(("related-articles header", "notice box header"))
_ITEM_TAGS = frozenset(("li", "dd", "dt"))
# grammar: a date (2024-03-01, 2024年3月1日, 5/23/06) or a time of day (09:02:51)
_STAMP = re.compile(DATE_LIKE.pattern + r"|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)|(?<!\d)\d{1,2}/\d{1,2}/\d{2,4}(?!\d)")


def _dated_item(b: TextBlock, frames) -> bool:
    """A list item made of a link and a date or time (a reply's title, author and time)."""
    return (b.owner >= 0 and frames[b.owner].tag in _ITEM_TAGS and b.chars <= 80 and b.punct <= 1
            and b.link_chars >= 2 and b.link_chars * 7 >= b.chars and bool(_STAMP.search(b.text)))


def score_block(b: TextBlock) -> float:
    c = b.chars
    if c == 0:
        return 0.0
    if b.kind is None:
        b.kind = boilerplate_kind(b.text) or ""
    kind = b.kind
    if kind == "meta line":
        return -0.5 * c
    if kind:
        return -max(float(c), 20.0)
    ld = b.link_chars / c
    if ld > 0.5:
        return -float(c)
    text_chars = c - b.link_chars
    if b.related:
        return -0.5 * c
    if b.punct == 0 and c <= 80 and (b.colons >= 2 or DATE_LIKE.search(b.text)):
        # 上传人：… 页数：… / 江城晚报 2024-05-21 07:45 记者 何琳 / a signature date 2024年3月1日
        b.kind = "meta line"
        return -0.5 * c
    if c < 10:  # 编辑：吴倩, 同志们：, 一、总体要求: neutral inside a body, no pull outside it
        return 0.0 if (b.punct or b.colons) else -0.3 * c
    if b.punct == 0 and b.colons == 1:
        b.punct = 1  # 各乡镇人民政府，县直有关单位： / 附件：…
    if b.punct == 0:
        # labels, titles, meta lines, menu items: not running text. Long unpunctuated runs (table
        # rows of a 台账, lists of names) still count a little.
        if c < 20:
            s = -0.3 * c
        elif c < 40:
            s = 0.0
        else:
            s = 0.25 * text_chars
    else:
        # running text (punctuation every ~15 chars) counts fully
        s = text_chars * min(1.0, 0.25 + 12.0 * b.punct / c)
    if b.heading and s > 0:
        s = 0.0  # a heading labels text, it is not the text (a title with a comma is no paragraph)
    if b.neg:
        s = s * 0.3 if s > 0 else s * 1.5
    return s


@dataclass
class MainContent:
    frame: int
    start: int
    end: int
    score: float
    exclude: list[tuple[int, int]] = field(default_factory=list)  # block ranges of comments
    thread: bool = False  # the body is the opening post of a thread of records


def _subtree(frames: list[Frame], i: int) -> range:
    """Frame indices of the subtree rooted at frame i (pre-order: contiguous)."""
    d = frames[i].depth
    k = i + 1
    while k < len(frames) and frames[k].depth > d:
        k += 1
    return range(i, k)


def _best_in(frames: list[Frame], idx) -> int:
    best, best_score = -1, 0.0
    for i in sorted(idx, key=lambda j: frames[j].depth, reverse=True):
        f = frames[i]
        s = f.score * (1.15 if f.hint > 0 else 1.0)
        if s > best_score and f.end > f.start:
            best, best_score = i, s
    return best


def find_main(w: Walk) -> MainContent | None:
    """The frame whose blocks have the highest summed score (max-sum subtree).

    Repeated records inside it (elements whose ids are a prefix plus a number: forum posts
    ``post_1156023``, comments ``comment_88``) are resolved: when the records hold most of the text
    the page is a thread and the first record (the opening post) is the content; otherwise they
    are comments under an article and are excluded.
    """
    blocks, frames = w.blocks, w.frames
    if not blocks or not frames:
        return None
    for b in blocks:
        b.kind = boilerplate_kind(b.text) or ""
    _mark_related(w)
    for b in blocks:
        b.score = score_block(b)
    for f in frames:
        f.score = 0.0
        f.chars = 0
    # each block counts once in its owner; owners pass their totals up (children end before parents)
    for b in blocks:
        if b.owner >= 0:
            frames[b.owner].score += b.score
            frames[b.owner].chars += b.chars
    for i in sorted(range(len(frames)), key=lambda j: frames[j].depth, reverse=True):
        f = frames[i]
        if f.parent >= 0:
            frames[f.parent].score += f.score
            frames[f.parent].chars += f.chars
    best = _best_in(frames, range(len(frames)))
    if best < 0:
        return None
    exclude: list[tuple[int, int]] = []
    thread = False
    groups: dict[str, list[int]] = {}
    sub = _subtree(frames, best)
    for i in sub:
        if i != best and frames[i].rec:
            members = groups.setdefault(frames[i].rec, [])
            if not members or frames[i].start >= frames[members[-1]].end:  # not nested in the last one
                members.append(i)

    def mass(a: int, b: int) -> float:
        return sum(x.score for x in blocks[a:b] if x.score > 0)

    recs = [m for m in groups.values() if len(m) >= 2 and any(frames[i].end - frames[i].start >= 2 for i in m)]
    if recs:
        members = max(recs, key=lambda m: (sum(mass(frames[i].start, frames[i].end) for i in m), -m[0]))
        rec_mass = sum(mass(frames[i].start, frames[i].end) for i in members)
        f = frames[best]
        if rec_mass > mass(f.start, f.end) - rec_mass:
            inner = _best_in(frames, _subtree(frames, members[0]))
            if inner >= 0:
                best = inner
                thread = True
        else:
            exclude = [(frames[i].start, frames[i].end) for i in members]
    if not exclude:
        best = _climb(w, best)
    f = frames[best]
    start, end = _trim_islands(w, f.start, f.end, exclude)
    return MainContent(best, start, end, f.score, exclude, thread)


def _clean_line(b: TextBlock, after: bool) -> bool:
    """A short line that belongs with the body next to it: salutation, 附件, signature, date."""
    return (b.chars <= 40 and not b.related and not b.heading and not b.neg
            and (not b.kind or (b.kind == "meta line" and after))  # a date below the text
            and (b.link_chars <= 0.3 * b.chars or bool(_ATTACHMENT.search(b.text))))


def _trim_islands(w: Walk, start: int, end: int, exclude: list[tuple[int, int]]) -> tuple[int, int]:
    """Cut an island of text off the chosen element when chrome separates it from the body.

    A layout row holding a 领导简介 column and the speech column sums higher than the speech
    alone, because the bio is text too. Inside the element, the best contiguous run of blocks
    (maximum subarray, negatives weighted 1.5x) is the body; when it holds less than 90% of the
    element's positive text, the element is narrowed to it, widened again over the clean short
    lines around it. An aside in the middle of an article (延伸阅读) is crossed, not cut: the
    text on both sides outweighs it.
    """
    blocks = w.blocks
    skip = set()
    for a, b in exclude:
        skip.update(range(a, b))
    best_sum, best_a, best_b = 0.0, start, start
    run, run_a = 0.0, start
    pos_total = 0.0
    for i in range(start, end):
        sc = 0.0 if i in skip else blocks[i].score
        if sc > 0:
            pos_total += sc
        run += sc if sc > 0 else 1.5 * sc
        if run <= 0:
            run, run_a = 0.0, i + 1
        elif run > best_sum:
            best_sum, best_a, best_b = run, run_a, i + 1
    if best_b <= best_a or pos_total <= 0:
        return start, end
    pos_window = sum(blocks[i].score for i in range(best_a, best_b) if i not in skip and blocks[i].score > 0)
    if pos_window >= 0.9 * pos_total:
        return start, end
    a, b = best_a, best_b
    while a > start and _clean_line(blocks[a - 1], after=False):
        a -= 1
    while b < end and _clean_line(blocks[b], after=True):
        b += 1
    return a, b


def _climb(w: Walk, best: int, steps: int = 3) -> int:
    """Widen a body to its parent when all the parent adds is short, clean lines.

    A short notice (one sentence, then 附件, the issuing office and the date) loses to its one
    sentence in a max-sum: the short lines around it score slightly negative. Salutations,
    attachment lines, signatures and dates are body; a heading, a date/source line, a link list or
    anything boilerplate-like stops the climb.
    """
    blocks, frames = w.blocks, w.frames
    for _ in range(steps):
        f = frames[best]
        p = f.parent
        if p < 0 or frames[p].tag in ("body", "html"):
            break
        pf = frames[p]
        extra = [i for i in range(pf.start, pf.end) if not (f.start <= i < f.end)]
        if not extra or pf.hint < 0:
            break
        clean = all(_clean_line(blocks[i], after=i >= f.end) for i in extra)
        if not clean:
            break
        best = p
    return best


# grammar: the 附件 that heads a document's own attachment list, or an attached file's name
_ATTACHMENT = re.compile(r"^\s*附\s*件|\.(docx?|xlsx?|pdf|wps|et|ofd|zip|rar|7z|txt|csv)\s*$", re.I)


def keep_block(b: TextBlock) -> str | None:
    """Why a block inside the chosen container is dropped (None: kept)."""
    if b.dropped:
        return b.dropped
    if b.kind:
        return b.kind
    if b.related:
        return "related articles"
    if b.chars and b.link_chars / b.chars > 0.6 and b.punct <= 1 and not _ATTACHMENT.search(b.text):
        return "link list"
    return None
