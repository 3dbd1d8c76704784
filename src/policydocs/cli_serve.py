"""``policydocs serve``: the office's web page (:mod:`policydocs.web`), or Datasette with ``--datasette``.

The web page binds to this machine unless told ``--host ADDRESS --public`` (then it warns that
anyone reaching the port can read and review everything). Datasette is an optional extra (``pip install -e '.[datasette]'``); the metadata that names the
tables and their facets (document, kind, region, deadline year) ships with the package.

Datasette has no login: whoever reaches the port reads every table. So ``serve`` binds to this
machine only unless told ``--public``, and keeps Datasette's arbitrary-SQL page off unless told
``--allow-sql``. On POSIX the command becomes the server (``os.execv``) instead of starting it as
a child, so that SIGTERM, Ctrl-C and even SIGKILL stop the one process that holds the port.
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click

from policydocs.store.db import DEFAULT_DB


def metadata_path() -> Path:
    """The Datasette metadata file for policydocs databases."""
    return Path(__file__).resolve().parent / "store" / "metadata.json"


def datasette_command(db: str, port: int, host: str = "127.0.0.1", allow_sql: bool = False) -> list[str]:
    command = [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(metadata_path()),
               "--port", str(port), "--host", host]
    if not allow_sql:
        # Canned queries (the 全文检索 search), table pages, facets and full-text search keep working;
        # the ?sql= page and the _where= filter are refused with 403.
        command += ["--setting", "default_allow_sql", "off"]
    return command


def is_loopback(host: str) -> bool:
    """Only this machine can connect: 127.0.0.0/8, ::1 (also IPv4-mapped) or the name localhost.
    Anything else, including "" and names that may resolve to a network address, is not."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def table_names(db: str) -> list[str]:
    """Tables and views a visitor can open (FTS5 shadow tables left out), read without writing."""
    try:
        conn = sqlite3.connect(Path(db).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                "AND name NOT LIKE 'sqlite%' ORDER BY name").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    names = [name for (name,) in rows]
    shadow = {f"{name}_{part}" for name in names for part in ("data", "idx", "docsize", "config", "content")}
    return [name for name in names if name not in shadow]


def exposure_notice(db: str, host: str, port: int, allow_sql: bool) -> list[str]:
    """What anyone who can reach host:port can read, said before the server starts."""
    tables = ", ".join(table_names(db)) or "all of them"
    where = f"port {port} on any address of this machine" if host in ("", "0.0.0.0", "::") else f"{host}:{port}"
    lines = [
        f"warning: --public: anyone who can reach {where} can read, with no password, every table "
        f"of {db}: the documents with their full text, sentences, statements, links, reviews and errors "
        f"(with file paths), and download them as JSON or CSV; tables: {tables}",
    ]
    if allow_sql:
        lines.append("warning: --allow-sql: they can also run any read-only SQL query on the whole database")
    else:
        lines.append("warning: arbitrary SQL is off: they can browse tables, facets and the 全文检索 search "
                     "only (--allow-sql turns it on)")
    return lines


def become(command: list[str]) -> None:
    """Replace this process with the server: one process, so every signal reaches the server
    itself and the kernel closes its port however it ends. (Windows has no exec: wait instead.)"""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(command[0], command)
    sys.exit(subprocess.call(command))


@click.command(name="serve")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False))
@click.option("-p", "--port", default=8001, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but 127.0.0.0/8, ::1 or localhost needs --public.")
@click.option("--public", is_flag=True,
              help="Allow --host beyond this machine: anyone who reaches it reads and reviews everything, no login.")
@click.option("--as-of", metavar="DATE", help="Judge status as of DATE (YYYY-MM-DD)  [default: today]")
@click.option("--datasette", is_flag=True, help="Open the raw tables in Datasette instead (pip install -e '.[datasette]').")
@click.option("--allow-sql", is_flag=True, help="With --datasette: let visitors run their own read-only SQL.")
@click.option("--print-command", is_flag=True, help="With --datasette: print the datasette command instead of running it.")
def serve_command(db, port, host, public, as_of, datasette, allow_sql, print_command):
    """The office's web page: 总览, 检索, 文件, 台账, 核对, 入库 (in Chinese, in a browser).

    \b
    policydocs serve --db policydocs.db          # then open http://127.0.0.1:8001
    policydocs serve --host 0.0.0.0 --public     # the office network can read and review everything
    policydocs serve --datasette                 # the raw tables in Datasette (optional extra)
    """
    local = is_loopback(host)
    if not local and not public:
        click.echo(f"error: --host {host!r} is reachable beyond this machine and the page has no login: "
                   "add --public to let anyone who can reach it read and change the database", err=True)
        sys.exit(2)
    if datasette or print_command or allow_sql:
        _datasette(db, port, host, local, allow_sql, print_command)
        return
    if not Path(db).exists():
        click.echo(f"error: no database at {db}: run `policydocs ingest FILES --db {db}` first", err=True)
        sys.exit(2)
    if as_of:
        from policydocs.report import ChecklistError
        from policydocs.report.checklist import parse_date

        try:
            as_of = parse_date(as_of, "--as-of")
        except ChecklistError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    from policydocs.store import StoreError, open_db

    try:
        open_db(db, create=False).conn.close()
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if not local:
        click.echo(f"warning: --public: anyone who can reach {host}:{port} can read every document of {db}, "
                   "download the originals, record reviews and corrections and upload files, with no password",
                   err=True)
    from policydocs.web import run

    run(db, host=host, port=port, as_of=as_of)


def _datasette(db, port, host, local, allow_sql, print_command):
    command = datasette_command(db, port, host, allow_sql)
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
    if not local:
        for line in exposure_notice(db, host, port, allow_sql):
            click.echo(line, err=True)
    become(command)


COMMANDS = (serve_command,)
