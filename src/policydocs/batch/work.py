"""The work on one document, and how a batch's files are cut into tasks: shared by the local
runner (``batch.runner``) and a cluster's workers (``batch.cluster``, ``batch.cluster_worker``)."""

from __future__ import annotations

import os
from typing import Iterator

from policydocs.errors import InputError


def process_input(source: str, data: bytes | None, declared: dict, known: frozenset[str] | set[str],
                  force: bool) -> tuple:
    """What :func:`policydocs.batch.runner.process_file` gives, for ``data`` read from ``source``
    (or the file itself when None) with ``declared`` its sidecar: a cluster worker runs it on the
    bytes the writer sent.
    ``source`` is the writer's path (the document's id, its format by extension, its trust)."""
    from policydocs.acquire import load
    from policydocs.batch.rows import build_rows
    from policydocs.pipeline import _stem, content_hash, process_raw

    try:
        raw = load(source, data=data)
        digest = content_hash(raw.text)
        if digest in known and not force:
            return "unchanged", (_stem(raw.source), digest)
        return "rows", build_rows(process_raw(raw, declared=declared))
    except InputError as exc:
        return "error", exc.reason
    except Exception as exc:  # a bug in one stage must not stop the batch: say what it was
        return "error", f"{type(exc).__name__}: {exc}"


TASK_FILES = 8
TASK_BYTES = 256 * 1024  # (a big file, a PDF say, makes a task of its own: the load stays even)


def files_per_task(sources: int, jobs: int, most: int = TASK_FILES) -> int:
    """Files a task may hold: up to ``most``, fewer in a small batch (down to one), so that every
    one of ``jobs`` workers has several tasks to take."""
    return max(1, min(most, sources // (jobs * 4)))


def task_lists(sources: list[str], files: int = TASK_FILES, jobs: int = 1,
               max_bytes: int = TASK_BYTES) -> Iterator[list[str]]:
    """Consecutive sources, a few at a time: up to ``files`` files and ``max_bytes`` of input, and no
    more than a ``4 × jobs``-th of the input still to come, so that tasks shrink towards the end
    of the batch and the workers finish together (balanced by size, not by file: a batch of
    long reports made tasks of seconds, and one worker ran on alone while the other waited)."""
    sizes = []
    for source in sources:
        try:
            sizes.append(os.path.getsize(source))
        except OSError:
            sizes.append(0)  # (missing, unreadable: its worker says why)
    remaining = sum(sizes)
    task: list[str] = []
    size = 0
    for source, n in zip(sources, sizes):
        budget = min(max_bytes, remaining / (4 * jobs))
        if task and (len(task) >= files or size + n > budget):
            yield task
            task, size = [], 0
        task.append(source)
        size += n
        remaining -= n
    if task:
        yield task
