"""Full-text search over Chinese text with SQLite FTS5: what is indexed and how queries are read.

The index is a contentless FTS5 table with the default ``unicode61`` tokenizer fed *overlapping
character bigrams*: every run of letters and digits becomes its bigrams plus its last character
(``医保基金`` → ``医保 保基 基金 金``). A query term becomes the phrase of its own bigrams
(``医保基`` → ``"医保 保基"``), so a term matches exactly where its characters stand next to each
other: 医共体 inside 紧密型县域医共体, 2-character words (医保) and single characters (税, as a
prefix query) alike, with no dictionary to disagree between index and query. ``bench/bench_search.py``
compares this with a jieba ``cut_for_search`` shadow column and with the FTS5 trigram tokenizer.

A second column holds filter tags (``kindtarget``, ``region大丰区``, ``year2024``) so that
``--kind``/``--region``/``--from``/``--to`` narrow the match inside FTS5 instead of joining every hit.

Query syntax (:func:`parse_query`): words (AND-ed), ``"phrases"`` (also “…”), ``AND``, ``OR``,
``NOT`` (binary: ``A NOT B``) and parentheses. Mistakes raise :class:`QueryError` with one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width ASCII and the ideographic space folded to ASCII, capitals to lower case: one
# character for one character, so offsets in the folded text are offsets in the original.
_FOLD = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
_FOLD_TABLE = {v: chr(k).lower() for k, v in _FOLD.items()}
_FOLD_TABLE.update({ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
_FOLD_TABLE[0x3000] = " "
_RUN = re.compile(r"[^\W_]+")  # what unicode61 keeps as token characters (letters, digits)

FTS_VERSION = 3  # bump when grams() or tags() change: the index is then rebuilt (3: kindcommitment)


# At each letter/digit: it and the next one if that is a letter/digit too. Over a run that gives
# exactly its bigrams and then its last character, in one C-level scan.
_GRAM = re.compile(r"(?=([^\W_]{1,2}))")
# The letters and digits that fold() changes (full-width ones, capitals). Folding never turns a
# token character into a separator or back (checked in the tests), so a text without any of
# these has the same runs folded or not, and grams() can skip the translate (most sentences).
_FOLDS_A_RUN = re.compile("[" + re.escape("".join(sorted(chr(c) for c in _FOLD_TABLE if _RUN.match(chr(c))))) + "]")


def fold(text: str) -> str:
    return text.translate(_FOLD_TABLE)


def fold_runs(text: str) -> str:
    """``text`` with its letters and digits folded as :func:`fold` does (its separators may stay
    full-width): the text itself, without a translate, when it has none to fold (most sentences)."""
    return fold(text) if _FOLDS_A_RUN.search(text) else text


def runs(text: str) -> list[str]:
    return _RUN.findall(fold(text))


def grams(text: str) -> str:
    """The indexed form of ``text``: bigrams of each run plus the run's last character."""
    return " ".join(_GRAM.findall(fold_runs(text)))


def grams_of(texts: list[str]) -> list[str]:
    """``[grams(t) for t in texts]``, computed many texts at a time (a document's sentences).

    grams() costs a regex step per character; here numpy reads the characters as code points,
    marks the letters and digits with a table made from the same regex, and writes every gram
    and its space in one go. The texts are joined with NUL marks and the result split at them.
    A text with a NUL of its own, or a character beyond the BMP (not in the table), takes grams().
    Batches of about _BATCH characters keep the arrays small (~40 bytes a character) for any
    size of document.
    """
    out: list[str] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        batch.append(text)
        size += len(text)
        if size >= _BATCH:
            out += _grams_at_once(batch)
            batch, size = [], 0
    return out + _grams_at_once(batch) if batch else out


_BATCH = 1 << 18


def _grams_at_once(texts: list[str]) -> list[str]:
    import numpy as np  # (here: searching needs no numpy)

    joined = "\0".join(texts) + "\0"
    if joined.count("\0") != len(texts) or _BEYOND_BMP.search(joined):
        return [grams(t) for t in texts]
    if _FOLDS_A_RUN.search(joined):
        joined = fold(joined)
    code = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    token = _token_table()[code]
    # One row per letter/digit: itself, the next one if that is a letter/digit too (else a
    # space), a space; and one row per NUL mark, which keeps the texts apart.
    at = np.flatnonzero(token | (code == 0))
    pair = np.zeros_like(token)
    pair[:-1] = token[:-1] & token[1:]
    rows = np.full((at.size, 3), 0x20, dtype="<u4")
    rows[:, 0] = code[at]
    rows[:, 1] = np.where(pair[at], code[np.minimum(at + 1, code.size - 1)], 0x20)
    # A run's last character leaves two spaces ("金  "): one, as " ".join leaves
    out = rows.tobytes().decode("utf-32-le", "surrogatepass").replace("  ", " ")
    return [piece.strip(" ") for piece in out.split("\0")[:-1]]


