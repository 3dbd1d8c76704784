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
    link(reports, force=True)
    kept = _links(reports)
    assert len(kept) > 20
    monkeypatch.setattr(blocks, "KEEP_ROWS", 0)  # a store too big to keep its rows: read again, by id
    monkeypatch.setattr(blocks, "BATCH", 7)  # a few blocks at a time
    monkeypatch.setattr(blocks, "CHUNK", 100)
    report = link(reports, force=True)
    assert _links(reports) == kept
    assert (report.targets, report.actuals) == (326, 330)


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
