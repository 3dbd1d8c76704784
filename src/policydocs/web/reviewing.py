"""核对: a row's decisions and corrections, through the same store as ``policydocs review``.

Decisions go to :func:`policydocs.link.review` and corrections to :func:`policydocs.link.correct`
/ :func:`~policydocs.link.restore` (then linking runs again, as the command does), so what is
decided here survives re-ingest and shows in the 台账, in ``review --list`` and in every export.
Who decided is kept in the decision's note (``核对人：…``), when in its time stamp.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from policydocs.link import CorrectionError, ReviewError, correct, restore, review
from policydocs.link import db as linkdb

ACTIONS = ("confirm", "reject", "set", "none", "drop", "restore", "deadline", "indicator", "responsible")
WHO = "核对人："  # grammar: output label (the note that names who decided)
# grammar: output label (what each decision and correction is called on the page)
DECISION_LABEL = {"confirm": "确认", "reject": "否决", "set": "指定实绩", "none": "确认无实绩",
                  "drop": "删除（不是目标）", "deadline": "更正时限", "indicator": "更正指标", "responsible": "更正责任单位"}


@dataclass
class Candidate:
    key: str
    score: float | None
    reasons: list[str]
    rank: int
    text: str
    doc: str
    sentence_id: int | None
    period: str | None
    rejected: bool = False


@dataclass
class Event:
    at: str
    what: str
    detail: str
    note: str


def candidates(database: sqlite_utils.Database, target_key: str, limit: int = 8) -> list[Candidate]:
    """The stored links of a target, best first, with the actual's sentence (top ``limit``)."""
    conn = database.conn
    links = conn.execute("SELECT actual_key, score, reasons, rank FROM links WHERE target_key = ? ORDER BY rank LIMIT ?",
                         [target_key, limit]).fetchall()
    rejected = {k for (k,) in conn.execute(
        "SELECT actual_key FROM reviews WHERE target_key = ? AND decision = 'reject'", [target_key])}
    rows = {r.key: r for r in linkdb.load_rows(database, kind="actual", keys=[k for k, *_ in links])}
    out = []
    for key, score, reasons, rank in links:
        row = rows.get(key)
        if row is None:
            continue
        out.append(Candidate(key, score, _list(reasons), rank, row.record.get("text") or "", row.doc, row.sentence_id,
                             row.record.get("period"), key in rejected))
    return out


def history(database: sqlite_utils.Database, target_key: str) -> list[Event]:
    """Every decision and correction of a target, latest first."""
    conn = database.conn
    events = [Event(at or "", DECISION_LABEL.get(d, d), actual or "", note or "") for d, actual, note, at in conn.execute(
        "SELECT decision, actual_key, note, at FROM reviews WHERE target_key = ? ORDER BY id", [target_key])]
    for field, value, note, at in conn.execute(
            "SELECT field, value, note, at FROM corrections WHERE target_key = ? ORDER BY id", [target_key]):
        shown = "、".join(_list(value)) if field == "responsible" else (value or "")
        events.append(Event(at or "", DECISION_LABEL.get(field, field), shown, note or ""))
    return sorted(events, key=lambda e: e.at, reverse=True)


def _list(text: str | None) -> list:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return [text] if text else []
    return value if isinstance(value, list) else [value]


def note_of(who: str, note: str) -> str | None:
    who, note = who.strip()[:40], note.strip()[:500]
    parts = ([WHO + who] if who else []) + ([note] if note else [])
    return "；".join(parts) or None


def act(store, target_key: str, action: str, *, actual_key: str | None = None, value: str | None = None,
        note: str | None = None) -> str:
    """Record one action on a target of ``store`` (a web.store.Store); returns a line saying what was
    done (ReviewError / CorrectionError, one line, when it cannot be)."""
    if action not in ACTIONS:
        raise ReviewError(f"未知的操作：{action}")
    database = store.db()
    before = store.stamp()
    if action in ("confirm", "reject", "set", "none"):
        r = review(database, target_key, action, actual_key=actual_key or None, note=note)
        said = f"{DECISION_LABEL[action]}：{r.target_key}" + (f" → {r.actual_key}" if r.actual_key else "")
        store.after_decision(target_key, before)
        return said
    if action == "restore":
        n = restore(database, target_key, value or None)
        said = f"已撤销 {n} 项更正"
    else:
        c = correct(database, target_key, action, value, note=note)
        shown = "、".join(c.value) if isinstance(c.value, list) else (c.value or "")
        said = f"{DECISION_LABEL[action]}：{shown}".rstrip("：")
    store.after_decision(target_key, before)
    # a corrected indicator or deadline, or a dropped row, links differently: link again, as the command does
    if not store.relink():
        said += "（挂钩正在后台重新计算，稍后刷新台账即可看到）"
    return said


__all__ = ["act", "candidates", "history", "note_of", "ACTIONS", "Candidate", "Event", "CorrectionError",
           "ReviewError"]
