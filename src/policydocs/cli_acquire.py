"""``policydocs fetch`` and ``policydocs crawl``.

Registered in :mod:`policydocs.cli` with ``cli.add_command``; each mirrors a function of
:mod:`policydocs.acquire` (``fetch``, ``crawl``). Failed URLs are reported one per line as
``error: <url>: <reason>``, the run goes on, and the exit status is 1.
"""

from __future__ import annotations

import sys

import click

from policydocs.acquire.http import DEFAULT_BACKOFF, DEFAULT_DELAY, DEFAULT_RETRIES, DEFAULT_TIMEOUT

_MB = 1024 * 1024


def _common(function):
    options = [
        click.option("--out", default="downloads", show_default=True, type=click.Path(file_okay=False),
                     help="Save pages and attachments here (the fetch state too, unless --db is given)."),
        click.option("--ingest", is_flag=True, help="Store what was saved with `policydocs ingest`."),
        click.option("--db", type=click.Path(dir_okay=False),
                     help="Database for --ingest (default policydocs.db); the fetch state is kept in it."),
        click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
                     help="Ingest worker processes."),
        click.option("--delay", default=DEFAULT_DELAY, show_default=True, type=click.FloatRange(0),
                     help="Seconds between requests to one host (a longer robots.txt Crawl-delay wins)."),
        click.option("--timeout", default=DEFAULT_TIMEOUT, show_default=True, type=click.FloatRange(0.01),
                     help="Seconds to connect, or to wait between two reads."),
        click.option("--retries", default=DEFAULT_RETRIES, show_default=True, type=click.IntRange(0, 10),
                     help="Retries after a 5xx, a timeout or a dropped connection (with backoff)."),
        click.option("--max-size", default=20.0, show_default=True, type=click.FloatRange(0.001),
                     help="Largest response accepted, in MB."),
        click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 64),
                     help="Requests in flight at once (across hosts)."),
        click.option("-v", "--verbose", is_flag=True, help="One line per URL, skipped ones included."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _client_options(delay, timeout, retries, max_size) -> dict:
    return {"delay": delay, "timeout": timeout, "retries": retries, "backoff": DEFAULT_BACKOFF,
            "max_bytes": int(max_size * _MB)}


def _say(line: str) -> None:
    click.echo(line, err=True)


def _finish(report, verbose: bool) -> None:
    for result in report.results:
        if result.status.startswith("skipped") and verbose:
            _say(f"{result.status}: {result.url}: {result.reason}")
        elif verbose and result.status in ("fetched", "unchanged"):
            _say(f"{result.status}: {result.url}" + (f" -> {result.path}" if result.path else ""))
    _say(report.summary())
    if not report.ok:
        sys.exit(1)


@click.command(name="fetch")
@click.argument("urls", nargs=-1, required=True)
@_common
def fetch_command(urls, out, ingest, db, jobs, delay, timeout, retries, max_size, concurrency, verbose):
    """Download URLS politely into --out; with --ingest, store them.

    \b
    robots.txt is obeyed, each host gets one request at a time --delay seconds apart, and a page
    fetched before is asked for with its ETag/Last-Modified: an unchanged page is not downloaded
    again. Only http and https URLs are fetched.
    \b
    policydocs fetch https://www.gov.cn/zhengce/content/202401/content_6924.htm --out downloads
    """
    from policydocs.acquire import fetch

    report = fetch(urls, out=out, db=db, then=_ingest_step(ingest, db, jobs), concurrency=concurrency, log=_say,
                   **_client_options(delay, timeout, retries, max_size))
    _finish(report, verbose)


@click.command(name="crawl")
@click.argument("list_url")
@click.option("--since", metavar="DATE", help="Skip list items dated before DATE (YYYY[-MM[-DD]]).")
@click.option("--max", "max_items", type=click.IntRange(1), help="Take at most N items from the lists.")
@click.option("--site", help="Use this site profile's [crawl] rules (a name from extractors/sites).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Also request this host (HOST, HOST:PORT or *.SUFFIX); repeatable.")
@_common
def crawl_command(list_url, since, max_items, site, allow_hosts, out, ingest, db, jobs, delay, timeout, retries,
                  max_size, concurrency, verbose):
    """Follow the column at LIST_URL through its pages to its articles and their attachments.

    \b
    How list items, next pages and attachments are found is the site profile's [crawl] table
    (TRS, Hanweb, gov.cn, template sites; a generic one otherwise). Only the list's host (and
    those the profile or --allow-host allow) is requested; other links are recorded as skipped.
    A second crawl fetches only new or changed pages.
    \b
    policydocs crawl https://www.example.gov.cn/col/tzgg/index.html --since 2024-01-01 --ingest --db policydocs.db
    """
    from policydocs.acquire import FetchError, crawl

    try:
        report = crawl(list_url, out=out, db=db, then=_ingest_step(ingest, db, jobs), since=since,
                       max_items=max_items, site=site, allow_hosts=allow_hosts, concurrency=concurrency, log=_say,
                       **_client_options(delay, timeout, retries, max_size))
    except FetchError as exc:
        _say(f"error: {exc}")
        sys.exit(2)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    _finish(report, verbose)


def _ingest_step(ingest: bool, db: str | None, jobs: int):
    """With --ingest: store the files a run saved (policydocs.batch.runner skips content it has)."""
    if not ingest:
        return None
    from policydocs.batch import ingest as ingest_files
    from policydocs.store import DEFAULT_DB

    return lambda saved: ingest_files(saved, db=db or DEFAULT_DB, jobs=jobs, progress=False, log=_say)


COMMANDS = (fetch_command, crawl_command)
