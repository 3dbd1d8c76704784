"""Comparator words with the operator each means (``extractors/lexicons/comparators.toml``).

One list for everyone: the figure reader (:mod:`policydocs.extract.numbers`) takes the words
written right before or after a figure, the field reader (:mod:`policydocs.extract.fields`) turns
them into the statement's ``comparator``. Before, each kept its own list and they disagreed:
不到 and 及以上 were read next to a figure but had no operator, so 失业率不到5% was ``=``.

    >>> from policydocs.knowledge.comparators import comparators
    >>> c = comparators()
    >>> c.before["不到"], c.after["及以上"], c.before["达到"]
    ('<', '>=', '')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from policydocs.knowledge.files import KnowledgeError, read_toml, register_loader, register_reset
from policydocs.resources import extractor_files

OPERATORS = (">=", "<=", ">", "<", "~", "")  # "" : the word introduces the level itself (=)


@dataclass(frozen=True)
class Comparators:
    before: dict[str, str]  # word written right before a figure → operator
    after: dict[str, str]  # right after it
    following: dict[str, str]  # later after it (5%上下徘徊)
    approx: dict[str, str]  # hedges on the figure itself (余, 多, 近, 约, 左右)

    def operator_after(self, word: str) -> str | None:
        return self.after.get(word) or self.following.get(word) or None


@register_loader
@lru_cache(maxsize=1)
def comparators() -> Comparators:
    tables: dict[str, dict[str, str]] = {"before": {}, "after": {}, "following": {}, "approx": {}}
    for path in extractor_files("lexicons", "comparators*.toml"):
        data = read_toml(path)
        for name, words in data.items():
            if name not in tables or not isinstance(words, dict):
                raise KnowledgeError(path, f"unknown table [{name}] (expected one of {', '.join(tables)})")
            for word, operator in words.items():
                if operator not in OPERATORS:
                    raise KnowledgeError(path, f"{word} = {operator!r}: the operator must be one of"
                                               f" {', '.join(repr(o) for o in OPERATORS)}")
                tables[name][word] = operator
    return Comparators(**tables)


@register_reset
def reset() -> None:
    comparators.cache_clear()


__all__ = ["Comparators", "comparators", "OPERATORS", "reset"]
