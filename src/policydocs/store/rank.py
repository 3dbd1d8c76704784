"""FTS5's bm25 for a given set of sentences, computed here: how a filtered search ranks.

``sentences_fts`` ranks with ``bm25(1.0, 0.0)``: the query's phrases in the text column; a
filter tag (``kindtarget``, ``year2024``) weighs nothing. But to rank, FTS5 first counts the rows
holding each phrase of the MATCH for its IDF, filter tags included, and a tag is in a large share
of the rows (a year is in ~1 row of 10): that count cost more than finding the rows. So a
filtered search finds its rows without ranking, and this module scores them with the same
formula and the same inputs FTS5 uses (tests hold it to FTS5's own scores):

    score = -sum over the query's phrases p of IDF(p) * f(p) * (k1 + 1) / (f(p) + k1 * (1 - b + b * D / avgdl))

with k1 = 1.2, b = 0.75, IDF(p) = ln((N - n(p) + 0.5) / (n(p) + 0.5)) (1e-6 when not positive),
n(p) the rows holding p, N the rows, D the row's tokens in both columns (``sentences_fts_docsize``),
avgdl the mean of D (the index's averages record), f(p) the instances of p in the row's text.

A phrase is a term's bigrams (:func:`policydocs.store.fts.phrase`), so its instances are where
the term's characters stand in the folded text: a one-run term anywhere (overlapping), a term of
several runs with only separators between them, its first run ending one run of the text.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3

from policydocs.store.fts import Term, fold_runs, parse_query, phrase, positive_terms

K1, B = 1.2, 0.75
_SEPARATORS = r"[\W_]+"  # what is not a token character to unicode61 (see fts._RUN)


def scores(conn: sqlite3.Connection, query: str, ids: list[int]) -> list[tuple[int, float]]:
    """(sentence id, bm25) for ``ids``, each a row of ``sentences_fts`` that matches ``query``."""
    terms = positive_terms(parse_query(query))  # a NOT's phrases are in no matching row: f = 0
    rows, avgdl = _averages(conn)
    idf = [_idf(conn, t, rows) for t in terms]
    patterns = [instances(t) for t in terms]
    out = []
    for sid, text, size in conn.execute(
            "SELECT s.id, s.text, z.sz FROM sentences s JOIN sentences_fts_docsize z ON z.id = s.id"
            " WHERE s.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]):
        folded = fold_runs(text)
        tokens = sum(size) if max(size, default=0) < 0x80 else sum(varints(size))  # one byte each, mostly
        norm = K1 * (1 - B + B * tokens / avgdl)
        score = 0.0
        for weight, pattern in zip(idf, patterns):
            f = len(pattern.findall(folded))
            score += weight * (f * (K1 + 1)) / (f + norm)
        out.append((sid, -score))
    return out


def instances(term: Term) -> re.Pattern:
    """Where ``term``'s phrase matches, in folded text (lookahead: overlapping ones count)."""
    runs = [re.escape(r) for r in term.runs]
    return re.compile("(?=" + _SEPARATORS.join(runs) + ")")


def _idf(conn: sqlite3.Connection, term: Term, rows: int) -> float:
    hits = conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ?",
                        ["{grams} : " + phrase(term)]).fetchone()[0]
    idf = math.log((rows - hits + 0.5) / (hits + 0.5))
    return idf if idf > 0 else 1e-6


def _averages(conn: sqlite3.Connection) -> tuple[int, float]:
    """(rows, mean tokens per row) from FTS5's averages record (id 1 of the data table)."""
    row = conn.execute("SELECT block FROM sentences_fts_data WHERE id = 1").fetchone()
    values = varints(row[0]) if row else [0]
    rows = values[0]
    return rows, (sum(values[1:]) / rows if rows else 1.0)


def varints(blob: bytes) -> list[int]:
    """SQLite's varints (big-endian, 7 bits a byte, a 9th byte of 8 bits) in ``blob``."""
    out, i = [], 0
    while i < len(blob):
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out
