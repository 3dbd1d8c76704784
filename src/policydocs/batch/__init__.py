"""The batch: files → process (clean, segment, extract) → write → group copies → link.

The one place that runs the stages in order; every stage below it knows nothing of the others
above it (``.importlinter`` holds the order), and the store only stores and reads.

    >>> from tempfile import TemporaryDirectory
    >>> from policydocs.batch import ingest
    >>> tmp = TemporaryDirectory(); db = f"{tmp.name}/policydocs.db"
    >>> report = ingest(["corpora/seeds"], db=db, jobs=2)
    >>> report.summary()
    '5 added, 0 replaced, 0 unchanged, 0 failed; 112 statements in ...s; 0 grouped as copies, 4 template sources'

What a crawl saves is stored the same way (online, so not run here)::

    from policydocs.acquire import crawl

    crawl("https://www.example.gov.cn/col/tzgg/index.html", out="downloads", db="policydocs.db",
          then=lambda saved: ingest(saved, db="policydocs.db"), since="2024-01-01").summary()
    # '3 list page(s) [trs]; 8 fetched, 0 unchanged, 1 skipped-robots, ... 5 ingested in 15.9s'
"""

from policydocs.batch.runner import IngestReport, ingest, process_file

__all__ = ["ingest", "IngestReport", "process_file"]
