"""Datasette: the shipped metadata names only tables, views and columns a database really has."""

from __future__ import annotations

import json

from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.cli_serve import metadata_path
from policydocs.store import open_db


def test_metadata_facets_and_columns_exist_in_a_fresh_database(tmp_path):
    from policydocs.link.db import ensure_tables

    db = open_db(tmp_path / "t.db")
    ensure_tables(db)  # links and reviews, as the first ingest's link step makes them
    meta = json.loads(metadata_path().read_text(encoding="utf-8"))
    tables = meta["databases"]["policydocs"]["tables"]
    assert {"ledger", "statements", "documents", "links", "reviews"} <= set(tables)
    for name, conf in tables.items():
        assert name in db.table_names() + db.view_names(), name
        columns = set(db[name].columns_dict) if name in db.table_names() else set(db[name].columns_dict)
        for key in ("facets",):
            for column in conf.get(key, []):
                assert column in columns, f"{name}: facet {column!r} is not a column"
        for key in ("sort", "sort_desc", "label_column"):
            if key in conf:
                assert conf[key] in columns, f"{name}: {key} {conf[key]!r} is not a column"
        for column in conf.get("columns", {}):
            assert column in columns, f"{name}: described column {column!r} does not exist"
    # the tables only the code reads (the search index, bookkeeping, dedup fingerprints) are hidden
    assert all(tables[t].get("hidden") for t in ("sentences_fts", "_meta", "fingerprints"))
    # the facets people asked for: document, kind, region, deadline year
    assert {"文件", "类型", "地区", "期限年份"} <= set(tables["ledger"]["facets"])


def test_serve_names_the_metadata_and_refuses_a_missing_database(tmp_path):
    runner = CliRunner()
    shown = runner.invoke(cli, ["serve", "--db", str(tmp_path / "x.db"), "--print-command"])
    assert shown.exit_code == 0 and str(metadata_path()) in shown.output and "datasette" in shown.output
    missing = runner.invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.output.startswith("error: no database at")
