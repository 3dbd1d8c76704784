"""``policydocs link``, ``policydocs review``, ``policydocs export links`` and ``policydocs eval link``.

Registered in :mod:`policydocs.cli`: ``COMMANDS`` on the top-level group, ``EXPORT_COMMANDS`` on
``export`` and ``EVAL_COMMANDS`` on ``eval``. Each mirrors a function of :mod:`policydocs.link`.
"""

from __future__ import annotations

import json
from collections import Counter

import click

from policydocs.cli_common import DB_OPTION as _DB_OPTION
from policydocs.cli_common import WAIT_OPTION
from policydocs.cli_common import export_to
from policydocs.cli_common import fail as _fail
from policydocs.output_safety import json_line
_AS_OF = click.option("--as-of", "as_of", metavar="DATE", help="Status as of DATE (YYYY[-MM[-DD]]; default today).")


def _decisions(f):
    f = click.option("--note", help="A note kept with the decision.")(f)
    f = click.option("--none", "none_", metavar="TKEY", help="No actual answers target TKEY.")(f)
    f = click.option("--set", "set_", nargs=2, metavar="TKEY AKEY", help="Use actual AKEY for target TKEY.")(f)
    f = click.option("--reject", metavar="TKEY[:AKEY]", help="The linked actual (or AKEY) is wrong for TKEY.")(f)
    f = click.option("--confirm", metavar="TKEY[:AKEY]", help="The linked actual (or AKEY) is right for TKEY.")(f)
    return f


def _corrections(f):
    f = click.option("--restore", metavar="TKEY[:FIELD]",
                     help="Undo the corrections of TKEY (or only of FIELD: drop, deadline, indicator, responsible).")(f)
    f = click.option("--responsible", "responsible_", nargs=2, metavar="TKEY UNITS",
                     help="The units responsible for TKEY (separated by 、 or ,).")(f)
    f = click.option("--indicator", "indicator_", nargs=2, metavar="TKEY TEXT", help="What TKEY measures.")(f)
    f = click.option("--deadline", "deadline_", nargs=2, metavar="TKEY DATE", help="TKEY is due on DATE (YYYY-MM-DD).")(f)
    f = click.option("--drop", "drop_", metavar="TKEY", help="TKEY is not a target: drop it from the checklist.")(f)
    return f


def _apply_corrections(db, drop_, deadline_, indicator_, responsible_, restore, note) -> bool:
    from policydocs.link import CorrectionError, correct, link, restore as undo

    asked = [("drop", (drop_, None) if drop_ else None), ("deadline", deadline_), ("indicator", indicator_),
             ("responsible", responsible_)]
    done = False
    try:
        for field, given in asked:
            if not given:
                continue
            c = correct(db, given[0].strip(), field, given[1], note=note)
            shown = "、".join(c.value) if isinstance(c.value, list) else (c.value or "")
            click.echo(f"{field} {c.target_key} {shown}".rstrip(), err=True)
            done = True
        if restore:
            key, _, field = restore.partition(":")
            n = undo(db, key.strip(), field.strip() or None)
            click.echo(f"restored {key.strip()}: {n} correction(s) removed", err=True)
            done = True
    except CorrectionError as exc:
        _fail(str(exc))
    if done:  # a corrected indicator or deadline, or a dropped row, links differently
        click.echo(link(db).summary(), err=True)
    return done


def _apply_decisions(db, confirm, reject, set_, none_, note) -> bool:
    from policydocs.link import ReviewError, review

    asked = [("confirm", confirm), ("reject", reject), ("set", ":".join(set_) if set_ else None), ("none", none_)]
    done = False
    for decision, value in asked:
        if not value:
            continue
        tkey, _, akey = value.partition(":")
        try:
            r = review(db, tkey.strip(), decision, actual_key=akey.strip() or None, note=note)
        except ReviewError as exc:
            _fail(str(exc))
        click.echo(f"{r.decision} {r.target_key}" + (f" {r.actual_key}" if r.actual_key else ""), err=True)
        done = True
    return done


@click.command(name="link")
@_DB_OPTION
@_AS_OF
@click.option("--force", is_flag=True, help="Rebuild the links even if nothing changed since the last run.")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes that link the blocks of statements (the same links as one).")
@WAIT_OPTION
@_decisions
def link_command(db, as_of, force, jobs, wait, confirm, reject, set_, none_, note):
    """Link targets to the actuals of later documents and count their status.

    \b
    Runs at the end of `policydocs ingest` too. Decisions (keys from `policydocs review --list`):
    policydocs link --as-of 2019-03-05
    policydocs link --force --jobs 2
    policydocs link --confirm 3f2a9c0d1e2b4a5c
    policydocs link --set 3f2a9c0d1e2b4a5c 9b8a7c6d5e4f3a2b --note "见2024年报告"
    """
    from policydocs.link import link, stale_reviews
    from policydocs.link.targets import parse_day
    from policydocs.store import QueryError, StoreError

    try:
        day = parse_day(as_of)
        report = link(db, force=force, wait=wait, say=lambda line: click.echo(line, err=True), as_of=day,
                      jobs=jobs)
        click.echo(report.summary(), err=True)
        counts = report.statuses  # counted while linking (link.tally), unless nothing was linked
        if _apply_decisions(db, confirm, reject, set_, none_, note) or counts is None:
            counts = _statuses(db, day)
        stale = stale_reviews(db)
    except (StoreError, QueryError) as exc:
        _fail(str(exc))
    if stale:
        click.echo(f"note: {len(stale)} review(s) refer to statements no longer stored: policydocs review --list",
                   err=True)
    from policydocs.link.model import STATUSES

    click.echo("  ".join(f"{s} {counts.get(s, 0)}" for s in STATUSES))


