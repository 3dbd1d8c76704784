"""Commands that never go online do not import the network stack (httpx: ~0.1 s of each start-up),
and the network half of policydocs.acquire is still there when asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_the_cli_starts_without_importing_httpx():
    code = "import sys, policydocs.cli, policydocs.acquire.http; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_the_network_half_of_acquire_is_imported_when_used():
    import policydocs.acquire as acquire
    from policydocs.acquire import Client, FetchError, crawl, fetch
    from policydocs.acquire.crawl import crawl as crawl_itself
    from policydocs.acquire.http import Client as client_itself

    assert crawl is crawl_itself and Client is client_itself
    assert callable(fetch) and issubclass(FetchError, Exception)
    assert set(acquire.__all__) <= set(dir(acquire)) | set(acquire._NETWORK)
    with pytest.raises(ImportError):
        from policydocs.acquire import nothing_of_the_kind  # noqa: F401
