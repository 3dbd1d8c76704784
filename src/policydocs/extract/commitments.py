"""Commitments without a figure: the sentences of a plan that commit to work (加快建设…, 要推进…)
but state no target or actual of their own.

They are no checklist rows (nothing to measure, often no deadline), but staff search them when they
look for what was promised: ``policydocs search 医共体 --kind commitment``. A sentence is one when it
is no heading, states no statement, and either stands in a part of the document that plans (a work
report's sections after its review, a plan's task sections: ``extract.genre``) or opens as a
directive (cues.toml ``[mood] directive``: 要…, 加快…, 各县要…) outside a review.

    >>> from policydocs.extract import extract_statements
    >>> from policydocs.extract.context import DocumentContext
    >>> from policydocs.segment import segment
    >>> text = "某县2026年工作要点\\n一、重点任务\\n加快推进县域医共体建设。\\n新建村卫生室12个。\\n"
    >>> seg, context = segment(text), DocumentContext(year=2026, title="某县2026年工作要点")
    >>> statements = extract_statements(text, seg, doc_id="要点", context=context)
    >>> [seg.sentences[i].text for i in commitments(seg, context, statements)]
    ['加快推进县域医共体建设。']
"""

from __future__ import annotations

from policydocs.extract.cues import load_cues
from policydocs.extract.genre import ReportParts, titles

MIN_CHARS = 8  # shorter lines (各位代表：, 同志们) commit to nothing


def commitments(seg, context, statements) -> frozenset[int]:
    """Indexes (into ``seg.sentences``) of the sentences that commit without a figure."""
    parts = ReportParts(context.year, context.title or "")
    headings = titles(seg.sentences)
    stated = {st.sentence_start for st in statements}
    directive = load_cues().directive
    out = set()
    for i, sent in enumerate(seg.sentences):
        part = parts.of(sent)  # (asked of every sentence, in order: the parts follow the review)
        if part == "review" or sent.start in headings or sent.start in stated or sent.heading_level is not None:
            continue
        if len(sent.text) < MIN_CHARS:
            continue
        if part == "plan" or any(cue.rx.search(sent.text) for cue in directive):
            out.add(i)
    return frozenset(out)


__all__ = ["commitments"]
