"""Acquire: read files, and fetch pages politely, into RawDocument.

    >>> from policydocs.acquire import load
    >>> raw = load("corpora/seeds/004_4ae4994329b90035.txt")     # the format is told by content first
    >>> raw.format, raw.encoding, raw.text[:24]
    ('text', 'utf-8', '4月10日,大丰区召开卫生健康暨深化医改工作会议')

Fetching and crawling go online, so they are shown here without running. What becomes of the
saved files is the caller's: ``then`` gets their paths (storing them is
:mod:`policydocs.batch`'s, which shows it)::

    from policydocs.acquire import fetch, crawl

    fetch("https://www.gov.cn/zhengce/content/202401/content_6924.htm", out="downloads").summary()
    # '1 fetched, 0 unchanged, 0 skipped-robots, 0 skipped-offsite, 0 failed, 0 ingested in 0.4s'
    crawl("https://www.example.gov.cn/col/tzgg/index.html", out="downloads", since="2024-01-01",
          then=print).summary()
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
