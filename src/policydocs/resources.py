"""Where the declarative knowledge (``extractors/``) lives.

In a source checkout it is ``<repo>/extractors``; in an installed wheel it is packaged as
``policydocs/extractors``. ``POLICYDOCS_EXTRACTORS`` adds a directory of a user's own profiles and
lexicons, searched first, so a site can be added without touching the package.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def extractor_dirs() -> list[Path]:
    dirs: list[Path] = []
    extra = os.environ.get("POLICYDOCS_EXTRACTORS")
    if extra:
        dirs.extend(Path(p) for p in extra.split(os.pathsep) if p)
    for candidate in (_PACKAGE_DIR / "extractors", _PACKAGE_DIR.parents[1] / "extractors"):
        if candidate.is_dir():
            dirs.append(candidate)
            break
    return dirs


def extractor_files(subdir: str, pattern: str) -> list[Path]:
    """Files under ``extractors/<subdir>`` across all extractor dirs; a user's file shadows a shipped one."""
    seen: dict[str, Path] = {}
    for base in extractor_dirs():
        d = base / subdir
        if not d.is_dir():
            continue
        for path in sorted(d.glob(pattern)):
            seen.setdefault(path.name, path)
    return [seen[name] for name in sorted(seen)]
