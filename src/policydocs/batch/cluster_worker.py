"""What a cluster worker runs for ``policydocs ingest --cluster`` (policydocs.batch.cluster): the
per-document work on bytes the writer sent, and the knowledge that work reads.

A worker on another machine has its own copy of policydocs, its libraries and jieba's dictionary,
and perhaps none of this machine's own extractors (``POLICYDOCS_EXTRACTORS``). What is data travels:
the writer sends the files of ``extractors/`` as it sees them (a user's files shadowing the shipped
ones), and each worker reads only those. What is code cannot travel, so it is compared: the digest
of policydocs' modules, jieba's dictionary, and the versions of the libraries whose output is
stored (:func:`fingerprint`). A difference is one error line naming it, before the first document.

    >>> from policydocs.batch.cluster_worker import fingerprint, knowledge_files, process_input
    >>> files, digest = knowledge_files()
    >>> "sites/_generic.toml" in files and len(digest)
    64
    >>> sorted(fingerprint())[:3]
    ['beautifulsoup4', 'charset-normalizer', 'extractors']
    >>> data = open("corpora/seeds/004_4ae4994329b90035.txt", "rb").read()
    >>> kind, rows = process_input("in/004_4ae4994329b90035.txt", data, {}, frozenset(), False)
    >>> kind, rows.doc, rows.source
    ('rows', '004_4ae4994329b90035', 'in/004_4ae4994329b90035.txt')
    >>> process_input("in/scan.txt", b"\\x89PNG\\r\\n", {}, frozenset(), False)
    ('error', 'PNG image, not a document: run OCR first')
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

from policydocs.batch.work import process_input  # noqa: F401  (a worker's task calls it here: tests patch it)

# The libraries whose version can change what processing stores (decoding, HTML extraction,
# conversion, segmentation); a worker with another version would store another database.
OUTPUT_LIBRARIES = ("beautifulsoup4", "charset-normalizer", "jieba", "lxml", "opencc", "pdfminer.six",
                    "pdfplumber", "python-docx", "readability-lxml", "selectolax", "trafilatura")

_worker_fingerprint: dict[str, str] | None = None  # this worker's, once the writer's knowledge is set up
_warm = False  # whether this worker loaded what the knowledge gives
_setting_up = threading.Lock()  # (a worker may run several threads)


# --- what a document needs -----------------------------------------------------------------------

class KnowledgeMismatch(Exception):
    """This worker would store other results than the writer (``str``: one line)."""


_batches: dict[str, tuple[frozenset[str], bool]] = {}  # batch → (content hashes stored already, force)


def begin_batch(batch: str, files: dict[str, bytes], digest: str, known: frozenset[str], force: bool) -> None:
    """What a batch's tasks need on this worker: the writer's knowledge ``files`` (whose digest is
    ``digest``) and what the store holds (``known``). Run on every worker of the cluster, and on
    every worker that joins or is restarted during the batch (batch.cluster.BatchPlugin)."""
    set_up(files, digest)
    _batches[batch] = (known, force)


def end_batch(batch: str) -> None:
    _batches.pop(batch, None)


def run_task(batch: str, items: list[tuple], expected: dict[str, str]) -> list[tuple]:
    """A task: [(source, data, declared)] → their results, on a worker whose :func:`fingerprint`
    (taken when the writer's knowledge was set up) is the writer's, ``expected``."""
    if _worker_fingerprint != expected:
        diff = differences(expected, _worker_fingerprint or {})
        raise KnowledgeMismatch(f"a worker would store other results than this machine: {'; '.join(diff)}")
    if batch not in _batches:
        raise KnowledgeMismatch(f"a worker was not given the batch {batch} (its set-up failed?)")
    if not _warm:
        warm_up()
    known, force = _batches[batch]
    return [process_input(source, data, declared, known, force) for source, data, declared in items]


def set_up(files: dict[str, bytes], digest: str) -> dict[str, str]:
    """Read the writer's knowledge ``files`` from now on; this worker's :func:`fingerprint`. (What
    the files give, jieba with the policy lexicon above all, is loaded by the first task.)"""
    global _worker_fingerprint, _warm
    with _setting_up:
        if _worker_fingerprint is None or _worker_fingerprint.get("extractors") != digest:
            use_knowledge(files, digest)
            _worker_fingerprint, _warm = fingerprint(), False
    return _worker_fingerprint


def worker_fingerprint() -> dict[str, str] | None:
    return _worker_fingerprint


# --- the knowledge ----------------------------------------------------------------------------

def knowledge_files() -> tuple[dict[str, bytes], str]:
    """Every file of extractors/ as this process reads it ({relative path: bytes}, the first
    extractor dir holding a path winning, as in policydocs.resources), and their digest."""
    from policydocs.resources import extractor_dirs

    files: dict[str, bytes] = {}
    for base in extractor_dirs():
        for path in sorted(base.rglob("*")):
            rel = path.relative_to(base).as_posix()
            if path.is_file() and rel not in files and not _scratch(rel):
                files[rel] = path.read_bytes()
    return files, _digest(files)


def _scratch(rel: str) -> bool:
    """A file no loader reads: caches, editor and partial-write leftovers (names starting with a dot)."""
    return any(part.startswith(".") or part == "__pycache__" for part in rel.split("/"))


def _digest(files: dict[str, bytes]) -> str:
    h = hashlib.sha256()
    for rel in sorted(files):
        h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(files[rel]).digest())
    return h.hexdigest()


def use_knowledge(files: dict[str, bytes], digest: str) -> str:
    """Make this process read ``files`` (sent by the writer) as its extractors/: written once per
    machine under the temp directory, named by their digest, then put first as
    ``POLICYDOCS_EXTRACTORS`` with every loaded file forgotten. The digest of what the process now
    reads (the same, unless its own installed extractors/ hold files the writer's do not)."""
    import policydocs.knowledge

    root = Path(tempfile.gettempdir()) / f"policydocs-knowledge-{digest[:24]}"
    if not root.is_dir() or _digest(_read_tree(root)) != digest:
        _write_tree(root, files)
    os.environ["POLICYDOCS_EXTRACTORS"] = str(root)
    policydocs.knowledge.reset()
    return knowledge_files()[1]


def _read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    """Write beside ``root`` and rename into place: the other worker processes of the machine may do
    the same at the same moment, and none may read a half-written tree."""
    import shutil

    partial = Path(tempfile.mkdtemp(prefix=f".{root.name}.", dir=root.parent))
    for rel, data in files.items():
        path = partial / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if root.exists():
        shutil.rmtree(root, ignore_errors=True)  # (a damaged copy)
    try:
        os.rename(partial, root)
    except OSError:  # another process put its copy there first: the same bytes
        shutil.rmtree(partial, ignore_errors=True)


def warm_up() -> None:
    """Load what every document needs (jieba and the policy lexicon, the kind weights) once, after
    the fingerprint was taken: stale kind weights are trained anew and written into the copy."""
    global _warm
    from policydocs.extract.kind import scorer
    from policydocs.knowledge.lexicon import tokenizer

    tokenizer()
    scorer()
    _warm = True


# --- what cannot travel ---------------------------------------------------------------------

def fingerprint() -> dict[str, str]:
    """What must be the same on the writer and every worker for the same database: the code of
    policydocs, jieba's dictionary, the output libraries' versions, Python's (its Unicode
    tables), and the knowledge digest this process reads."""
    out = {"python": "%d.%d (Unicode %s)" % (*sys.version_info[:2], _unicode_version()),
           "policydocs code": _code_digest(), "jieba dictionary": _jieba_dictionary_digest(),
           "extractors": knowledge_files()[1]}
    for name in OUTPUT_LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def _unicode_version() -> str:
    import unicodedata

    return unicodedata.unidata_version


def _code_digest() -> str:
    import policydocs

    root = Path(policydocs.__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()


def _jieba_dictionary_digest() -> str:
    """The digest of the dictionary the policy tokenizer starts from (jieba's own dict.txt)."""
    import jieba

    h = hashlib.sha256()
    with jieba.get_dict_file() as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def differences(here: dict[str, str], there: dict[str, str]) -> list[str]:
    """What differs, as "name: X here, Y there" (digests shortened)."""
    def short(value: str) -> str:
        return value[:12] if len(value) == 64 else value

    return [f"{key}: {short(here.get(key, '-'))} here, {short(there.get(key, '-'))} there"
            for key in sorted(set(here) | set(there)) if here.get(key) != there.get(key)]
