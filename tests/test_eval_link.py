"""Linking goals on the national government work reports 2014–2019 (corpora/gold/links.jsonl).

    policydocs ingest corpora/govreport --db DB
    policydocs eval link corpora/gold/links.jsonl <(policydocs export links --as-of 2019-03-05 --db DB)

must reach link precision ≥ 0.95, recall ≥ 0.90 and status accuracy ≥ 0.95.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.cli import cli

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "gold" / "links.jsonl"
REPORTS = ROOT / "corpora" / "govreport"


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    if not GOLD.exists():
        pytest.skip("corpora/gold/links.jsonl is not there yet")
    root = tmp_path_factory.mktemp("evallink")
    db, pred = root / "gr.db", root / "pred.jsonl"
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(REPORTS), "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["export", "links", "--as-of", "2019-03-05", "--db", str(db), "-o", str(pred)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["eval", "link", str(GOLD), str(pred), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_link_precision(score):
    assert score["precision"] >= 0.95, score["errors"]


def test_link_recall(score):
    assert score["recall"] >= 0.90, score["errors"]


def test_status_accuracy(score):
    assert score["status_accuracy"] >= 0.95, score["errors"]


def test_targets_of_the_last_year_are_not_due(score):
    assert not any(e.get("gold_status") == "未到期" for e in score["errors"]), score["errors"]
