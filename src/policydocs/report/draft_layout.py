"""The page of a draft DOCX: size, margins, grid, faces, page numbers (``extractors/layouts/``).

The layout is data (``gbt9704.toml``: GB/T 9704-2012 党政机关公文格式); this module turns it into
the document's section properties, its default style and its footers. The standard's grid (22
lines of 28 characters in a 156 mm × 225 mm text block) is the body's exact line spacing (text
block height / lines: 28.95 pt, also written as Word's line grid, ``w:docGrid``, 文档网格) and its
character spacing (a character 0.25 pt narrower than its 16 pt type, 28 to the line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from policydocs.knowledge.files import KnowledgeError, read_toml, table

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20

_PAGE_KEYS = ("width_mm", "height_mm", "top_mm", "left_mm", "text_width_mm", "text_height_mm",
              "lines", "chars", "page_number_gap_mm")
_FONT_ROLES = ("title", "body", "heading1", "heading2", "page_number")


@dataclass(frozen=True)
class Face:
    face: str
    fallbacks: tuple[str, ...]
    size_pt: float

    @property
    def half_points(self) -> str:
        return str(round(self.size_pt * 2))


@dataclass(frozen=True)
class HeadingLook:
    font: str  # a role of Layout.fonts
    center: bool = False
    marker_only: bool = False


@dataclass(frozen=True)
class Layout:
    name: str
    page: dict[str, float]
    fonts: dict[str, Face]
    headings: dict[str, HeadingLook]
    subtitle_font: str
    path: Path

    def twips(self, key: str) -> int:
        return round(self.page[key] * TWIPS_PER_MM)

    @property
    def right_twips(self) -> int:
        return self.twips("width_mm") - self.twips("left_mm") - self.twips("text_width_mm")

    @property
    def bottom_twips(self) -> int:
        return self.twips("height_mm") - self.twips("top_mm") - self.twips("text_height_mm")

    @property
    def line_pitch_twips(self) -> int:
        """The body's exact line height: the text block divided into its lines, rounded down so
        that the last line still fits (225 mm / 22 = 28.95 pt)."""
        return math.floor(self.twips("text_height_mm") / self.page["lines"])

    @property
    def char_tighten_twips(self) -> int:
        """Character spacing of the body (``w:spacing``, negative: 紧缩), so that ``chars``
        characters fill a line of the text block: 156 mm / 28 = 15.79 pt a character for 16 pt
        type, tightened by 0.25 pt. (Word's character grid, ``w:docGrid`` of type linesAndChars,
        would say the same, but LibreOffice gives a character wider than the grid's cell two
        cells, 14 to a line; spacing is read alike by Word, WPS and LibreOffice.)"""
        width = self.twips("text_width_mm")
        cell = width / self.page["chars"]
        return min(0, math.floor(cell - self.char_twips()))

    def char_twips(self, role: str = "body") -> int:
        """One character of a face, the unit of the standard's indents (空二字, 空一字)."""
        return round(self.fonts[role].size_pt * TWIPS_PER_PT)


def load_layout(name: str = "gbt9704") -> Layout:
    """The layout ``extractors/layouts/<name>.toml`` (a user's file of that name first)."""
    from policydocs.resources import extractor_files

    found = [p for p in extractor_files("layouts", "*.toml") if p.stem == name]
    if not found:
        raise KnowledgeError(f"layouts/{name}.toml", "no such layout in the extractors directories")
    path = found[0]
    data = read_toml(path)
    page = table(path, data, "page")
    for key in _PAGE_KEYS:
        if not isinstance(page.get(key), (int, float)) or page[key] <= 0:
            raise KnowledgeError(path, f"[page] {key} must be a positive number")
    if page["top_mm"] + page["text_height_mm"] >= page["height_mm"] or \
            page["left_mm"] + page["text_width_mm"] >= page["width_mm"]:
        raise KnowledgeError(path, "[page] the text block does not fit on the page")
    fonts_table = table(path, data, "fonts")
    fonts = {}
    for role in _FONT_ROLES:
        entry = fonts_table.get(role)
        if not isinstance(entry, dict) or not isinstance(entry.get("face"), str) \
                or not isinstance(entry.get("size_pt"), (int, float)):
            raise KnowledgeError(path, f"[fonts.{role}] needs face (a string) and size_pt (a number)")
        fallbacks = entry.get("fallbacks", [])
        if not isinstance(fallbacks, list) or not all(isinstance(f, str) for f in fallbacks):
            raise KnowledgeError(path, f"[fonts.{role}] fallbacks must be a list of strings")
        fonts[role] = Face(entry["face"], tuple(fallbacks), float(entry["size_pt"]))
    headings = {}
    for style, entry in table(path, data, "headings").items():
        if not isinstance(entry, dict) or entry.get("font") not in fonts:
            raise KnowledgeError(path, f"[headings] {style}: font must be one of {', '.join(fonts)}")
        headings[style] = HeadingLook(entry["font"], bool(entry.get("center")), bool(entry.get("marker_only")))
    subtitle = table(path, data, "subtitle").get("font", "body")
    if subtitle not in fonts:
        raise KnowledgeError(path, f"[subtitle] font must be one of {', '.join(fonts)}")
    return Layout(name, {k: float(page[k]) for k in _PAGE_KEYS}, fonts, headings, subtitle, path)


