"""Words about indicators (``extractors/lexicons/indicators.toml``), in one typed object.

* ``[lists] shared_prefixes``: per-unit bases written once before the items of a 分别 list
  (单位国内生产总值), and ``[lists.contractions]``: one word naming two items (城乡居民 → 城镇居民,
  农村居民): read by :mod:`policydocs.extract.lists`;
* ``[generic] words``, ``[change] words``, ``[stages] start / finish``, ``[sums]`` and ``[synonyms] groups``:
  read by the indicator comparison (:mod:`policydocs.link.subjects`).

Both stages build what they search with (sorted tuples, regexes) from this object.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import KnowledgeError, cached, read_toml, table, words
from policydocs.resources import extractor_files


@dataclass(frozen=True)
class Indicators:
    # files merged in name order (a user's file shadows a shipped one of its name); each word once
    shared_prefixes: tuple[str, ...]  # [lists] shared_prefixes, in file order
    contractions: dict[str, tuple[str, ...]]  # [lists.contractions] word → its parts (the first file's)
    generic: tuple[str, ...]  # [generic] words
    change: tuple[str, ...]  # [change] words
    start: tuple[str, ...]  # [stages] start
    finish: tuple[str, ...]  # [stages] finish
    synonym_groups: tuple[tuple[str, ...], ...]  # [synonyms] groups, in file order
    sums: dict[str, tuple[str, ...]] = None  # [sums] a sum → its parts (the first file's)


def _add(found: list[str], new: list[str]) -> None:
    found += [w for w in new if w not in found]


@cached
def indicators() -> Indicators:
    prefixes: list[str] = []
    contractions: dict[str, tuple[str, ...]] = {}
    generic: list[str] = []
    change: list[str] = []
    stages: dict[str, list[str]] = {"start": [], "finish": []}
    groups: list[tuple[str, ...]] = []
    sums: dict[str, tuple[str, ...]] = {}
    for path in extractor_files("lexicons", "indicators*.toml"):
        data = read_toml(path)
        lists = table(path, data, "lists")
        _add(prefixes, words(path, lists, "shared_prefixes", "[lists] "))
        for short, parts in table(path, lists, "contractions").items():
            contractions.setdefault(short, tuple(words(path, {short: parts}, short, "[lists.contractions] ")))
        _add(generic, words(path, table(path, data, "generic"), "words", "[generic] "))
        _add(change, words(path, table(path, data, "change"), "words", "[change] "))
        for name, found in stages.items():
            _add(found, words(path, table(path, data, "stages"), name, "[stages] "))
        synonym_groups = table(path, data, "synonyms").get("groups", [])
        if not isinstance(synonym_groups, list):
            raise KnowledgeError(path, "[synonyms] groups must be a list of lists of strings")
        for group in synonym_groups:
            groups.append(tuple(words(path, {"groups": group}, "groups", "[synonyms] each of ")))
        for total, parts in table(path, data, "sums").items():
            sums.setdefault(total, tuple(words(path, {total: parts}, total, "[sums] ")))
    return Indicators(tuple(prefixes), contractions, tuple(generic), tuple(change),
                      tuple(stages["start"]), tuple(stages["finish"]), tuple(groups), sums)


__all__ = ["Indicators", "indicators"]
