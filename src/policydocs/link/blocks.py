"""Linking a block at a time, in memory that does not grow with the store.

Linking compares a target only with the actuals of its block (jurisdiction × unit family:
:mod:`~policydocs.link.candidates`), so only one block's statements need to be rows in memory at
once. The statements are read twice:

1. :func:`scan` streams every statement that may take part, a chunk at a time: it decides
   whether the statement takes part and in which block, and adds its text to the TF-IDF
   :class:`~policydocs.link.tfidf.Vocabulary` (document frequencies over all of them, as one fit
   over every statement would have counted); it keeps only the statement's id and block number
   (12 bytes) and the division plans' tasks (few);
2. :func:`batches` reads the statements of a few blocks at a time again, by id, as rows with the
   people's corrections and the division plans' units and deadlines applied.

The TF-IDF rows of a block are those one fit over every statement gives (the same values, summed
in the same order), so the links are those of linking everything at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

import numpy as np
import sqlite_utils

from policydocs.link import db as linkdb
from policydocs.link import division
from policydocs.link.candidates import block_of, feature_text
from policydocs.link.corrections import apply as apply_corrections
from policydocs.link.tfidf import Vocabulary

CHUNK = 20_000  # statements read, and texts added to the vocabulary, at a time
BATCH = 20_000  # statements of the blocks read back at a time (a bigger block is read alone)
# A store of up to this many statements keeps the rows of the first pass instead of reading them
# again (~2.7 KB each: ~270 MB at most); a bigger one reads each block's rows back by id.
KEEP_ROWS = 100_000
_ACTUAL_SEQ = 1 << 36  # actuals come after every target in the fitted corpus (targets + actuals)


@dataclass
class Scan:
    vocabulary: Vocabulary
    ids: np.ndarray  # statement id of each statement that takes part and has a block, by block then id
    block: np.ndarray  # its block number
    names: list[tuple]  # block number → (jurisdiction, unit family)
    first_target: dict  # block number → id of its first target (blocks without one link nothing)
    targets: int = 0  # targets taking part
    actuals: int = 0
    excluded: int = 0  # statements left out (template, copy, dropped, folded, no jurisdiction)
    assignments: list = field(default_factory=list)  # division plan tasks → targets
    tasks: dict = field(default_factory=dict)  # task key → row (division.apply)
    kept: dict | None = None  # statement id → row read by the first pass (None: more than KEEP_ROWS)


def _taking_part(row: linkdb.Row) -> bool:
    return not row.excluded and row.jurisdiction is not None


def scan(database: sqlite_utils.Database, corrections: dict, tally=None) -> Scan:
    """Pass 1 (see the module docstring); ``tally`` (link.tally) counts the statuses of the targets
    that have no block, or puts them aside until the division plans' assignments are known."""
    conn = database.conn
    plan_docs = [d for d, title in conn.execute("SELECT id, title FROM documents") if division.is_plan_title(title)]
    tasks = []  # the division plans' targets that take part (read first: they say which targets to keep)
    for i in range(0, len(plan_docs), 500):
        part = plan_docs[i:i + 500]
        rows = linkdb.query_rows(database, f"st.document_id IN ({','.join('?' * len(part))}) AND st.kind = 'target'",
                                 part)
        tasks += [r for r in apply_corrections(rows, corrections) if _taking_part(r)]
    task_ids = {t.id for t in tasks}
    places = {division.place(t) for t in tasks}
    divided = []  # targets a task may divide (same jurisdiction and year)
    vocabulary = Vocabulary()
    blocks: dict[tuple, int] = {}
    first: dict[int, int] = {}
    ids, numbers, deferred = [], [], []  # deferred: the tasks' (seq, row): folded ones take no part
    n_targets = n_actuals = 0
    texts, seqs = [], []
    kept: dict | None = {} if conn.execute("SELECT count(*) FROM statements").fetchone()[0] <= KEEP_ROWS else None
    rows, left_out = linkdb.linking_rows_stream(database)
    excluded = 0

    def take(seq: int, row: linkdb.Row, kind: str) -> None:
        """The row takes part: its text to the vocabulary, its number in its block."""
        texts.append(_feature(row))
        seqs.append(seq)
        if _number(row, blocks, ids, numbers, first):
            if kept is not None:
                kept[row.id] = row
        elif tally is not None and kind == "target":
            tally.again.append(row.id)

    for row in rows:
        kind = row.record["kind"]
        if not _taking_part(apply_corrections([row], corrections)[0]):
            excluded += 1
            if tally is not None and kind == "target" and not row.excluded:  # (no jurisdiction: no links)
                tally.rows([row])
            continue
        if kind == "target":
            seq, n_targets = n_targets, n_targets + 1
            if row.id in task_ids:
                deferred.append((seq, row))
                continue
            if places and division.place(row) in places:
                divided.append(row)
        elif kind == "actual":
            seq, n_actuals = _ACTUAL_SEQ + n_actuals, n_actuals + 1
        else:
            continue
        take(seq, row, kind)
        if len(texts) >= CHUNK:
            vocabulary.add(texts, seqs)
            texts, seqs = [], []
    excluded += left_out()
    assignments = division.assign([row for _, row in deferred] + divided) if deferred else []
    folded = {a.task_key for a in assignments}
    for seq, row in deferred:
        if row.key in folded:
            excluded += 1
            n_targets -= 1
            continue
        take(seq, row, "target")
    if texts:
        vocabulary.add(texts, seqs)
    vocabulary.freeze()
    ids_a, block_a = np.array(ids, dtype=np.int64), np.array(numbers, dtype=np.int32)
    order = np.lexsort((ids_a, block_a))
    names = [None] * len(blocks)
    for name, number in blocks.items():
        names[number] = name
    return Scan(vocabulary, ids_a[order], block_a[order], names, first, targets=n_targets, actuals=n_actuals,
                excluded=excluded, assignments=assignments, tasks={t.key: t for t in tasks}, kept=kept)


