"""文件: one stored document as the page shows it — its clean text, heading tree and statements.

The text is laid out from the store's offsets: each line of the cleaned text is a paragraph (a
heading's line is shown as a heading, with an anchor the tree links to), each sentence carries an
anchor (``#s-<sentence id>``: where the 台账's 依据原文 points) and each statement is highlighted
where its offsets say (``#st-<key>``). Every piece of stored text is escaped here, once, with
``markupsafe``; nothing of the document is ever written into the page unescaped.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from policydocs.store.trust import TRUST_LABEL

_DOC_COLS = ("id", "doc", "source", "title", "date", "year", "region", "issuer", "site", "format", "encoding",
             "flags", "gaps", "ingested_at", "trust", "trust_reason", "canonical", "page_date")


@dataclass
class Statement:
    id: int
    key: str
    kind: str
    text: str
    indicator: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    comparator: str | None
    deadline: str | None
    period: str | None
    responsible: list[str]
    strength: str | None
    region: str | None
    start: int
    end: int
    sentence_id: int | None


@dataclass
class Section:
    id: int
    level: int
    marker: str | None
    title: str | None
    start: int
    children: list["Section"] = field(default_factory=list)


@dataclass
class Document:
    meta: dict
    text: str
    sections: list[Section]  # the tree's roots
    statements: list[Statement]
    flags: list[dict]
    gaps: list[dict]
    copies: list[str]

    @property
    def trust_label(self) -> str:
        return TRUST_LABEL.get(self.meta.get("trust") or "", self.meta.get("trust") or "")

    def original(self) -> Path | None:
        """The file it was read from, if it is still there (a URL is no file)."""
        source = self.meta.get("source") or ""
        if not source or "://" in source:
            return None
        path = Path(source)
        return path if path.is_file() else None

    def url(self) -> str | None:
        """The page's address, when the source is one (http/https only: a link people may follow)."""
        source = self.meta.get("source") or ""
        return source if source.startswith(("http://", "https://")) else None


def load(conn: sqlite3.Connection, doc: str) -> Document | None:
    row = conn.execute(f"SELECT {', '.join(_DOC_COLS)}, text FROM documents WHERE doc = ?", [doc]).fetchone()
    if row is None:
        return None
    meta = dict(zip(_DOC_COLS, row[:-1]))
    text = row[-1] or ""
    flat = [Section(*r) for r in conn.execute(
        "SELECT id, level, marker, title, start FROM sections WHERE document_id = ? ORDER BY start, id", [meta["id"]])]
    parents = dict(conn.execute("SELECT id, parent FROM sections WHERE document_id = ?", [meta["id"]]).fetchall())
    by_id = {s.id: s for s in flat}
    roots = []
    for s in flat:
        parent = by_id.get(parents.get(s.id))
        (parent.children if parent else roots).append(s)
    statements = [Statement(*r[:11], _list(r[11]), *r[12:]) for r in conn.execute(
        "SELECT id, key, kind, text, indicator, value, value_max, unit, comparator, deadline, period, responsible,"
        " strength, region, start, \"end\", sentence_id FROM statements WHERE document_id = ? ORDER BY start, id",
        [meta["id"]])]
    copies = [d for (d,) in conn.execute(
        "SELECT doc FROM documents WHERE canonical = ? AND doc != ? ORDER BY doc", [meta["doc"], meta["doc"]])]
    return Document(meta, text, roots, statements, _list(meta.get("flags")), _list(meta.get("gaps")), copies)


def _list(text: str | None) -> list:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def sentences(conn: sqlite3.Connection, document_id: str) -> list[tuple[int, int, int]]:
    return conn.execute("SELECT id, start, \"end\" FROM sentences WHERE document_id = ? ORDER BY start",
                        [document_id]).fetchall()


def render_text(doc: Document, spans: list[tuple[int, int, int]], selected: str | None = None) -> Markup:
    """The clean text as HTML paragraphs: headings anchored, sentences anchored, statements marked."""
    text = doc.text
    headings = {}
    stack = list(doc.sections)
    while stack:
        s = stack.pop()
        headings.setdefault(s.start, s)
        stack.extend(s.children)
    marks = []  # (start, end, statement), non-overlapping, in order
    last = -1
    for st in sorted(doc.statements, key=lambda s: (s.start, -s.end)):
        if 0 <= st.start < st.end <= len(text) and st.start >= last:
            marks.append(st)
            last = st.end
    out: list[str] = []
    pos = 0
    line_no = 0
    sent_i = mark_i = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            continue
        line_no += 1
        head = headings.get(start)
        while sent_i < len(spans) and spans[sent_i][2] <= start:
            sent_i += 1
        while mark_i < len(marks) and marks[mark_i].end <= start:
            mark_i += 1
        body = _line_html(text, start, end, spans, sent_i, marks, mark_i, selected)
        if head is not None and len(line.strip()) <= len((head.marker or "") + (head.title or "")) + 3:
            tag = "h3" if head.level <= 1 else "h4" if head.level == 2 else "h5"
            out.append(f'<{tag} class="heading" id="h-{head.id}">{body}</{tag}>')
        elif head is not None:  # a heading that opens its paragraph (一是…。): the paragraph is its place
            out.append(f'<p id="h-{head.id}">{body}</p>')
        elif line_no == 1 and start == 0:
            out.append(f'<p class="doc-title">{body}</p>')
        else:
            out.append(f"<p>{body}</p>")
    return Markup("\n".join(out))


def _line_html(text: str, start: int, end: int, spans, sent_i: int, marks, mark_i: int, selected: str | None) -> str:
    """One line: sentence spans (anchors) around text in which statements are <mark>ed. A mark that
    crosses a sentence's end is closed there and continued in the next sentence (one id, first part)."""
    cuts = {start, end}
    j = sent_i
    while j < len(spans) and spans[j][1] < end:
        cuts.update(x for x in spans[j][1:] if start < x < end)
        j += 1
    k = mark_i
    while k < len(marks) and marks[k].start < end:
        cuts.update(x for x in (marks[k].start, marks[k].end) if start < x < end)
        k += 1
    points = sorted(cuts)
    pieces: list[str] = []
    open_sent = open_mark = None
    shown: set[int] = set()
    for a, b in zip(points, points[1:]):
        while sent_i < len(spans) and spans[sent_i][2] <= a:
            sent_i += 1
        while mark_i < len(marks) and marks[mark_i].end <= a:
            mark_i += 1
        sent = spans[sent_i][0] if sent_i < len(spans) and spans[sent_i][1] <= a else None
        mark = marks[mark_i] if mark_i < len(marks) and marks[mark_i].start <= a else None
        if open_mark is not None and (mark is not open_mark or sent != open_sent):
            pieces.append("</a></mark>")
            open_mark = None
        if sent != open_sent:
            if open_sent is not None:
                pieces.append("</span>")
            if sent is not None:
                pieces.append(f'<span class="sent" id="s-{sent}">')
            open_sent = sent
        if mark is not None and open_mark is None:
            cls = f"st st-{escape(mark.kind)}" + (" selected" if mark.key == selected else "")
            key = escape(mark.key)
            anchor = "" if mark.id in shown else f' id="st-{key}"'
            shown.add(mark.id)
            pieces.append(f'<mark class="{cls}"{anchor}><a href="?st={key}#st-{key}" '
                          f'hx-get="/statement/{key}" hx-target="#panel" hx-swap="innerHTML">')
            open_mark = mark
        pieces.append(str(escape(text[a:b])))
    if open_mark is not None:
        pieces.append("</a></mark>")
    if open_sent is not None:
        pieces.append("</span>")
    return "".join(pieces)
