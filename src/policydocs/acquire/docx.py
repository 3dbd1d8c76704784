"""Word .docx → body text as Word shows it: one line per paragraph, table rows as tab-separated lines.

What Word puts on the page and python-docx's ``paragraph.text`` leaves out is read too:

- automatic numbering (一、 （一） 1. from numbering.xml, :mod:`.docx_numbering`), written before
  the paragraph's text, so that the heading tree survives;
- tracked changes as Word shows them by default (insertions kept, deletions gone), content
  controls, fields' results, smart tags; hidden text and a control's placeholder prompt are not shown;
- text boxes (``w:txbxContent``, once: Word stores each box twice, as a drawing and as a VML
  fallback), after the paragraph they are anchored in;
- footnotes right after the paragraph that cites them, opened by their number (``[1] …``, or ①
  in a circled format): a reader looks down to the note at the reference, and the note stays in
  the section it explains (at the end it would fall under the last heading, the signature or an
  annex). The reference mark itself is left out of the sentence: it sits where an indicator's
  name ends and would become part of it (常住人口[1]) or, glued, of its figure (常住人口1541.2万人
  for 541.2万人). Notes cited in a table come after the table, so that its rows stay together for
  the task-table reader;
- endnotes at the end, where Word prints them, opened by their number (i, ii as Word numbers them).

Headers and footers (page furniture) and comments are not read.
"""

from __future__ import annotations

import io
from datetime import datetime

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from policydocs.acquire.docx_numbering import W, Numbering, find_path, number_text
from policydocs.acquire.document import RawDocument
from policydocs.errors import InputError

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH_TEXT = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
# Inside these nothing is shown: deleted or moved-away text, field codes and their data, properties,
# comment marks, note separators, and a phonetic guide's reading (拼音指南 pinyin over the characters).
_NOT_SHOWN = {W + name for name in ("del", "moveFrom", "instrText", "delText", "delInstrText", "pPr", "rPr",
                                    "sdtPr", "sdtEndPr", "commentReference", "annotationRef", "fldData",
                                    "separator", "continuationSeparator", "rt")}
_SIMPLE = {W + "t": None, W + "tab": "\t", W + "ptab": "\t", W + "br": "\n", W + "cr": "\n",
           W + "noBreakHyphen": "-", W + "softHyphen": "", _MATH_TEXT: None}
# Containers of blocks (paragraphs, tables) that are read through: content controls, custom XML.
_BLOCK_WRAPPERS = {W + "sdt", W + "customXml"}


def load_docx(data: bytes, source: str) -> RawDocument:
    try:
        document = docx.Document(io.BytesIO(data))
        reader = _Reader(document)
        blocks = list(reader.document_blocks())
    except InputError:
        raise
    except Exception as err:  # zipfile, lxml and python-docx each raise their own kinds on broken files
        raise InputError(source, f"corrupt or not a Word .docx file ({type(err).__name__}: {err})") from None
    lines: list[str] = []
    anchors: list[tuple[int, str]] = []
    offset = 0
    for locator, block_lines in blocks:
        anchors.append((offset, locator))
        for line in block_lines:
            lines.append(line)
            offset += len(line) + 1
    if not lines:
        raise InputError(source, "empty document: no text in the body of the .docx")
    return RawDocument(source=source, format="docx", text="\n".join(lines),
                       meta=_core_properties(document), anchors=anchors)


def _part_element(document, reltype: str):
    """The root element of a part the document relates to (None when it has none)."""
    try:
        part = document.part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(part, "element", None)
    return element if element is not None else parse_xml(part.blob)  # (python-docx's parser: no entities)


