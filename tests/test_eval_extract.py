"""Extraction scored against the seed gold with the spec's matching rule (`policydocs eval extract`)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.extract.evaluate import evaluate_extract, read_jsonl
from policydocs.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "corpora" / "gold" / "statements.jsonl"


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    path = tmp_path_factory.mktemp("pred") / "pred.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for seed in sorted((ROOT / "corpora" / "seeds").glob("*.txt")):
            for statement in process(seed).statements:
                fh.write(json.dumps(statement.to_record(), ensure_ascii=False) + "\n")
    return path


def test_seed_gold_goals(predictions):
    score = evaluate_extract(read_jsonl(GOLD), read_jsonl(predictions))
    assert score.f1 >= 0.90
    assert score.kind_accuracy >= 0.95
    for name in ("comparator", "deadline", "responsible"):
        assert score.fields[name] >= 0.90, (name, score.fields)


def test_matching_rule_needs_same_figure_and_overlapping_text():
    gold = [{"doc": "d", "kind": "target", "text": "新建村卫生室30个", "value": 30, "unit": "个"}]
    assert evaluate_extract(gold, [dict(gold[0], text="全年新建村卫生室30个以上")]).matched == 1
    assert evaluate_extract(gold, [dict(gold[0], value=31)]).matched == 0
    assert evaluate_extract(gold, [dict(gold[0], unit="家")]).matched == 0
    assert evaluate_extract(gold, [dict(gold[0], text="培训乡村医生300人次")]).matched == 0
    wrong_kind = evaluate_extract(gold, [dict(gold[0], kind="actual")])
    assert wrong_kind.matched == 0 and wrong_kind.kind_accuracy == 0.0


def test_gold_of_every_target_is_scored_on_targets_alone():
    # Whole-document gold labels every target and no actual: the tool's actuals are not errors
    # there, its targets that gold lacks are.
    gold = [{"doc": "d", "kind": "target", "text": "新建村卫生室30个", "value": 30, "unit": "个"}]
    pred = [dict(gold[0]), dict(gold[0], kind="actual", text="去年建成村卫生室20个", value=20),
            dict(gold[0], text="培训乡村医生300人次", value=300, unit="人次")]
    score = evaluate_extract(gold, pred, kind="target")
    assert (score.predicted, score.matched, score.precision) == (2, 1, 0.5)


def test_offsets_into_another_text_do_not_decide_the_overlap():
    # The tool's offsets point into its own clean text; gold's text (a portal page without its
    # furniture) is shorter: the prediction is found by its text instead.
    text = "一、目标\n新建村卫生室30个。"
    gold = [{"doc": "d", "kind": "target", "text": "新建村卫生室30个", "value": 30, "unit": "个"}]
    shifted = dict(gold[0], start=40, end=49)
    assert evaluate_extract(gold, [shifted], {"d": text}).matched == 1
    # Offsets that do point at the text name which occurrence it is: here another one.
    elsewhere = dict(gold[0], text="卫生室30个", start=0, end=6)
    assert evaluate_extract(gold, [elsewhere], {"d": "卫生室30个" + text}).matched == 0


def test_eval_extract_command_prints_scores(predictions):
    result = CliRunner().invoke(cli, ["eval", "extract", str(GOLD), str(predictions)])
    assert result.exit_code == 0, result.output
    assert "precision" in result.output and "kind accuracy" in result.output and "deadline" in result.output


@pytest.mark.parametrize("content, reason", [
    ('{"doc": "a", "kind": "target"}\n{oops\n', "line 2: not JSON"),
    ("[1, 2]\n", "line 1: a record must be a JSON object"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text"),
])
@pytest.mark.parametrize("command", ["extract", "link"])
def test_a_malformed_file_to_score_is_one_line_naming_it(tmp_path, content, reason, command):
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    good = tmp_path / "good.jsonl"
    good.write_text("", encoding="utf-8")
    out = CliRunner().invoke(cli, ["eval", command, str(good), str(bad)])
    assert out.exit_code == 2
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and str(bad) in lines[0] and reason in lines[0]
