"""Sentence and clause splitting with character offsets.

Cleaned text may carry full-width (，；：（）) or half-width (, ; : ( )) punctuation, depending on
whether it went through NFKC; both are handled.

Rules
-----
* A sentence ends after 。！？；… (and ! ? ;), or at a line break.
* Never inside a matched pair: “” ‘’ 「」 『』 《》 （） () 【】 〔〕 [] and ASCII "…" (paired in
  order). Pairs are matched with a stack, so a stray or truncated quote does not swallow the rest
  of the paragraph: only *matched* pairs protect their content.
* A pair closing right after an end mark (…。” / …！）) ends the sentence after the closer.
* A pair may span a line break only when it is short (≤ ``_MAX_CROSS`` characters, e.g.
  ``（PM\\n2.5\\n）`` left by an HTML subscript); longer ones are treated as unmatched.
* Spans are trimmed of whitespace (including U+3000 and zero-width spaces) and empty spans dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Span", "split_sentences", "sentence_bounds", "split_clauses", "match_pairs", "CLAUSE_MARKS", "OPENERS"]

OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")",
           "【": "】", "〔": "〕", "[": "]"}
CLOSERS = {c: o for o, c in OPENERS.items()}
_SYMMETRIC = '"'
_ENDERS = "。！？；!?;…"
_CLOSE_CHARS = "".join(CLOSERS) + _SYMMETRIC
CLAUSE_MARKS = "，、；：,;:" + "。！？!?…"
_MAX_CROSS = 16
_WS = " \t\r\n\u3000\u00a0\u200b\u200c\u200d\ufeff"
_PAIR_CHARS = re.compile("[" + re.escape("".join(OPENERS) + "".join(CLOSERS) + _SYMMETRIC) + "\n]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def match_pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) index pairs of matched brackets and quotes, in order of closing."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _PAIR_CHARS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            stack = [(c, j) for c, j in stack if i - j <= _MAX_CROSS]
        elif ch == _SYMMETRIC:
            if stack and stack[-1][0] == _SYMMETRIC:
                pairs.append((stack.pop()[1], i))
            else:
                stack.append((ch, i))
        elif ch in OPENERS:
            stack.append((ch, i))
        else:
            opener = CLOSERS[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
    return pairs


def _outer(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Outermost intervals, sorted (matched pairs nest, so these are disjoint)."""
    out: list[tuple[int, int]] = []
    for o, c in sorted(pairs):
        if out and o < out[-1][1]:
            continue
        out.append((o, c))
    return out


class _Inside:
    def __init__(self, text: str):
        self.outer = _outer(match_pairs(text))
        self.starts = [o for o, _ in self.outer]
        self.closes = {c for _, c in self.outer}

    def __call__(self, i: int) -> bool:
        k = bisect.bisect_right(self.starts, i) - 1
        return k >= 0 and self.outer[k][0] < i < self.outer[k][1]


def _trimmed(text: str, start: int, end: int, offset: int = 0) -> Span | None:
    if start < end and text[start] not in _WS and text[end - 1] not in _WS:
        return Span(start + offset, end + offset, text[start:end])  # the usual case: nothing to trim
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    if start >= end:
        return None
    return Span(start + offset, end + offset, text[start:end])


def _absorb(text: str, i: int, closes: set[int]) -> int:
    """Extend a sentence end over further end marks and closing quotes/brackets."""
    n = len(text)
    while i < n and (text[i] in _ENDERS or (text[i] in _CLOSE_CHARS and (text[i] != '"' or i in closes))):
        i += 1
    return i


_CANDIDATES = re.compile("[\n" + re.escape(_ENDERS + _CLOSE_CHARS) + "]")


