"""The stage order holds: each layer imports only the layers below it, and no stage's modules
import each other in a cycle (``.importlinter``: knowledge, acquire, clean, segment, extract,
store, link, report, pipeline, batch, web, cli)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(*args: str) -> subprocess.CompletedProcess:
    command = shutil.which("lint-imports") or ""
    assert command, "import-linter is a test dependency (pip install -e '.[test]')"
    return subprocess.run([command, "--config", str(ROOT / ".importlinter"), "--no-cache", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_every_stage_imports_only_the_stages_below_it_and_no_cycle():
    result = lint_imports()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contract_names_every_stage_package():
    """A new subpackage must be given its place in the order, not left outside the contract."""
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    packages = {p.name for p in (ROOT / "src" / "policydocs").iterdir()
                if p.is_dir() and (p / "__init__.py").exists()}
    layers = config.split("layers =", 1)[1].split("exhaustive", 1)[0]
    named = {word for line in layers.splitlines() for word in line.replace(":", " ").split()}
    assert packages <= named, f"not in .importlinter's layers: {sorted(packages - named)}"
