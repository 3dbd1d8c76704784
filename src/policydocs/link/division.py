"""Who is responsible, from the division-of-labour documents (重点工作任务分工方案).

Work reports rarely name who is responsible. Every government then issues a division plan that
gives each target of the report to departments, with a time limit (任务 | 牵头单位 | 责任单位 |
完成时限). Extraction reads each task of such a document as a target with its units and deadline;
here each task is matched to the target of another document it divides: same jurisdiction, same
year, the same figure (after unit conversion) and a similar indicator. The target then takes the
task's responsible units (when its own text names none) and the task's deadline (the plan's time
limit is the one the office works to), and the task, folded into it, is no row of its own.

Matches are made by :func:`policydocs.link.link` and kept in the ``assignments`` table; reports read
them through :func:`apply`, after a person's corrections (:mod:`policydocs.link.corrections`), which win.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from policydocs.knowledge.vocabulary import pattern
from policydocs.link import db as linkdb
from policydocs.link.units import convert

_DIVISION_TITLE = pattern("{division_title}")
MIN_SIMILARITY = 0.5  # of the two indicators' character bigrams (Dice)


@dataclass(frozen=True)
class Assignment:
    target_key: str
    task_key: str
    score: float


def is_division_plan(row: linkdb.Row) -> bool:
    """The statement comes from a division-of-labour document (by its title)."""
    return is_plan_title(row.title)


def is_plan_title(title: str | None) -> bool:
    """A division-of-labour document's title."""
    return bool(title and _DIVISION_TITLE.search(title))


def _bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace())
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str | None, b: str | None) -> float:
    """Dice coefficient of the character bigrams of two indicators (0 when one is missing)."""
    if not a or not b:
        return 0.0
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def _year(row: linkdb.Row) -> int | None:
    deadline = row.record.get("deadline")
    if deadline and deadline[:4].isdigit():
        return int(deadline[:4])
    return row.when()[0] or None


def _same_figure(target: linkdb.Row, task: linkdb.Row) -> bool:
    tv, kv = target.record.get("value"), task.record.get("value")
    if tv is None or kv is None:
        return False
    converted = convert(kv, task.record.get("unit"), target.record.get("unit"))
    return converted is not None and abs(converted - tv) <= 1e-9 * max(1.0, abs(tv))


def place(row: linkdb.Row) -> tuple:
    """Where and when a target is due: a task divides only targets of its own place."""
    return row.jurisdiction, _year(row)


def assign(targets: list[linkdb.Row]) -> list[Assignment]:
    """For each task of a division plan, the target of another document it divides (at most one
    task per target, the most similar; ties go to the earlier task)."""
    tasks = [t for t in targets if is_division_plan(t)]
    if not tasks:
        return []
    by_place: dict[tuple, list[linkdb.Row]] = {}
    for t in targets:
        if not is_division_plan(t) and t.jurisdiction:
            by_place.setdefault(place(t), []).append(t)
    best: dict[str, Assignment] = {}
    taken: set[str] = set()
    scored = []
    for task in tasks:
        for target in by_place.get(place(task), ()):
            if not _same_figure(target, task):
                continue
            sim = similarity(target.record.get("indicator"), task.record.get("indicator"))
            if sim >= MIN_SIMILARITY:
                scored.append((-sim, task.id, target.id, Assignment(target.key, task.key, round(sim, 4))))
    for _, _, _, a in sorted(scored, key=lambda s: s[:3]):
        if a.target_key in best or a.task_key in taken:
            continue
        best[a.target_key] = a
        taken.add(a.task_key)
    return list(best.values())


def store(conn, assignments: list[Assignment]) -> None:
    """Replace the ``assignments`` table's rows (inside the caller's transaction)."""
    conn.execute("DELETE FROM assignments")
    conn.executemany("INSERT INTO assignments(target_key, task_key, score) VALUES (?, ?, ?)",
                     [(a.target_key, a.task_key, a.score) for a in assignments])


def stored(database: sqlite_utils.Database) -> list[Assignment]:
    if "assignments" not in database.table_names():
        return []
    return [Assignment(*r) for r in database.conn.execute("SELECT target_key, task_key, score FROM assignments")]


def apply(rows: list[linkdb.Row], assignments: list[Assignment], tasks: dict[str, linkdb.Row]) -> list[linkdb.Row]:
    """The rows with their division plan's units and deadline (in place; ``tasks`` by key): a
    target takes them in ``row.extra["assigned"]`` (the task row); a task folded into a target is
    marked ``row.extra["folded_into"]``, so it is no row of its own."""
    by_target = {a.target_key: a for a in assignments}
    # (apply the corrections first: a field a person corrected keeps the person's value)
    folded = {a.task_key: a.target_key for a in assignments}
    for row in rows:
        if row.key in folded:
            row.extra["folded_into"] = folded[row.key]
        a = by_target.get(row.key)
        task = tasks.get(a.task_key) if a else None
        if task is None:
            continue
        row.extra["assigned"] = task
        corrected = row.extra.get("corrected") or {}
        if task.record.get("responsible") and not row.record.get("responsible") and "responsible" not in corrected:
            row.record["responsible"] = list(task.record["responsible"])
        if task.record.get("deadline") and "deadline" not in corrected:
            row.record["deadline"] = task.record["deadline"]
    return rows


def describe(row: linkdb.Row) -> list[str]:
    """Where the row's units and deadline came from, in words for the checklist's notes."""
    task = row.extra.get("assigned")
    if task is None:
        return []
    parts = []
    if task.record.get("responsible"):
        parts.append("责任单位 " + "、".join(task.record["responsible"]))
    if task.record.get("deadline"):
        parts.append("完成时限 " + task.record["deadline"])
    return [f"据《{task.title or task.doc}》：" + "；".join(parts)] if parts else []


__all__ = ["Assignment", "assign", "apply", "describe", "is_division_plan", "is_plan_title", "place", "similarity", "store", "stored"]
