"""Finding the document files in what a user names: files as given, folders walked.

    >>> from collections import Counter
    >>> from pathlib import Path
    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.acquire.files import expand_paths, skipped_line
    >>> tmp = TemporaryDirectory(); folder = Path(tmp.name)
    >>> for name in ["通知.txt", "讲话.html", "讲话.meta.json", "图片.png", "附件.zip", "README"]:
    ...     _ = (folder / name).write_text("…", encoding="utf-8")
    >>> skipped = Counter()
    >>> [Path(p).name for p in expand_paths([folder], skipped)]   # .txt .html .pdf .docx, sorted
    ['讲话.html', '通知.txt']
    >>> skipped_line(skipped)                 # the sidecar is read with its document, not skipped
    '3 skipped: .png .zip (no suffix)'
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Iterable

from policydocs.acquire.sidecar import SUFFIX as SIDECAR_SUFFIX
from policydocs.errors import printable

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".pdf", ".docx")
NO_SUFFIX = "(no suffix)"


def expand_paths(paths: Iterable[str | Path], skipped: Counter | None = None,
                 suffixes: tuple[str, ...] = DOCUMENT_SUFFIXES) -> list[str]:
    """Files as given; a directory becomes its document files (recursively, sorted). The other
    files of a directory are counted by suffix into ``skipped`` (``.meta.json`` sidecars are not:
    they are read with their document)."""
    out: list[str] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if not p.is_file():
                    continue
                if p.suffix.lower() in suffixes:
                    out.append(str(p))
                elif skipped is not None and not p.name.lower().endswith(SIDECAR_SUFFIX):
                    skipped[p.suffix.lower() or NO_SUFFIX] += 1
        else:
            out.append(str(item))
    return out


def skipped_line(skipped: Counter) -> str:
    """``3 skipped: .png .zip`` (the most frequent suffix first, files without one last), or ''."""
    if not skipped:
        return ""
    order = sorted(skipped, key=lambda s: (s == NO_SUFFIX, -skipped[s], s))
    return f"{sum(skipped.values())} skipped: " + " ".join(printable(s) for s in order)


__all__ = ["expand_paths", "skipped_line", "DOCUMENT_SUFFIXES"]
