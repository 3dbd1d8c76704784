"""入库: files uploaded or text pasted on the page, stored as ``policydocs ingest`` stores them.

Uploads are capped (``MAX_FILES`` files, ``MAX_BYTES`` each and ``MAX_TOTAL`` in all) and must be
of a kind ingest reads, told by suffix and checked by content (a PDF starts with ``%PDF``, a DOCX
is a zip; HTML and TXT are text). They are saved under ``<db>.uploads/<time>/`` beside the
database, so that the document view can offer the original file later, and handed to
:func:`policydocs.batch.ingest` one at a time in a background thread, so that the page can show
progress (a file done, a file failed: ``error: <file>: <reason>`` as the command prints it);
linking runs once at the end.
"""

from __future__ import annotations

import datetime as _dt
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from policydocs.batch import ingest
from policydocs.errors import printable

SUFFIXES = (".html", ".htm", ".shtml", ".txt", ".pdf", ".docx")
MAX_FILES = 50
MAX_BYTES = 20 * 1024 * 1024
MAX_TOTAL = 100 * 1024 * 1024
MAX_PASTE = 2 * 1024 * 1024


class UploadError(ValueError):
    """An upload refused before anything is stored (one line)."""


@dataclass
class Job:
    id: str
    files: list[str]
    done: list[tuple[str, str]] = field(default_factory=list)  # (file name, what happened)
    errors: list[str] = field(default_factory=list)
    finished: bool = False
    summary: str = ""
    started: float = field(default_factory=time.time)

    @property
    def total(self) -> int:
        return len(self.files)


_JOBS: dict[str, Job] = {}
_RUNNING = threading.Lock()  # one ingest at a time from this server (the store's lock orders the rest)


def safe_name(name: str) -> str:
    """A file name to save an upload under: its last path part, no control or path characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f/:*?\"<>|]", "_", name).strip(" .")
    return name[:120] or "upload"


def check(name: str, data: bytes) -> str:
    """The name to store a file under; UploadError when its kind or size is refused."""
    clean = safe_name(name)
    suffix = Path(clean).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadError(f"{clean}：不支持的文件类型（可上传 {' '.join(SUFFIXES)}）")
    if len(data) > MAX_BYTES:
        raise UploadError(f"{clean}：文件超过 {MAX_BYTES // (1024 * 1024)} MB")
    if not data:
        raise UploadError(f"{clean}：空文件")
    if suffix == ".pdf" and not data[:1024].lstrip().startswith(b"%PDF"):
        raise UploadError(f"{clean}：不是 PDF 文件")
    if suffix == ".docx" and not data.startswith(b"PK"):
        raise UploadError(f"{clean}：不是 Word（.docx）文件")
    if suffix in (".txt", ".html", ".htm", ".shtml") and b"\x00" in data[:4096] and not data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UploadError(f"{clean}：不是文本文件")
    return clean


def save(db: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    """Save checked uploads under ``<db>.uploads/<time>/``; returns their paths."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    folder = db.with_name(db.name + ".uploads") / stamp
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files:
        path = folder / name
        n = 1
        while path.exists():
            path = folder / f"{Path(name).stem}_{n}{Path(name).suffix}"
            n += 1
        path.write_bytes(data)
        paths.append(path)
    return paths


def start(db: Path, paths: list[Path]) -> Job:
    job = Job(uuid.uuid4().hex[:12], [p.name for p in paths])
    _JOBS[job.id] = job
    threading.Thread(target=_run, args=(db, paths, job), name=f"policydocs-ingest-{job.id}", daemon=True).start()
    return job


def get(job_id: str) -> Job | None:
    return _JOBS.get(job_id)


def _run(db: Path, paths: list[Path], job: Job) -> None:
    with _RUNNING:
        added = 0
        try:
            for path in paths:
                lines: list[str] = []
                report = ingest([path], db=db, link=False, progress=False, log=lines.append)
                job.errors += lines
                if report.failed:
                    job.done.append((path.name, "失败"))
                elif report.added or report.replaced:
                    added += 1
                    job.done.append((path.name, f"已入库，{report.statements} 条目标/实绩"))
                elif report.duplicates:
                    job.done.append((path.name, f"与已入库的 {report.duplicates[0][1]} 内容相同"))
                else:
                    job.done.append((path.name, "已在库中，未改变"))
            from policydocs.link import link

            job.summary = link(db).summary() if added else "没有新文件"
        except Exception as exc:  # the page must say so, not hang
            job.errors.append(f"error: {printable(f'{type(exc).__name__}: {exc}')}")
        finally:
            job.finished = True
