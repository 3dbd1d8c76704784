"""A cleaned draft as a Word document in the layout offices use (GB/T 9704-2012 by default).

    >>> import tempfile, zipfile
    >>> from policydocs.clean import clean
    >>> from policydocs.report.draft_docx import write_draft_docx
    >>> doc = clean("corpora/seeds/001_00576c6514847a99.txt")
    >>> path = f"{tempfile.mkdtemp()}/讲话.docx"
    >>> write_draft_docx(doc, path)
    >>> xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    >>> "〔此处原网页省略887字〕" in xml, "各县（区）分管领导" in xml
    (True, True)

The title is centred in the title face; the body is justified with a two-character first-line
indent; the headings the segmenter finds (:func:`policydocs.segment.parse_headings`) are set in
the face their numbering calls for (一、 黑体, （一） 楷体; 1. and （1） stay in the body face) up to
their first 。！？；, and carry their level as an outline level under the title's (Word's
navigation pane shows the tree). The lines a speech puts under its title (——在…会议上的讲话,
（2026年1月27日）) are centred; an opening addressee (同志们：, 各位代表：) starts at the margin; a
closing issuer and date are set at the right. What is missing or doubtful is highlighted with a
comment (:mod:`policydocs.report.draft_marks`).

Chinese punctuation is written full width (，：；（）？！ next to Chinese characters) unless
``full_width=False``: the draft is for reading; the stored text and the json keep what was cleaned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policydocs.clean.assemble import to_full_width
from policydocs.clean.document import CleanDocument
from policydocs.clean.head import is_speaker_line
from policydocs.output_safety import xml_text
from policydocs.report.draft_layout import (Face, Layout, apply_fonts_table, apply_page, apply_page_numbers,
                                            apply_styles, load_layout, set_flag, set_fonts, set_indent,
                                            set_outline)
from policydocs.report.draft_marks import GapLine, Mark, flag_marks, gap_lines
from policydocs.segment.headings import parse_headings

AUTHOR, INITIALS = "policydocs", "PD"
_SENTENCE_END = re.compile(r"[。！？；!?;]")
# grammar: a date line of its own (成文日期), in Arabic or Chinese numerals
_DATE_LINE = re.compile(r"^[\s\u3000]*[\d〇○零一二三四五六七八九]{4}年[\d一二三四五六七八九十]{1,3}月"
                        r"[\d一二三四五六七八九十]{1,3}日[\s\u3000]*$")
_SUBTITLE = re.compile(r"^(?:——[^。！？；]*|[（(][^（()）。！？；]*[)）])$")  # grammar: ——在…上的讲话, （2026年1月27日）
_CLAUSE_MARK = re.compile(r"[，,。；;：:！!？?]")
_ADDRESSEE_MAX, _SUBTITLE_MAX, _ISSUER_MAX = 20, 60, 25


@dataclass
class Role:
    """How one paragraph of the body is set."""

    kind: str = "body"  # body | heading | subtitle | addressee | closing
    face: str = "body"  # the face of its head (the whole paragraph for a subtitle)
    head_end: int = 0  # characters of the paragraph set in ``face``
    center: bool = False
    outline: int | None = None
    right_chars: float = 0.0  # a closing line's distance from the right margin, in characters


def write_draft_docx(doc: CleanDocument, path: str | Path, *, layout: str = "gbt9704",
                     full_width: bool = True) -> None:
    """Write ``doc`` to ``path`` as a .docx in the layout ``extractors/layouts/<layout>.toml``."""
    from docx import Document

    spec = load_layout(layout)
    document = Document()
    apply_styles(document, spec)
    apply_page(document, spec)
    apply_fonts_table(document, spec)
    apply_page_numbers(document, spec)
    text = to_full_width(doc.text) if full_width else doc.text  # (one character for one: offsets hold)
    marks, general = flag_marks(doc)
    gaps = gap_lines(doc)
    writer = _Writer(document, spec, marks)
    title_runs = []
    if doc.title:
        title_runs = writer.title(text[: len(doc.title)])
    roles = paragraph_roles([text[p.start : p.end] for p in doc.paragraphs], spec, titled=bool(doc.title))
    first_runs = []
    for para, role in zip(doc.paragraphs, roles):
        runs = writer.paragraph(text[para.start : para.end], para.start, role)
        first_runs = first_runs or runs
        for gap in gaps:
            if gap.after == para.end:
                writer.gap(gap)
    placed = {p.end for p in doc.paragraphs}
    for gap in gaps:
        if gap.after not in placed:
            writer.gap(gap)
    anchor = title_runs or first_runs
    if anchor and general:
        document.add_comment(anchor, xml_text("\n".join(general)), author=AUTHOR, initials=INITIALS)
    document.core_properties.title = xml_text(doc.title or "")
    document.save(str(path))


def paragraph_roles(paragraphs: list[str], spec: Layout, *, titled: bool = True) -> list[Role]:
    """The role of each paragraph of a draft's body (its title excluded; ``titled``: the draft has
    one, under which subtitle lines may stand)."""
    roles = [Role() for _ in paragraphs]
    tree = parse_headings(paragraphs)
    starts, pos = {}, 0
    for k, text in enumerate(paragraphs):
        starts[pos + len(text) - len(text.lstrip())] = k
        pos += len(text) + 1
    for section in tree.sections:
        k = starts.get(section.start)
        if section.inline or k is None:
            continue
        look = spec.headings.get(section.style)
        role = Role("heading", outline=min(section.level, 8))  # (the title is level 0)
        if look:
            role.face, role.center = look.font, look.center
            end = _SENTENCE_END.search(paragraphs[k])
            role.head_end = len(section.marker) if look.marker_only else (end.end() if end else len(paragraphs[k]))
            if look.marker_only:
                role.head_end += len(paragraphs[k]) - len(paragraphs[k].lstrip())
        roles[k] = role
    k = 0
    while titled and k < len(paragraphs) and len(paragraphs[k]) <= _SUBTITLE_MAX \
            and _SUBTITLE.match(paragraphs[k].strip()):
        roles[k] = Role("subtitle", spec.subtitle_font, len(paragraphs[k]), center=True)
        k += 1
    if titled and k < len(paragraphs) and roles[k].kind == "body" and is_speaker_line(paragraphs[k], k > 0):
        roles[k] = Role("subtitle", spec.subtitle_font, len(paragraphs[k]), center=True)  # 上海市市长 龚 正
        k += 1
    if k < len(paragraphs) and roles[k].kind == "body" and _is_addressee(paragraphs[k]):
        roles[k] = Role("addressee")
    _closing(paragraphs, roles)
    return roles


def _is_addressee(text: str) -> bool:
    text = text.strip()
    return len(text) <= _ADDRESSEE_MAX and text[-1:] in "：:" and not _CLAUSE_MARK.search(text[:-1])


def _closing(paragraphs: list[str], roles: list[Role]) -> None:
    """A closing date line, and the issuer above it, centred over each other at the right, the
    date four characters in from the margin (GB/T 9704 7.3.5.1 右空四字)."""
    last = len(paragraphs) - 1
    if last < 1 or not _DATE_LINE.match(paragraphs[last]) or roles[last].kind != "body":
        return
    date = _width(paragraphs[last].strip())
    issuer = paragraphs[last - 1].strip()
    if roles[last - 1].kind != "body" or len(issuer) > _ISSUER_MAX or _CLAUSE_MARK.search(issuer):
        roles[last] = Role("closing", right_chars=4)
        return
    wider = _width(issuer) - date
    if wider <= 0:  # the date four characters in, the issuer centred over it
        roles[last - 1], roles[last] = Role("closing", right_chars=4 - wider / 2), Role("closing", right_chars=4)
    else:  # a longer issuer two characters in, the date centred under it
        roles[last - 1], roles[last] = Role("closing", right_chars=2), Role("closing", right_chars=2 + wider / 2)


def _width(text: str) -> float:
    """Width in characters: half-width letters and digits count a half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1 for c in text)


