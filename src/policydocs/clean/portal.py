"""Page furniture of government portals, recognised by its shape and its place in the page.

Portals run on a few CMS platforms (TRS 拓尔思, Hanweb 大汉, gov.cn's UCAP, the provincial 集约化
platforms, the report databases that republish work reports), and an article page copied out of a
browser brings their furniture along. Much of it is one line that a rule of ``_generic.toml`` drops
wherever it stands; what is left here needs context:

- a control bar copied one word to a line (下载 / 打印 / 全屏 / 收藏 / 【字号： / 加大 / 还原 / 减小 / 】):
  each word alone could be text (下载 is a step of a guide), a run of them at the page's head or
  foot is the bar (:func:`drop_control_runs`);
- an info line split one label or value to a line (来源： / 云南日报 / 发表时间： / 2026-02-03 08:30 /
  阅读量： / 28456), or several labelled fields on one line (2026-03-13 10:50 来源： 新华社 字号：默认 大
  超大 | 打印): metadata, kept in ``draft.meta`` (:func:`drop_info_lines`);
- a second copy of the body's opening after the footer, the page's share description
  (:func:`drop_repeated_opening`).

The words come from ``extractors/vocabulary/page.toml`` (page_control, share_target, the info-line
labels); the code holds the grammar: separators, brackets, dates, counts, runs and zones.
"""

from __future__ import annotations

import re

from policydocs.clean.boilerplate import HEADING, Draft, is_paragraph
from policydocs.clean.lines import Line
from policydocs.knowledge.files import cached
from policydocs.knowledge.vocabulary import pattern, words

# grammar: what stands between the words of a control bar (brackets, bars, colons, spaces)
_SEP = r"\s【】\[\]〖〗()（）|｜丨/／:：·•、,，"
_CONTROL_WORD = r"(?:{page_control}|{page_tool}|{share_target})"
_CONTROL_LINE = pattern(rf"^[{_SEP}]*(?:{_CONTROL_WORD}[{_SEP}]*)*$")
_CONTROL_TOKEN = pattern(_CONTROL_WORD)
_CONTROL_MAX = 60  # a control bar copied as one line is short

_LABELS = ("posted_label", "upload_label", "source_label", "source_label_other", "author_label",
           "editor_label", "publisher_label", "view_count_label", "doc_date_label", "doc_info_label")
_ANY_LABEL = "|".join(f"{{{name}}}" for name in _LABELS)
_LABEL_ONLY = pattern(rf"^[【\[]?\s*(?P<label>{_ANY_LABEL})\s*[:：]\s*[】\]]?$")
_LABEL_AT = pattern(rf"(?P<label>{_ANY_LABEL})\s*[:：]")
# 字号：默认 大 超大, 【字体：大 中 小】, 分享到：微信 微博, 【打印】 inside an info line
_CONTROL_GROUP = pattern(r"[【\[]?\s*(?:{control_label})\s*[:：]\s*[\[【〖]?(?:\s*(?:{page_control}|{share_target}))*"
                         r"\s*[\]】〗]?\s*[】\]]?|[【\[]\s*(?:{page_control}|{page_tool})\s*[】\]]")
# grammar: a date with an optional time (2026-02-03 08:30, 2026年02月03日 08:30:15)
_DATE_TIME = r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
_DATETIME = re.compile(f"^{_DATE_TIME}$")
_TRAILING_DATETIME = re.compile(rf"\s+({_DATE_TIME})$")  # 江城日报 2026-02-06 09:15
# A posting time alone on a line (2026-03-13 10:50, 2026/02/06): written with dashes or with its time,
# unlike a document's own date (2026年1月20日).
_PAGE_TIME = re.compile(r"^(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
                        r"|^(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}(?::\d{2})?$")
# grammar: a view counter's value, a count and its unit (28456, 28456次; nothing when its script did not run)
_COUNT = re.compile(r"^\d*\s*(?:次|人次)?$")
_PIECE_SEP = re.compile(r"\s*(?:[|｜丨]|\s{2,})\s*")
_SENTENCE = re.compile(r"[。；！？;!?]")
_MAX_INFO = 200  # the longest info line
_MAX_VALUE = 40
_MAX_INFO_VALUE = 100  # an info box's 标题：… holds the document's title


@cached
def _label_kinds() -> dict[str, str]:
    kinds = {}
    for name, kind in (("posted_label", "posted"), ("upload_label", "posted"), ("source_label", "source"),
                       ("source_label_other", "source"), ("author_label", "author"), ("editor_label", "editor"),
                       ("publisher_label", "publisher"), ("view_count_label", "views"),
                       ("doc_date_label", "written"), ("doc_info_label", "info")):
        for word in words(name):
            kinds.setdefault(word, kind)
    return kinds


def _kind(label: str) -> str:
    return _label_kinds().get(label, "source")


