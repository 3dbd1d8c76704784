"""Characters a regex match cannot do without: a cheap test that skips a hopeless search.

The truncation notices (``extractors/sites/*.toml``) are searched on every line of every page, and
most of them open with ``\\s*[…\\.]{0,6}\\s*``, so the regex engine tries them at every position of
the line (a third of the cleaner's time on plain text). Yet no line can match
``…(省略|略去|隐藏)了?\\s*\\d+\\s*字…`` without a 字 and one of 省略隐.
:func:`required_chars` reads those sets off the parsed pattern, and :func:`may_match` checks them
with ``in`` (a fast substring scan) before the search is tried at all.

The sets are only ever a necessary condition, so a rule's matches never change: anything the
analysis does not understand (ranges, classes, lookarounds, backreferences; letters under
IGNORECASE) adds no set.
"""

from __future__ import annotations

import re

try:  # the parser behind re.compile (private; without it there is simply no prefilter)
    from re import _constants as _c, _parser as _p
    from _sre import unicode_iscased as _iscased  # what IGNORECASE folds, as re._compiler decides
except ImportError:  # pragma: no cover
    _c = _p = _iscased = None

__all__ = ["required_chars", "may_match", "first_chars"]

_MAX_SETS = 3
_ANCHORED = ((_c.AT, _c.AT_BEGINNING), (_c.AT, _c.AT_BEGINNING_STRING)) if _c else ()


def required_chars(pattern: re.Pattern, *, opening_literal: bool = False) -> tuple[frozenset[str], ...]:
    """Sets of characters such that every match holds at least one character of each set.

    A pattern that opens with a literal gets none unless ``opening_literal``: the engine scans for
    that character itself, so one search costs about what the test would. A caller with many
    patterns per text (the kind classifier's cues) still gains: one set lookup picks the few to try.
    """
    if _p is None or not isinstance(pattern.pattern, str):
        return ()
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        if tree and ((tree[0][0] is _c.LITERAL and not opening_literal) or tree[0] in _ANCHORED):
            return ()  # the engine is fast on these already: it scans for the literal, or tries once
        sets = _needs(tree, bool(pattern.flags & re.IGNORECASE))
    except Exception:  # an unexpected parse tree: no prefilter rather than a wrong one
        return ()
    # Sets of CJK characters are the rarest on a line; ASCII and punctuation ones are tried last.
    # Three sets reject nearly every line that can be rejected; more would cost more than they save.
    ranked = sorted(set(sets), key=lambda s: (sum(not "\u3400" <= c <= "\u9fff" for c in s), len(s), sorted(s)))
    return tuple(ranked[:_MAX_SETS])


def _needs(items, fold: bool) -> list[frozenset[str]]:
    """``fold``: IGNORECASE is on, so only characters without case (ideographs, punctuation) count."""
    out: list[frozenset[str]] = []
    for op, av in items:
        if op is _c.LITERAL:
            if not (fold and _iscased(av)):
                out.append(frozenset(chr(av)))
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            if not (fold and any(_iscased(v) for _, v in av)):
                out.append(frozenset(chr(v) for _, v in av))
        elif op is _c.SUBPATTERN:
            _, add, remove, sub = av
            out.extend(_needs(sub, (fold or bool(add & re.IGNORECASE)) and not remove & re.IGNORECASE))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_needs(av[2], fold))
        elif op is _c.BRANCH:
            # One alternative matches: each must need something, and any of those will do.
            alts = [_needs(alt, fold) for alt in av[1]]
            if alts and all(alts):
                out.append(frozenset().union(*(min(a, key=len) for a in alts)))
    return out


def may_match(needs: tuple[frozenset[str], ...], text: str) -> bool:
    """False when ``text`` lacks every character of one of the sets: the regex cannot match."""
    for chars in needs:
        for ch in chars:
            if ch in text:
                break
        else:
            return False
    return True


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """For a pattern anchored at the start (``^…``): the characters a matching text can open with.

    None when the pattern is not anchored or its opening is not plain literals (``\\d``, ``.``, …).
    """
    # (with MULTILINE, ^ is the start of any line; the parser writes it as the start of the text)
    if _p is None or pattern.flags & (re.IGNORECASE | re.MULTILINE) or not isinstance(pattern.pattern, str):
        return None
    try:
        tree = list(_p.parse(pattern.pattern, pattern.flags))
        if not tree or tree[0] not in _ANCHORED:
            return None
        chars, empty = _first(tree[1:])
    except Exception:  # an unexpected parse tree: no prefilter rather than a wrong one
        return None
    return None if chars is None or empty else frozenset(chars)


def _first(items) -> tuple[set[str] | None, bool]:
    """(the characters a sequence can open with, None if unknown; whether it can match empty)."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars, empty = {chr(av)}, False
        elif op is _c.IN and av and all(o is _c.LITERAL for o, _ in av):
            chars, empty = {chr(v) for _, v in av}, False
        elif op is _c.SUBPATTERN and not av[1] & re.IGNORECASE:
            chars, empty = _first(av[3])
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            chars, empty = _first(av[2])
            empty = empty or av[0] == 0
        elif op is _c.BRANCH:
            alts = [_first(alt) for alt in av[1]]
            if any(a is None for a, _ in alts):
                return None, False
            chars, empty = set().union(*(a for a, _ in alts)), any(e for _, e in alts)
        else:
            return None, False
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True
