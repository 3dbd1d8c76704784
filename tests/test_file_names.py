"""Hostile file names and folders with other files: one escaped line per failure, and every file
a folder held is accounted for (stored, failed, or counted as skipped)."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.errors import InputError, printable

GOOD = "在全县医保工作会议上的讲话\n同志们：\n今年全县医保基金运行平稳，参保率稳定在95%以上，追回违规资金86万元。\n"


@pytest.mark.parametrize("name,shown", [
    ("a\nb.txt", "a\\nb.txt"),
    ("a\rb.txt", "a\\rb.txt"),
    ("\x1b[31mred.txt", "\\x1b[31mred.txt"),
    ("report\u202etxt.exe", "report\\u202etxt.exe"),  # right-to-left override: would read "exe.txt"
    ("line\u2028sep.txt", "line\\u2028sep.txt"),
    ("bad\udcff.txt", "bad\\udcff.txt"),  # an undecodable byte of a file name (surrogateescape)
    ("正常的文件名 (1).txt", "正常的文件名 (1).txt"),
])
def test_names_are_printed_as_one_safe_line(name, shown):
    assert printable(name) == shown
    assert str(InputError(name, "empty file")) == f"{shown}: empty file"


def test_a_file_name_with_a_newline_is_one_error_line_in_ingest_and_clean(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "坏\n文件.txt"
    bad.write_bytes(b"")  # empty: fails
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "t.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "坏\\n文件.txt" in errors[0]
    assert not [line for line in result.output.splitlines() if line.startswith("文件.txt")]
    rows = sqlite3.connect(db).execute("SELECT source, reason FROM errors").fetchall()
    assert rows == [(str(bad), rows[0][1])] and "\n" not in rows[0][1]  # the real name, kept to match

    result = CliRunner().invoke(cli, ["clean", str(folder), "-o", str(tmp_path / "out")])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "坏\\n文件.txt" in errors[0]
    assert (tmp_path / "out" / "good.txt").exists()


def test_files_that_are_not_documents_are_counted_in_the_summary(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "good.meta.json").write_text('{"region": "易县"}', encoding="utf-8")  # read with good.txt
    for name in ("photo.png", "sub/scan.PNG", "pack.zip", "README"):
        (folder / name).write_bytes(b"x")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--no-progress"])
    assert result.exit_code == 0, result.output
    summary = [line for line in result.output.splitlines() if " added, " in line]
    assert summary and summary[0].endswith("; 4 skipped: .png .zip (no suffix)"), summary

    result = CliRunner().invoke(cli, ["clean", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "note: 4 skipped: .png .zip (no suffix)" in result.output


def test_a_folder_of_documents_only_says_nothing_of_skipping(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "--no-progress"])
    assert result.exit_code == 0 and "skipped" not in result.output
