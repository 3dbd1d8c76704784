"""The genre's knowledge as data: what ``extractors/`` holds, loaded into typed objects.

The lowest layer: every stage above reads its word lists, site profiles and lexicons from here,
and this package imports no stage (``.importlinter`` holds the order). One module per kind of file,
each parsing it once into a frozen dataclass: ``vocabulary`` (vocabulary/*.toml), ``sites``
(sites/*.toml), ``lexicon`` (lexicons/*.txt), ``comparators``, ``cues``, ``units``, ``indicators``,
``directions``, ``jurisdictions``, ``spam`` (lexicons/) and ``sources`` (sources.toml). What a
stage builds from them (regex indexes, sorted tuples) stays in the stage, behind a cache that
registers its clearing here, so that :func:`reset` reaches it.
"""

from policydocs.knowledge.files import KnowledgeError, cached, check, register_loader, register_reset, reset
from policydocs.knowledge import vocabulary  # noqa: F401  (its loader is part of check())

__all__ = ["KnowledgeError", "cached", "check", "register_loader", "register_reset", "reset"]
