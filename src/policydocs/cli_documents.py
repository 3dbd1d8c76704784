"""``policydocs documents``: the stored documents with their source trust and near-duplicate group.

Registered in :mod:`policydocs.cli`; mirrors :func:`policydocs.store.documents` (and
:func:`policydocs.store.dedup.group` for ``--regroup``).
"""

from __future__ import annotations

import json
import sys

import click

from policydocs.store.db import DEFAULT_DB


@click.command(name="documents")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
              help="The SQLite database.")
@click.option("--json", "as_json", is_flag=True, help="Print the documents as JSON.")
@click.option("--regroup", is_flag=True, help="Group near-duplicate documents again before listing.")
def documents_command(db, as_json, regroup):
    """List the stored documents: trust of the source, canonical copy, statements.

    \b
    trust: 政府网站 (official) > 新闻媒体 (news) > 未知来源 (unknown) > 范文网站 (template);
    the reason is in --json (trust_reason). Copies of one text are listed under their canonical
    copy; templates and copies take no part in linking.
    \b
    policydocs documents --db policydocs.db
    policydocs documents --json | jq '.[] | select(.trust == "template") | .doc'
    """
    from policydocs.store import StoreError, documents
    from policydocs.store.dedup import group

    try:
        if regroup:
            click.echo(group(db).summary(), err=True)
        rows = documents(db)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no documents", err=True)
        return
    header = ("doc", "title", "date", "region", "trust", "canonical", "statements")
    table = [header]
    for r in rows:
        if r.is_canonical:
            canonical = f"itself (+{r.copies} copies)" if r.copies else "itself"
        else:
            canonical = f"copy of {r.canonical}"
        title = r.title or ""
        title = title if len(title) <= 30 else title[:29] + "…"
        table.append((r.doc if r.is_canonical else f"  {r.doc}", title, r.date or (str(r.year) if r.year else ""),
                      r.region or "", r.trust_label, canonical, str(r.statements)))
    widths = [max(_width(row[k]) for row in table) for k in range(len(header))]
    for row in table:
        click.echo("  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
    templates = sum(r.trust == "template" for r in rows)
    copies = sum(not r.is_canonical for r in rows)
    click.echo(f"{len(rows)} documents, {copies} copies of another, {templates} template sources", err=True)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


COMMANDS = (documents_command,)
