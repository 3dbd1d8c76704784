"""A processed document as plain rows, ready to write (built in the worker processes by
:func:`policydocs.batch.rows.build_rows`).

Everything here is tuples of str/int/float so that it pickles cheaply from a worker to the writer;
ids are indexes within the document, which the writer turns into table ids. What the writer can
derive cheaply does not cross: a sentence's text is a slice of the document's text, and the search
index's grams travel as one string (``--jobs 2`` on the bench: 28.2 → 24.0 MB of pickles, the
dedup fingerprints now included, and pickling plus unpickling 0.26 → 0.14 s of CPU).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

SENTENCE_ROW = ("idx", "section_idx", "start", "end", "section_path", "commitment")  # text: document["text"][start:end]
SECTION_ROW = ("idx", "level", "marker", "title", "start", "end", "parent_idx")
STATEMENT_FIELDS = ("key", "doc", "kind", "text", "indicator", "value", "value_max", "unit", "comparator",
                    "deadline", "period", "responsible", "strength", "region",
                    "start", "end", "section_path", "confidence", "deadline_year")


@dataclass
class DocRows:
    doc: str  # the document id (the source file's stem)
    hash: str  # content hash: documents.id
    source: str
    document: dict  # documents columns except id and ingested_at
    sections: list[tuple] = field(default_factory=list)  # SECTION_ROW
    sentences: list[tuple] = field(default_factory=list)  # SENTENCE_ROW
    statements: list[tuple] = field(default_factory=list)  # (sentence_idx, *STATEMENT_FIELDS)
    grams: str = ""  # the search index's grams of each sentence (fts.grams), a line each
    tags: list[str] = field(default_factory=list)  # the search index's tags of each sentence (fts.tags)
    fingerprint: tuple | None = None  # (version, chars, shingles): its row of ``fingerprints`` (store.dedup)

    def fts(self, first: int = 0) -> list[tuple[int, str, str]]:
        """(sentence id, grams, tags) of each sentence, the first sentence's id being ``first`` (the
        writer's table id; else its index): the search index's rows."""
        if not self.tags:
            return []
        return list(zip(range(first, first + len(self.tags)), self.grams.split("\n"), self.tags))


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # json.dumps builds one per call when given options
_encode_str = json.encoder.encode_basestring  # (what that encoder writes a str with: C, without ASCII escapes)


def dumps(value) -> str:
    return _ENCODER.encode(value)


def dumps_strings(items) -> str:
    """``dumps(list(items))`` for a list of strings (section paths, responsible units), without
    the encoder's per-call set-up, which costs more than writing a short list."""
    try:
        return "[" + ", ".join(map(_encode_str, items)) + "]"
    except TypeError:  # an item that is not a str
        return dumps(list(items))


def tag_year(date: str | None, year: int | None) -> int | None:
    """The year a document is filed under for date filters: its date's, else the year it speaks from."""
    if date and date[:4].isdigit():
        return int(date[:4])
    return year