def zones(lines: list[Line]) -> tuple[int, int]:
    """(first, last): the indices of the first and last body paragraph; the lines before the first
    are the page's head, those after the last its foot (len(lines), -1 when there is none)."""
    first = next((k for k, line in enumerate(lines) if is_paragraph(line.text)), len(lines))
    last = next((k for k in range(len(lines) - 1, -1, -1) if is_paragraph(lines[k].text)), -1)
    return first, last


# --- navigation above the breadcrumb --------------------------------------------------------------

_BREADCRUMB = pattern(r"^(?:{breadcrumb_label})\s*[:：]|^(?:{home_label})\s*[>»›/＞→]")
_NAV_MAX = 16  # a menu item or a site's name; a title is longer
_NAV_ZONE = 40


def drop_navigation(draft: Draft) -> None:
    """A page copied whole (select all): the top bar and the menu stand above the breadcrumb, one
    short line each. They go with the breadcrumb when nothing longer stands above it."""
    lines = draft.lines
    cut = next((k for k, line in enumerate(lines[:_NAV_ZONE]) if _BREADCRUMB.match(line.text)), None)
    if not cut or any(len(line.text) > _NAV_MAX or _SENTENCE.search(line.text) for line in lines[:cut]):
        return
    for line in lines[:cut]:
        draft.drop(line, "navigation")
    draft.lines = lines[cut:]


# --- control bars ------------------------------------------------------------------------------

@cached
def _control_chars() -> frozenset:
    """Every character a control line can hold: those of the control words and the separators."""
    names = ("page_control", "page_tool", "share_target")
    return frozenset("".join(w for name in names for w in words(name)) + " \t\u3000【】[]〖〗()（）|｜丨/／:：·•、,，")


def control_strength(text: str) -> int | None:
    """How surely a line is part of a control bar: None not at all; 0 separators only (】); 1 one bare
    word that could be text (下载); 2 a bar for sure (several words, or one with its bracket or label
    colon: 【字号：, 【打印】, 字体：大 中 小)."""
    chars = _control_chars()
    if len(text) > _CONTROL_MAX or text[0] not in chars or text[-1] not in chars or not _CONTROL_LINE.match(text):
        return None  # (most lines open or end with a character no control word has: no regex run)
    tokens = _CONTROL_TOKEN.findall(text)
    if not tokens:
        return 0
    if len(tokens) >= 2 or any(c in text for c in "【】[]〖〗:：|｜"):
        return 2
    return 1


def drop_control_runs(draft: Draft) -> None:
    """Runs of control-bar lines: a run with a sure line goes anywhere; a run of bare words goes at
    the page's head or foot (two or more lines), or anywhere when three or more stand together."""
    lines = draft.lines
    strengths = [control_strength(line.text) for line in lines]
    if not any(s for s in strengths):
        return
    first, last = zones(lines)
    drop: set[int] = set()
    k = 0
    while k < len(lines):
        if strengths[k] is None:
            k += 1
            continue
        end = k
        while end < len(lines) and strengths[end] is not None:
            end += 1
        run = strengths[k:end]
        size = end - k
        at_edge = end <= first or k > last
        if max(run) == 2 or size >= 3 or (size >= 2 and at_edge):
            if any(run):  # (a run of bare brackets alone is not a bar)
                drop.update(range(k, end))
        k = end
    if not drop:
        return
    for k in sorted(drop):
        draft.drop(lines[k], "page controls")
    draft.lines = [line for k, line in enumerate(lines) if k not in drop]


# --- info lines --------------------------------------------------------------------------------

def _value_fits(kind: str, value: str) -> bool:
    if kind in ("posted", "written"):
        return bool(_DATETIME.match(value))
    if kind == "views":
        return bool(_COUNT.match(value))
    return (0 < len(value) <= (_MAX_INFO_VALUE if kind == "info" else _MAX_VALUE) and not _SENTENCE.search(value)
            and "，" not in value and not _LABEL_AT.search(value) and control_strength(value) is None
            and (kind == "info" or not HEADING.match(value)))


def _split_value(value: str) -> tuple[str, list[str]]:
    """(the value without the controls around it, the posting times glued to it)."""
    kept, times = [], []
    for piece in _PIECE_SEP.split(value):
        piece = piece.strip(" \u3000")
        if not piece or control_strength(piece) is not None:
            continue
        if _DATETIME.match(piece) and kept:  # (a date field's own value stays its value)
            times.append(piece)
            continue
        glued = _TRAILING_DATETIME.search(piece)
        if glued and piece[: glued.start()].strip():
            times.append(glued.group(1))
            piece = piece[: glued.start()]
        kept.append(piece)
    return " ".join(kept).strip(" \u3000"), times


def _strip_controls(value: str) -> str:
    return _split_value(value)[0]


