"""Errors a user sees: one line, naming the file and the reason."""

from __future__ import annotations

import re

# What must not reach a terminal or a log line as it is: control characters (a newline splits the
# line, an escape sequence rewrites the screen), Unicode line and paragraph separators, the
# bidirectional controls that reorder what is shown (U+202E makes "gpj.exe" read "exe.jpg"), and
# the lone surrogates that stand for undecodable bytes of a file name (printing them raises).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(name: str) -> str:
    """``name`` (a file name, a URL, a reason quoting one) as one safe line: each unsafe character
    written as its escape (``\\n``, ``\\x1b``, ``\\u202e``); everything else as it is."""
    return _UNSAFE.sub(_escape, str(name))


def _escape(match: re.Match) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class InputError(Exception):
    """A file that cannot be processed. ``str(err)`` is the one-line message for the user."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{printable(source)}: {printable(reason)}")
        self.source = source
        self.reason = reason


class StoreError(Exception):
    """A database problem the user can act on; ``str(err)`` is one line."""


class ClusterError(Exception):
    """A cluster that cannot do an ingest's work (``ingest --cluster``): ``str(err)`` is one line
    that says why and what to do."""
