"""What a person must look at in a draft, as it is shown inside the DOCX: highlighted text with a
comment saying why, in Chinese.

* a gap (text the page did not show) becomes a line of its own, 〔此处原网页省略887字〕, after the
  paragraph it follows, with the page's own notice and counts in the comment;
* a placeholder (XX市, ***, *市), a repaired or damaged character (GBK byte-shift damage decoded,
  a lost character guessed from its context, 〓 for one that cannot be recovered) is highlighted
  where it stands;
* what concerns the whole draft (traditional script converted, pinyin removed, a title that was
  cut or repaired) is a comment on the title.

Offsets are those of ``CleanDocument.text`` (a flag's ``offset``, a gap's ``offset``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydocs.clean.document import CleanDocument, Flag, Gap

# Word's highlight colours: yellow for what must be filled in, turquoise for what must be checked.
FILL_IN, CHECK = "YELLOW", "TURQUOISE"
_DETAIL = re.compile(r"^(?P<original>.*?) -> (?P<replacement>.*?): (?P<why>.*)$", re.S)
# The cleaner's notes on a whole draft (clean/repair.py, clean/title.py), said in Chinese; a note
# not listed here is quoted as it is.
_NOTES = [  # grammar: the labels of our own output
    (re.compile(r"^traditional -> simplified \((\d+%)"), "繁体已转为简体（原文{0}为繁体字）"),
    (re.compile(r"^traditional script kept"), "原文是繁体文件，保留了繁体"),
    (re.compile(r"^pinyin annotations removed \((\d+)\)"), "删去了字后夹注的拼音{0}处（如 醫(yī) → 医）"),
    (re.compile(r"^HTML residue removed \((\d+)\)"), "删去了网页代码残留{0}处"),
    (re.compile(r"^control characters removed \((\d+)\)"), "删去了控制字符{0}处"),
    (re.compile(r"^site suffix removed from title: (.*)$"), "删去了网站加在标题后的「{0}」"),
    (re.compile(r"^title tail lost: (\d+) characters"), "标题末尾{0}个字在网页中已损坏，无法还原"),
]
_NOTICE_LIMIT = 60


@dataclass(frozen=True)
class Mark:
    start: int  # in CleanDocument.text
    end: int
    colour: str
    comment: str


@dataclass(frozen=True)
class GapLine:
    after: int  # the CleanDocument.text offset the gap follows (the end of a paragraph)
    text: str
    comment: str


def flag_marks(doc: CleanDocument) -> tuple[list[Mark], list[str]]:
    """Marks for the flags that stand in the text, and comments for the draft as a whole
    (conversions, title notes, flags with no place in the text)."""
    marks: list[Mark] = []
    general = [_conversions(doc.conversions)] if doc.conversions else []
    for flag in doc.flags:
        comment = _flag_comment(flag)
        if flag.kind == "title" or flag.offset is None or not flag.text:
            general.append(comment)
            continue
        colour = FILL_IN if flag.kind in ("placeholder", "encoding_damage") else CHECK
        marks.append(Mark(flag.offset, flag.offset + len(flag.text), colour, comment))
    return marks, general


def gap_lines(doc: CleanDocument) -> list[GapLine]:
    return [GapLine(gap.offset, _gap_text(gap, at_end=gap.offset >= len(doc.text)), _gap_comment(gap, doc))
            for gap in doc.gaps]


def _gap_text(gap: Gap, *, at_end: bool) -> str:
    size = f"{gap.omitted_chars}字" if gap.omitted_chars else ""
    if at_end:
        return f"〔以下原网页未显示{'，约' + size if size else ''}〕"
    return f"〔此处原网页省略{size or '若干字'}〕"


def _gap_comment(gap: Gap, doc: CleanDocument) -> str:
    size = f"{gap.omitted_chars}字" if gap.omitted_chars else "字数不详"
    parts = [f"原网页在「{gap.after}」之后没有显示原文（{size}），稿中缺这一部分。"]
    total = gap.total_chars or doc.meta.get("total_chars")
    shown = gap.shown_chars or doc.meta.get("shown_chars")
    if total and shown:
        parts.append(f"原文共{total}字，网页只显示了{shown}字。")
    if gap.notice:
        notice = gap.notice if len(gap.notice) <= _NOTICE_LIMIT else gap.notice[:_NOTICE_LIMIT] + "…"
        parts.append(f"网页原注：「{notice}」。")
    parts.append("请找到全文补齐后再用。")
    return "".join(parts)


def _flag_comment(flag: Flag) -> str:
    detail = _DETAIL.match(flag.detail or "")
    seen = f"原网页此处为「{detail['original']}」，" if detail else ""
    if flag.kind == "placeholder":
        context = f"（「{flag.detail}」）" if flag.detail and flag.detail != flag.text else ""
        return (f"占位符「{flag.text}」{context}：原稿把名称、数字或人名留作待填（如 XX市、***、*市），"
                "用前请按实际填写。")
    if flag.kind == "encoding_repair":
        return (f"乱码修复：{seen}是编码错位留下的乱码，已按字节还原为「{flag.text}」；"
                f"其中第一个字「{flag.text[:1]}」在乱码中已丢失，是按上下文推定的，请对照原件核对。")
    if flag.kind == "encoding_damage":
        return (f"无法还原的字：{seen}文字在网页或文件中已损坏，「〓」处的字无法从原字节恢复，"
                "请对照原件补上。")
    if flag.kind == "title":
        return f"标题经过处理，请核对：{_say(flag.detail)}。"
    return f"需核对（{flag.kind}）：{flag.detail or flag.text}。"


def _conversions(notes: list[str]) -> str:
    return "本稿经过转换：" + "；".join(_say(n) for n in notes) + "。人名、地名和引文请对照原件核对。"


def _say(note: str) -> str:
    for rx, chinese in _NOTES:
        m = rx.match(note)
        if m:
            return chinese.format(*m.groups())
    return note
