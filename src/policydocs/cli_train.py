"""``policydocs train``: train the extractor's models and write their weights as data files.

Registered in :mod:`policydocs.cli`; ``train kind`` mirrors :func:`policydocs.extract.kind.train_kind`.
"""

from __future__ import annotations

import click

from policydocs.cli_common import fail


@click.group(name="train")
def train_group():
    """Train the extractor's models; their weights are data files in extractors/models/."""


@train_group.command(name="kind")
@click.option("-o", "--output", metavar="FILE", type=click.Path(dir_okay=False),
              help="Write the weights to FILE  [default: models/kind.json in the first extractor dir:"
                   " $POLICYDOCS_EXTRACTORS's, else the shipped extractors/]")
def train_kind_command(output):
    """Train the target/actual/none classifier on training/kind*.jsonl and the cues of
    lexicons/cues*.toml, and write its weights (a few seconds; scikit-learn).

    Extraction reads the weights without training. After you add training rows or cues of your
    own (in $POLICYDOCS_EXTRACTORS), every run trains again, with a note, until this command
    writes weights into your directory.

    \b
    policydocs train kind                   # after editing extractors/training/ or lexicons/cues*.toml
    POLICYDOCS_EXTRACTORS=~/my-extractors policydocs train kind   # -> ~/my-extractors/models/kind.json
    """
    from policydocs.extract.kind import train_kind

    try:
        result = train_kind(output)
    except ImportError as exc:
        fail(f"training needs scikit-learn ({exc})")
    except ValueError as exc:  # (a training row that is not JSON, a single label)
        fail(f"cannot train: {exc}")
    except OSError as exc:
        fail(f"cannot write {exc.filename or output}: {exc.strerror or exc}", 1)
    click.echo(result.summary(), err=True)


COMMANDS = (train_group,)
