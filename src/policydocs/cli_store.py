"""``policydocs ingest``, ``policydocs search`` and ``policydocs export statements``.

Registered in :mod:`policydocs.cli` with ``cli.add_command``; each mirrors a function of
:mod:`policydocs.store`.
"""

from __future__ import annotations

import json
import sys

import click

from policydocs.cli_common import DB_OPTION as _DB_OPTION
from policydocs.cli_common import WAIT_OPTION as _WAIT_OPTION
from policydocs.cli_common import export_to
from policydocs.cli_common import fail as _fail
from policydocs.errors import printable


@click.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_DB_OPTION
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes (the parent process writes).")
@click.option("--force", is_flag=True, help="Re-process files whose content is stored already.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--link/--no-link", "link", default=True, show_default=True,
              help="Link targets to actuals afterwards (policydocs link).")
@_WAIT_OPTION
@click.option("--cluster", metavar="ADDRESS",  # --- the cluster hook (policydocs.batch.cluster)
              help="Process the documents on the workers of a Dask cluster (tcp://host:8786); this process writes.")
def ingest_command(paths, db, jobs, force, progress, link, wait, cluster):
    """Clean, segment and extract PATHS (files or directories) into the database.

    \b
    A document is keyed by the hash of its content: ingesting it again changes nothing, and a
    changed file replaces its old version. Each document is written in one transaction. Files that
    fail are listed in the errors table, the batch goes on, and the exit status is 1 (also when
    grouping or linking failed). A second ingest on the same database waits for the first.
    A broken file of extractors/ stops it before the first document: one error line, exit 2.
    \b
    policydocs ingest corpora/seeds --db policydocs.db --jobs 2
    policydocs ingest downloads/ --cluster tcp://10.0.0.5:8786
    """
    from policydocs.store import StoreError
    from policydocs.batch import ingest
    from policydocs.knowledge import KnowledgeError
    from policydocs.errors import ClusterError

    try:
        report = ingest(paths, db=db, jobs=jobs, force=force, progress=progress,
                        log=lambda line: click.echo(line, err=True), link=link, wait=wait, cluster=cluster)
    except (StoreError, KnowledgeError, ClusterError) as exc:  # (a broken extractors/ file: nothing was stored)
        _fail(str(exc))
    for source, other in report.duplicates:
        click.echo(f"note: {printable(source)}: same content as {printable(other)}, stored once", err=True)
    click.echo(report.summary(), err=True)
    if report.links:
        click.echo(report.links, err=True)
    if not report.ok:
        sys.exit(1)


@click.command(name="search")
@click.argument("query", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(["target", "actual", "commitment"]),
              help="Only sentences with a target (or actual); commitment: plan sentences without a figure.")
@click.option("--region", help="Only documents or statements of this region (prefix: 保定 → 保定市).")
@click.option("--from", "date_from", metavar="DATE", help="Documents dated on or after DATE (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", metavar="DATE", help="Documents dated on or before DATE.")
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 10000))
@click.option("--all-copies", is_flag=True,
              help="List the sentence of every copy of a republished document, not one hit per group.")
@click.option("--json", "as_json", is_flag=True, help="Print the hits as JSON.")
@_DB_OPTION
def search_command(query, kind, region, date_from, date_to, limit, all_copies, as_json, db):
    """Full-text search of the stored sentences, best matches first.

    \b
    Words must all occur (医保 基金); "quoted phrases" match as written; AND, OR, NOT
    (A NOT B) and parentheses combine them. Any word matches inside longer words:
    医共体 finds 紧密型县域医共体.
    \b
    policydocs search 医共体 --kind target --region 保定
    policydocs search '"医保基金" OR 医保局 NOT 就医' --from 2024 --json
    """
    from policydocs.store import QueryError, StoreError, search

    try:
        hits = search(db, " ".join(query), kind=kind, region=region, date_from=date_from, date_to=date_to,
                      limit=limit, all_copies=all_copies)
    except (QueryError, StoreError) as exc:
        _fail(str(exc))
    if as_json:
        click.echo(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=2))
        return
    if not hits:
        click.echo("no matches", err=True)
        return
    _print_hits(hits, rich_output=sys.stdout.isatty())


def _print_hits(hits, *, rich_output: bool) -> None:
    if rich_output:
        from rich.console import Console
        from rich.markup import escape

        console = Console(highlight=False)
        for i, hit in enumerate(hits, 1):
            marked = "".join(
                f"[bold red]{escape(p)}[/]" if k % 2 else escape(p) for k, p in enumerate(_pieces(hit)))
            console.print(f"[bold]{i}. {escape(hit.title or hit.doc)}[/] [dim]{escape(_meta(hit))}[/]")
            if hit.section_path:
                console.print(f"   [cyan]{escape(' › '.join(hit.section_path))}[/]")
            console.print(f"   {marked}")
            for line in _statement_lines(hit):
                console.print(f"   [green]{escape(line)}[/]")
        return
    for i, hit in enumerate(hits, 1):
        click.echo(f"{i}. {hit.title or hit.doc}  {_meta(hit)}")
        if hit.section_path:
            click.echo(f"   {' › '.join(hit.section_path)}")
        click.echo(f"   {hit.marked()}")
        for line in _statement_lines(hit):
            click.echo(f"   {line}")


def _pieces(hit) -> list[str]:
    """The sentence cut at match boundaries: even pieces plain, odd pieces matched."""
    out, pos = [], 0
    for s, e in hit.spans:
        out += [hit.text[pos:s], hit.text[s:e]]
        pos = e
    return out + [hit.text[pos:]]


def _meta(hit) -> str:
    from policydocs.store.trust import TRUST_LABEL

    copies = f"另有{len(hit.copies)}份副本" if hit.copies else None
    return " · ".join(x for x in (hit.date, hit.region, hit.doc, TRUST_LABEL.get(hit.trust or ""), copies) if x)


_CMP = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "约", "=": ""}


def _statement_lines(hit) -> list[str]:
    lines = []
    for st in hit.statements:
        value = "" if st["value"] is None else f"{_CMP.get(st['comparator'], '')}{st['value']}"
        if st["value_max"] is not None:
            value += f"–{st['value_max']}"
        value += st["unit"] or ""
        if st["kind"] == "target":
            parts = [f"目标 {st['indicator']} {value}".rstrip()]
            if st["deadline"]:
                parts.append(f"期限 {st['deadline']}")
            if st["responsible"]:
                parts.append(f"责任单位 {'、'.join(st['responsible'])}")
        else:
            parts = [f"实绩 {st['indicator']} {value}".rstrip()]
            if st["period"]:
                parts.append(f"统计期 {st['period']}")
        lines.append(" · ".join(parts))
    return lines


@click.group(name="export")
def export_group():
    """Export stored data."""


@export_group.command(name="statements")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@_DB_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
@click.option("--with-offsets", is_flag=True, help="Add start, end and section_path after the spec fields.")
def export_statements_command(fmt, db, output, with_offsets):
    """Targets and actuals as spec records (docs/statements.md): JSON Lines or CSV.

    \b
    CSV is UTF-8 with a BOM (Excel and WPS open it as is); responsible units are joined with 、.
    policydocs export statements --format csv -o 台账.csv
    """
    from policydocs.store import StoreError, export_statements

    try:
        n = export_to(output, fmt, lambda out: export_statements(db, out, fmt=fmt, with_offsets=with_offsets))
    except StoreError as exc:
        _fail(str(exc))
    click.echo(f"{n} statements" + (f" -> {output}" if output else ""), err=True)


COMMANDS = (ingest_command, search_command, export_group)
