"""The genre's word lists (``extractors/vocabulary/*.toml``), and patterns composed from them.

Code keeps grammar (how a figure, a date, a heading number is built); the words it looks for
(cue words, verbs, heading words, page furniture) live in ``extractors/vocabulary/``, once, each
list with its meaning and where it came from::

    [past_cue]
    meaning = "words that place a sentence's figure in the past: it reports a result"
    source = "the review sections of the 2014-2019 work reports"
    words = ["去年", "上年", "过去"]

``words`` are literal (escaped into a pattern); ``patterns`` are regular expressions, for the few
entries that need one (``(?:拨付|配备|落实)到位``). A list has one or the other, and its order is
kept: an alternation tries its words in the order written, as the code it replaced did.

:func:`pattern` writes a regular expression in which ``{name}`` stands for the list ``name`` as a
non-capturing alternation, compiled when first used and again after :func:`reset
<policydocs.knowledge.reset>`:

    >>> from policydocs.knowledge.vocabulary import alternation, pattern, vocabulary
    >>> vocabulary()["bound_after"].words
    ('及以上', '及以下', '以上', '以下', '以内', '左右')
    >>> cue = pattern(r"{bound_after}?的目标")
    >>> cue.search("增长5%左右的目标").group()
    '左右的目标'

A list named twice (in two files or one), a key other than the four above, a list that is empty
or not of strings is one :class:`~policydocs.knowledge.files.KnowledgeError` naming the file and
the line of the list. A user's file of the same name (``POLICYDOCS_EXTRACTORS``) replaces the
shipped one; a new file adds lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from policydocs.knowledge.files import KnowledgeError, cached, read_toml, register_reset
from policydocs.resources import extractor_files

_KEYS = {"meaning", "source", "words", "patterns"}
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


@dataclass(frozen=True)
class WordList:
    name: str
    entries: tuple[str, ...]  # words (literal) or patterns, in the order written
    literal: bool  # entries are words, not regular expressions
    meaning: str
    source: str
    path: Path

    @property
    def words(self) -> tuple[str, ...]:
        """The entries as written (for a list of words: the words)."""
        return self.entries

    @property
    def regex(self) -> str:
        """The entries as one alternation, in their order: ``去年|上年|过去``."""
        return "|".join(re.escape(e) if self.literal else e for e in self.entries)


def _line_of(text: str, name: str) -> int:
    """The line of ``[name]`` in a TOML file (1 when it cannot be found)."""
    m = re.search(rf"^[ \t]*\[[ \t]*\"?{re.escape(name)}\"?[ \t]*\]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _read(path: Path, into: dict[str, WordList]) -> None:
    data = read_toml(path)
    text = path.read_text(encoding="utf-8")
    for name, spec in data.items():
        where = f"line {_line_of(text, name)}: [{name}]"
        if not isinstance(spec, dict):
            raise KnowledgeError(path, f"{where} must be a table with meaning, source and words")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
            raise KnowledgeError(path, f"{where}: a list's name is lower-case letters, digits and _")
        unknown = sorted(set(spec) - _KEYS)
        if unknown:
            raise KnowledgeError(path, f"{where}: unknown key {', '.join(unknown)}"
                                       f" (expected meaning, source, and words or patterns)")
        if ("words" in spec) == ("patterns" in spec):
            raise KnowledgeError(path, f"{where}: give either words (literal) or patterns (regular expressions)")
        literal = "words" in spec
        entries = spec["words" if literal else "patterns"]
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e for e in entries):
            raise KnowledgeError(path, f"{where}: {'words' if literal else 'patterns'}"
                                       f" must be a non-empty list of non-empty strings")
        for key in ("meaning", "source"):
            if not isinstance(spec.get(key, ""), str):
                raise KnowledgeError(path, f"{where}: {key} must be a string")
        if not spec.get("meaning"):
            raise KnowledgeError(path, f"{where}: say what the list means (meaning = \"...\")")
        if not literal:
            for entry in entries:
                try:
                    re.compile(entry)
                except re.error as exc:
                    raise KnowledgeError(path, f"{where}: pattern {entry!r} is not a regular expression: {exc}") from None
        if name in into:
            raise KnowledgeError(path, f"{where}: the list is already defined in {into[name].path}")
        into[name] = WordList(name, tuple(entries), literal, spec["meaning"], spec.get("source", ""), path)


@cached
def vocabulary() -> dict[str, WordList]:
    """Every list of ``extractors/vocabulary/*.toml`` by name."""
    lists: dict[str, WordList] = {}
    for path in extractor_files("vocabulary", "*.toml"):
        _read(path, lists)
    return lists


def words(name: str) -> tuple[str, ...]:
    """The entries of one list; an unknown name is a KeyError naming it."""
    return _get(name).entries


def alternation(name: str) -> str:
    """The list as a regex alternation without a group: ``去年|上年|过去``."""
    return _get(name).regex


def _get(name: str) -> WordList:
    try:
        return vocabulary()[name]
    except KeyError:
        raise KeyError(f"no word list {name!r} in extractors/vocabulary/*.toml") from None


def compose(template: str) -> str:
    """``template`` with each ``{name}`` replaced by ``(?:`` the list's alternation ``)``."""
    return _PLACEHOLDER.sub(lambda m: f"(?:{alternation(m.group(1))})", template)


_ATTRS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern",
          "flags", "groups", "groupindex")


class Pattern:
    """A compiled regular expression composed from the word lists, built when first used.

    It answers as the ``re.Pattern`` it wraps (``search``, ``match``, ``finditer`` …), whose bound
    methods it keeps as its own attributes after the first use, so a call costs what it did on a
    module-level ``re.compile``. :func:`policydocs.knowledge.reset` drops them: the next use reads
    the lists again.
    """

    def __init__(self, template: str, flags: int = 0):
        self.template = template
        self.flags_given = flags
        _PATTERNS.append(self)

    @property
    def compiled(self) -> re.Pattern:
        return self.__getattr__("_compiled")

    def __getattr__(self, attr: str):
        if attr.startswith("__") or attr in ("template", "flags_given"):
            raise AttributeError(attr)
        compiled = re.compile(compose(self.template), self.flags_given)
        self.__dict__["_compiled"] = compiled
        for name in _ATTRS:
            self.__dict__[name] = getattr(compiled, name)
        return self.__dict__[attr] if attr in self.__dict__ else getattr(compiled, attr)

    def _forget(self) -> None:
        for name in (*_ATTRS, "_compiled"):
            self.__dict__.pop(name, None)

    def __repr__(self) -> str:
        return f"vocabulary.Pattern({self.template!r})"


_PATTERNS: list[Pattern] = []


def pattern(template: str, flags: int = 0) -> Pattern:
    """A :class:`Pattern`: ``template`` with ``{name}`` for each word list it uses."""
    return Pattern(template, flags)


@register_reset
def _forget_patterns() -> None:
    for p in _PATTERNS:
        p._forget()


__all__ = ["WordList", "vocabulary", "words", "alternation", "compose", "pattern", "Pattern"]
