"""Where each block of an extraction came from in the markup, and what was left out.

``locate`` finds a block's span by searching its first and last runs of letters/digits/ideographs
in the markup, moving forward through the page in document order (a cursor), chaining over the
runs in between (tags may separate them, e.g. table cells). Work is bounded by a budget of
characters scanned, so a 20 MB page costs linear time; a span is ``None`` when not found (text
written with character entities, for instance).
"""

from __future__ import annotations

import re

from policydocs.clean import density
from policydocs.clean.document import Removal
from policydocs.clean.html_meta import norm
from policydocs.clean.html_walk import Walk


_CJK = re.compile(r"[\u3400-\u9fff]")
_ANCHOR = re.compile(r"[0-9A-Za-z\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def locate(markup: str, text: str, cursor: int, budget: list[int]) -> tuple[int | None, int | None]:
    """Span of ``text`` in ``markup`` at or after ``cursor``.

    Anchors on a run of letters/digits/ideographs near the start and a distinctive one near the
    end, then chains over the remaining runs (tags may sit between them, e.g. table cells) and
    the punctuation around them when the markup has it verbatim. ``budget`` bounds the characters
    scanned over a whole page, so a page costs linear time whatever happens."""
    runs = list(_ANCHOR.finditer(text))
    if not runs or budget[0] <= 0:
        return None, None
    k0 = next((k for k, r in enumerate(runs) if len(r.group()) >= 2), 0)
    r0 = runs[k0]
    first = r0.group()[:8]
    limit = min(len(markup), cursor + 2_000_000)
    i = markup.find(first, cursor, limit)
    if i < 0:
        budget[0] -= limit - cursor
        return None, None
    budget[0] -= i - cursor
    for r in reversed(runs[:k0]):  # short runs before the anchor ("1" of a table row)
        k = markup.rfind(r.group(), max(cursor, i - 8 * len(r.group()) - 40), i)
        if k < 0:
            break
        i = k
    lead = text[:runs[0].start()]  # （一） “ before the first run, when verbatim in the markup
    if lead and markup.startswith(lead, i - len(lead)):
        i -= len(lead)
    # the end anchor: the longest of the last runs ("亿元" or "docx" alone recur too easily)
    k1 = max(range(max(k0, len(runs) - 3), len(runs)), key=lambda k: (len(runs[k].group()), k))
    r1 = runs[k1]
    last = r1.group()[-8:]
    from_ = i if k1 == k0 else i + len(first)
    span_limit = min(len(markup), i + 8 * len(text) + 4000)
    j = markup.find(last, min(from_, span_limit), span_limit)
    if j < 0 and k1 != len(runs) - 1:  # "刘洋审核" joined from <span>刘洋</span><span>审核：…
        k1, r1 = len(runs) - 1, runs[-1]
        last = r1.group()[-8:]
        j = markup.find(last, min(from_, span_limit), span_limit)
    if j < 0:
        return i, None
    e = j + len(last)
    for r in runs[k1 + 1:]:  # chain over what follows the end anchor
        k = markup.find(r.group(), e, min(len(markup), e + 8 * len(r.group()) + 300))
        if k < 0:
            break
        e = k + len(r.group())
    tail = text[runs[-1].end():]
    if tail and markup.startswith(tail, e):
        e += len(tail)
    return i, e


def removals_and_offsets(res, markup: str, w: Walk, start: int, end: int,
                          keep: set[int]) -> None:
    body_at = re.search(r"<body[\s>]", markup[:2_000_000], re.I)
    cursor = body_at.start() if body_at else 0
    budget = [max(4 * len(markup), 1_000_000)]
    removed: list[Removal] = list(res.removed)
    res.removed = removed
    if w.blocks and keep:  # blocks chosen from the walk: account for every other block too
        kept_iter = iter(res.blocks)
        title_norm = norm(res.title) if res.title else None
        run: list[tuple[str, int | None, int | None]] = []
        run_reason = None

        def close():
            nonlocal run, run_reason
            if run:
                removed.append(Removal("\n".join(t for t, _, _ in run), run_reason,
                                       run[0][1], run[-1][2] if run[-1][2] is not None else run[-1][1]))
            run, run_reason = [], None

        kept_texts = {b.text for b in res.blocks}
        for i, b in enumerate(w.blocks):
            s, e = locate(markup, b.text, cursor, budget)
            if e is not None:
                cursor = e
            if i in keep and b.text in kept_texts:
                close()
                for kb in kept_iter:
                    if kb.text == b.text:
                        kb.source_start, kb.source_end = s, e
                        break
                continue
            if i in keep:  # kept but removed afterwards (title repeated in the body)
                for r in removed:
                    if r.reason.startswith("title") and r.source_start is None:
                        r.source_start, r.source_end = s, e
                continue
            if start <= i < end:
                reason = f"boilerplate: {density.keep_block(b) or 'inside main content'}"
            elif title_norm and norm(b.text) == title_norm:
                reason = "title (kept as metadata)"
            else:
                reason = "outside main content"
            if reason != run_reason:
                close()
                run_reason = reason
            run.append((b.text, s, e))
        close()
    else:  # a library's text: only its own spans
        for b in res.blocks:
            s, e = locate(markup, b.text, cursor, budget)
            b.source_start, b.source_end = s, e
            if e is not None:
                cursor = e
