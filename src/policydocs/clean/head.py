"""The head of a speech or report as the document prints it: its date, its speaker, its own title.

A work report or speech carries its own date under its title, in a subtitle or a date line:

    2026年江苏省政府工作报告
    ——2026年2月3日在江苏省第十四届人民代表大会第五次会议上
    省长 刘小涛

    政府工作报告
    （二〇二六年一月二十七日在贵州省第十四届人民代表大会第四次会议上）

That date (the meeting's) is the document's; the page's posting time (时间：2026-02-09) is kept
apart as the page date. The speaker line (省长 刘小涛) is kept in the draft and read as metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policydocs.clean.boilerplate import Draft, is_paragraph
from policydocs.knowledge.vocabulary import pattern

# grammar: a date written with Arabic or Chinese numerals (2026年1月27日, 二〇二六年一月二十七日)
_CN = "〇○零Ｏ一二三四五六七八九十"
_DATE = rf"(?:(?:19|20)\d{{2}}|[{_CN}]{{4}})\s*年\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*月\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*日"
# A subtitle or date line: ——2026年2月3日在…会议上, （2026年1月27日在…）, 2026年1月31日在…上,
# （2022年10月16日）; the rest of the line names the occasion (在/于 … 上).
_SUBTITLE = re.compile(  # grammar: a date, then the preposition 在/于 of the occasion
    rf"^[—–\-－─―]*\s*[（(]?\s*(?P<date>{_DATE})\s*(?P<rest>(?:在|于)[^。；！？]{{2,80}}|)\s*[)）]?$")
_OCCASION_END = re.compile(r"上(?:的\S{1,4})?$")  # grammar: 在…会议上, 在…上的报告
_DASH_SUBTITLE = re.compile(r"^[—–\-－─―]{1,2}\s*(?:在|于)[^。；！？]{2,80}上")  # grammar: ——在…会议上 (no date)
_TITLE_DATE = re.compile(rf"[（(]\s*(?P<date>{_DATE})\s*[)）]$")  # 在…上的讲话（2024年2月1日）
# the speaker: an office and a name (省长 刘小涛, 上海市市长 龚 正, 自治区主席 艾尔肯·吐尼亚孜)
_SPEAKER = pattern(r"^[\u4e00-\u9fff]{0,16}?(?:{speaker_office})\s*(?P<name>(?:[\u4e00-\u9fff·]\s?){2,12})$")
_BARE_NAME = re.compile(r"^(?:[\u4e00-\u9fff]\s?){2,4}$")  # 毛伟明, under the subtitle
_SALUTATION = pattern(r"^{salutation}")
_HEAD_LINES = 8
_CLAUSE = re.compile(r"[，。；！？]")

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "Ｏ": 0}


def _number(text: str) -> int:
    """12, 二〇二六 (digit by digit), 二十七 (with tens)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)


def iso_written_date(text: str) -> str | None:
    """``2026年1月27日`` or ``二〇二六年一月二十七日`` as 2026-01-27 (None when not a valid date)."""
    m = re.match(r"\s*(.+?)\s*年\s*(.+?)\s*月\s*(.+?)\s*日", text)
    if not m:
        return None
    try:
        y, mo, d = (_number(g) for g in m.groups())
    except (KeyError, ValueError):
        return None
    if 1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def subtitle_date(text: str) -> str | None:
    """The date of a subtitle or date line under a title, or None when the line is not one."""
    m = _SUBTITLE.match(text)
    if not m:
        return None
    rest = m.group("rest").rstrip("）) ")
    if rest and not _OCCASION_END.search(rest):
        return None
    return iso_written_date(m.group("date"))


@dataclass
class Head:
    date: str | None = None  # the document's own date (the meeting's), ISO
    speaker: str | None = None  # the speaker line as printed (省长 刘小涛)
    subtitle: int | None = None  # index in the draft of the subtitle line, when there is one


def read_head(draft: Draft, title: str | None = None) -> Head:
    """The date and speaker a document prints under its title (the draft's first lines, before
    its first paragraph or salutation)."""
    head = Head()
    if title:
        m = _TITLE_DATE.search(title)
        if m:
            head.date = iso_written_date(m.group("date"))
    after_subtitle = False
    for k, line in enumerate(draft.lines[:_HEAD_LINES]):
        text = line.text
        if is_paragraph(text) or _SALUTATION.match(text) or text.endswith(("：", ":")) or _CLAUSE.search(text):
            break  # the text begins: a salutation, an addressee (各村（社区）：), a sentence
        date = subtitle_date(text)
        if date or is_subtitle(text):
            head.date = head.date or date
            if head.subtitle is None:
                head.subtitle = k
            after_subtitle = True
            continue
        if head.speaker is None:
            if is_speaker_line(text, after_subtitle):
                head.speaker = text
        after_subtitle = False
    return head


def is_speaker_line(text: str, after_subtitle: bool = False) -> bool:
    """An office and a name (上海市市长 龚 正), or a bare name right under the subtitle (毛伟明)."""
    text = text.strip()
    return bool(_SPEAKER.match(text) or (after_subtitle and _BARE_NAME.match(text)))


def is_subtitle(text: str) -> bool:
    """A subtitle or date line of a speech or report (——2026年1月26日在…会议上, （2026年2月10日）)."""
    return subtitle_date(text) is not None or bool(_DASH_SUBTITLE.match(text))


def starts_with_report_head(draft: Draft) -> bool:
    """The draft opens with a title line followed by its subtitle (the document's own head)."""
    lines = draft.lines
    return (len(lines) >= 2 and len(lines[0].text) <= 60 and not is_paragraph(lines[0].text)
            and is_subtitle(lines[1].text))
