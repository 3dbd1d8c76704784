"""A batch of bad inputs through `policydocs clean`: one error line per bad file, the rest cleaned."""

from click.testing import CliRunner

from builders import scanned_pdf, typeset_pdf
from policydocs.cli import cli

GOOD = "在全县医保工作会议上的讲话\n同志们：\n今年全县医保基金运行平稳，参保率稳定在95%以上，追回违规资金86万元。\n"


def test_every_kind_of_bad_input_gets_one_line_and_the_batch_goes_on(tmp_path):
    files = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 40,
        "unknown.txt": "Ceci n'est pas du chinois: déjà vu, à côté.".encode("cp1252") * 3,
        "huge.html": b"<html><body>" + b"<p>\xe6\x96\x87</p>" * (21 * 1024 * 1024 // 10) + b"</body></html>",
        "deep.html": ("<div>" * 10000 + "<p>卫生健康委员会关于印发医共体建设方案的通知，请各单位认真贯彻执行。</p>"
                      + "</div>" * 10000).encode(),
        "malformed.html": "<html><body><div><p>会议要求，各县区要在6月底前完成医共体章程制定。<div><p>确保年内全面推开<</body>".encode(),
        "corrupt.pdf": b"%PDF-1.4\n1 0 obj<<>>stream\nbroken",
        "good.txt": GOOD.encode("gbk"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    typeset_pdf(tmp_path / "secret.pdf", ["各县区要加快推进紧密型县域医共体建设，确保年内实现全覆盖。"], encrypt="123456")
    scanned_pdf(tmp_path / "scan.pdf")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["clean", *sorted(str(p) for p in tmp_path.iterdir() if p.is_file()), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    failed = {line.split(":")[1].strip().rsplit("/", 1)[-1] for line in errors}
    assert failed == {"empty.txt", "binary.txt", "unknown.txt", "huge.html", "corrupt.pdf", "secret.pdf", "scan.pdf"}
    assert len(errors) == len(failed)  # one line each
    assert all("Traceback" not in line for line in result.output.splitlines())
    assert (out / "good.txt").read_text(encoding="utf-8") == GOOD
    assert "卫生健康委员会关于印发医共体建设方案的通知" in (out / "deep.txt").read_text(encoding="utf-8")
    assert "6月底前完成医共体章程制定" in (out / "malformed.txt").read_text(encoding="utf-8")
