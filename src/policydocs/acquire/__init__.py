"""Acquire: read files, and fetch pages politely, into RawDocument.

    >>> from policydocs.acquire import fetch, crawl
    >>> fetch(["https://www.gov.cn/zhengce/content/202401/content_6924.htm"], out="downloads").summary()
    >>> crawl("https://www.example.gov.cn/col/tzgg/index.html", out="downloads", db="policydocs.db",
    ...       ingest=True, since="2024-01-01").summary()
"""

import importlib

from policydocs.acquire.document import RawDocument
from policydocs.acquire.encoding import decode_bytes
from policydocs.acquire.loaders import load

__all__ = ["RawDocument", "decode_bytes", "load", "fetch", "crawl", "FetchReport", "CrawlReport", "UrlResult",
           "Client", "FetchError"]

# The network half (httpx and what crawling needs) is imported on first use: every command
# imports this package to read files, and only fetch and crawl go online.
_NETWORK = {"crawl": "crawl", "CrawlReport": "crawl", "Client": "http", "FetchError": "http",
            "fetch": "pipelines", "FetchReport": "pipelines", "UrlResult": "pipelines"}


def __getattr__(name: str):
    if name not in _NETWORK:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_NETWORK[name]}"), name)
    globals()[name] = value
    return value
