"""One document through every stage: acquire → clean → segment → extract.

    >>> from policydocs.pipeline import process
    >>> p = process("corpora/seeds/004_4ae4994329b90035.txt")
    >>> p.doc_id, p.doc_year, p.region, len(p.statements) > 0
    ('004_4ae4994329b90035', 2024, '大丰区', True)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.acquire.document import RawDocument
from policydocs.clean.document import CleanDocument
from policydocs.extract.statement import Statement
from policydocs.segment import Segmented


@dataclass
class Processed:
    doc_id: str  # the source file's stem (the spec's ``doc``)
    content_hash: str  # sha256 of the decoded source text: the identity of this version
    source: str
    clean: CleanDocument
    segmented: Segmented = field(repr=False)
    statements: list[Statement]
    doc_date: str | None  # ISO date of the document, when known
    doc_year: int | None  # the year the document speaks from (deadlines like 年内 resolve to it)
    region: str | None  # the jurisdiction the document is about
    # sentences (indexes) that commit without a figure: searchable, no checklist rows (extract.commitments)
    commitments: frozenset = frozenset()


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def process_raw(raw: RawDocument, *, url: str | None = None, doc_id: str | None = None,
                declared: dict | None = None) -> Processed:
    """``declared``: what a sidecar says of the file (acquire.sidecar): its URL, date, year and
    region win over what the text suggests."""
    from policydocs.clean import clean_raw
    from policydocs.extract import extract_statements
    from policydocs.extract.commitments import commitments
    from policydocs.extract.context import document_context
    from policydocs.segment import segment

    declared = declared or {}
    doc = clean_raw(raw, url=url or declared.get("url"))
    if declared.get("date"):
        doc.date = declared["date"]
    seg = segment(doc.text)
    doc_id = doc_id or _stem(raw.source)
    ctx = document_context(doc, seg)
    if declared.get("year") and not declared.get("date"):
        ctx.year = int(declared["year"])
    if declared.get("region"):
        ctx.region = declared["region"]
    # The extractor directly, not through the spaCy pipeline (extract.nlp.run): nothing here keeps
    # its jieba tokens or spans, and cutting the whole text into words cost as much as all the
    # rest of extraction. It gives the same statements: spaCy's tokens and their trailing spaces
    # tile the text, so an "expand" char_span is None only for offsets outside the text.
    n = len(doc.text)
    statements = [st for st in extract_statements(doc.text, seg, doc_id=doc_id, context=ctx)
                  if 0 <= st.start < st.end <= n]
    _flag_impossible_dates(doc, ctx.year)
    return Processed(doc_id, content_hash(raw.text), raw.source, doc, seg, statements,
                     ctx.date, ctx.year, ctx.region, commitments(seg, ctx, statements))


def _flag_impossible_dates(doc, year: int | None) -> None:
    """A date no calendar has (2024年2月30日前) is a flag for the reader; a deadline read from it is
    the month's last day (extract.deadlines)."""
    from policydocs.clean.document import Flag
    from policydocs.extract.deadlines import impossible_dates

    for start, _, phrase in impossible_dates(doc.text, year) if "月" in doc.text else ():
        doc.flags.append(Flag("impossible_date", phrase, start, "日期不存在：时限按该月最后一天计，请核对原文"))


def process(source: str | Path, *, url: str | None = None) -> Processed:
    """Process a file (InputError for a file that cannot be read)."""
    from policydocs.acquire import load
    from policydocs.acquire.sidecar import read_sidecar

    return process_raw(load(source), url=url, declared=read_sidecar(source))


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1].split("?", 1)[0] or "document"
    return name.rsplit(".", 1)[0] if "." in name else name
