"""A processed document as the store's rows (:class:`~policydocs.store.rows.DocRows`), built in the
worker that processed it: the store takes rows, it knows nothing of the stages that made them."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict

from policydocs.pipeline import Processed
from policydocs.store import fts, nearcopies
from policydocs.store.rows import DocRows, dumps, dumps_strings, tag_year
from policydocs.store.trust import assess


def deadline_year(deadline: str | None) -> int | None:
    return int(deadline[:4]) if deadline and deadline[:4].isdigit() else None


def statement_keys(statements) -> list[str]:
    """A key per statement that survives re-ingest and re-cleaning: doc, kind, clause, figure.

    Offsets are left out on purpose (a cleaner change moves them); identical clauses in one
    document are told apart by their order.
    """
    seen: dict[str, int] = {}
    keys = []
    for st in statements:
        base = f"{st.doc}|{st.kind}|{st.text}|{st.value}|{st.value_max}|{st.unit}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        keys.append(hashlib.sha1(f"{base}|{n}".encode("utf-8")).hexdigest()[:16])
    return keys


def _page_date(clean, date: str | None) -> str | None:
    """When the page was posted, if that is not the document's own date."""
    page = clean.page_date or clean.date
    return page if page and page != date else None


def build_rows(p: Processed) -> DocRows:
    clean, seg = p.clean, p.segmented
    date = p.doc_date or clean.date
    document = {
        "doc": p.doc_id, "source": p.source, "title": clean.title, "date": date, "year": p.doc_year,
        "region": p.region, "issuer": clean.issuer, "site": clean.site, "format": clean.format,
        "encoding": clean.encoding, "text": clean.text,
        "flags": dumps([asdict(f) for f in clean.flags]), "gaps": dumps([asdict(g) for g in clean.gaps]),
        "page_date": _page_date(clean, date),
    }
    trust = assess(clean, p.source)
    document.update(trust=trust.label, trust_rank=trust.rank, trust_reason=trust.reason)
    rows = DocRows(p.doc_id, p.content_hash, p.source, document)
    rows.sections = [(i, s.level, s.marker, s.title, s.start, s.end, s.parent) for i, s in enumerate(seg.sections)]
    paths: dict[tuple, str] = {}  # the sentences of a section share its path: encode it once

    def path(section_path: list[str]) -> str:
        key = tuple(section_path)
        if key not in paths:
            paths[key] = dumps_strings(section_path)
        return paths[key]

    rows.sentences = _sentence_rows(seg.sentences, path, p.commitments)
    starts = [s.start for s in seg.sentences]
    by_start = {s.start: i for i, s in enumerate(seg.sentences)}
    kinds: dict[int, set[str]] = {}
    regions: dict[int, set[str]] = {}
    for key, st in zip(statement_keys(p.statements), p.statements):
        idx = by_start.get(st.sentence_start) if st.sentence_start is not None else None
        if idx is None:
            k = bisect.bisect_right(starts, st.start) - 1
            idx = k if k >= 0 and seg.sentences[k].end > st.start else None
        if idx is not None:
            kinds.setdefault(idx, set()).add(st.kind)
            if st.region:
                regions.setdefault(idx, set()).add(st.region)
        rows.statements.append((
            idx, key, st.doc, st.kind, st.text, st.indicator, st.value, st.value_max, st.unit, st.comparator,
            st.deadline, st.period, dumps_strings(st.responsible), st.strength, st.region,
            st.start, st.end, path(st.section_path), st.confidence, deadline_year(st.deadline),
        ))
    year = tag_year(date, p.doc_year)
    doc_regions = {p.region} if p.region else set()
    plain = fts.tags((), doc_regions, year, date)  # the tags of a sentence without statements (most)
    tag_strings: dict[tuple, str] = {}

    for i in p.commitments:  # a sentence that commits without a figure: found by --kind commitment
        kinds.setdefault(i, {"commitment"})

    def tags(i: int) -> str:
        if i not in kinds:
            return plain
        k, r = kinds[i], doc_regions | regions.get(i, set())
        key = (frozenset(k), frozenset(r))
        if key not in tag_strings:
            tag_strings[key] = fts.tags(k, r, year, date)
        return tag_strings[key]

    # (grams are letters, digits and spaces: a line break never occurs in them)
    rows.grams = "\n".join(fts.grams_of([s.text for s in seg.sentences]))
    rows.tags = [tags(i) for i in range(len(seg.sentences))]
    rows.fingerprint = nearcopies.fingerprint_row(clean.text)  # (here, in the worker: grouping only reads it)
    return rows


def _sentence_rows(sentences, path, commitments=frozenset()) -> list[tuple]:
    """SENTENCE_ROW of each sentence; a sentence in the same section as the one before it (most)
    takes that one's encoded path without looking it up."""
    out = []
    last, encoded = None, ""
    for i, s in enumerate(sentences):
        if s.section_path != last:
            last, encoded = s.section_path, path(s.section_path)
        out.append((i, s.section, s.start, s.end, encoded, 1 if i in commitments else 0))
    return out
