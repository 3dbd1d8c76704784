"""Linking a block at a time (link.blocks) finds what linking everything at once finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydocs.batch import ingest
from policydocs.link import blocks, link
from policydocs.link import db as linkdb
from policydocs.link.candidates import block_candidates, candidates
from policydocs.link.scoring import MUTUAL_SIMILARITY
from policydocs.store import open_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    db = tmp_path_factory.mktemp("blocks") / "t.db"
    ingest([ROOT / "corpora" / "govreport"], db=db, link=False)
    return db


def _links(db) -> list[tuple]:
    return open_db(db).conn.execute("SELECT target_key, actual_key, score, reasons, rank FROM links"
                                    " ORDER BY target_key, rank").fetchall()


def test_blocks_read_back_by_id_link_as_rows_kept_from_the_first_pass(reports, monkeypatch):
    first = link(reports, force=True)
    kept = _links(reports)
    assert len(kept) > 20
    monkeypatch.setattr(blocks, "KEEP_ROWS", 0)  # a store too big to keep its rows: read again, by id
    monkeypatch.setattr(blocks, "BATCH", 7)  # a few blocks at a time
    monkeypatch.setattr(blocks, "CHUNK", 100)
    report = link(reports, force=True)
    assert _links(reports) == kept
    assert (report.targets, report.actuals, report.linked) == (first.targets, first.actuals, first.linked)
    assert report.targets > 300


def test_a_blocks_similarities_are_those_of_one_fit_over_every_statement(reports):
    database = open_db(reports)
    rows, _ = linkdb.linking_rows(database)
    targets = [r for r in rows if r.record["kind"] == "target" and not r.excluded]
    actuals = [r for r in rows if r.record["kind"] == "actual" and not r.excluded]
    at_once = candidates(targets, actuals, floor=MUTUAL_SIMILARITY)
    found = blocks.scan(database, {})
    by_key = {}
    for batch in blocks.batches(database, found, {}):
        for ts, acts, tm, am in batch:
            for ti, pairs in block_candidates(ts, acts, tm, am, floor=MUTUAL_SIMILARITY).items():
                by_key[ts[ti].key] = [(acts[ai].key, sim) for ai, sim in pairs]
    expected = {targets[ti].key: [(actuals[ai].key, sim) for ai, sim in pairs] for ti, pairs in at_once.items()}
    assert by_key == expected  # the same actuals, the same similarities to the last bit


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Reports, local documents (a division plan among them), template seeds; a person's corrections and reviews."""
    from policydocs.link import correct, linked_targets, review

    db = tmp_path_factory.mktemp("tally") / "t.db"
    ingest([ROOT / "corpora" / "govreport", ROOT / "corpora" / "local", ROOT / "corpora" / "seeds"], db=db)
    rows = linked_targets(db, as_of="2030-01-01")
    linked = [r for r in rows if r.actual]
    correct(db, rows[0].target.key, "drop")
    correct(db, rows[1].target.key, "deadline", "2016-06-30")
    review(db, linked[0].target.key, "reject", actual_key=linked[0].actual.key)
    review(db, linked[1].target.key, "none")
    return db


@pytest.mark.parametrize("day", ["2015-03-05", "2019-03-05", "2026-03-31", "2026-09-30", "2030-01-01"])
def test_statuses_counted_while_linking_are_those_of_linked_targets(mixed, day):
    from collections import Counter

    from policydocs.link import linked_targets
    from policydocs.link.corrections import corrections_by_target
    from policydocs.link.tally import statuses

    want = Counter(r.status for r in linked_targets(mixed, as_of=day))
    assert sum(want.values()) > 50
    assert link(mixed, force=True, as_of=day).statuses == want
    database = open_db(mixed)
    assert statuses(database, day, corrections_by_target(database)) == want  # (from the stored links)
