"""Store: documents, sentences and statements in SQLite, with Chinese full-text search.

    >>> from policydocs.store import ingest, search, export_statements
    >>> ingest(["corpora/seeds"], db="policydocs.db", jobs=2).summary()
    >>> [h.marked() for h in search("policydocs.db", "医共体", kind="target")]
    >>> export_statements("policydocs.db", "statements.jsonl")
    >>> [(d.doc, d.trust, d.canonical) for d in documents("policydocs.db")]   # trust, copies

Tables and the search index: :mod:`policydocs.store.schema`, :mod:`policydocs.store.fts`.
"""

from policydocs.store.db import DEFAULT_DB, StoreError, open_db
from policydocs.store.export import export_statements, export_text, iter_statements
from policydocs.store.fts import QueryError
from policydocs.store.load import IngestReport, expand_paths, ingest
from policydocs.store.query import Hit, search
from policydocs.store.dedup import group
from policydocs.store.listing import DocumentRow, documents

__all__ = ["ingest", "IngestReport", "search", "Hit", "export_statements", "export_text", "iter_statements",
           "open_db", "expand_paths", "QueryError", "StoreError", "DEFAULT_DB",
           "documents", "DocumentRow", "group"]
