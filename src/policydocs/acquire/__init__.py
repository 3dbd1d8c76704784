"""Acquire: read files (and, later, fetch pages) into RawDocument."""

from policydocs.acquire.document import RawDocument
from policydocs.acquire.encoding import decode_bytes
from policydocs.acquire.loaders import load

__all__ = ["RawDocument", "decode_bytes", "load"]