def _feature(row: linkdb.Row) -> str:
    text = row.memo["feature"] = feature_text(row)  # (asked again of a kept row)
    return text


def _number(row: linkdb.Row, blocks: dict, ids: list, numbers: list, first: dict) -> bool:
    """Number the row's block (whether it has one)."""
    b = block_of(row)
    if b is not None:
        number = blocks.setdefault(b, len(blocks))
        ids.append(row.id)
        numbers.append(number)
        if row.record["kind"] == "target" and row.id < first.get(number, row.id + 1):
            first[number] = row.id
    return b is not None


def batches(database: sqlite_utils.Database, found: Scan, corrections: dict, size: int | None = None
            ) -> Iterator[list[tuple]]:
    """Pass 2: the blocks' (targets, actuals, their TF-IDF rows, the actuals' rows), each by statement
    id, a few blocks at a time (:func:`plan`), in the order of their first target."""
    for spans in plan(found, size):
        yield read(database, found, spans, corrections)


def plan(found: Scan, size: int | None = None) -> list[list[tuple[int, int]]]:
    """The blocks that have a target (blocks without one have nothing to link), as ``(lo, hi)``
    spans of ``found.ids``, in the order of their first targets (as linking everything at once met
    them), cut into batches of about ``size`` statements (default ``BATCH``; a bigger block is a
    batch alone). Batches are independent: any process can link one (link.parallel)."""
    size = size or BATCH
    bounds = np.flatnonzero(np.r_[True, found.block[1:] != found.block[:-1]]) if found.block.size else np.zeros(0, int)
    ends = np.r_[bounds[1:], found.block.size].astype(np.int64)
    spans = sorted((found.first_target[int(found.block[lo])], lo, hi)
                   for lo, hi in zip(bounds.tolist(), ends.tolist()) if int(found.block[lo]) in found.first_target)
    out: list[list[tuple[int, int]]] = []
    pending: list[tuple[int, int]] = []
    taken = 0
    for _, lo, hi in spans:
        pending.append((lo, hi))
        taken += hi - lo
        if taken >= size:
            out.append(pending)
            pending, taken = [], 0
    if pending:
        out.append(pending)
    return out


def read(database, found: Scan, spans: list[tuple[int, int]], corrections: dict) -> list[tuple]:
    """The (targets, actuals, their TF-IDF rows) of the blocks ``spans`` (one of :func:`plan`'s batches)."""
    ids = np.concatenate([found.ids[lo:hi] for lo, hi in spans]).tolist()
    if found.kept is not None:  # (the rows of the first pass, their corrections applied)
        by_id = {i: found.kept.pop(i) for i in ids}
        rows = list(by_id.values())
    else:
        by_id = {row.id: row for row in linkdb.rows_by_ids(database, ids)}
        rows = apply_corrections(list(by_id.values()), corrections)
    if found.assignments:
        division.apply(rows, found.assignments, found.tasks)
    out, texts = [], []
    for lo, hi in spans:
        block = [by_id[i] for i in found.ids[lo:hi].tolist() if i in by_id]
        targets = [r for r in block if r.record["kind"] == "target"]
        if targets:
            actuals = [r for r in block if r.record["kind"] == "actual"]
            out.append((targets, actuals, len(texts)))
            texts += [r.memo.get("feature") or feature_text(r) for r in targets + actuals]
    # the TF-IDF rows of every block read, at once (a call per block cost ~8 ms of numpy set-up)
    matrix = found.vocabulary.tfidf(texts) if texts else None
    return [(targets, actuals, matrix[at:at + len(targets)], matrix[at + len(targets):at + len(targets) + len(actuals)])
            for targets, actuals, at in out]


__all__ = ["scan", "batches", "plan", "read", "Scan", "CHUNK", "BATCH"]
