"""The statement record (see docs/statements.md): one quantified target or reported actual."""

from __future__ import annotations

from dataclasses import dataclass, field

# The exported record, in the spec's order. Export writes exactly these keys.
SPEC_FIELDS = ("doc", "kind", "text", "indicator", "value", "value_max", "unit", "comparator",
               "deadline", "period", "responsible", "strength", "region")


@dataclass
class Statement:
    doc: str  # document id: the source file's stem
    kind: str  # "target" | "actual"
    text: str  # the clause carrying the figure, verbatim from the cleaned text
    start: int  # offsets of ``text`` in the cleaned text
    end: int
    indicator: str = ""
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    comparator: str = "="
    deadline: str | None = None  # ISO date
    period: str | None = None
    responsible: list[str] = field(default_factory=list)
    strength: str | None = None  # firm | aim | expect | plan (targets only)
    region: str | None = None
    # Provenance beyond the spec: where the figure sits and why it was read this way.
    sentence_start: int | None = None
    sentence_end: int | None = None
    section_path: list[str] = field(default_factory=list)
    confidence: float | None = None

    def to_record(self) -> dict:
        """The spec record (numbers as int when whole, as the gold writes them)."""
        record = {name: getattr(self, name) for name in SPEC_FIELDS}
        for key in ("value", "value_max"):
            v = record[key]
            if isinstance(v, float) and v.is_integer():
                record[key] = int(v)
        return record
