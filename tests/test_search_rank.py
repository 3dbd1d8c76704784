"""A filtered search ranks its hits as FTS5 ranks the query alone (policydocs.store.rank)."""

from __future__ import annotations

import pytest

from policydocs.batch import ingest
from policydocs.store import open_db, search
from policydocs.store import query as query_module
from policydocs.store.fts import date_tags, match_expression
from policydocs.store.rank import scores

QUERIES = ["发展", "税", "5%以上", "6.5%左右", "GDP", "PM2.5", "就业 AND 城镇", "改革 OR 创新", "经济 NOT 增长",
           '"城镇新增就业"', "2018年", "一带一路", "万亩", "5 以上", "医共体", "医保基金"]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = tmp_path_factory.mktemp("rank") / "policydocs.db"
    ingest(["corpora/govreport", "corpora/seeds"], db=str(db))
    return db


def test_the_years_to_tag_are_those_documents_are_filed_under(store):
    conn = open_db(store).conn
    filed = {r[0] for r in conn.execute(
        "SELECT CASE WHEN date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(date, 1, 4) AS INTEGER) ELSE year END"
        " FROM documents") if r[0] is not None}
    years = query_module._years(conn)
    assert filed <= set(years) and years == sorted(years) and len(filed) >= 5


def test_scores_are_fts5s_bm25_of_the_query(store):
    conn = open_db(store).conn
    checked = 0
    for q in QUERIES:
        words, _ = match_expression(q)
        expected = conn.execute("SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ?", [words]).fetchall()
        mine = dict(scores(conn, q, [sid for sid, _ in expected]))
        assert mine.keys() == {sid for sid, _ in expected}, q
        for sid, score in expected:
            assert mine[sid] == pytest.approx(score, rel=1e-12, abs=1e-12), (q, sid)
        checked += len(expected)
    assert checked > 1000


FILTERS = [dict(kind="target"), dict(kind="actual", date_from="2016"), dict(region="全国", date_to="2017-06"),
           dict(kind="target", region="全国", date_from="2015", date_to="2018-03-04")]


@pytest.mark.parametrize("dates", ["by-tags", "compared"])
@pytest.mark.parametrize("here_max", [0, 10**6], ids=["ranked-by-fts5", "scored-here"])
def test_a_filter_selects_hits_and_does_not_reorder_them(store, monkeypatch, here_max, dates):
    """Both ways of ranking, and both ways of applying a date range (the year tags in FTS5, or
    each row's date compared), give the hits and scores of one FTS5 query with the filters in it."""
    monkeypatch.setattr(query_module, "SCORE_HERE_MAX", here_max)
    monkeypatch.setattr(query_module, "_keeps_many", lambda *_: dates == "compared")
    conn = open_db(store).conn
    years = query_module._years(conn)
    compared = 0
    for q in QUERIES:
        for f in FILTERS:
            lo = query_module.parse_bound(f.get("date_from"), upper=False, name="--from")
            hi = query_module.parse_bound(f.get("date_to"), upper=True, name="--to")
            tags, cuts = date_tags(lo, hi, years) if (lo or hi) else (None, False)
            expr, _ = match_expression(q, kind=f.get("kind"), region=f.get("region"), date_tags=tags)
            one_query = conn.execute("SELECT rowid, rank FROM sentences_fts WHERE sentences_fts MATCH ?"
                                     " ORDER BY rank, rowid DESC", [expr]).fetchall()
            if cuts:  # the days of a cut month are compared outside FTS5
                kept = {r[0] for r in conn.execute(
                    "SELECT s.id FROM sentences s JOIN documents d ON d.id = s.document_id"
                    " WHERE coalesce(d.date, d.year || '-12-31') >= coalesce(?, '')"
                    " AND coalesce(d.date, d.year || '-01-01') <= coalesce(?, '9')", [lo, hi])}
                one_query = [r for r in one_query if r[0] in kept]
            hits = search(store, q, all_copies=True, limit=len(one_query) or 1, **f)
            assert [h.sentence_id for h in hits] == [sid for sid, _ in one_query], (q, f)
            assert [h.score for h in hits] == pytest.approx([s for _, s in one_query], rel=1e-12, abs=1e-12)
            compared += len(hits)
    assert compared > 300
