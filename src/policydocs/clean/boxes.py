"""What a page's markup says about its boxes, applied to the body the text-density finder chose.

``density.find_main`` reads the text only; pages also name their boxes (class, id, itemprop, role).
In trafilatura's order of trust (a box named as the article first, boxes named as boilerplate
pruned, the text itself as the judge), ``refine`` adjusts the density body in three steps:

1. **widen**: when the body lies inside a box named as the whole text of an article, post or
   encyclopedia entry (``article_box_name`` of ``extractors/vocabulary/markup.toml``:
   article-content, entry-content, itemprop=articleBody, mw-parser-output), the body is that box.
   The densest subtree holds only part of such a text: an entry's prose sits between infoboxes,
   tables of works and reference lists; a report's tables sit between its paragraphs.
2. **siblings**: paragraphs of running text printed just above or below the body inside the same
   parent are part of it: a news lead 导语 or summary 摘要 above the body's box, the paragraphs of
   an old forum post or page that sit loose next to the densest one (``<p>`` without a box). Not
   after the opening post of a thread: the replies follow it.
3. **prune**: boxes inside the body named as boilerplate (``boilerplate_box_name``: copyright
   notices, share bars, ads, related lists, comments) are left out, whatever text they hold,
   unless that would leave out half of the body's running text (then the names are wrong).
"""

from __future__ import annotations

from policydocs.clean.density import MainContent, Walk
from policydocs.knowledge.vocabulary import pattern

__all__ = ["refine"]

_ARTICLE_NAME = pattern(r"{article_box_name}")
_BOILERPLATE_NAME = pattern(r"{boilerplate_box_name}")
_PAGE_LEVEL = frozenset(("body", "html"))
PARAGRAPH_MIN_CHARS = 40  # a paragraph, not a caption or a label
PRUNE_MAX_SHARE = 0.5  # names that would prune this much of the body's running text are wrong


def refine(w: Walk, main: MainContent | None) -> MainContent | None:
    if main is None:
        return None
    if not main.thread:  # the opening post of a thread stays one post
        _widen(w, main)
    _take_siblings(w, main)
    _prune(w, main)
    return main


def _widen(w: Walk, main: MainContent) -> None:
    frames = w.frames
    fi = main.frame
    while fi >= 0 and frames[fi].tag not in _PAGE_LEVEL:
        f = frames[fi]
        if f.names and _ARTICLE_NAME.search(f.names):
            if fi != main.frame or (main.start, main.end) != (f.start, f.end):
                main.frame, main.start, main.end = fi, f.start, f.end
            return
        fi = f.parent


def _is_paragraph(b) -> bool:
    return (not b.kind and not b.related and not b.heading and not b.dropped and not b.neg
            and b.chars >= PARAGRAPH_MIN_CHARS and b.punct >= 2 and b.link_chars * 10 <= b.chars)


def _take_siblings(w: Walk, main: MainContent) -> None:
    parent = w.frames[main.frame].parent
    if parent < 0:
        return
    lo, hi = w.frames[parent].start, w.frames[parent].end
    i = main.start - 1
    while i >= lo and _is_paragraph(w.blocks[i]):
        i -= 1
    main.start = i + 1
    if main.thread:  # after the opening post come the replies
        return
    k = main.end
    while k < hi and _is_paragraph(w.blocks[k]):
        k += 1
    main.end = k


def _prune(w: Walk, main: MainContent) -> None:
    frames, blocks = w.frames, w.blocks
    top = frames[main.frame]
    ranges: list[tuple[int, int]] = []
    fi = main.frame + 1  # frames are in pre-order: the subtree of the body follows its frame
    while fi < len(frames) and frames[fi].depth > top.depth:
        f = frames[fi]
        if f.names and f.end > f.start and _BOILERPLATE_NAME.search(f.names):
            ranges.append((f.start, f.end))
            k = fi + 1  # its own subtree is inside the range: skip it
            while k < len(frames) and frames[k].depth > f.depth:
                k += 1
            fi = k
            continue
        fi += 1
    if not ranges:
        return
    skip = set()
    for a, b in main.exclude:
        skip.update(range(a, b))
    pruned = set()
    for a, b in ranges:
        pruned.update(i for i in range(a, b) if i not in skip)
    # running text measured in characters: the scores already count a chrome-named box down
    total = sum(blocks[i].chars for i in range(main.start, main.end) if i not in skip and blocks[i].score > 0)
    lost = sum(blocks[i].chars for i in pruned if blocks[i].score > 0)
    if total > 0 and lost > PRUNE_MAX_SHARE * total:
        return
    main.exclude = list(main.exclude) + ranges