_BEYOND_BMP = re.compile("[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def _token_table():
    """For each BMP code point: is it a letter/digit as _RUN reads it (what grams() keeps)?"""
    import numpy as np

    table = np.zeros(0x10000, dtype=bool)
    for m in _RUN.finditer("".join(map(chr, range(0x10000)))):
        table[m.start() : m.end()] = True
    return table


def tags(kinds, regions, year: int | None, date: str | None = None) -> str:
    """Filter tags of a sentence (sorted, so that the same facts always give the same string).

    ``year{Y}`` for the document's year; with a date also ``month{YYYYMM}``, without one
    ``yearonly{Y}`` (a document known only by its year overlaps every month of it).
    """
    out = [f"kind{k}" for k in sorted(set(kinds)) if k]
    out += [f"region{_tag_word(r)}" for r in sorted(set(regions)) if r and _tag_word(r)]
    if year:
        out.append(f"year{year}")
        month = date[5:7] if date and date[:4] == str(year) and date[5:7].isdigit() else None
        out.append(f"month{year}{month}" if month else f"yearonly{year}")
    return " ".join(out)


def _tag_word(text: str) -> str:
    return "".join(runs(text))


class QueryError(ValueError):
    """A search query that cannot be read; ``str(err)`` is one line for the user."""


@dataclass
class Term:
    text: str  # as the user wrote it (without quotes)
    runs: list[str]  # its letter/digit runs, folded


@dataclass
class Node:
    op: str  # "AND" | "OR" | "NOT" | "TERM"
    children: list["Node"]
    term: Term | None = None


_TOKEN = re.compile(r'\s*(?:(?P<quote>"[^"]*"|“[^”]*”)|(?P<paren>[()])|(?P<word>[^\s()"“”]+))')
_OPS = ("AND", "OR", "NOT")


def _lex(query: str) -> list[tuple[str, str]]:
    q = query.strip()
    if q.count('"') % 2:
        raise QueryError('unbalanced quote (") in the query: close the phrase with another "')
    if q.count("“") != q.count("”"):
        raise QueryError("unbalanced quote (“ ”) in the query")
    out: list[tuple[str, str]] = []
    skipped: list[str] = []
    pos = 0
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            if q[pos:].strip() == "":
                break
            raise QueryError(f"cannot read the query at: {q[pos:pos + 20]}")
        pos = m.end()
        if m.group("quote"):
            out.append(("PHRASE", m.group("quote")[1:-1]))
        elif m.group("paren"):
            out.append((m.group("paren"), m.group("paren")))
        elif m.group("word"):
            w = m.group("word")
            if w in _OPS:
                out.append((w, w))
            elif runs(w):
                out.append(("WORD", w))
            else:
                skipped.append(w)  # stray punctuation between words (医保 + 基金): not a term
    if skipped and not any(kind in ("WORD", "PHRASE") for kind, _ in out):
        raise QueryError(f"nothing to search for in {q!r}: use letters, digits or Chinese characters")
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.toks = tokens
        self.i = 0

    def peek(self) -> str | None:
        return self.toks[self.i][0] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            raise QueryError("empty query: give a word or a phrase to search for")
        node = self.or_expr()
        if self.peek() == ")":
            raise QueryError("unbalanced parenthesis: ')' without '('")
        if self.peek() is not None:
            raise QueryError(f"unexpected '{self.toks[self.i][1]}' in the query")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.and_expr("OR"))
        return parts[0] if len(parts) == 1 else Node("OR", parts)

    def and_expr(self, after: str | None = None) -> Node:
        parts = [self.not_expr(after)]
        while self.peek() not in (None, ")", "OR"):
            op = None
            if self.peek() == "AND":
                op = self.take()[0]
            parts.append(self.not_expr(op))
        return parts[0] if len(parts) == 1 else Node("AND", parts)

    def not_expr(self, after: str | None = None) -> Node:
        node = self.primary(after)
        while self.peek() == "NOT":
            self.take()
            node = Node("NOT", [node, self.primary("NOT")])
        return node

    def primary(self, after: str | None = None) -> Node:
        kind = self.peek()
        if kind is None:
            raise QueryError(f"{after} at the end of the query: nothing after it" if after
                             else "the query ends too early")
        if kind in _OPS:
            if kind == "NOT" and after is None:
                raise QueryError("NOT needs a term before it: write A NOT B")
            raise QueryError(f"{kind} {'right after ' + after if after else 'at the start of the query'}:"
                             " a word or phrase must come first")
        if kind == ")":
            raise QueryError("empty parentheses or ')' without '('" if after is None
                             else f"{after} before ')': nothing after it")
        if kind == "(":
            self.take()
            if self.peek() == ")":
                raise QueryError("empty parentheses in the query")
            node = self.or_expr()
            if self.peek() != ")":
                raise QueryError("unbalanced parenthesis: '(' without ')'")
            self.take()
            return node
        _, text = self.take()
        term_runs = runs(text)
        if not term_runs:
            raise QueryError(f"nothing to search for in {text!r}: use letters, digits or Chinese characters")
        return Node("TERM", [], Term(text, term_runs))


