"""``policydocs export statements``: exactly the spec record, in JSON Lines and CSV."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from builders import DOC_A, DOC_B, DOC_C, sample_docs, stored, write_docs
from policydocs.extract.statement import SPEC_FIELDS
from policydocs.pipeline import process
from policydocs.store import export_statements, export_text
from policydocs.batch import ingest


def test_jsonl_records_have_exactly_the_spec_fields_in_order(tmp_path):
    db = stored(tmp_path)
    lines = export_text(db).splitlines()
    assert len(lines) == 5
    for line in lines:
        assert tuple(json.loads(line)) == SPEC_FIELDS


def test_values_round_trip_through_the_database(tmp_path):
    docs = sample_docs()
    db = stored(tmp_path, docs)
    want = [s.to_record() for p in sorted(docs, key=lambda p: p.doc_id) for s in p.statements]
    got = [json.loads(line) for line in export_text(db).splitlines()]
    assert got == want
    fund = next(r for r in got if r["indicator"] == "医保基金结余")
    assert fund["value"] == 1250000000 and isinstance(fund["value"], int) and fund["period"] == "2024"
    rooms = next(r for r in got if r["indicator"] == "新建标准化村卫生室")
    assert (rooms["value"], rooms["value_max"], rooms["strength"]) == (30, 35, "aim")


def test_the_pipeline_statements_come_back_unchanged(tmp_path):
    paths = write_docs(tmp_path / "in", {"a.txt": DOC_A, "b.txt": DOC_B, "c.txt": DOC_C})
    db = tmp_path / "t.db"
    assert ingest(paths, db=db).ok
    want = [s.to_record() for p in paths for s in process(p).statements]
    got = [json.loads(line) for line in export_text(db).splitlines()]
    assert got == want


def test_csv_has_bom_spec_header_and_joined_units(tmp_path):
    db = stored(tmp_path)
    out = tmp_path / "statements.csv"
    assert export_statements(db, out, fmt="csv") == 5
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == SPEC_FIELDS
    target = next(r for r in rows if r["indicator"] == "紧密型县域医共体覆盖率")
    assert target["responsible"] == "市卫生健康委、市医保局"
    assert (target["value"], target["value_max"], target["comparator"]) == ("90", "", ">=")


def test_with_offsets_appends_provenance(tmp_path):
    db = stored(tmp_path)
    record = json.loads(export_text(db, with_offsets=True).splitlines()[0])
    assert tuple(record) == SPEC_FIELDS + ("start", "end", "section_path")
    text = db["documents"].get(db["statements"].get(1)["document_id"])["text"]
    assert text[record["start"]:record["end"]] == record["text"]
    assert record["section_path"] == ["一、工作目标"]
    header = export_text(db, fmt="csv", with_offsets=True).splitlines()[0]
    assert header.split(",") == [*SPEC_FIELDS, "start", "end", "section_path"]


def test_cli_export_to_file_and_stdout(tmp_path, cli):  # noqa: F811
    db = stored(tmp_path)
    path = str(tmp_path / "t.db")
    result = CliRunner().invoke(cli, ["export", "statements", "--db", path, "-o", str(tmp_path / "s.jsonl")])
    assert result.exit_code == 0 and "5 statements" in result.output
    assert (tmp_path / "s.jsonl").read_text(encoding="utf-8") == export_text(db)
    result = CliRunner().invoke(cli, ["export", "statements", "--format", "csv", "--db", path])
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    assert result.stdout_bytes.decode("utf-8-sig").splitlines()[0] == ",".join(SPEC_FIELDS)


def test_cli_export_without_database(tmp_path, cli):  # noqa: F811
    result = CliRunner().invoke(cli, ["export", "statements", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and result.output.startswith("error: no database at")


def test_an_output_that_cannot_be_written_is_one_line(tmp_path, cli):
    db = tmp_path / "t.db"
    ingest(write_docs(tmp_path / "in", {"a.txt": DOC_A}), db=db)
    missing = tmp_path / "no" / "such" / "dir"
    for args in (["export", "statements", "--format", "csv", "-o", missing / "s.csv"],
                 ["export", "links", "-o", missing / "l.jsonl"],
                 ["checklist", "-o", missing / "台账.xlsx"]):
        out = CliRunner().invoke(cli, [str(a) for a in args] + ["--db", str(db)])
        lines = out.output.strip().splitlines()
        assert out.exit_code == 1, args
        assert len(lines) == 1 and lines[0].startswith(f"error: cannot write {missing}"), out.output
