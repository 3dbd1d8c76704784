"""The batch: files → process (clean, segment, extract) → write → group copies → link.

The one place that runs the stages in order; every stage below it knows nothing of the others
above it (``.importlinter`` holds the order), and the store only stores and reads.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> report = ingest(["corpora/seeds"], db=db, jobs=2)
    >>> report.summary()
    '5 added, 0 replaced, 0 unchanged, 0 failed; 114 statements in ...s; 0 grouped as copies, 4 template sources'
"""

from policydocs.batch.runner import IngestReport, ingest, process_file

__all__ = ["ingest", "IngestReport", "process_file"]
