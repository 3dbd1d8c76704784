"""The ``policydocs`` command: each subcommand mirrors a Python API function."""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from pathlib import Path

import click

from policydocs import __version__
from policydocs.errors import InputError, printable

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".shtml", ".pdf", ".docx", ".doc")


class _LazyGroup(click.Group):
    """A group whose commands are imported when one is run or listed (``--help``): each command
    module imports what it uses at its top (the store, the extractor, a crawler), and `policydocs
    clean` should not pay for the store's and extractor's imports (0.6 s of its 0.9 s start-up)."""

    def __init__(self, *args, lazy: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})  # name → "module:attribute", or a function giving the command

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name: str):
        where = self.lazy.pop(name, None)
        if where is not None:
            if callable(where):
                command = where()
            else:
                module, attribute = where.split(":")
                command = getattr(importlib.import_module(module), attribute)
            self.add_command(command, name)
        return super().get_command(ctx, name)


def _export_group():
    """``export``: statements (cli_store) and links (cli_link)."""
    from policydocs.cli_link import EXPORT_COMMANDS
    from policydocs.cli_store import export_group

    for command in EXPORT_COMMANDS:
        export_group.add_command(command)
    return export_group


_COMMANDS = {
    "ingest": "policydocs.cli_store:ingest_command", "search": "policydocs.cli_store:search_command",
    "export": _export_group, "fetch": "policydocs.cli_acquire:fetch_command",
    "crawl": "policydocs.cli_acquire:crawl_command", "checklist": "policydocs.cli_report:checklist_command",
    "serve": "policydocs.cli_serve:serve_command", "documents": "policydocs.cli_documents:documents_command",
    "train": "policydocs.cli_train:train_group", "link": "policydocs.cli_link:link_command",
    "review": "policydocs.cli_link:review_command",
}


@click.group(cls=_LazyGroup, lazy=_COMMANDS)
@click.version_option(__version__, prog_name="policydocs")
def cli():
    """Clean, segment and mine Chinese policy documents and speeches."""


def expand_inputs(inputs: tuple[str, ...], skipped: Counter | None = None) -> list[str]:
    """Files as given; directories become their document files, sorted (the others counted by
    suffix into ``skipped``); '-' is stdin."""
    from policydocs.acquire.files import expand_paths

    out: list[str] = []
    for item in inputs:
        out.extend([item] if item == "-" else expand_paths([item], skipped, suffixes=INPUT_SUFFIXES))
    return out


@cli.command(name="clean")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), help="Write each draft to DIR/<stem>.<format>.")
@click.option("--format", "fmt", type=click.Choice(["txt", "md", "docx", "json"]), default="txt", show_default=True)
@click.option("--report", is_flag=True, help="Print what was removed, the gaps and the flags for each input.")
@click.option("--traditional", type=click.Choice(["auto", "convert", "keep"]), default="auto", show_default=True,
              help="Traditional script: convert pages converted from mainland text (auto), always, or never.")
@click.option("--full-width/--no-full-width", default=None,
              help="Chinese punctuation in full width (，：；（）“”). Default: on for the docx and md drafts; "
                   "txt and json keep the text as cleaned.")
@click.option("--layout", default="gbt9704", show_default=True,
              help="Layout of a docx draft: gbt9704 (GB/T 9704-2012 党政机关公文格式; or another "
                   "extractors/layouts/NAME.toml) or plain.")
@click.option("--site", help="Force a site profile (a name from extractors/sites).")
@click.option("--url", help="The page's URL, for site profiles that match by domain.")
def clean_command(inputs, out_dir, fmt, report, traditional, full_width, layout, site, url):
    """Clean downloaded pages and files (TXT, HTML, PDF, DOCX; '-' for stdin) into drafts.

    \b
    policydocs clean page.html                 # draft on stdout
    policydocs clean corpora/seeds -o out --report
    policydocs clean speech.pdf -o out --format docx              # 公文格式, doubts highlighted and commented
    policydocs clean speech.pdf -o out --format docx --layout plain
    """
    from policydocs.clean import clean_raw
    from policydocs.clean.output import render, write
    from policydocs.clean.report import print_report
    from policydocs.acquire.files import skipped_line
    from policydocs.knowledge import KnowledgeError

    skipped: Counter = Counter()
    files = expand_inputs(inputs, skipped)
    if skipped:
        click.echo(f"note: {skipped_line(skipped)} (not {' '.join(INPUT_SUFFIXES)})", err=True)
    if not files:
        raise click.UsageError("no input files found")
    if out_dir is None and (len(files) > 1 or fmt == "docx"):
        raise click.UsageError("several inputs (or --format docx) need -o DIR")
    # Full width is for the drafts people read (docx, md), written so by the writer; txt and json are
    # the cleaned text itself (what eval and other tools read) and change only when asked.
    for_reading = fmt in ("docx", "md")
    draft_full_width = for_reading if full_width is None else full_width
    failed = 0
    for name in files:
        try:
            raw = _load(name)
            doc = clean_raw(raw, url=url, traditional=traditional, site=site,
                            full_width=bool(full_width) and not for_reading)
            if out_dir is None:
                click.echo(render(doc, fmt, full_width=draft_full_width), nl=False)
            else:
                target = _target(name, Path(out_dir), fmt)
                if fmt == "docx" and layout != "plain":
                    from policydocs.report.draft_docx import write_draft_docx

                    write_draft_docx(doc, target, layout=layout, full_width=draft_full_width)
                else:
                    write(doc, target, fmt, full_width=draft_full_width)
                click.echo(f"{printable(name)} -> {printable(str(target))}", err=True)
            if report:
                print_report(doc, err=out_dir is None)
        except KnowledgeError as exc:  # a broken file of extractors/ would fail every input alike
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except InputError as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
        except Exception as exc:  # a bug must not stop the batch; say which file
            failed += 1
            click.echo(f"error: {printable(name)}: {printable(f'{type(exc).__name__}: {exc}')}", err=True)
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)


