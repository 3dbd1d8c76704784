"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest


@pytest.fixture
def cli():
    """The ``policydocs`` command group, as the console script runs it."""
    from policydocs.cli import cli as group

    return group
