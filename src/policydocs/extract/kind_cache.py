"""The kind classifier's scorer kept on disk, so that a new process scores without training.

Training costs every process about 1.2 s at first use (importing scikit-learn and fitting), paid
again by each ``ingest --jobs`` worker and by every ``policydocs ingest`` of a few files. After a
process has trained, it writes what :class:`~policydocs.extract.kind_linear.LinearScorer` reads
(arrays and names in numpy's ``.npz``: no pickle) to the cache; a later process reads it back
instead (a few milliseconds, no scikit-learn import) and scores exactly as the trained model does.

The file is named by a digest of everything the model depends on: the training rows and the cue
lexicons (the files ``extractor_files`` finds, a user's own included), the source of the
extraction code that turns a clause into features, and the versions of numpy, scipy and
scikit-learn. Any change gives another name, so a stale model is never read: the model is
trained again and stored under the new one.

Where: ``$POLICYDOCS_CACHE`` if set (set and empty: no cache), else ``$XDG_CACHE_HOME/policydocs``
or ``~/.cache/policydocs``. A cache that cannot be read or written is not used; nothing fails.
"""

from __future__ import annotations

import hashlib
import os
from importlib import metadata
from pathlib import Path

from policydocs.resources import extractor_files

_PACKAGE = Path(__file__).resolve().parents[1]
# The code between a clause and its scores: features, cues and their prefilters, scoring.
_CODE = ("extract/*.py", "clean/needs.py", "resources.py")


def cache_dir() -> Path | None:
    configured = os.environ.get("POLICYDOCS_CACHE")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policydocs"


def digest() -> str:
    """What the trained model depends on, as one hash."""
    h = hashlib.sha256()
    files = extractor_files("training", "kind*.jsonl") + extractor_files("lexicons", "cues*.toml")
    files += sorted(p for pattern in _CODE for p in _PACKAGE.glob(pattern))
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for dist in ("numpy", "scipy", "scikit-learn"):
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?\0".encode())
    return h.hexdigest()[:24]


def _path() -> Path | None:
    folder = cache_dir()
    return folder / f"kind-{digest()}.npz" if folder is not None else None


def load():
    """The cached scorer for the current training data and code, or None."""
    import numpy as np

    from policydocs.extract.kind_linear import LinearScorer

    try:
        path = _path()
        if path is None or not path.is_file():
            return None
        with np.load(path, allow_pickle=False) as arrays:
            return LinearScorer.from_arrays({name: arrays[name] for name in arrays.files})
    except (OSError, ValueError, KeyError):  # unreadable or half-written by another version: train instead
        return None


def save(scorer) -> None:
    """Store ``scorer`` for later processes (written whole, then renamed: readers never see half a file)."""
    import numpy as np

    try:
        path = _path()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.stem}.{os.getpid()}.partial.npz")
        np.savez(partial, **scorer.to_arrays())
        os.replace(partial, path)
        _prune(path)
    except OSError:
        pass  # a read-only home, a full disk: every process trains, as before


KEEP = 4  # scorers kept (~0.5 MB each): each edit of the training data or upgrade leaves one behind


def _prune(newest: Path) -> None:
    """Remove all but the KEEP most recently written scorers (another version's just trains again)."""
    older = sorted((p for p in newest.parent.glob("kind-*.npz") if p != newest and ".partial" not in p.name),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in older[KEEP - 1:]:
        stale.unlink(missing_ok=True)


__all__ = ["cache_dir", "digest", "load", "save", "KEEP"]
