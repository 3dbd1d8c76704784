"""Store: documents, sentences and statements in SQLite, with Chinese full-text search.

    >>> from policydocs.batch import ingest               # (files in: the batch, one layer up)
    >>> from policydocs.store import search, export_statements, documents
    >>> ingest(["corpora/seeds"], db="policydocs.db", jobs=2).summary()
    >>> [h.marked() for h in search("policydocs.db", "医共体", kind="target")]
    >>> export_statements("policydocs.db", "statements.jsonl")
    >>> [(d.doc, d.trust, d.canonical) for d in documents("policydocs.db")]   # trust, copies

Tables and the search index: :mod:`policydocs.store.schema`, :mod:`policydocs.store.fts`.
"""

from policydocs.store.db import DEFAULT_DB, StoreError, open_db
from policydocs.store.export import export_statements, export_text, iter_statements
from policydocs.store.fts import QueryError
from policydocs.store.query import Hit, search
from policydocs.store.dedup import group
from policydocs.store.listing import DocumentRow, documents

__all__ = ["search", "Hit", "export_statements", "export_text", "iter_statements",
           "open_db", "QueryError", "StoreError", "DEFAULT_DB",
           "documents", "DocumentRow", "group"]