def _statuses(db, day: str) -> Counter:
    from policydocs.link.corrections import corrections_by_target
    from policydocs.link.tally import statuses
    from policydocs.store import open_db

    database = open_db(db, create=False)
    return statuses(database, day, corrections_by_target(database))


@click.command(name="review")
@_DB_OPTION
@_AS_OF
@click.option("--list", "list_", is_flag=True, help="List links waiting for a decision (lowest score first).")
@click.option("--all", "all_", is_flag=True, help="With --list: every target, reviewed or not, linked or not.")
@click.option("-n", "--limit", default=50, show_default=True, type=click.IntRange(1, 100000))
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON lines.")
@_decisions
@_corrections
def review_command(db, as_of, list_, all_, limit, as_json, confirm, reject, set_, none_, note,
                   drop_, deadline_, indicator_, responsible_, restore):
    """Decide links and correct rows by hand (kept across re-ingest and re-link).

    \b
    policydocs review --list
    policydocs review --confirm TKEY          # the linked actual is right
    policydocs review --reject TKEY           # it is wrong: the next best is used
    policydocs review --set TKEY AKEY         # use this actual
    policydocs review --none TKEY             # nothing answers this target
    policydocs review --drop TKEY             # not a target: leaves the checklist
    policydocs review --deadline TKEY 2026-06-30
    policydocs review --indicator TKEY 城镇新增就业
    policydocs review --responsible TKEY 县发改局、县财政局
    policydocs review --restore TKEY[:deadline]   # undo corrections
    """
    from policydocs.link import linked_targets, stale_reviews
    from policydocs.store import QueryError, StoreError

    try:
        done = _apply_decisions(db, confirm, reject, set_, none_, note)
        done = _apply_corrections(db, drop_, deadline_, indicator_, responsible_, restore, note) or done
        if not list_ and done:
            return
        rows = linked_targets(db, as_of=as_of)
        stale = stale_reviews(db)
    except (StoreError, QueryError) as exc:
        _fail(str(exc))
    if not all_:
        rows = [r for r in rows if r.actual is not None and r.review is None]
        rows.sort(key=lambda r: (r.score if r.score is not None else 0.0))
    for r in rows[:limit]:
        t, a = r.target, r.actual
        if as_json:
            click.echo(json_line({"target_key": t.key, "actual_key": a.key if a else None, "status": r.status,
                                  "score": r.score, "review": r.review, "target": t.record["text"],
                                  "actual": a.record["text"] if a else None, "doc": t.record["doc"],
                                  "actual_doc": a.record["doc"] if a else None}))
            continue
        click.echo(f"{t.key}  {t.record['doc']}  {t.record['text']}")
        if a:
            score = "" if r.score is None else f"{r.score:.2f}"
            click.echo(f"  → {a.key}  {a.record['doc']}  {a.record['text']}  [{score}] {r.status}"
                       + (f" ({r.review})" if r.review else ""))
        else:
            click.echo(f"  → (none) {r.status}" + (f" ({r.review})" if r.review else ""))
    if not rows:
        click.echo("nothing to review", err=True)
    for s in stale:
        click.echo(f"stale: {s.decision} {s.target_key}" + (f" {s.actual_key}" if s.actual_key else "")
                   + f" ({s.at}): its statement is no longer stored", err=True)


@click.command(name="links")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@_DB_OPTION
@_AS_OF
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE instead of stdout.")
def export_links_command(fmt, db, as_of, output):
    """One line per target: its actual, status, score, 完成率, reasons and review.

    \b
    policydocs export links --as-of 2019-03-05 > links.jsonl
    policydocs export links --format csv -o 落实情况.csv
    """
    from policydocs.link import export_links
    from policydocs.store import QueryError, StoreError

    try:
        n = export_to(output, fmt, lambda out: export_links(db, out, fmt=fmt, as_of=as_of))
    except (StoreError, QueryError) as exc:
        _fail(str(exc))
    click.echo(f"{n} targets" + (f" -> {output}" if output else ""), err=True)


@click.command(name="link")
@click.argument("gold_path", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="List the wrong links and statuses.")
def eval_link_command(gold_path, pred_path, as_json, show_errors):
    """Link precision, recall and status accuracy of PRED (`export links` output) against GOLD.

    \b
    policydocs eval link corpora/gold/links.jsonl <(policydocs export links --as-of 2019-03-05)
    """
    from policydocs.link.evaluate import evaluate_files

    try:
        score = evaluate_files(gold_path, pred_path)
    except (ValueError, KeyError, TypeError) as exc:
        _fail(f"cannot score {pred_path} against {gold_path}: {exc}")
    if as_json:
        click.echo(json.dumps(score.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"gold targets {score.gold_targets} (with an actual {score.gold_links}), matched {score.matched_targets}")
    click.echo(f"links: predicted {score.predicted_links}, correct {score.correct_links}")
    click.echo(f"precision {score.precision:.3f}  recall {score.recall:.3f}  status accuracy {score.status_accuracy:.3f}")
    if show_errors:
        for e in score.errors:
            click.echo(json_line(e))


COMMANDS = (link_command, review_command)
EXPORT_COMMANDS = (export_links_command,)
EVAL_COMMANDS = (eval_link_command,)