Field = tuple[str, str, str]  # (kind, label, value): ("source", "信息来源", "省政府办公厅")


def parse_info_line(text: str) -> list[Field] | None:
    """The labelled fields of a page's info line, [(kind, label, value)], or None when the line is
    not one.

    ``发布时间：2026-02-05 09:12 来源：湖北日报 浏览次数：1234 【字体：大 中 小】`` ->
    [("posted", "发布时间", "2026-02-05 09:12"), ("source", "来源", "湖北日报"), ("views", "浏览次数", "1234")].
    An unlabelled date may open it (gov.cn: ``2026-03-13 10:50 来源： 新华社``) or follow a field
    (``来源：江城日报丨2026-02-06 09:15``).
    """
    if len(text) > _MAX_INFO or "。" in text:
        return None
    bare = _CONTROL_GROUP.sub(" | ", text)
    found = list(_LABEL_AT.finditer(bare))
    if not found:
        return None
    fields: list[Field] = []
    lead = _strip_controls(bare[: found[0].start()].strip(_SEP))
    if lead:
        if not _DATETIME.match(lead):
            return None
        fields.append(("posted", "", lead))
    for m, nxt in zip(found, found[1:] + [None]):
        label = m.group("label")
        kind = _kind(label)
        value, times = _split_value(bare[m.end() : nxt.start() if nxt else len(bare)].strip(_SEP))
        if value and not _value_fits(kind, value):
            return None
        fields.append((kind, label, value))
        fields.extend(("posted", "", t) for t in times)
    return fields if any(v for _, _, v in fields) else None


def _keep(draft: Draft, fields: list[Field]) -> None:
    for kind, label, value in fields:
        if not value:
            continue
        if kind == "info":  # an info box's fields, by their label: {"发文字号": "国办发〔2024〕21号"}
            draft.meta.setdefault("info", {}).setdefault(label, value)
        else:
            draft.meta.setdefault(kind, value)


def drop_info_lines(draft: Draft) -> None:
    """Info lines above or below the article, on one line or split a label and a value to a line.

    At the head and foot of the page any such line is metadata; between the body's paragraphs only
    a line of two fields or more is (时间：3月8日 between paragraphs of a notice is its text).
    """
    lines = draft.lines
    first, last = zones(lines)
    kept: list[Line] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        edge = k < first or k > last
        label = _LABEL_ONLY.match(line.text) if edge else None
        if label:
            kind = _kind(label.group("label"))
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            value = _strip_controls(nxt.text) if nxt is not None and (k + 1 < first or k + 1 > last) else ""
            if value and _value_fits(kind, value):
                _keep(draft, [(kind, label.group("label"), value)])
                draft.drop(line, "time/source line")
                draft.drop(nxt, "time/source line")
                k += 2
                continue
            draft.drop(line, "time/source line")
            k += 1
            continue
        if k < first and _PAGE_TIME.match(line.text):  # the posting time alone above the text
            _keep(draft, [("posted", "", line.text)])
            draft.drop(line, "time/source line")
            k += 1
            continue
        fields = parse_info_line(line.text)
        if fields and (edge or len(fields) >= 2):
            _keep(draft, fields)
            draft.drop(line, "time/source line")
        else:
            kept.append(line)
        k += 1
    draft.lines = kept


# --- a second copy of the opening ----------------------------------------------------------------

_NORM = re.compile(r"[\s\u3000]+")
_TRAIL = "…. ．。"
_COPY_MIN = 30  # a shorter line may repeat by chance (各位代表！, a heading)
_CUT_MIN = 20  # … unless the page cut it short with an ellipsis: then it is a copy for sure


def drop_repeated_opening(draft: Draft, title: str | None = None) -> None:
    """Lines at the end that copy the body's opening (a page's share description, a second
    rendering of the first paragraph): the same text, or its start cut short with an ellipsis."""
    lines = draft.lines
    if len(lines) < 4:
        return
    dropped = []
    tail = max(len(lines) - 4, len(lines) // 2 + 1)  # the last lines, in the second half
    opening = None
    for k in range(len(lines) - 1, tail - 1, -1):
        text = _NORM.sub("", lines[k].text)
        key = text.rstrip(_TRAIL)
        if len(key) < (_CUT_MIN if text.endswith(("…", "...")) else _COPY_MIN):
            continue
        if opening is None:  # the first lines, none of them a candidate
            opening = _NORM.sub("", (title or "") + "".join(line.text for line in lines[: min(12, tail)]))
        if key in opening:
            dropped.append(k)
        elif is_paragraph(lines[k].text):
            break
    if not dropped:
        return
    for k in sorted(dropped):
        draft.drop(lines[k], "second copy of the opening")
    draft.lines = [line for k, line in enumerate(lines) if k not in dropped]
