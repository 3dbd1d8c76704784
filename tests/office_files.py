"""Word files as offices send them, built at test time with python-docx plus the XML Word writes
for what python-docx has no API for: a numbering.xml (the 公文 outline 一、（一）1.（1）, a task
list, a 序号 column, bullets), footnotes and endnotes parts, text boxes (a drawing with its VML
fallback), tracked changes, content controls and hidden text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (f'xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
       'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
       'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"')

# List ids, as a document written in Word holds them.
OUTLINE, TASKS, SERIAL, BULLETS = "1", "2", "3", "4"  # numIds
_ABSTRACT = {OUTLINE: "0", TASKS: "1", SERIAL: "2", BULLETS: "3"}


def _level(ilvl: int, fmt: str, text: str, *, style: str | None = None, suffix: str | None = "nothing",
           indent: int = 640, font: str = "仿宋_GB2312", start: int = 1) -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    suffix_xml = f'<w:suff w:val="{suffix}"/>' if suffix else ""  # none written: Word's default, a tab
    return (f'<w:lvl w:ilvl="{ilvl}" w:tplc="04090019"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'{style_xml}{suffix_xml}<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="0" w:firstLine="{indent}"/></w:pPr>'
            f'<w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hint="eastAsia"/></w:rPr></w:lvl>')


def numbering_xml(extra_nums: str = "") -> str:
    """numbering.xml as Word writes it for a 公文: the heading outline linked to the Heading styles
    (一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋), a task list 1.（1） of its own, a 序号 column
    and a bullet list; ``extra_nums`` adds list instances (restarts)."""
    outline = (_level(0, "chineseCounting", "%1、", style="Heading1", font="黑体")
               + _level(1, "chineseCounting", "（%2）", style="Heading2", font="楷体_GB2312")
               + _level(2, "decimal", "%3.", style="Heading3", suffix=None)
               + _level(3, "decimal", "（%4）", style="Heading4")
               + "".join(_level(k, "decimal", f"%{k + 1}.", suffix=None) for k in range(4, 9)))
    tasks = (_level(0, "decimal", "%1.", suffix=None) + _level(1, "decimal", "（%2）")
             + "".join(_level(k, "lowerLetter", f"%{k + 1})", suffix=None) for k in range(2, 9)))
    serial = _level(0, "decimal", "%1", indent=0) + "".join(_level(k, "decimal", f"%{k + 1}.") for k in range(1, 9))
    bullets = "".join(
        f'<w:lvl w:ilvl="{k}" w:tplc="04090001"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="\uf06c"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{420 * (k + 1)}" '
        f'w:hanging="420"/></w:pPr><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/>'
        f'</w:rPr></w:lvl>' for k in range(9))

    def abstract(key: str, nsid: str, kind: str, levels: str) -> str:
        return (f'<w:abstractNum w:abstractNumId="{key}" w15:restartNumberingAfterBreak="0">'
                f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="{kind}"/><w:tmpl w:val="0409001D"/>'
                f'{levels}</w:abstractNum>')

    nums = "".join(f'<w:num w:numId="{num}"><w:abstractNumId w:val="{key}"/></w:num>' for num, key in _ABSTRACT.items())
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering {_NS} mc:Ignorable="w14 w15">'
            + abstract("0", "3C6A1B2E", "multilevel", outline) + abstract("1", "12F4410A", "hybridMultilevel", tasks)
            + abstract("2", "5B0E2C71", "hybridMultilevel", serial) + abstract("3", "7AD31C05", "hybridMultilevel", bullets)
            + nums + extra_nums + "</w:numbering>")


def _text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _notes_xml(kind: str, notes: list[str]) -> bytes:
    separators = (f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
                  f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                  f'</w:r></w:p></w:{kind}>')
    style = "FootnoteText" if kind == "footnote" else "EndnoteText"
    body = "".join(
        f'<w:{kind} w:id="{n}"><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:rPr>'
        f'<w:rStyle w:val="{style[:-4]}Reference"/></w:rPr><w:{kind}Ref/></w:r>{_text(" ")}{_text(note)}</w:p></w:{kind}>'
        for n, note in enumerate(notes, 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {_NS}>{separators}{body}</w:{kind}s>'
            ).encode("utf-8")


def _text_box(lines: list[str]) -> str:
    """A text box as Word 2010+ writes it: a DrawingML shape, and the same box in VML for old readers."""
    content = "<w:txbxContent>" + "".join(f"<w:p>{_text(line)}</w:p>" for line in lines) + "</w:txbxContent>"
    return (f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" '
            'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>center</wp:align>'
            '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>180000</wp:posOffset></wp:positionV>'
            '<wp:extent cx="5274310" cy="1404620"/><wp:effectExtent l="0" t="0" r="21590" b="24130"/>'
            '<wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 2"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>'
            '<wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="5274310" cy="1404620"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
            f'<wps:txbx>{content}</wps:txbx><wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"/>'
            '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
            'path="m,l,21600r21600,l21600,xe"/><v:shape id="文本框 2" o:spid="_x0000_s1026" type="#_x0000_t202" '
            'style="position:absolute;margin-left:0;margin-top:14.15pt;width:415.3pt;height:110.6pt;z-index:251659264">'
            f'<v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


@dataclass
class WordFile:
    """A .docx being written: paragraphs, numbered paragraphs, tables, notes, text boxes."""

    document: object = None
    footnotes: list[str] = field(default_factory=list)
    endnotes: list[str] = field(default_factory=list)
    extra_nums: list[str] = field(default_factory=list)
    _next_num: int = 10

    def __post_init__(self):
        import docx

        self.document = docx.Document()
        # Heading 1 names its list only (its level comes from the level's pStyle link); Heading 2
        # and 3 name level and list, as Word writes a 多级列表 linked to the heading styles.
        for name, ilvl in (("Heading 1", None), ("Heading 2", 1), ("Heading 3", 2)):
            self._number(self.document.styles[name].element.get_or_add_pPr(), OUTLINE, ilvl)

    @staticmethod
    def _number(ppr, num_id: str, ilvl: int | None) -> None:
        numpr = ppr.get_or_add_numPr()
        if ilvl is not None:
            numpr.get_or_add_ilvl().val = ilvl
        numpr.get_or_add_numId().val = int(num_id)

    def paragraph(self, text: str = "", style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def heading(self, level: int, text: str):
        """A heading numbered by its style (一、 （一） 1.), the number not typed."""
        return self.document.add_heading(text, level=level)

    def item(self, text: str, num: str = TASKS, level: int = 0):
        paragraph = self.document.add_paragraph(text)
        self._number(paragraph._p.get_or_add_pPr(), num, level)
        return paragraph

    def restart(self, num: str = TASKS, level: int = 0, start: int = 1) -> str:
        """A new instance of ``num``'s list restarting ``level`` at ``start`` (Word's 重新开始编号)."""
        self._next_num += 1
        new = str(self._next_num)
        self.extra_nums.append(f'<w:num w:numId="{new}"><w:abstractNumId w:val="{_ABSTRACT[num]}"/>'
                               f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/>'
                               '</w:lvlOverride></w:num>')
        return new

    def append_xml(self, paragraph, xml: str) -> None:
        from docx.oxml import parse_xml

        paragraph._p.append(parse_xml(xml))

    def runs(self, paragraph, *texts: str) -> None:
        for text in texts:
            self.append_xml(paragraph, f"<w:r {_NS}><w:t xml:space=\"preserve\">{text}</w:t></w:r>")

    def footnote(self, paragraph, note: str) -> None:
        self.footnotes.append(note)
        self.append_xml(paragraph, f'<w:r {_NS}><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
                                   f'<w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>')

    def endnote(self, paragraph, note: str) -> None:
        self.endnotes.append(note)
        self.append_xml(paragraph, f'<w:r {_NS}><w:rPr><w:rStyle w:val="EndnoteReference"/></w:rPr>'
                                   f'<w:endnoteReference w:id="{len(self.endnotes)}"/></w:r>')

    def text_box(self, paragraph, lines: list[str]) -> None:
        self.append_xml(paragraph, _text_box(lines))

    def tracked(self, paragraph, deleted: str, inserted: str) -> None:
        """A revision Word shows as it will read once accepted: ``deleted`` gone, ``inserted`` in."""
        self.append_xml(paragraph, f'<w:del {_NS} w:id="901" w:author="办公室" w:date="2024-03-10T09:00:00Z">'
                                   f'<w:r><w:delText>{deleted}</w:delText></w:r></w:del>')
        self.append_xml(paragraph, f'<w:ins {_NS} w:id="902" w:author="办公室" w:date="2024-03-10T09:00:00Z">'
                                   f'{_text(inserted)}</w:ins>')

    def ruby(self, paragraph, base: str, reading: str) -> None:
        """Characters with a phonetic guide (拼音指南) set over them."""
        self.append_xml(paragraph, f'<w:r {_NS}><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/>'
                                   f'<w:hps w:val="16"/><w:hpsRaise w:val="30"/><w:hpsBaseText w:val="32"/>'
                                   f'<w:lid w:val="zh-CN"/></w:rubyPr><w:rt><w:r><w:t>{reading}</w:t></w:r></w:rt>'
                                   f'<w:rubyBase><w:r><w:t>{base}</w:t></w:r></w:rubyBase></w:ruby></w:r>')

    def deleted_item(self, text: str, num: str = TASKS) -> None:
        """A numbered paragraph deleted with tracked changes on: its text and its paragraph mark."""
        from docx.oxml import parse_xml

        revision = 'w:id="903" w:author="办公室" w:date="2024-03-10T09:00:00Z"'
        self.document.element.body.sectPr.addprevious(parse_xml(
            f'<w:p {_NS}><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
            f'<w:rPr><w:del {revision}/></w:rPr></w:pPr><w:del {revision}><w:r><w:delText>{text}</w:delText>'
            '</w:r></w:del></w:p>'))

    def hidden(self, paragraph, text: str) -> None:
        self.append_xml(paragraph, f'<w:r {_NS}><w:rPr><w:vanish/></w:rPr><w:t>{text}</w:t></w:r>')

    def content_control(self, paragraphs: list[str]) -> None:
        """Paragraphs inside a block content control (a template's 落款 field)."""
        from docx.oxml import parse_xml

        body = "".join(f"<w:p>{_text(text)}</w:p>" for text in paragraphs)
        sdt = parse_xml(f'<w:sdt {_NS}><w:sdtPr><w:alias w:val="落款"/><w:id w:val="-1"/></w:sdtPr>'
                        f'<w:sdtContent>{body}</w:sdtContent></w:sdt>')
        self.document.element.body.sectPr.addprevious(sdt)

    def table(self, rows: list[list[str]], *, serial: bool = False, merge_down: dict[int, list[int]] = ()):
        """A table; ``serial``: the first column of the rows below the header is Word's automatic
        numbering (序号 cells empty but numbered); ``merge_down``: column → rows merged into the row above."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                if serial and c == 0 and r > 0:
                    self._number(cell.paragraphs[0]._p.get_or_add_pPr(), SERIAL, 0)
                else:
                    cell.text = text
        for column, merged in dict(merge_down).items():
            for r in merged:
                top = table.cell(r - 1, column)
                while top.text == "" and r > 1:  # merge into the cell the run of merges started from
                    r -= 1
                    top = table.cell(r - 1, column)
                table.cell(r, column).text = ""
                top.merge(table.cell(r, column))
        return table

    def save(self, path: Path) -> Path:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part
        from docx.oxml import parse_xml

        part = self.document.part
        part.numbering_part._element = parse_xml(numbering_xml("".join(self.extra_nums)).encode("utf-8"))
        for kind, notes, reltype in (("footnote", self.footnotes, RT.FOOTNOTES), ("endnote", self.endnotes, RT.ENDNOTES)):
            if notes:
                content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}s+xml"
                note_part = Part(PackURI(f"/word/{kind}s.xml"), content_type, _notes_xml(kind, notes), part.package)
                part.relate_to(note_part, reltype)
        self.document.save(str(path))
        return path


# --- a whole report made into a Word file whose heading numbers are Word's ------------------------

_MARKERS = [  # (list, level, marker): how the reports type their numbers, and the list Word uses
    (OUTLINE, 0, re.compile(r"([一二三四五六七八九十]{1,3})、")),
    (OUTLINE, 1, re.compile(r"（([一二三四五六七八九十]{1,3})）")),
    (TASKS, 0, re.compile(r"(\d{1,2})[.．](?!\d)")),
    (TASKS, 1, re.compile(r"（(\d{1,2})）")),
]


def _cn(text: str) -> int:
    digits = "一二三四五六七八九"
    if text.startswith("十"):
        return 10 + (digits.index(text[1]) + 1 if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.index(tens) + 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(text) + 1


def numbered_report(path: Path, text: str) -> tuple[Path, list[str]]:
    """The report ``text`` (one paragraph per line) as a Word file in which every typed heading
    number (一、 （一） 1. （1）) is Word's automatic numbering instead, restarted or set where the
    typed numbers do so. Returns the file and the lines reading it should give back."""
    word = WordFile()
    counters = {OUTLINE: [0] * 9, TASKS: [0] * 9}
    expected = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        expected.append(line)
        for num, level, marker in _MARKERS:
            m = marker.match(line)
            if m and len(line) > m.end():
                value = int(m.group(1)) if m.group(1).isdigit() else _cn(m.group(1))
                count = counters[num]
                instance = num if value == count[level] + 1 else word.restart(num, level, value)
                count[level] = value
                count[level + 1:] = [0] * (8 - level)
                body = line[m.end():]
                number = m.group(0).replace("．", ".")
                tab = num == TASKS and level == 0  # the one level here that keeps Word's tab after the number
                expected[-1] = number + (" " if tab and re.match(r"[0-9A-Za-z]", body) else "") + body
                if num == TASKS:
                    word.item(body, instance, level)
                else:
                    paragraph = word.heading(level + 1, body)
                    if instance != OUTLINE:  # the style's list restarted here: the paragraph names the new instance
                        WordFile._number(paragraph._p.get_or_add_pPr(), instance, level)
                break
        else:
            word.paragraph(line)
    return word.save(path), expected

