"""``policydocs checklist``: the 台账 of targets, actuals and status, mirroring :func:`policydocs.report.checklist`.

Registered in :mod:`policydocs.cli` with ``cli.add_command``.
"""

from __future__ import annotations


import click

from policydocs.cli_common import export_to
from policydocs.cli_common import fail as _fail
from policydocs.store.db import DEFAULT_DB


@click.command(name="checklist")
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
              help="The SQLite database.")
@click.option("--region", help="Only targets of this region (保定 → 保定市).")
@click.option("--responsible", metavar="UNIT", help="Only targets naming this responsible unit (市卫健委).")
@click.option("--due-before", metavar="DATE", help="Only targets due before DATE (YYYY-MM-DD).")
@click.option("-q", "--query", help="Only targets whose sentence matches these words (as in `policydocs search`).")
@click.option("--as-of", metavar="DATE", help="Judge status as of DATE (YYYY-MM-DD)  [default: today]")
@click.option("--include-templates", is_flag=True, help="Also list targets from template (范文) sites.")
@click.option("--format", "fmt", metavar="xlsx|csv|md|html",
              help="Output format  [default: from the -o suffix]")
@click.option("-o", "--output", required=True, metavar="FILE",
              help="Write to FILE ('-': stdout, for csv, md and html).")
def checklist_command(db, region, responsible, due_before, query, as_of, include_templates, fmt, output):
    """The checklist (台账): one row per target with its deadline, responsible unit, source,
    best actual, completion and status, for a meeting or an inspection.

    \b
    Columns: 序号 指标 目标值 时限 责任单位 出处 实际值 实际出处 完成率 状态 依据原文 来源 链接依据.
    xlsx is ready to print (A4 landscape, header on every page) and to filter; csv is UTF-8 with a
    BOM for Excel and WPS; html is one file that sorts and filters offline.
    \b
    policydocs checklist --region 保定 --as-of 2024-06-30 --format xlsx -o 台账.xlsx
    policydocs checklist --responsible 市卫健委 --due-before 2025-01-01 -o 台账.html
    """
    from policydocs.report import ChecklistError, build, resolve_format, write
    from policydocs.store.db import StoreError
    from policydocs.store.fts import QueryError

    try:
        fmt = resolve_format(fmt, output)
        if output == "-" and fmt == "xlsx":
            raise ChecklistError("xlsx cannot go to stdout: give -o FILE.xlsx")
        sheet = build(db, as_of=as_of, region=region, responsible=responsible, due_before=due_before,
                      query=query, include_templates=include_templates)
        export_to(None if output == "-" else output, fmt, lambda out: write(sheet, out, fmt))
    except (ChecklistError, QueryError, StoreError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}", 1)
    where = "" if output == "-" else f" -> {output}"
    click.echo(f"{sheet.summary_line}{where}", err=True)


COMMANDS = (checklist_command,)
