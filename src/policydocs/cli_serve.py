"""``policydocs serve``: browse a database in Datasette with Chinese titles and useful facets.

Datasette is an optional extra (``pip install -e '.[datasette]'``); the metadata that names the
tables and their facets (document, kind, region, deadline year) ships with the package.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import click

from policydocs.store.db import DEFAULT_DB


def metadata_path() -> Path:
    """The Datasette metadata file for policydocs databases."""
    return Path(__file__).resolve().parent / "store" / "metadata.json"


def datasette_command(db: str, port: int, host: str = "127.0.0.1") -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(metadata_path()),
            "--port", str(port), "--host", host]


@click.command(name="serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--print-command", is_flag=True, help="Print the datasette command instead of running it.")
def serve_command(db, port, host, print_command):
    """Browse the database in Datasette: 台账 (ledger), documents, full-text search.

    \b
    pip install -e '.[datasette]'
    policydocs serve --db policydocs.db     # then open http://127.0.0.1:8001
    """
    command = datasette_command(db, port, host)
    if print_command:
        click.echo(" ".join(command))
        return
    if not Path(db).exists():
        click.echo(f"error: no database at {db}: run `policydocs ingest FILES --db {db}` first", err=True)
        sys.exit(2)
    if importlib.util.find_spec("datasette") is None:
        click.echo("error: datasette is not installed: pip install 'policydocs[datasette]' (or pip install datasette)",
                   err=True)
        sys.exit(2)
    sys.exit(subprocess.call(command))


COMMANDS = (serve_command,)
