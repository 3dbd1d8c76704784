"""Acquire: read files, and fetch pages politely, into RawDocument.

    >>> from policydocs.acquire import fetch, crawl
    >>> fetch(["https://www.gov.cn/zhengce/content/202401/content_6924.htm"], out="downloads").summary()
    >>> crawl("https://www.example.gov.cn/col/tzgg/index.html", out="downloads", db="policydocs.db",
    ...       ingest=True, since="2024-01-01").summary()
"""

from policydocs.acquire.crawl import CrawlReport, crawl
from policydocs.acquire.document import RawDocument
from policydocs.acquire.encoding import decode_bytes
from policydocs.acquire.http import Client, FetchError
from policydocs.acquire.loaders import load
from policydocs.acquire.pipelines import FetchReport, UrlResult, fetch

__all__ = ["RawDocument", "decode_bytes", "load", "fetch", "crawl", "FetchReport", "CrawlReport", "UrlResult",
           "Client", "FetchError"]
