"""What linking hands to reports: one row per target with its best actual and its status.

``policydocs.link.linked_targets(db, as_of=..., ...)`` returns these; the checklist (台账) and
``export links`` render them and nothing else, so every output agrees on links and status.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Status labels, as people read them in the checklist (see docs/linking.md); renderers use these names.
# grammar: output label (the statuses of our own checklist)
MET, NOT_MET, IN_PROGRESS, OVERDUE_UNREPORTED, NOT_DUE = "已完成", "未完成", "进展中", "逾期未报", "未到期"
STATUSES = (MET, NOT_MET, IN_PROGRESS, OVERDUE_UNREPORTED, NOT_DUE)


@dataclass
class StatementRef:
    """A stored statement with where it came from (enough for a checklist cell and its 出处)."""

    id: int  # statements.id (changes on re-ingest)
    key: str  # statements.key (stable: reviews refer to it)
    record: dict  # the spec record (docs/statements.md), exactly as exported
    start: int  # offsets of record["text"] in the document's cleaned text
    end: int
    sentence: str | None  # the whole sentence around the clause (依据原文)
    section_path: list[str] = field(default_factory=list)
    doc_title: str | None = None
    doc_date: str | None = None  # ISO date of the document
    doc_year: int | None = None
    doc_region: str | None = None
    source: str | None = None  # the file or URL it was read from
    trust: str = "unknown"  # official | news | unknown | template


@dataclass
class LinkedTarget:
    target: StatementRef
    actual: StatementRef | None  # the best (or reviewed) actual, None when nothing was found
    status: str  # one of STATUSES
    share: float | None = None  # achieved share of the target (完成率), 0..; None when not computable
    score: float | None = None  # link score 0..1 (None for a hand-set link or no link)
    reasons: list[str] = field(default_factory=list)  # why linked / why this status, short phrases
    review: str | None = None  # confirmed | rejected | set | none (by a person: see link.review) | None
    direction: str | None = None  # up (more is better) | down (less is better), from extractors/
