"""The genre's knowledge as data: what ``extractors/`` holds, loaded into typed objects.

The lowest layer: every stage above reads its word lists, site profiles and lexicons from here,
and this package imports no stage (``.importlinter`` holds the order).
"""

from policydocs.knowledge.files import KnowledgeError, cached, check, register_loader, register_reset, reset
from policydocs.knowledge import vocabulary  # noqa: F401  (its loader is part of check())

__all__ = ["KnowledgeError", "cached", "check", "register_loader", "register_reset", "reset"]