class _Writer:
    def __init__(self, document, spec: Layout, marks: list[Mark]):
        self.document, self.spec, self.marks = document, spec, marks

    def title(self, text: str) -> list:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        para = self.document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        ppr = para._p.get_or_add_pPr()
        set_flag(ppr, "w:snapToGrid", False)  # (2号 type: not pulled onto the body's line grid)
        set_indent(ppr)
        set_outline(ppr, 0)
        runs = self._runs(para, text, 0, len(text), self.spec.fonts["title"])
        blank = self.document.add_paragraph()  # 标题下空一行
        set_indent(blank._p.get_or_add_pPr())
        return runs

    def paragraph(self, text: str, start: int, role: Role) -> list:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        para = self.document.add_paragraph()
        ppr = para._p.get_or_add_pPr()
        char = self.spec.char_twips()
        if role.center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            set_indent(ppr)
        elif role.kind == "addressee":
            set_indent(ppr)
        elif role.kind == "closing":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_indent(ppr, right=round(role.right_chars * char))
        if role.outline is not None:
            set_outline(ppr, role.outline)
        runs = []
        if role.head_end:
            runs += self._runs(para, text[: role.head_end], start, start + role.head_end,
                               self.spec.fonts[role.face])
        if role.head_end < len(text):
            runs += self._runs(para, text[role.head_end :], start + role.head_end, start + len(text), None)
        return runs

    def gap(self, gap: GapLine) -> None:
        from docx.enum.text import WD_COLOR_INDEX

        para = self.document.add_paragraph()
        run = para.add_run(gap.text)
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        self.document.add_comment(run, xml_text(gap.comment), author=AUTHOR, initials=INITIALS)

    def _runs(self, para, text: str, start: int, end: int, face: Face | None) -> list:
        """``text`` (the draft's ``[start, end)``) as runs split where a mark starts or ends, each
        mark highlighted and commented."""
        from docx.enum.text import WD_COLOR_INDEX

        inside = [m for m in self.marks if m.start < end and m.end > start]
        cuts = sorted({start, end, *(max(start, min(end, x)) for m in inside for x in (m.start, m.end))})
        runs, spans = [], []
        for a, b in zip(cuts, cuts[1:]):
            run = para.add_run(xml_text(text[a - start : b - start]))
            if face is not None:
                set_fonts(run._r.get_or_add_rPr(), face)
            covering = [m for m in inside if m.start <= a and m.end >= b]
            if covering:
                run.font.highlight_color = getattr(WD_COLOR_INDEX, covering[0].colour)
            runs.append(run)
            spans.append((a, b))
        for mark in inside:
            mine = [r for r, (a, b) in zip(runs, spans) if a >= mark.start and b <= mark.end]
            if mine and mark.start >= start:  # (a mark across two parts of a paragraph: comment once)
                self.document.add_comment(mine, xml_text(mark.comment), author=AUTHOR, initials=INITIALS)
        return runs
