"""Store: documents, sentences and statements in SQLite, with Chinese full-text search.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest               # (files in: the batch, one layer up)
    >>> from policydocs.store import search, export_statements, documents
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> ingest(["corpora/seeds"], db=db).summary()
    '5 added, 0 replaced, 0 unchanged, 0 failed; 112 statements in ...s; 0 grouped as copies, 4 template sources'
    >>> search(db, "医共体", kind="target")[0].marked()
    '2025年,实现县域【医共体】全覆盖,加强【医共体】内部管理和资源整合,推动优质医疗资源下沉。'
    >>> export_statements(db, f"{tmp.name}/statements.jsonl")        # one JSON line each
    112
    >>> [(d.doc, d.trust, d.canonical) for d in documents(db)][-1]      # trust, copies
    ('004_4ae4994329b90035', 'unknown', '004_4ae4994329b90035')

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