# --- OOXML -----------------------------------------------------------------------------------------

def set_fonts(rpr, face: Face) -> None:
    """The face for every script of a run (or style), and its size; the theme's fonts, which
    would win over the named ones, are dropped."""
    from docx.oxml.ns import qn

    rfonts = _child(rpr, "w:rFonts")
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), face.face)
    rfonts.set(qn("w:hint"), "eastAsia")  # quotes, dashes, … (width ambiguous) in the Chinese face
    for tag in ("w:sz", "w:szCs"):
        _child(rpr, tag).set(qn("w:val"), face.half_points)


def set_char_spacing(rpr, twips: int) -> None:
    from docx.oxml.ns import qn

    _child(rpr, "w:spacing").set(qn("w:val"), str(twips))


def set_spacing(ppr, *, line: int | None, exact: bool = True) -> None:
    from docx.oxml.ns import qn

    spacing = _child(ppr, "w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    if line is not None:
        spacing.set(qn("w:line"), str(line))
        spacing.set(qn("w:lineRule"), "exact" if exact else "auto")


def set_indent(ppr, *, first_chars: int = 0, char_twips: int = 0, left: int = 0, right: int = 0) -> None:
    """Indents; ``first_chars`` characters of first line (the standard's 空二字) as Word's
    character units (``firstLineChars``, 100 a character) and in twips for readers without them."""
    from docx.oxml.ns import qn

    ind = _child(ppr, "w:ind")
    ind.set(qn("w:firstLineChars"), str(first_chars * 100))
    ind.set(qn("w:firstLine"), str(first_chars * char_twips))
    ind.set(qn("w:left"), str(left))
    ind.set(qn("w:right"), str(right))


def set_flag(ppr, tag: str, on: bool) -> None:
    from docx.oxml.ns import qn

    _child(ppr, tag).set(qn("w:val"), "1" if on else "0")


def set_outline(ppr, level: int) -> None:
    """The paragraph's outline level (0 the top): Word's navigation pane shows the heading tree."""
    from docx.oxml.ns import qn

    _child(ppr, "w:outlineLvl").set(qn("w:val"), str(level))


def _child(parent, tag: str):
    """``parent``'s child ``tag``, added when missing. (python-docx's property elements do not
    know only some children; Word checks the schema's order, so what we add goes where it expects.)"""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        _insert_in_order(parent, found)
    return found


# The order of the children of w:pPr and w:rPr in the schema (ECMA-376 17.3.1.26, 17.3.2.28).
_ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd"
           " tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi"
           " adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc"
           " textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange".split(),
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof"
           " snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd"
           " fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath".split(),
}


def _insert_in_order(parent, element) -> None:
    order = _ORDER.get(parent.tag.rsplit("}", 1)[-1], [])
    rank = {name: i for i, name in enumerate(order)}
    mine = rank.get(element.tag.rsplit("}", 1)[-1], len(order))
    for k, child in enumerate(parent):
        if rank.get(child.tag.rsplit("}", 1)[-1], -1) > mine:
            parent.insert(k, element)
            return
    parent.append(element)


