"""The status of every target as of a day, counted while linking has the rows in hand.

``policydocs link`` prints how many targets are 已完成, 未完成 … as of a day. Counting them after
linking meant reading every target again (:func:`~policydocs.link.linked_targets`: 15 s and all the
targets in memory at 5,000 documents); linking reads them anyway. A target's status is decided
as :func:`~policydocs.link.targets.linked_targets` decides it (the same ``_resolve``), from:

* the targets of each block, with the links just chosen for them (``block``);
* the targets that take part but have no block (no figure or no known unit) or no jurisdiction:
  no links, counted by ``rows`` (those a division plan's task may have changed are read again
  after the scan, when the assignments are known);
* the targets no linking reads (documents with no region at all, and not left out for another
  reason): :func:`unlinked`.

A target whose division-plan task was not yet written as of the day is counted as
``linked_targets`` counts it, without the task's units and deadline (read again, by id).
"""

from __future__ import annotations

from collections import Counter

import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.link import division
from policydocs.link.corrections import apply as apply_corrections
from policydocs.link.review import reviews_by_target


class Tally:
    def __init__(self, database: sqlite_utils.Database, day: str, corrections: dict):
        self.database, self.day, self.corrections = database, day, corrections
        self.counts: Counter = Counter()
        self.reviews = reviews_by_target(database)
        self.again: list[int] = []  # ids of targets to count after the scan, read again

    def block(self, targets: list[linkdb.Row], actuals: list[linkdb.Row], links: dict[str, list]) -> None:
        """Count ``targets`` given their links (target key → [(actual key, score, reasons)], by rank)."""
        from policydocs.link.targets import _resolve

        by_key = {a.key: a for a in actuals}
        missing = {r.actual_key for t in targets for r in self.reviews.get(t.key, ())
                   if r.actual_key and r.actual_key not in by_key}
        if missing:  # a person's choice from outside the block
            by_key.update({a.key: a for a in linkdb.load_rows(self.database, kind="actual", keys=sorted(missing))})
        for t in targets:
            task = t.extra.get("assigned")
            if task is not None and not task.visible(self.day):
                self.again.append(t.id)  # as of the day, without the task (see the docstring)
            elif not t.excluded and t.visible(self.day):
                status = _resolve(t, links.get(t.key, []), self.reviews.get(t.key, []), by_key, self.day).status
                self.counts[status] += 1

    def part(self, database: sqlite_utils.Database) -> "Tally":
        """An empty tally for some blocks, reading ``database`` (another process's connection to
        the store): what it counts is added to this one by :meth:`merge`."""
        other = Tally.__new__(Tally)
        other.database, other.day, other.corrections, other.reviews = database, self.day, self.corrections, self.reviews
        other.counts, other.again = Counter(), []
        return other

    def merge(self, counts: Counter, again: list[int]) -> None:
        self.counts.update(counts)
        self.again += again

    def rows(self, targets: list[linkdb.Row]) -> None:
        """Count targets that have no links."""
        self.block(targets, [], {})

    def finish(self, assignments: list, tasks: dict) -> None:
        """Count the targets put aside (``again``) and those no linking reads."""
        for i in range(0, len(self.again), 5000):
            rows = apply_corrections(linkdb.rows_by_ids(self.database, self.again[i:i + 5000]), self.corrections)
            visible = [a for a in assignments if a.task_key in tasks and tasks[a.task_key].visible(self.day)]
            if visible:
                division.apply(rows, visible, tasks)
            self.block([r for r in rows if r.extra.get("assigned") is None or r.extra["assigned"].visible(self.day)],
                       [], {})
        self.again = []
        unlinked(self)


# The targets linking never reads (linkdb._SURELY_LEFT_OUT) that linked_targets lists all the same:
# no region anywhere, but neither a template nor a copy.
_NO_REGION = """st.kind = 'target' AND coalesce(d.region, '') = '' AND coalesce(st.region, '') = ''
    AND coalesce(d.trust, '') != 'template' AND NOT (coalesce(d.canonical, '') != '' AND d.canonical IS NOT st.doc)"""


def unlinked(tally: Tally) -> None:
    last = 0
    while True:
        rows = linkdb.query_rows(tally.database, f"{_NO_REGION} AND st.id > ?", [last], limit=5000)
        if not rows:
            return
        last = rows[-1].id
        tally.rows(apply_corrections(rows, tally.corrections))


def statuses(database: sqlite_utils.Database, day: str, corrections: dict) -> Counter:
    """The status counts as of ``day`` from the stored links, every target read once, a batch at a
    time (when nothing was linked: the links were up to date, or a person's decision changed them)."""
    import json

    assignments = division.stored(database)
    task_keys = sorted({a.task_key for a in assignments})
    tasks = {t.key: t for t in apply_corrections(linkdb.load_rows(database, kind="target", keys=task_keys),
                                                 corrections)}
    tally = Tally(database, day, corrections)
    visible = [a for a in assignments if a.task_key in tasks and tasks[a.task_key].visible(day)]
    last = 0
    while True:
        rows = linkdb.query_rows(database, "st.kind = 'target' AND st.id > ?", [last], limit=5000)
        if not rows:
            return tally.counts
        last = rows[-1].id
        rows = apply_corrections(rows, corrections)
        if visible:
            division.apply(rows, visible, tasks)
        links: dict[str, list] = {}
        for tk, ak, sc, reasons in database.conn.execute(
                "SELECT target_key, actual_key, score, reasons FROM links"
                " WHERE target_key IN (SELECT value FROM json_each(?)) ORDER BY rank", [json.dumps([r.key for r in rows])]):
            links.setdefault(tk, []).append((ak, sc, json.loads(reasons or "[]")))
        wanted = sorted({ak for v in links.values() for ak, _, _ in v})
        tally.block(rows, linkdb.load_rows(database, kind="actual", keys=wanted), links)


__all__ = ["Tally", "statuses"]
