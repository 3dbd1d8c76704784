"""Cue words of the kind classifier (``extractors/lexicons/cues*.toml``), as lists per table and key.

Each entry is a regular expression (a plain word is one too): ``[text]`` and ``[heading]`` hold a
list per label (target, actual, none, shared; ``[heading] achievement``), ``[mood]`` the directive
and narrative cues, ``[quantity] marks`` the hedges and comparators found on a figure. Every
pattern is checked to compile here; the cue indexes are built by :mod:`policydocs.extract.cues`.

A user's ``cues.toml`` in ``POLICYDOCS_EXTRACTORS`` shadows the shipped one; a ``cues_*.toml``
adds entries (each entry once per key, in file order).
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import cached, check_patterns, tables_of, words


@dataclass(frozen=True)
class CueLists:
    tables: dict[str, dict[str, tuple[str, ...]]]  # table → key → patterns, in file order

    def get(self, table: str, key: str) -> tuple[str, ...]:
        """The patterns of ``[table] key`` (none when either is absent)."""
        return self.tables.get(table, {}).get(key, ())


@cached
def cue_lists() -> CueLists:
    data: dict[str, dict[str, list[str]]] = {}
    for path, name, entries in tables_of("lexicons", "cues*.toml"):
        for key in entries:
            cues = words(path, entries, key, f"[{name}] ")
            check_patterns(path, f"[{name}] {key}", cues)
            found = data.setdefault(name, {}).setdefault(key, [])
            found += [w for w in cues if w not in found]
    return CueLists({name: {key: tuple(ws) for key, ws in keys.items()} for name, keys in data.items()})


__all__ = ["CueLists", "cue_lists"]
