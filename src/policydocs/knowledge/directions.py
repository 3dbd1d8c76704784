"""Which way an indicator should move (``extractors/lexicons/directions.toml``).

``[down] words``: heads of indicators where less is better (a ceiling: 失业率, 能耗); ``[up] words``:
where more is better; ``[reduction] verbs``: a target written as a cut (下降3.4%),
``level_markers``: after such a verb, a level reached instead (下降到), ``increase_verbs``: an
actual written as a rise against a cut. How they decide a direction is :mod:`policydocs.link.status`'s;
the indicator comparison (:mod:`policydocs.link.subjects`) reads the change verbs too.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import cached, read_toml, table, words
from policydocs.resources import extractor_files


@dataclass(frozen=True)
class Directions:
    # each in file order (files merged in name order, a user's first), each word once
    down: tuple[str, ...]  # [down] words
    up: tuple[str, ...]  # [up] words
    reduce: tuple[str, ...]  # [reduction] verbs
    level: tuple[str, ...]  # [reduction] level_markers
    rise: tuple[str, ...]  # [reduction] increase_verbs


# Each field, by the table and key of directions.toml it is read from.
FIELDS = {"down": ("down", "words"), "up": ("up", "words"), "reduce": ("reduction", "verbs"),
          "level": ("reduction", "level_markers"), "rise": ("reduction", "increase_verbs")}


@cached
def directions() -> Directions:
    """The words of every directions*.toml (an absent table or key: none)."""
    found: dict[str, list[str]] = {name: [] for name in FIELDS}
    for path in extractor_files("lexicons", "directions*.toml"):
        data = read_toml(path)
        for name, (table_name, key) in FIELDS.items():
            for w in words(path, table(path, data, table_name), key, f"[{table_name}] "):
                if w not in found[name]:
                    found[name].append(w)
    return Directions(**{name: tuple(ws) for name, ws in found.items()})


__all__ = ["Directions", "FIELDS", "directions"]