def apply_page(document, layout: Layout) -> None:
    """Page size, margins, footer distance and the document grid of every section."""
    from docx.oxml.ns import qn
    from docx.shared import Twips

    for section in document.sections:
        section.page_width = Twips(layout.twips("width_mm"))
        section.page_height = Twips(layout.twips("height_mm"))
        section.top_margin = Twips(layout.twips("top_mm"))
        section.left_margin = Twips(layout.twips("left_mm"))
        section.right_margin = Twips(layout.right_twips)
        section.bottom_margin = Twips(layout.bottom_twips)
        section.gutter = Twips(0)
        section.header_distance = Twips(round(15 * TWIPS_PER_MM))
        section.footer_distance = Twips(_footer_distance(layout))
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = _child(section._sectPr, "w:docGrid")
        grid.set(qn("w:type"), "lines")  # (the characters: the body's spacing, char_tighten_twips)
        grid.set(qn("w:linePitch"), str(layout.line_pitch_twips))


def _footer_distance(layout: Layout) -> int:
    """From the page's lower edge to the footer's: the page number's line (exactly its type's
    size high) sits so that its 一字线 lies ``page_number_gap_mm`` below the text block. A dash's
    middle stands about 0.6 of the line above its foot (0.5 in Word's 宋体, 0.7 in LibreOffice's
    substitute face: within half a millimetre either way)."""
    dash_from_bottom = layout.bottom_twips - layout.twips("page_number_gap_mm")
    return round(dash_from_bottom - 0.6 * layout.char_twips("page_number"))


def apply_styles(document, layout: Layout) -> None:
    """The body as the default: face, size, exact line spacing, 空二字, justified; Chinese as the
    East Asian language (so Word and WPS apply Chinese line breaking and punctuation widths)."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr_default, layout.fonts["body"])
    lang = _child(rpr_default, "w:lang")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr_default = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    set_spacing(ppr_default, line=None)
    normal = document.styles["Normal"].element
    set_fonts(normal.get_or_add_rPr(), layout.fonts["body"])
    set_char_spacing(normal.get_or_add_rPr(), layout.char_tighten_twips)
    ppr = normal.get_or_add_pPr()
    set_flag(ppr, "w:widowControl", False)  # every page full: 22 lines, as the standard's grid
    set_spacing(ppr, line=layout.line_pitch_twips)
    set_indent(ppr, first_chars=2, char_twips=layout.char_twips())
    _child(ppr, "w:jc").set(qn("w:val"), "both")


def apply_fonts_table(document, layout: Layout) -> None:
    """Each face in the font table with its fallbacks as alternate names (``w:altName``, a
    comma-separated list a reader tries where the face is not installed) and the GB2312 character
    set (``w:charset`` 86), so a reader that substitutes by character set picks a Chinese face."""
    from lxml import etree

    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    root = etree.fromstring(part.blob)
    w = root.nsmap.get("w") or "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    listed = {el.get(f"{{{w}}}name") for el in root.findall(f"{{{w}}}font")}
    for face in {f.face: f for f in layout.fonts.values()}.values():
        if face.face in listed:
            continue
        font = etree.SubElement(root, f"{{{w}}}font", {f"{{{w}}}name": face.face})
        if face.fallbacks:
            etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": ",".join(face.fallbacks)})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})
        etree.SubElement(font, f"{{{w}}}pitch", {f"{{{w}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def apply_page_numbers(document, layout: Layout) -> None:
    """"— 1 —" in the page-number face: odd pages at the right, even pages at the left, one
    character in from the text block's edge (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document.settings.odd_and_even_pages_header_footer = True
    inset = layout.char_twips("page_number")
    for section in document.sections:
        for footer, align, left, right in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT, 0, inset),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, inset, 0),
        ):
            footer.is_linked_to_previous = False
            para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
            para.alignment = align
            ppr = para._p.get_or_add_pPr()
            set_flag(ppr, "w:snapToGrid", False)
            set_spacing(ppr, line=layout.char_twips("page_number"))  # one line exactly the type's size
            set_indent(ppr, left=left, right=right)
            _page_field(para, layout.fonts["page_number"])


def _page_field(para, face: Face) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run(text: str | None = None, fld: str | None = None, instr: str | None = None):
        r = para.add_run(text)
        set_fonts(r._r.get_or_add_rPr(), face)
        set_char_spacing(r._r.get_or_add_rPr(), 0)
        if fld:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), fld)
            r._r.append(el)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            r._r.append(el)

    run("— ")  # grammar: the standard's 一字线 either side of the number
    run(fld="begin")
    run(instr=" PAGE ")
    run(fld="separate")
    run("1")
    run(fld="end")
    run(" —")
