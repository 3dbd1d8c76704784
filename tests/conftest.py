"""Fixtures shared by the test modules."""

from __future__ import annotations

import os

import pytest


@pytest.fixture
def cli():
    """The ``policydocs`` command group, as the console script runs it."""
    from policydocs.cli import cli as group

    return group


@pytest.fixture(autouse=True, scope="session")
def _kind_cache_in_a_temporary_folder(tmp_path_factory):
    """The kind scorer's disk cache (extract.kind_cache) for this run only, not the user's ~/.cache."""
    before = os.environ.get("POLICYDOCS_CACHE")
    os.environ["POLICYDOCS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        os.environ.pop("POLICYDOCS_CACHE", None)
    else:
        os.environ["POLICYDOCS_CACHE"] = before
