"""Reading the files of ``extractors/``: one error policy for all of them, and one reset.

A file that cannot be read or does not hold what it should is one :class:`KnowledgeError`
naming the file and, where the parser knows it, the line: it is never skipped in silence, since
a word list that quietly goes missing changes every statement after it.

Every cache of loaded knowledge, in whatever stage it lives, registers how to clear itself here
(:func:`register_reset`, :func:`cached`), so that :func:`reset` (``policydocs.knowledge.reset``)
makes every loader read the files again: this layer is the lowest and cannot import the loaders.
"""

from __future__ import annotations

import csv
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

from policydocs.errors import InputError

F = TypeVar("F", bound=Callable)


class KnowledgeError(InputError):
    """A file of extractors/ that cannot be used; ``str(err)`` is one line: file, line, reason."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(str(path), reason)


def _decode(path: str | Path) -> str:
    """The file's text; bytes that are not UTF-8 are an error naming their line."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise KnowledgeError(path, f"cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise KnowledgeError(path, f"line {line}: not UTF-8 text ({exc.reason})") from None


def read_toml(path: str | Path) -> dict:
    """The file's TOML as a dict."""
    text = _decode(path)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # (its message ends "(at line N, column M)")
        raise KnowledgeError(path, f"not valid TOML: {exc}") from None


def read_lines(path: str | Path) -> list[tuple[int, str]]:
    """(line number, text) of every line that is not blank or a ``#`` comment, stripped, with a
    leading byte-order mark dropped: the format of the word lists (``.list``, ``.txt``)."""
    out = []
    for number, line in enumerate(_decode(path).splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if line and not line.startswith("#"):
            out.append((number, line))
    return out


def read_csv(path: str | Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a CSV file with a header holding at least ``columns``; a missing
    column, a short row or a broken quote is an error naming its line."""
    lines = _decode(path).splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise KnowledgeError(path, "empty: expected a header line")
        missing = [c for c in columns if c not in header]
        if missing:
            raise KnowledgeError(path, f"line 1: the header has no column {', '.join(missing)}")
        rows = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) < len(header):
                raise KnowledgeError(path, f"line {reader.line_num}: {len(cells)} fields,"
                                           f" the header has {len(header)}")
            rows.append((reader.line_num, dict(zip(header, cells))))
        return rows
    except csv.Error as exc:
        raise KnowledgeError(path, f"line {reader.line_num}: not valid CSV: {exc}") from None


def table(path: str | Path, data: dict, name: str) -> dict:
    """``data[name]`` when it is a table ({} when absent); another type is an error."""
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise KnowledgeError(path, f"{name} must be a table, not {type(value).__name__}")
    return value


def words(path: str | Path, data: dict, name: str, where: str = "") -> list[str]:
    """``data[name]`` when it is a list of strings ([] when absent); another type is an error."""
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise KnowledgeError(path, f"{where}{name} must be a list of strings")
    return value


def tables_of(subdir: str, pattern: str):
    """(path, name, table) of every top-level table of the TOML files ``extractors/<subdir>/<pattern>``
    (a user's file shadowing a shipped one of its name), in file order: for loaders that merge
    their files table by table; a top-level value that is not a table is an error."""
    from policydocs.resources import extractor_files

    for path in extractor_files(subdir, pattern):
        data = read_toml(path)
        for name in data:
            yield path, name, table(path, data, name)


def check_patterns(path: str | Path, where: str, patterns) -> None:
    """Each of ``patterns`` compiles as a regular expression; else an error naming it."""
    import re

    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise KnowledgeError(path, f"{where}: bad pattern {pattern!r}: {exc}") from None


# --- one reset ------------------------------------------------------------------------------------
_RESETS: list[Callable[[], None]] = []
_LOADERS: list[Callable[[], object]] = []


def register_loader(fn: F) -> F:
    """Have :func:`check` call ``fn`` (a loader taking no argument); usable as a decorator."""
    if fn not in _LOADERS:
        _LOADERS.append(fn)
    return fn


def register_reset(fn: F) -> F:
    """Have :func:`reset` call ``fn`` (a loader's cache clearing); usable as a decorator."""
    if fn not in _RESETS:
        _RESETS.append(fn)
    return fn


def cached(func: F) -> F:
    """A loader read once (``lru_cache(maxsize=1)``) until :func:`reset`."""
    wrapped = lru_cache(maxsize=1)(func)
    register_reset(wrapped.cache_clear)
    register_loader(wrapped)
    return wrapped


def reset() -> None:
    """Forget every loaded file of extractors/ (after editing one or ``POLICYDOCS_EXTRACTORS``):
    each loader reads its files again when next asked."""
    for fn in list(_RESETS):
        fn()


def check() -> None:
    """Load now every file the imported loaders read, so that a broken one is one KnowledgeError
    before a batch starts rather than the same error for each of its documents."""
    for fn in list(_LOADERS):
        fn()


__all__ = ["KnowledgeError", "read_toml", "read_lines", "read_csv", "table", "words", "tables_of", "check_patterns",
           "register_reset", "register_loader", "cached", "reset", "check"]
