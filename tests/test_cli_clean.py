"""`policydocs clean` as staff use it: files in, drafts out, bad files reported, batch goes on."""

import json
from pathlib import Path

from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from policydocs.cli import cli

PAGE = "\n".join([
    "当前位置：某某范文网 > 讲话稿",
    "在全区医保基金监管工作会议上的讲话",
    "同志们：",
    "今年以来，全区医保基金监管工作取得明显成效，追回违规基金120万元，XX医院整改到位。",
    "上一篇：在全区卫生健康工作会议上的讲话",
])


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_single_input_prints_the_draft_to_stdout(tmp_path):
    page = write(tmp_path, "speech.txt", PAGE, "gbk")
    result = CliRunner().invoke(cli, ["clean", str(page)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "在全区医保基金监管工作会议上的讲话",
        "同志们：",
        "今年以来，全区医保基金监管工作取得明显成效，追回违规基金120万元，XX医院整改到位。",
    ]


def test_output_dir_gets_one_file_per_input_in_each_format(tmp_path):
    page = write(tmp_path, "speech.txt", PAGE)
    out = tmp_path / "out"
    runner = CliRunner()
    for fmt in ("txt", "md", "json", "docx"):
        result = runner.invoke(cli, ["clean", str(page), "-o", str(out), "--format", fmt])
        assert result.exit_code == 0, result.output
    assert (out / "speech.txt").read_text(encoding="utf-8").startswith("在全区医保基金监管工作会议上的讲话\n同志们：")
    assert (out / "speech.md").read_text(encoding="utf-8").startswith("# 在全区医保基金监管工作会议上的讲话\n\n同志们：")
    data = json.loads((out / "speech.json").read_text(encoding="utf-8"))
    assert {"source", "title", "date", "issuer", "text", "gaps", "flags", "removed"} <= set(data)
    assert any(f["kind"] == "placeholder" and f["text"] == "XX" for f in data["flags"])
    assert {r["reason"] for r in data["removed"]} >= {"breadcrumb", "上一篇/下一篇"}
    docx = Document(str(out / "speech.docx"))  # the layout offices use: tests/test_draft_docx.py
    assert docx.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert docx.paragraphs[0].text == "在全区医保基金监管工作会议上的讲话"
    assert [p.text for p in docx.paragraphs[1:] if p.text] == PAGE.splitlines()[2:4]
    result = runner.invoke(cli, ["clean", str(page), "-o", str(out), "--format", "docx", "--layout", "plain"])
    assert result.exit_code == 0, result.output
    plain = Document(str(out / "speech.docx"))
    assert plain.paragraphs[0].style.name.startswith("Heading")
    assert [p.text for p in plain.paragraphs[1:3]] == PAGE.splitlines()[2:4]


def test_stdin_is_read_with_dash():
    result = CliRunner().invoke(cli, ["clean", "-"], input=PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("在全区医保基金监管工作会议上的讲话\n")


def test_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    good = write(tmp_path, "good.txt", PAGE)
    empty = write(tmp_path, "empty.txt", "")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", str(empty), str(good), "-o", str(out), "--report"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "empty.txt" in errors[0]
    assert (out / "good.txt").is_file()
    assert "已删除 breadcrumb" in result.output


def test_never_overwrites_an_input(tmp_path):
    page = write(tmp_path, "speech.txt", PAGE)
    result = CliRunner().invoke(cli, ["clean", str(page), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "overwrite" in result.output
    assert page.read_text(encoding="utf-8") == PAGE


def test_several_inputs_without_output_dir_is_a_usage_error(tmp_path):
    a, b = write(tmp_path, "a.txt", PAGE), write(tmp_path, "b.txt", PAGE)
    result = CliRunner().invoke(cli, ["clean", str(a), str(b)])
    assert result.exit_code == 2 and "-o DIR" in result.output


def test_directory_input_cleans_every_document(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    write(docs, "one.txt", PAGE)
    write(docs, "two.txt", PAGE.replace("医保基金监管", "卫生健康"), "gb18030")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", str(docs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["one.txt", "two.txt"]