def parse_query(query: str) -> Node:
    return _Parser(_lex(query)).parse()


def phrase(term: Term) -> str:
    """FTS5 phrase for a term: its bigrams in order (a 1-character tail becomes a prefix)."""
    tokens: list[str] = []
    for run in term.runs:
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        tokens.append(run[-1])
    prefix = len(term.runs[-1]) == 1
    if not prefix:
        tokens.pop()  # the last run's closing unigram: a term may go on inside a longer run
    return '"' + " ".join(tokens) + '"' + ("*" if prefix else "")


def to_fts(node: Node) -> str:
    if node.op == "TERM":
        return phrase(node.term)
    joined = f" {node.op} ".join(to_fts(c) for c in node.children)
    return f"({joined})"


def positive_terms(node: Node, negated: bool = False) -> list[Term]:
    """Terms a hit contains (those under the right side of NOT are left out), for highlighting."""
    if node.op == "TERM":
        return [] if negated else [node.term]
    if node.op == "NOT":
        return positive_terms(node.children[0], negated) + positive_terms(node.children[1], True)
    return [t for c in node.children for t in positive_terms(c, negated)]


def match_expression(query: str, *, kind: str | None = None, region: str | None = None,
                     date_tags: list[str] | None = None) -> tuple[str, list[Term]]:
    """The FTS5 MATCH string for ``query`` and filters, and the terms to highlight."""
    node = parse_query(query)
    expr = "{grams} : " + to_fts(node)
    if kind:
        expr += f' AND {{tags}} : "kind{kind}"'
    if region:
        word = _tag_word(region)
        if not word:
            raise QueryError(f"cannot filter on region {region!r}")
        expr += f' AND {{tags}} : "region{word}"*'
    if date_tags is not None:
        tags_ = date_tags or ["year0"]  # an empty range matches nothing
        expr += " AND {tags} : (" + " OR ".join(f'"{t}"' for t in tags_) + ")"
    return expr, positive_terms(node)


def date_tags(lo: str | None, hi: str | None, years: list[int]) -> tuple[list[str], bool]:
    """Tags selecting documents dated in [lo, hi] (ISO days) among the stored ``years``.

    Whole years are one tag, partial years their months plus ``yearonly``. The flag says whether
    the range cuts through a month, so that the days must still be compared.
    """
    out: list[str] = []
    y0, y1 = int(lo[:4]) if lo else None, int(hi[:4]) if hi else None
    for y in sorted(set(years)):
        if (y0 and y < y0) or (y1 and y > y1):
            continue
        m_lo = int(lo[5:7]) if lo and y == y0 else 1
        m_hi = int(hi[5:7]) if hi and y == y1 else 12
        if (m_lo, m_hi) == (1, 12):
            out.append(f"year{y}")
        else:
            out += [f"month{y}{m:02d}" for m in range(m_lo, m_hi + 1)] + [f"yearonly{y}"]
    cuts = bool(lo and lo[8:10] != "01") or bool(hi and hi[8:10] != _last_day(hi))
    return out, cuts


def _last_day(day: str) -> str:
    import calendar

    return f"{calendar.monthrange(int(day[:4]), int(day[5:7]))[1]:02d}"


def highlight_spans(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """Where the terms occur in ``text`` (merged, sorted), as the index matched them."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        pattern = r"[\W_]+".join(re.escape(r) for r in term.runs)
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, folded) if m.end() > m.start())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