def _after_ender(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in _CLOSE_CHARS:
        j -= 1
    return j >= 0 and text[j] in _ENDERS


def split_sentences(text: str) -> list[Span]:
    """Sentences of ``text`` as spans (offsets into ``text``)."""
    return [Span(a, b, text[a:b]) for a, b in sentence_bounds(text)]


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: :func:`split_sentences` without the spans, for
    a caller that cuts them further (segment)."""
    inside = _Inside(text)
    outer, closes = inside.outer, inside.closes
    k = 0  # the first outermost pair that closes after i (i only grows: no bisect per mark)
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATES.finditer(text):
        i = m.start()
        if i < start:
            continue
        while k < len(outer) and outer[k][1] <= i:
            k += 1
        in_pair = k < len(outer) and outer[k][0] < i
        ch = text[i]
        if ch == "\n":
            if in_pair:
                continue
            cut, nxt = i, i + 1
        elif ch in _ENDERS:
            if in_pair:
                continue
            cut = nxt = _absorb(text, i + 1, closes)
        elif i in closes and _after_ender(text, i):
            cut = nxt = _absorb(text, i + 1, closes)
        else:
            continue
        _add_trimmed(bounds, text, start, cut)
        start = nxt
    _add_trimmed(bounds, text, start, len(text))
    return bounds


def _add_trimmed(bounds: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append (start, end) less surrounding whitespace, unless nothing is left."""
    if start < end and text[start] not in _WS and text[end - 1] not in _WS:
        bounds.append((start, end))  # the usual case: nothing to trim
        return
    while start < end and text[start] in _WS:
        start += 1
    while end > start and text[end - 1] in _WS:
        end -= 1
    if start < end:
        bounds.append((start, end))


def _is_digit_sep(text: str, i: int) -> bool:
    return text[i] in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()


@lru_cache(maxsize=16)
def _marks_rx(marks: str) -> re.Pattern:
    return re.compile("[" + re.escape(marks) + "]") if marks else re.compile("(?!)")


def split_clauses(sentence: str | Span, marks: str = CLAUSE_MARKS) -> list[Span]:
    """Clauses of a sentence, split at ，、；： (and , ; :) outside quotes and brackets.

    With a ``str`` the offsets are into that string; with a :class:`Span` they are into the text
    the span came from. ``1,200`` and ``17:30`` are not split. The marks are not part of a clause.
    """
    offset = 0
    if isinstance(sentence, Span):
        sentence, offset = sentence.text, sentence.start
    rx = _marks_rx(marks)
    if "," not in sentence and ":" not in sentence and not _PAIR_CHARS.search(sentence):
        # Most sentences: no bracket or quote to protect a mark, no 1,200 or 17:30 to keep whole.
        # Every mark splits then, and rx.split finds the pieces in one call.
        return _pieces(sentence, rx.split(sentence), offset)
    inside = _Inside(sentence) if _PAIR_CHARS.search(sentence) else None
    spans: list[Span] = []
    start = 0
    for m in rx.finditer(sentence):  # a regex finds the marks: no loop over every character
        i = m.start()
        if inside is not None and inside(i) or sentence[i] in ",:" and _is_digit_sep(sentence, i):
            continue
        if start < i:  # (a mark right after a mark, or at the start: no clause between)
            span = _trimmed(sentence, start, i, offset)
            if span:
                spans.append(span)
        start = i + 1
    if start < len(sentence):
        span = _trimmed(sentence, start, len(sentence), offset)
        if span:
            spans.append(span)
    return spans


def _pieces(text: str, pieces: list[str], offset: int) -> list[Span]:
    """Spans of the pieces of ``text`` split at single-character marks (empty pieces dropped)."""
    spans: list[Span] = []
    start = 0
    for piece in pieces:
        if piece:
            end = start + len(piece)
            if piece[0] not in _WS and piece[-1] not in _WS:
                spans.append(Span(start + offset, end + offset, piece))
            else:
                span = _trimmed(text, start, end, offset)
                if span:
                    spans.append(span)
        start += len(piece) + 1  # (the mark)
    return spans
