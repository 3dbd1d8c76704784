"""linked_targets(): every target with its best (or reviewed) actual and its status as of a date.

This is what reports consume (:class:`~policydocs.link.model.LinkedTarget`). The actual is chosen
in this order: a ``set``/``confirm`` review (if its actual still exists), else ``none`` (no actual),
else the best stored link whose actual is not rejected and whose document exists as of ``as_of``.
Targets of documents not yet written as of ``as_of`` are left out.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.link import division
from policydocs.link import status as st
from policydocs.link.corrections import apply as apply_corrections
from policydocs.link.corrections import corrections_by_target, describe
from policydocs.link.model import LinkedTarget, StatementRef
from policydocs.link.review import LABEL, reviews_by_target
from policydocs.store.db import DEFAULT_DB, open_db


def to_ref(row: linkdb.Row) -> StatementRef:
    return StatementRef(id=row.id, key=row.key, record=row.record, start=row.start, end=row.end,
                        sentence=row.sentence, section_path=row.section_path, doc_title=row.title,
                        doc_date=row.doc_date, doc_year=row.doc_year, doc_region=row.doc_region, source=row.source,
                        trust=row.trust or "unknown")


def parse_day(value, name: str = "--as-of") -> str:
    """'2019' / '2019-03' / '2019-03-05' / a date → ISO day (the last day a partial date covers)."""
    from policydocs.store.query import parse_bound

    if value is None:
        return _dt.date.today().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return parse_bound(str(value), upper=True, name=name)


def _fts_sentences(database: sqlite_utils.Database, query: str) -> set[int]:
    from policydocs.store.fts import match_expression

    from policydocs.store.transaction import ReadSnapshot

    expr, _ = match_expression(query, kind="target")
    with ReadSnapshot(database.conn) as conn:
        return {r[0] for r in conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?", [expr])}


def linked_targets(db: str | Path | sqlite_utils.Database = DEFAULT_DB, *, as_of=None, region: str | None = None,
                   responsible: str | None = None, due_before=None, query: str | None = None,
                   include_templates: bool = False) -> list[LinkedTarget]:
    """Targets with their actual and status as of ``as_of`` (default today), filtered.

    ``region``: the jurisdiction starts with it (保定 → 保定市); ``responsible``: a responsible unit
    contains it; ``due_before``: deadline on or before that day; ``query``: the target's sentence
    matches this full-text query (search syntax); ``include_templates``: list targets of template
    and duplicate documents too (never linked).
    """
    day = parse_day(as_of)
    due = parse_day(due_before, "due_before") if due_before is not None else None
    database = open_db(db, create=False)
    linkdb.ensure_tables(database)
    conn = database.conn
    targets = [t for t in linkdb.load_rows(database, kind="target", region=region) if t.visible(day)]
    apply_corrections(targets, corrections_by_target(database))
    assignments = division.stored(database)
    if assignments:  # the tasks of division plans written by as_of bring their units and deadline
        # (a task shares its target's jurisdiction, so it is among these rows when it exists as of the day)
        task_keys = {a.task_key for a in assignments}
        tasks = {t.key: t for t in targets if t.key in task_keys}
        division.apply(targets, [a for a in assignments if a.task_key in tasks], tasks)
    if not include_templates:
        targets = [t for t in targets if not t.excluded]
    if region:
        targets = [t for t in targets if (t.jurisdiction or "").startswith(region)]
    if responsible:
        targets = [t for t in targets if any(responsible in r for r in t.record["responsible"])]
    if due:
        targets = [t for t in targets if t.record.get("deadline") and t.record["deadline"] <= due]
    if query:
        hits = _fts_sentences(database, query)
        targets = [t for t in targets if t.sentence_id in hits]
    keys = {t.key for t in targets}
    links: dict[str, list[tuple[str, float, list[str]]]] = {}
    for tk, ak, sc, reasons in conn.execute("SELECT target_key, actual_key, score, reasons FROM links ORDER BY rank"):
        if tk in keys:
            links.setdefault(tk, []).append((ak, sc, json.loads(reasons or "[]")))
    reviews = {k: v for k, v in reviews_by_target(database).items() if k in keys}
    wanted = {ak for v in links.values() for ak, _, _ in v}
    wanted |= {r.actual_key for v in reviews.values() for r in v if r.actual_key}
    actuals = {a.key: a for a in linkdb.load_rows(database, kind="actual", keys=sorted(wanted))}
    out = []
    for t in sorted(targets, key=lambda r: (r.doc, r.start, r.id)):
        out.append(_resolve(t, links.get(t.key, []), reviews.get(t.key, []), actuals, day))
    return out


def _resolve(t: linkdb.Row, links, reviews, actuals: dict, day: str) -> LinkedTarget:
    rejected = {r.actual_key for r in reviews if r.decision == "reject"}
    decided = [r for r in reviews if r.decision != "reject"]
    actual, score, reasons, label, reviewed = None, None, [], None, False
    decision = decided[-1] if decided else None
    if decision and decision.decision == "none":
        label, reviewed = LABEL["none"], True
        reasons = ["人工确认无实绩"]
    elif decision and decision.actual_key in actuals and actuals[decision.actual_key].visible(day):
        actual = actuals[decision.actual_key]
        label, reviewed = LABEL[decision.decision], True
        for ak, sc, rs in links:
            if ak == actual.key:
                score, reasons = sc, rs
        reasons = reasons + ["人工确认" if decision.decision == "confirm" else "人工指定"]
    else:
        if decision:
            reasons = ["复核所指实绩已不存在"]
        for ak, sc, rs in links:
            a = actuals.get(ak)
            if ak in rejected or a is None or not a.visible(day):
                continue
            actual, score, reasons = a, sc, reasons + rs
            break
        if rejected and label is None:
            label = LABEL["reject"]
    status, share, why = st.status(t.record, actual.record if actual else None, day, reviewed=reviewed)
    direction = st.direction(t.record.get("comparator"), t.record.get("indicator"), t.record.get("text"))
    why = division.describe(t) + describe(t) + why
    if t.excluded:
        why = why + [f"不参与关联：{t.excluded}"]
    return LinkedTarget(target=to_ref(t), actual=to_ref(actual) if actual else None, status=status,
                        share=None if share is None else round(share, 4), score=score, reasons=reasons + why,
                        review=label, direction=direction)