class _Reader:
    def __init__(self, document):
        self.body = document.element.body
        self.numbering = Numbering(_part_element(document, RT.NUMBERING), _part_element(document, RT.STYLES))
        self.notes = {kind: _notes(_part_element(document, reltype), kind)
                      for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES))}
        self.note_formats = _note_formats(_part_element(document, RT.SETTINGS), self.body)
        self.note_counts = {"footnote": 0, "endnote": 0}
        self.endnotes: list[tuple[str, list[str]]] = []
        self.paragraphs = self.tables = self.text_boxes = 0
        self._mark = ""  # the number of the note being read, for its own w:footnoteRef

    def document_blocks(self):
        yield from self._blocks(self.body, None)
        yield from self.endnotes

    # --- blocks -------------------------------------------------------------------------------

    def _blocks(self, container, locator: str | None):
        """(locator, lines) of each paragraph and table row under ``container``, in reading order,
        each followed by what it carries (notes, text boxes). ``locator`` names them all (a text
        box, a note); None for the body, whose paragraphs and tables are numbered."""
        for child in _block_children(container):
            side: list[tuple[str, list[str]]] = []
            if child.tag == W + "p":
                lines = self._paragraph_lines(child, side)
                if lines:
                    if locator is None:
                        self.paragraphs += 1
                    yield locator or f"paragraph {self.paragraphs}", lines
            elif child.tag == W + "tbl":
                if locator is None:
                    self.tables += 1
                for row_number, line in self._table_rows(child, side):
                    yield locator or f"table {self.tables} row {row_number}", [line]
            yield from side

    def _paragraph_lines(self, p, side: list) -> list[str]:
        ppr = p.find(W + "pPr")
        mark = ppr.find(W + "rPr") if ppr is not None else None
        # A paragraph whose mark is deleted (a tracked deletion) or hidden is not shown when all
        # its text is gone too, and then takes no number.
        gone = mark is not None and (mark.find(W + "del") is not None or _hidden_mark(mark))
        label = None if gone else self.numbering.label(ppr)
        notes: list = []
        boxes: list = []
        text = "".join(self._inline(p, notes, boxes))
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if gone and lines:
            label = self.numbering.label(ppr)
        if label:  # Word shows the number of an empty paragraph too (the 序号 cells of a task table)
            number, suffix = label
            lines[:1] = [number + _separator(number, lines[0], suffix) + lines[0] if lines else number]
        side.extend(notes)
        side.extend(boxes)
        return lines

    def _table_rows(self, tbl, side: list):
        """(row number, tab-separated cells) of each row; a merged cell is one cell, and a cell
        merged down from the row above repeats its text (the unit of every task it spans)."""
        above: dict[int, str] = {}  # grid column → text of the cell a vertical merge continues
        for row_number, tr in enumerate(_children(tbl, W + "tr"), 1):
            column = _int_val(find_path(tr, "trPr", "gridBefore"), 0)
            cells = []
            for tc in _children(tr, W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = _int_val(tcpr.find(W + "gridSpan") if tcpr is not None else None, 1)
                merge = tcpr.find(W + "vMerge") if tcpr is not None else None
                if merge is not None and merge.get(W + "val", "continue") == "continue":
                    text = above.get(column, "")
                    self._cell_text(tc, [])  # counted (numbering), not shown twice
                else:
                    text = self._cell_text(tc, side)
                above[column] = text
                cells.append(text)
                column += span
            line = "\t".join(cells).rstrip()  # (a leading empty cell stays: it keeps the columns in place)
            if line.strip():
                yield row_number, line

    def _cell_text(self, tc, side: list) -> str:
        parts = []
        for child in _block_children(tc):
            if child.tag == W + "p":
                parts.extend(self._paragraph_lines(child, side))
            elif child.tag == W + "tbl":  # a table inside a cell: flatten its rows
                parts.extend(line for _, line in self._table_rows(child, side))
        return " ".join(parts).replace("\t", " ")

    # --- runs ---------------------------------------------------------------------------------

    def _inline(self, element, notes: list, boxes: list, children=None):
        """The text Word shows for a paragraph's content (or for ``children`` of ``element``), in
        order; notes and text boxes found on the way go to ``notes`` and ``boxes``."""
        for child in element.iterchildren() if children is None else children:
            tag = child.tag
            if not isinstance(tag, str) or tag in _NOT_SHOWN:
                continue
            if tag in _SIMPLE:
                if _SIMPLE[tag] is None:
                    yield child.text or ""
                elif tag != W + "tab" or element.tag == W + "r":  # w:tab in w:pPr/w:tabs is a tab stop
                    yield _SIMPLE[tag]
            elif tag == W + "r":
                if not _hidden(child):
                    yield from self._run(child, notes, boxes)
            elif tag == W + "sym":
                yield _symbol(child)
            elif tag in (W + "footnoteRef", W + "endnoteRef"):
                yield self._mark
            elif tag == W + "txbxContent":
                self.text_boxes += 1
                boxes.extend(self._blocks(child, f"text box {self.text_boxes}"))
            elif tag == _MC + "AlternateContent":  # one of its renderings: the first choice
                choice = child.find(_MC + "Choice")
                yield from self._inline(choice if choice is not None else child, notes, boxes)
            elif tag == W + "sdt" and find_path(child, "sdtPr", "showingPlcHdr") is not None:
                continue  # a content control still showing its prompt (单击此处输入文字): not the author's text
            else:  # runs' containers (w:ins, w:hyperlink, w:sdtContent, w:fldSimple, drawings, math)
                yield from self._inline(child, notes, boxes)

    def _run(self, run, notes: list, boxes: list):
        """A run's text; a note reference in it is read as its note, which goes to ``notes``."""
        children = list(run.iterchildren())
        for k, child in enumerate(children):
            if child.tag in (W + "footnoteReference", W + "endnoteReference"):
                custom = child.get(W + "customMarkFollows") in ("1", "true", "on")
                # an author's own mark (*, ※) is the text that follows the reference in its run
                mark = "".join(c.text or "" for c in children[k + 1:] if c.tag == W + "t") if custom else None
                self._note(child, notes, mark)
                if custom:
                    return
            else:
                yield from self._inline(run, notes, boxes, [child])

    def _note(self, ref, notes: list, mark: str | None) -> None:
        """Read the note ``ref`` cites, numbered as Word numbers it (or with the author's ``mark``)."""
        kind = "footnote" if ref.tag == W + "footnoteReference" else "endnote"
        if mark is None:
            self.note_counts[kind] += 1
            fmt, start = self.note_formats[kind]
            mark = _note_mark(number_text(self.note_counts[kind] + start - 1, fmt), fmt)
        note = self.notes[kind].get(ref.get(W + "id"))
        if note is None:
            return
        outer, self._mark = self._mark, mark
        lines = [line for _, block in self._blocks(note, kind) for line in block]
        self._mark = outer
        if lines:
            entry = (f"{kind} {mark.strip('[]') or self.note_counts[kind]}", lines)
            (notes if kind == "footnote" else self.endnotes).append(entry)


def _children(element, tag: str):
    """Children with ``tag``, looking through content controls and custom XML wrapped around them."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_WRAPPERS or child.tag == W + "sdtContent":
            yield from _children(child if child.tag != W + "sdt" else _sdt_content(child), tag)


def _block_children(container):
    for child in container.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            content = _sdt_content(child) if child.tag == W + "sdt" else child
            if content is not None and find_path(child, "sdtPr", "showingPlcHdr") is None:
                yield from _block_children(content)


def _sdt_content(sdt):
    content = sdt.find(W + "sdtContent")
    return content if content is not None else sdt.makeelement(W + "sdtContent")


def _hidden(run) -> bool:
    return _hidden_mark(run.find(W + "rPr"))


def _hidden_mark(rpr) -> bool:
    vanish = rpr.find(W + "vanish") if rpr is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def _symbol(sym) -> str:
    """A w:sym character, unless it is a symbol font's private code (Wingdings ✓ as U+F0FC)."""
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= code <= 0xF8FF else chr(code)


def _int_val(element, default: int) -> int:
    try:
        return int(element.get(W + "val")) if element is not None else default
    except (TypeError, ValueError):
        return default


def _separator(number: str, text: str, suffix: str) -> str:
    """What Word's tab or space after a number becomes: nothing in Chinese (一、总体要求, 1.加快),
    a space where the two would otherwise read as one (1. 2024年, not 1.2024年)."""
    if suffix == "nothing":
        return ""
    last, first = number[-1:], text[:1]
    return " " if last.isascii() and first.isascii() and (last + first).strip() == last + first else ""


def _note_mark(number: str, fmt: str) -> str:
    return number if fmt.startswith("decimalEnclosed") and len(number) == 1 else f"[{number}]"


def _notes(root, kind: str) -> dict[str, object]:
    """Note id → w:footnote / w:endnote element (the separators Word keeps there are left out)."""
    if root is None:
        return {}
    return {note.get(W + "id"): note for note in root.iterchildren(W + kind)
            if note.get(W + "type") in (None, "normal")}


def _note_formats(settings, body) -> dict[str, tuple[str, int]]:
    """(number format, start) of footnotes and endnotes: the last section's, else the document's,
    else Word's defaults (1, 2, 3 and i, ii, iii)."""
    formats = {"footnote": ("decimal", 1), "endnote": ("lowerRoman", 1)}
    section = body.find(W + "sectPr")
    for kind in formats:
        for holder in (settings, section):
            pr = holder.find(f"{W}{kind}Pr") if holder is not None else None
            if pr is None:
                continue
            fmt = pr.find(W + "numFmt")
            start = pr.find(W + "numStart")
            formats[kind] = (fmt.get(W + "val") if fmt is not None else formats[kind][0],
                             _int_val(start, formats[kind][1]))
    return formats


def _core_properties(document) -> dict[str, str]:
    props = document.core_properties
    meta = {}
    for name, value in (("title", props.title), ("author", props.author), ("created", props.created)):
        if isinstance(value, datetime):
            value = value.isoformat()
        if value and str(value).strip():
            meta[name] = str(value).strip()
    return meta