def _load(name: str):
    from policydocs.acquire import load

    if name == "-":
        return load("<stdin>", data=sys.stdin.buffer.read())
    return load(name)


def _target(name: str, out_dir: Path, fmt: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = "stdin" if name == "-" else Path(name).stem
    target = out_dir / f"{stem}.{fmt}"
    if name != "-" and target.resolve() == Path(name).resolve():
        raise InputError(name, f"refusing to overwrite the input with {target}")
    return target


@cli.group(name="eval", cls=_LazyGroup, lazy={"link": "policydocs.cli_link:eval_link_command"})
def eval_group():
    """Score the tool against gold files."""


@eval_group.command(name="clean")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.argument("pred_dir", type=click.Path(exists=True, file_okay=False), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_clean(gold_dir, pred_dir, as_json):
    """Character precision/recall/F1 of cleaned text against GOLD_DIR/*.clean.txt.

    PRED_DIR holds either predictions (<stem>.clean.txt) or inputs (<stem>.txt/.html/...), which
    are cleaned first. Also checks title, gaps, placeholders and encoding flags against *.meta.json.

    A corpus of web pages (GOLD_DIR with original/, cleaned/, date/, author/, as corpora/web)
    is scored in one command: `policydocs eval clean corpora/web` (the body against cleaned/,
    the date and author against date/ and author/; PRED_DIR, if given, holds the inputs).
    """
    from policydocs.clean.evaluate import evaluate_clean, evaluate_pages, is_page_corpus
    from policydocs.clean.report import print_scores

    if is_page_corpus(gold_dir):
        scores = evaluate_pages(gold_dir, pred_dir)
    elif pred_dir is None:
        raise click.UsageError(f"{gold_dir}: give PRED_DIR (or a corpus of web pages with original/ and cleaned/)")
    else:
        scores = evaluate_clean(gold_dir, pred_dir)
    print_scores(scores, as_json=as_json)
    if any(s.error for s in scores):
        sys.exit(1)


@eval_group.command(name="extract")
@click.argument("gold_path", type=click.Path(exists=True))
@click.argument("pred_path", type=click.Path(exists=True, dir_okay=False))
@click.option("--texts", type=click.Path(exists=True, file_okay=False),
              help="Cleaned texts (<doc>.clean.txt) to locate spans; else texts are compared as strings.")
@click.option("--kind", type=click.Choice(["target", "actual"]),
              help="Score only statements of this kind (gold that labels every target of whole documents).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def eval_extract(gold_path, pred_path, texts, kind, as_json):
    """Precision, recall, F1 and per-field accuracy of PRED.jsonl against GOLD (a .jsonl file, or a
    directory of them), by the spec's matching rule."""
    import json
    from dataclasses import asdict

    from policydocs.extract.evaluate import evaluate_extract, load_texts, read_gold, read_jsonl

    try:
        score = evaluate_extract(read_gold(gold_path), read_jsonl(pred_path), load_texts(texts), kind=kind)
    except (ValueError, KeyError, TypeError) as exc:
        click.echo(f"error: cannot score {pred_path} against {gold_path}: {exc}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(asdict(score), ensure_ascii=False, indent=2))
        return
    click.echo(f"statements: gold {score.gold}, predicted {score.predicted}, matched {score.matched}")
    click.echo(f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}")
    click.echo(f"kind accuracy {score.kind_accuracy:.3f}")
    for name, value in score.fields.items():
        click.echo(f"  {name:<12} {value:.3f}")
    click.echo("| document | gold | predicted | matched |")
    click.echo("|---|---:|---:|---:|")
    for doc, row in score.per_doc.items():
        click.echo(f"| {doc} | {row['gold']} | {row['predicted']} | {row['matched']} |")


def main():  # pragma: no cover
    cli()


if __name__ == "__main__":  # pragma: no cover
    main()
