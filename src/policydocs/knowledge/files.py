"""Reading the files of ``extractors/``: one error policy for all of them.

A file that cannot be read or does not hold what it should is one :class:`KnowledgeError`
naming the file and, where the parser knows it, the line: it is never skipped in silence, since
a word list that quietly goes missing changes every statement after it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from policydocs.errors import InputError


class KnowledgeError(InputError):
    """A file of extractors/ that cannot be used; ``str(err)`` is one line: file, line, reason."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(str(path), reason)


def read_toml(path: str | Path) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:  # (its message ends "(at line N, column M)")
        raise KnowledgeError(path, f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise KnowledgeError(path, f"cannot read: {exc.strerror or exc}") from None


__all__ = ["KnowledgeError", "read_toml"]
