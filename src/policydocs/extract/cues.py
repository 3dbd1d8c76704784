"""Cue words of the kind classifier, read from ``extractors/lexicons/cues*.toml``.

A cue is a word (已, 力争, 同比) or a regular expression (``(?<![主重])要(?![求素])``). :class:`CueIndex`
finds every cue of a table in a text in one pass: literals indexed by their first character,
regular expressions tried only where a character every match needs occurs. A user's ``cues.toml``
in ``POLICYDOCS_EXTRACTORS`` shadows the shipped one; a ``cues_*.toml`` adds entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policydocs.knowledge.cues import cue_lists
from policydocs.knowledge.files import cached
from policydocs.knowledge.needs import may_match, required_chars

__all__ = ["Cue", "CueIndex", "Cues", "load_cues", "LABELS"]

LABELS = ("target", "actual", "none")


class Cue:
    """One cue entry: a regular expression, tested as a plain substring when it is one (faster)."""

    __slots__ = ("name", "literal", "rx", "needs")

    def __init__(self, pattern: str):
        self.name = pattern
        self.literal = pattern if re.escape(pattern) == pattern else None
        self.rx = re.compile(pattern)
        # sets of characters every match needs: 要 of (?<![主重])要, 年 and 到/至/在 of (?:到|至|在)20\d\d年
        self.needs = required_chars(self.rx, opening_literal=True)

    def search(self, text: str) -> bool:
        if self.literal is not None:
            return self.literal in text
        return self.may_occur(text) and self.rx.search(text) is not None

    def may_occur(self, text: str) -> bool:
        """False when ``text`` lacks a character every match needs (a substring test, 3× cheaper than a search)."""
        return may_match(self.needs, text)

    def starts(self, text: str) -> bool:
        return text.startswith(self.literal) if self.literal is not None else self.rx.match(text) is not None


class CueIndex:
    """Every cue of a table found in one pass over the characters of a text.

    A literal cue is tested only when its first character occurs in the text, a regular
    expression only when a character every match needs does (要 of ``(?<![主重])要``, 年 of
    ``(?:到|至)20\\d\\d年``): one set intersection picks the few cues worth testing.
    """

    def __init__(self, cues: dict[str, tuple[Cue, ...]]):
        self.cues = cues  # label → cues, as read from the lexicon
        self.by_first: dict[str, list[tuple[str, str]]] = {}  # first char → [(literal, label)]
        self.patterns: list[tuple[Cue, str]] = []  # cues that are real regular expressions
        # a char every match needs → (pattern, label, the pattern's other needed sets, still to check)
        self.by_needed: dict[str, list[tuple[Cue, str, tuple]]] = {}
        self.always: list[tuple[Cue, str, tuple]] = []  # patterns that need no known character: always tried
        for label, pats in cues.items():
            for p in pats:
                if p.literal:
                    self.by_first.setdefault(p.literal[0], []).append((p.literal, label))
                    continue
                self.patterns.append((p, label))
                needed = min(p.needs, key=len, default=None)
                entry = (p, label, tuple(s for s in p.needs if s is not needed))
                for ch in needed or ():
                    self.by_needed.setdefault(ch, []).append(entry)
                if not needed:
                    self.always.append(entry)
        self.first_chars = frozenset(self.by_first)
        self.needed_chars = frozenset(self.by_needed)
        self.found = lru_cache(maxsize=8192)(self._found)  # headings repeat for every clause under them

    def _found(self, text: str) -> tuple[tuple[str, str], ...]:
        """(label, cue name) of every cue occurring in ``text``."""
        hits: set[tuple[str, str]] = set()
        chars = set(text)  # (a cue is found or not: where, and how often, is not asked)
        by_first = self.by_first
        for ch in self.first_chars & chars:
            for literal, label in by_first[ch]:
                if literal in text:
                    hits.add((label, literal))
        tried = list(self.always)
        for ch in self.needed_chars & chars:
            tried += self.by_needed[ch]
        for p, label, others in tried:  # (the set it was picked by is there: the others may not be)
            if (not others or may_match(others, text)) and p.rx.search(text):
                hits.add((label, p.name))
        return tuple(sorted(hits))

    def starting(self, text: str) -> set[str]:
        """Names of the cues ``text`` opens with."""
        out = {literal for literal, _ in self.by_first.get(text[:1], ()) if text.startswith(literal)}
        out.update(p.name for p, _ in self.patterns if p.rx.match(text))
        return out


@dataclass(frozen=True)
class Cues:
    text: CueIndex
    heading: CueIndex
    directive: tuple[Cue, ...]
    narrative: tuple[Cue, ...]
    heading_achievement: tuple[Cue, ...]
    figure_marks: tuple[str, ...]  # hedges and comparators on the figure, found as substrings


@cached
def load_cues() -> Cues:
    """The cue indexes of the kind classifier, built from :func:`policydocs.knowledge.cues.cue_lists`."""
    lists = cue_lists()

    def comp(table: str, key: str) -> tuple[Cue, ...]:
        return tuple(Cue(w) for w in lists.get(table, key))

    groups = LABELS + ("shared",)
    return Cues(CueIndex({k: comp("text", k) for k in groups}), CueIndex({k: comp("heading", k) for k in groups}),
                comp("mood", "directive"), comp("mood", "narrative"),
                comp("heading", "achievement"), lists.get("quantity", "marks"))
