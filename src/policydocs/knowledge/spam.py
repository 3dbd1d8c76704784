"""Words of link-farm (SEO) lines (``extractors/lexicons/seo_spam.list``), one per line.

The cleaner (:func:`policydocs.clean.boilerplate.is_seo_spam`) counts them in a line of short
phrases; this module only reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import cached, read_lines
from policydocs.resources import extractor_files


@dataclass(frozen=True)
class SeoSpam:
    words: tuple[str, ...]  # in file order, each once


@cached
def seo_spam() -> SeoSpam:
    words: dict[str, None] = {}
    for path in extractor_files("lexicons", "seo_spam.list"):
        for _, line in read_lines(path):
            words.setdefault(line)
    return SeoSpam(tuple(words))


__all__ = ["SeoSpam", "seo_spam"]
