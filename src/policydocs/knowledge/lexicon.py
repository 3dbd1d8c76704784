"""Word segmentation with the policy lexicon (``extractors/lexicons/*.txt``).

The lexicon files are jieba user dictionaries (``word freq pos``, one per line). They are loaded
once, lazily, into a *private* ``jieba.Tokenizer`` so that the terms do not leak into other users
of the global ``jieba`` dictionary (spaCy's jieba segmenter, other libraries). Loading the base
dictionary costs ~0.7 s the first time (jieba's own cache in the temp directory); after that
:func:`tokenizer` returns the cached instance.

Each listed frequency is a floor: a term is added with ``max(freq, suggest_freq(term))`` so that it
is always cut as one word whatever the base dictionary says about its parts.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from policydocs.knowledge.files import read_lines, register_loader, register_reset
from policydocs.resources import extractor_files

__all__ = ["Term", "Token", "load_terms", "tokenizer", "cut", "tokenize", "term_pos", "reset"]


@dataclass(frozen=True)
class Term:
    word: str
    freq: int | None
    pos: str | None
    source: str


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


_lock = threading.Lock()
_tokenizer = None
_terms: dict[str, Term] | None = None


def _parse_line(line: str) -> tuple[str, int | None, str | None] | None:
    line = line.strip().lstrip("\ufeff")
    if not line or line.startswith("#"):
        return None
    parts = line.split()
    word, freq, pos = parts[0], None, None
    rest = parts[1:]
    if rest and rest[0].isdigit():
        freq = int(rest.pop(0))
    if rest:
        pos = rest[0]
    return word, freq, pos


@register_loader
def load_terms(paths: list[Path] | None = None) -> dict[str, Term]:
    """All terms of the lexicon files (later files override earlier ones for the same word)."""
    if paths is None:
        paths = extractor_files("lexicons", "*.txt")
    terms: dict[str, Term] = {}
    for path in paths:
        for _, line in read_lines(path):
            word, freq, pos = _parse_line(line)
            terms[word] = Term(word, freq, pos, path.name)
    return terms


def _build():
    import jieba

    logger = logging.getLogger("jieba")
    level = logger.level
    logger.setLevel(logging.WARNING)  # silence "Building prefix dict ..." for our private instance
    try:
        tk = jieba.Tokenizer()
        tk.initialize()
    finally:
        logger.setLevel(level)
    terms = load_terms()
    for term in terms.values():
        floor = tk.suggest_freq(term.word, False)
        tk.add_word(term.word, max(term.freq or 0, floor), term.pos)
    return tk, terms


def tokenizer():
    """The cached private ``jieba.Tokenizer`` with the policy lexicon loaded."""
    global _tokenizer, _terms
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer, _terms = _build()
    return _tokenizer


@register_reset
def reset() -> None:
    """Forget the cached tokenizer (after editing lexicon files or ``POLICYDOCS_EXTRACTORS``)."""
    global _tokenizer, _terms
    with _lock:
        _tokenizer, _terms = None, None


def cut(text: str, hmm: bool = True) -> list[str]:
    """Words of ``text`` (like ``jieba.lcut`` but with the policy lexicon)."""
    return tokenizer().lcut(text, HMM=hmm)


def tokenize(text: str, hmm: bool = True) -> list[Token]:
    """Words of ``text`` with character offsets."""
    return [Token(s, e, w) for w, s, e in tokenizer().tokenize(text, HMM=hmm)]


def term_pos(word: str) -> str | None:
    """The part of speech the lexicon gives ``word`` (None if it is not a lexicon term)."""
    tokenizer()
    term = (_terms or {}).get(word)
    return term.pos if term else None
