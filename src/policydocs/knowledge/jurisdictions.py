"""The official list of administrative divisions (``extractors/lexicons/jurisdictions.csv``:
columns ``adcode``, ``name``): which names are jurisdictions, and their 6-digit codes.

What a name found in a text means (and which names read as common words and are never taken)
is :mod:`policydocs.extract.context`'s; this module only reads the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from policydocs.knowledge.files import cached, read_csv
from policydocs.resources import extractor_files


@dataclass(frozen=True)
class Divisions:
    adcodes: dict[str, str]  # name → adcode, in file order; a name listed twice keeps its first code


@cached
def divisions() -> Divisions:
    adcodes: dict[str, str] = {}
    for path in extractor_files("lexicons", "jurisdictions.csv"):
        for _, row in read_csv(path, ("name", "adcode")):
            adcodes.setdefault(row["name"], row["adcode"])
    return Divisions(adcodes)


__all__ = ["Divisions", "divisions"]
