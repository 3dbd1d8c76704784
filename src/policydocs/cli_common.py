"""What the command modules share: the --db option, one-line failures, exports to a file or stdout."""

from __future__ import annotations

import io
import sys
from typing import Callable

import click

from policydocs.errors import printable
from policydocs.store.db import DEFAULT_DB
from policydocs.store.lock import DEFAULT_WAIT

DB_OPTION = click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                         help="The SQLite database.")
WAIT_OPTION = click.option("--wait", default=DEFAULT_WAIT, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
                           help="How long to wait for another policydocs process writing to the database.")


def fail(message: str, code: int = 2):
    """Print ``error: message`` (one line, never a traceback) and exit with ``code``."""
    click.echo(f"error: {printable(message)}", err=True)
    sys.exit(code)


def export_to(output: str | None, fmt: str, write: Callable[[object], int]) -> int:
    """Run ``write(destination)`` into the file ``output``, or into stdout when there is none.

    stdout gets UTF-8 whatever the terminal's locale (with a BOM for csv, which Excel and WPS need)
    and is left open afterwards. A file that cannot be written is one line and exit status 1.
    """
    if output:
        try:
            return write(output)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}", 1)
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8-sig" if fmt == "csv" else "utf-8",
                              newline="", write_through=True)
    try:
        return write(stream)
    finally:
        stream.detach()
