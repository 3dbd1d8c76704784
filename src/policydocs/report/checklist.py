"""The checklist (台账): one row per target, as Chinese-headed dicts of display strings.

This module is the single source of every cell: xlsx, csv, md and html only lay the rows out,
so all four formats say exactly the same thing. Rows come only from
``policydocs.link.linked_targets`` (or from LinkedTarget objects handed to ``rows_from_targets``).

Figures are written one way throughout, comparator first: ``≥90%``, ``≤4.5%``, ``约3%``,
``>1.3万人次``, ``6.5%–7%``, ``≥1000万人``. Numbers of 10,000 and more are written with 万 or 亿
when that is exact to four decimals (123456789 → 12345.6789万). ``%`` and ``‰`` stay on each end of
a range; other units are written once, after it. Dates are ISO (``2023-12-31``): they sort.
An absent value is an empty cell.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Iterable

from policydocs.link.model import (IN_PROGRESS, MET, NOT_DUE, NOT_MET, OVERDUE_UNREPORTED, STATUSES, LinkedTarget,
                                   StatementRef)
from policydocs.store.trust import TRUST_LABEL

# The checklist's columns in order, each with the name the renderers (xlsx, html …) use for it.
# 编号 is the target's key: what `policydocs review --drop/--deadline/… KEY` names a row by.
(COL_NO, COL_INDICATOR, COL_TARGET, COL_DEADLINE, COL_RESPONSIBLE, COL_SOURCE, COL_ACTUAL, COL_ACTUAL_SOURCE,
 COL_SHARE, COL_STATUS, COL_SENTENCE, COL_TRUST, COL_BASIS, COL_KEY) = HEADERS = (
    # grammar: output label (the column headers of our own checklist)
    "序号", "指标", "目标值", "时限", "责任单位", "出处", "实际值", "实际出处", "完成率", "状态", "依据原文", "来源", "链接依据",
    "编号")
FORMATS = ("xlsx", "csv", "md", "html")
SUFFIX_FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}

# Status colours (background, text), shared by xlsx and html: Excel's good/bad/neutral palette.
STATUS_COLOURS = {
    MET: ("C6EFCE", "006100"),
    NOT_MET: ("FFC7CE", "9C0006"),
    IN_PROGRESS: ("FFEB9C", "9C5700"),
    OVERDUE_UNREPORTED: ("F8CBAD", "843C0C"),
    NOT_DUE: ("D9D9D9", "3A3A3A"),
}
assert set(STATUS_COLOURS) == set(STATUSES)

EMPTY_NOTE = "没有符合条件的指标。"

_COMPARATOR = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "约", "=": ""}
_ATTACHED_UNITS = ("%", "‰")  # written after each number of a range
_REVIEW = {"confirmed": "人工确认", "rejected": "人工否决过其他实绩", "set": "人工指定", "none": "人工确认无实绩"}
_FILTER_LABELS = (("region", "地区"), ("responsible", "责任单位"), ("due_before", "时限不晚于"), ("query", "关键词"))
# Control characters that Excel refuses (and nobody meant): everything below a space but \t and \n.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ChecklistError(ValueError):
    """A bad option the user can fix; ``str(err)`` is one line."""


@dataclass
class Checklist:
    """The rows and what they were selected by: enough for a title line in every format."""

    rows: list[dict]
    as_of: str
    filters: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"督查台账（截至{self.as_of}）"

    @property
    def filter_line(self) -> str:
        parts = [f"{label}：{self.filters[name]}" for name, label in _FILTER_LABELS if self.filters.get(name)]
        if self.filters.get("include_templates"):
            parts.append("含范文网站的目标")
        return "筛选：" + ("；".join(parts) if parts else "全部")

    @property
    def summary_line(self) -> str:
        counts = {s: 0 for s in STATUSES}
        for row in self.rows:
            counts[row[COL_STATUS]] = counts.get(row[COL_STATUS], 0) + 1
        if not self.rows:
            return "共0项"
        return f"共{len(self.rows)}项：" + "，".join(f"{s}{n}" for s, n in counts.items() if n)

    @property
    def sheet_name(self) -> str:
        return f"台账 {self.as_of}"


# ---------------------------------------------------------------------------------------------
# Building rows


def rows_from_targets(targets: Iterable[LinkedTarget]) -> list[dict]:
    """One dict per target, keys exactly HEADERS in order, in the order given."""
    return [_row(i, lt) for i, lt in enumerate(targets, 1)]


def checklist_rows(db=None, *, as_of: str | None = None, region: str | None = None,
                   responsible: str | None = None, due_before: str | None = None, query: str | None = None,
                   include_templates: bool = False) -> list[dict]:
    """The checklist rows of ``db`` (default: policydocs.db) as of a date (default: today)."""
    return build(db, as_of=as_of, region=region, responsible=responsible, due_before=due_before, query=query,
                 include_templates=include_templates).rows


def build(db=None, *, as_of: str | None = None, region: str | None = None, responsible: str | None = None,
          due_before: str | None = None, query: str | None = None, include_templates: bool = False) -> Checklist:
    from pathlib import Path

    from policydocs import link  # imported here: the linker is heavy and the renderers do not need it
    from policydocs.store.db import DEFAULT_DB, StoreError

    as_of = parse_date(as_of, "--as-of") if as_of else _dt.date.today().isoformat()
    due_before = parse_date(due_before, "--due-before") if due_before else None
    db = DEFAULT_DB if db is None else db
    if isinstance(db, (str, Path)) and not Path(db).exists():  # do not create an empty database
        raise StoreError(f"no database at {db}: run `policydocs ingest FILES --db {db}` first")
    filters = dict(region=region or None, responsible=responsible or None, due_before=due_before,
                   query=query or None, include_templates=bool(include_templates))
    targets = link.linked_targets(db, as_of=as_of, **filters)
    return Checklist(rows_from_targets(targets), as_of, filters)


def _row(n: int, lt: LinkedTarget) -> dict:
    t, a = lt.target, lt.actual
    rec = t.record
    row = {
        COL_NO: n,
        COL_INDICATOR: rec.get("indicator") or "",
        COL_TARGET: format_value(rec.get("value"), rec.get("value_max"), rec.get("unit"), rec.get("comparator")),
        COL_DEADLINE: rec.get("deadline") or "",
        COL_RESPONSIBLE: "、".join(rec.get("responsible") or []),
        COL_SOURCE: provenance(t),
        COL_ACTUAL: actual_value(a) if a else "",
        COL_ACTUAL_SOURCE: provenance(a) if a else "",
        COL_SHARE: format_share(lt.share),
        COL_STATUS: lt.status,
        COL_SENTENCE: t.sentence or rec.get("text") or "",
        COL_TRUST: trust_label(t, a),
        COL_BASIS: link_basis(lt),
        COL_KEY: t.key,
    }
    return {k: _CONTROL.sub("", v) if isinstance(v, str) else v for k, v in row.items()}


# ---------------------------------------------------------------------------------------------
# Cells


def format_number(x: float) -> str:
    """6.5 → '6.5', 90.0 → '90', 10000000 → '1000万', 250000000 → '2.5亿', 12345 → '1.2345万'."""
    for scale, suffix in ((1e8, "亿"), (1e4, "万")):
        if abs(x) >= scale:
            scaled = x / scale
            if abs(scaled - round(scaled, 4)) < 1e-9 * max(1.0, abs(scaled)):
                return _plain(scaled) + suffix
    return _plain(x)


def _plain(x: float) -> str:
    text = f"{round(x, 6):.12g}"
    if "e" in text:  # only for absurd magnitudes; keep every digit rather than an exponent
        text = f"{x:f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_value(value, value_max=None, unit=None, comparator=None) -> str:
    """A figure as people write it in a checklist: ``≥90%``, ``6.5%–7%``, ``约3%``, ``≥1000万人``."""
    if value is None:
        return ""
    unit = unit or ""
    attached = unit in _ATTACHED_UNITS
    low = format_number(value) + (unit if attached else "")
    text = low
    if value_max is not None and value_max != value:
        text += "–" + format_number(value_max) + (unit if attached else "")
    if not attached:
        text += unit
    return _COMPARATOR.get(comparator or "=", comparator or "") + text


def format_share(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.1f}%"


def parse_share(text: str) -> float | None:
    """The inverse of format_share, for formats that store numbers (xlsx) or sort them (html)."""
    return float(text[:-1]) / 100 if text.endswith("%") else None


def format_period(period: str | None) -> str:
    """'2024' → '2024年', '2023-06' → '2023年6月', '2022-01/2022-04' → '2022年1月–4月'."""
    if not period:
        return ""
    parts = period.split("/")
    if not all(re.fullmatch(r"\d{4}(-\d{1,2}){0,2}", p) for p in parts) or len(parts) > 2:
        return period
    shown = [_date_words(p) for p in parts]
    if len(parts) == 2 and parts[0][:4] == parts[1][:4] and len(parts[1]) > 4:
        shown[1] = shown[1][5:]  # same year: 2022年1月–4月
    elif len(parts) == 2 and len(parts[0]) == len(parts[1]) == 4:
        shown[0] = parts[0]  # years: 2022–2023年
    return "–".join(shown)


def _date_words(iso: str) -> str:
    y, *rest = iso.split("-")
    return f"{y}年" + "".join(f"{int(x)}{u}" for x, u in zip(rest, ("月", "日")))


def actual_value(a: StatementRef) -> str:
    rec = a.record
    value = format_value(rec.get("value"), rec.get("value_max"), rec.get("unit"), rec.get("comparator"))
    if not value:
        value = rec.get("text") or ""
    period = format_period(rec.get("period"))
    return f"{value}（{period}）" if period else value


def provenance(ref: StatementRef) -> str:
    """《title》 date · section › subsection; without a title, the file name, not in 《》."""
    if ref.doc_title:
        head = f"《{ref.doc_title}》"
    else:
        head = _file_name(ref.source) or ref.record.get("doc") or ""
    when = ref.doc_date or (f"{ref.doc_year}年" if ref.doc_year else "")
    parts = [" ".join(p for p in (head, when) if p)]
    if ref.section_path:
        parts.append(" › ".join(s.strip() for s in ref.section_path if s and s.strip()))
    return " · ".join(p for p in parts if p)


def _file_name(source: str | None) -> str:
    if not source:
        return ""
    if "://" in source:
        return source  # a URL says where to look better than its last segment
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def trust_label(t: StatementRef, a: StatementRef | None) -> str:
    label = TRUST_LABEL.get(t.trust, t.trust or "")
    if a is not None and a.trust != t.trust:
        label += f"（实际值：{TRUST_LABEL.get(a.trust, a.trust or '')}）"
    return label


def link_basis(lt: LinkedTarget) -> str:
    parts = []
    if lt.score is not None:
        parts.append(f"得分{lt.score:.2f}")
    parts += [r for r in lt.reasons if r and r not in parts]
    label = _REVIEW.get(lt.review, lt.review) if lt.review else None
    if label and label not in parts:  # the linker may have said it already
        parts.insert(0, label)
    return "；".join(parts)


# ---------------------------------------------------------------------------------------------
# Options


# grammar: a date written 2023年6月30日
_CJK_DATE = re.compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?")


def parse_date(text: str, option: str = "date") -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD (also with / or . or 年月日) → the last day it covers, ISO.

    The same reading as ``policydocs search --to`` and ``linked_targets``: 2024 → 2024-12-31.
    ChecklistError (one line) for anything else.
    """
    from policydocs.store.query import QueryError, parse_bound

    s = str(text).strip()
    m = _CJK_DATE.fullmatch(s)
    if m:
        s = "-".join(g for g in m.groups() if g)
    try:
        day = parse_bound(s, upper=True, name=option)
    except QueryError as exc:
        raise ChecklistError(str(exc)) from None
    if day is None:
        raise ChecklistError(f"{option}: empty date: use YYYY, YYYY-MM or YYYY-MM-DD")
    return day


def resolve_format(fmt: str | None, out: str | None) -> str:
    """The format asked for, else the one the output file's suffix names."""
    if fmt:
        f = fmt.strip().lower()
        f = {"markdown": "md", "htm": "html", "excel": "xlsx"}.get(f, f)
        if f not in FORMATS:
            raise ChecklistError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        return f
    if out and out != "-":
        from pathlib import Path

        f = SUFFIX_FORMATS.get(Path(out).suffix.lower())
        if f:
            return f
    raise ChecklistError(f"say --format ({'|'.join(FORMATS)}) or give -o a file ending in .xlsx, .csv, .md or .html")
