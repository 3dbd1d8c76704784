"""Clean: turn a downloaded page or file into a reusable draft, and account for every change.

    >>> import policydocs
    >>> doc = policydocs.clean("corpora/seeds/001_00576c6514847a99.txt")
    >>> doc.title, len(doc.gaps)
    ('在全市卫生健康暨深化综合医改工作会议上的讲话', 2)

The text-level steps run on every format (HTML is first reduced to its main-content blocks), so a
page copied out of a browser and the page itself end up the same.
"""

from __future__ import annotations

from pathlib import Path

from policydocs.acquire.document import RawDocument
from policydocs.clean.assemble import assemble
from policydocs.clean.boilerplate import (
    Draft,
    cut_truncation,
    drop_credits,
    drop_footer,
    drop_header,
    drop_lines,
    drop_related_lists,
    drop_spam,
)
from policydocs.clean.document import CleanDocument, Gap, Flag, Paragraph, Removal
from policydocs.clean.head import read_head, starts_with_report_head
from policydocs.clean.html_meta import iso_date, norm
from policydocs.clean.lines import Line, join_inline_breaks, split_lines
from policydocs.clean.portal import drop_control_runs, drop_info_lines, drop_navigation, drop_repeated_opening
from policydocs.clean.profiles import rules_for
from policydocs.clean.repair import drop_controls, repair_lines
from policydocs.clean.title import find_title, join_broken_lines

__all__ = ["clean", "clean_raw", "CleanDocument", "Gap", "Flag", "Paragraph", "Removal"]


def clean(
    source: str | Path,
    *,
    url: str | None = None,
    traditional: str = "auto",
    full_width: bool = False,
    site: str | None = None,
) -> CleanDocument:
    """Clean a file (path) or a text already copied out of a page (a string that is not a path).

    ``traditional``: "auto" converts traditional script to simplified when the page is a converted
    mainland text; "convert" always; "keep" never. ``full_width``: normalise ASCII punctuation
    between Chinese characters to full width. ``site``: force a site profile by name.
    """
    raw = _as_raw(source)
    return clean_raw(raw, url=url, traditional=traditional, full_width=full_width, site=site)


def _as_raw(source: str | Path) -> RawDocument:
    if isinstance(source, Path) or (
        isinstance(source, str) and "\n" not in source and len(source) < 1024 and Path(source).is_file()
    ):
        from policydocs.acquire import load

        return load(source)
    return RawDocument(source="<text>", format="text", text=str(source))


def clean_raw(
    raw: RawDocument,
    *,
    url: str | None = None,
    traditional: str = "auto",
    full_width: bool = False,
    site: str | None = None,
) -> CleanDocument:
    meta: dict = {}
    removed: list[Removal] = []
    if raw.format == "html":
        from policydocs.clean.html import extract_html

        extraction = extract_html(raw.text, url=url, source=raw.source)
        lines = [Line(b.text, b.source_start, b.source_end) for b in extraction.blocks]
        for key in ("title", "date", "issuer", "author", "column", "site_name"):
            value = getattr(extraction, key)
            if value:
                meta[key] = drop_controls(value)[0]
        meta["html_method"] = extraction.method
        removed.extend(extraction.removed)
        if extraction.profile and not site:
            site = extraction.profile
    else:
        lines = join_inline_breaks(split_lines(raw.text), raw.text)
    lines, repairs, conversions = repair_lines(lines, traditional=traditional)
    rules = rules_for(raw.text[:200_000], url=url, site=site if site and raw.format != "html" else None)
    draft = Draft(lines, removed=removed, meta=dict(meta))
    drop_spam(draft)
    cut_truncation(draft, rules)
    drop_navigation(draft)
    drop_control_runs(draft)  # before the line rules: a control bar is told by its whole run
    for step in (drop_header, drop_footer, drop_related_lists, drop_lines):
        step(draft, rules)
    drop_repeated_opening(draft, meta.get("title"))  # (before the zones of the info lines are told)
    drop_info_lines(draft)
    title, title_notes = find_title(draft, rules, known=meta.get("title"))
    if meta.get("title"):  # (the page's title, from its metadata)
        title = _own_title(draft, title)
    drop_credits(draft, rules)
    head = read_head(draft, title)
    join_broken_lines(draft, _tokenize)
    doc = assemble(draft, title, repairs, full_width=full_width)
    doc.source = raw.source
    doc.format = raw.format
    doc.encoding = raw.encoding
    doc.conversions = conversions
    doc.site = ",".join(p.name for p in rules.profiles) or None
    # The document's own date (a report's meeting date) before the page's posting time; both kept.
    doc.page_date = iso_date(draft.meta.get("date")) or iso_date(draft.meta.get("posted"))
    doc.date = head.date or draft.meta.get("date")
    doc.issuer = draft.meta.get("issuer") or draft.meta.get("source") or draft.meta.get("publisher")
    doc.column = draft.meta.get("column")
    doc.meta = {k: v for k, v in draft.meta.items() if k not in ("title", "date", "issuer", "column")}
    if head.speaker:
        doc.meta["speaker"] = head.speaker
    if raw.meta:
        doc.meta["container"] = dict(raw.meta)
    if raw.warnings:
        doc.meta["warnings"] = list(raw.warnings)
    for note in title_notes:
        doc.flags.append(Flag("title", title or "", 0 if title else None, note))
    return doc


def _own_title(draft: Draft, title: str | None) -> str | None:
    """The document's own title line when the page's title is another text: a saved page whose
    body opens with a title and its subtitle (——2026年1月27日在…会议上) that the page's title does
    not hold. The page's title is kept as ``page_title``."""
    if not title or not starts_with_report_head(draft):
        return title
    own = draft.lines[0]
    if norm(own.text) in norm(title):
        return title
    draft.meta["page_title"] = title
    draft.drop(own, "title line (the document's own)")
    draft.lines = draft.lines[1:]
    return own.text


def _tokenize(text: str) -> list[str]:
    from policydocs.knowledge.lexicon import tokenizer

    return tokenizer().lcut(text, HMM=False)
