"""The cleaner's output: a draft plus a full account of what was changed.

Offsets: ``start``/``offset`` fields index ``CleanDocument.text``; ``source_start``/``source_end``
index ``RawDocument.text`` (the decoded source), so any span of the draft can be traced back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Paragraph:
    text: str
    start: int  # offset of the paragraph in CleanDocument.text
    source_start: int | None = None  # span of the line/block in the decoded source
    source_end: int | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Gap:
    """Text the page did not show (a truncation notice, an end-of-preview cut)."""

    offset: int  # where in CleanDocument.text the missing text belongs
    after: str  # the last characters before the gap, for people to find it
    omitted_chars: int | None = None
    reason: str = "truncation notice"
    notice: str | None = None  # the notice as the page wrote it
    total_chars: int | None = None  # when the page states the full length
    shown_chars: int | None = None


@dataclass
class Flag:
    """Something a person must look at: placeholders to fill in, damaged or repaired text."""

    kind: str  # "placeholder" | "encoding_damage" | "encoding_repair" | "conversion"
    text: str  # the text as it stands in the draft
    offset: int | None  # in CleanDocument.text (None when it is not in the draft, e.g. a dropped title)
    detail: str = ""


@dataclass
class Removal:
    """A piece of the source that is not in the draft, and why."""

    text: str
    reason: str
    source_start: int | None = None
    source_end: int | None = None


@dataclass
class CleanDocument:
    source: str
    title: str | None
    text: str  # the draft: title on the first line (when there is one), then one paragraph per line
    paragraphs: list[Paragraph] = field(default_factory=list)
    date: str | None = None  # the document's own date (a speech's or report's meeting date), else the page's
    page_date: str | None = None  # when the page was posted (发布时间), ISO
    issuer: str | None = None
    column: str | None = None
    site: str | None = None  # the site profile that matched, if any
    format: str = "text"
    encoding: str | None = None
    gaps: list[Gap] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)  # e.g. "traditional -> simplified"
    meta: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The paragraphs without the title line."""
        return "\n".join(p.text for p in self.paragraphs)

    def to_dict(self) -> dict:
        d = asdict(self)
        return d
