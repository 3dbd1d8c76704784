"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest


@pytest.fixture
def cli():
    """The ``policydocs`` command group, as the console script runs it."""
    from policydocs.cli import cli as group

    return group


@pytest.fixture
def own_extractors(tmp_path, monkeypatch):
    """A user's own extractors directory (``POLICYDOCS_EXTRACTORS``), with empty ``lexicons/``,
    ``sites/`` and ``vocabulary/``; every loaded file of knowledge is forgotten before and after."""
    import policydocs.knowledge

    root = tmp_path / "extractors"
    for sub in ("lexicons", "sites", "vocabulary"):
        (root / sub).mkdir(parents=True)
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(root))
    policydocs.knowledge.reset()
    yield root
    monkeypatch.delenv("POLICYDOCS_EXTRACTORS")
    policydocs.knowledge.reset()
