"""Acquire: read files (and, later, fetch pages) into RawDocument."""

from policydocs.acquire.document import RawDocument

__all__ = ["RawDocument"]
