"""Set-up for the docstring examples in src/policydocs, which pyproject.toml runs with the tests
(the conftest in tests/ does not reach them)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _examples_run_from_the_repository(request):
    """The examples name the shipped sample corpus as a reader in the repository would
    (``corpora/seeds``), whatever folder pytest was started from."""
    root = request.config.rootpath
    if not request.node.path.is_relative_to(root / "src"):
        yield
        return
    before = os.getcwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(before)
