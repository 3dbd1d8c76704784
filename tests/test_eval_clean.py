"""The cleaner scored against the gold seeds, as `policydocs eval clean` prints it."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from policydocs.cli import cli
from policydocs.clean.evaluate import char_scores, evaluate_clean

ROOT = Path(__file__).resolve().parents[1]
GOLD, SEEDS = ROOT / "corpora" / "gold", ROOT / "corpora" / "seeds"


def test_char_scores_measure_order_and_ignore_width_and_whitespace():
    assert char_scores("同志们:\n今天开会。", "同志们：今天开会。") == (1.0, 1.0, 1.0)
    p, r, f = char_scores("今天开会。上一篇：某某", "今天开会。")
    assert r == 1.0 and p < 0.7
    assert char_scores("", "有内容")[2] == 0.0


@pytest.fixture(scope="module")
def seed_scores():
    return evaluate_clean(GOLD, SEEDS)


def test_every_seed_scores_at_least_099(seed_scores):
    assert len(seed_scores) == 5
    for score in seed_scores:
        assert score.error is None
        assert score.f1 >= 0.99, (score.name, score.f1)


def test_seed_gaps_and_titles_match_gold_metadata(seed_scores):
    by_name = {s.name: s for s in seed_scores}
    assert by_name["001_00576c6514847a99"].checks["gaps"].startswith("2/2")
    for score in seed_scores:
        assert score.checks["title"] is True, score.name
        found, wanted = score.checks["placeholders"].split()[0].split("/")
        assert found == wanted, (score.name, score.checks)


def test_doing_nothing_scores_low_so_the_metric_can_fail(tmp_path):
    for gold in GOLD.glob("*.clean.txt"):
        stem = gold.name[: -len(".clean.txt")]
        (tmp_path / f"{stem}.clean.txt").write_text((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    scores = evaluate_clean(GOLD, tmp_path)
    assert min(s.f1 for s in scores) < 0.5


def test_eval_clean_command_prints_the_table():
    result = CliRunner().invoke(cli, ["eval", "clean", str(GOLD), str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert "| 002_35706bc6a251dbf9 |" in result.output
    assert "macro" in result.output and "min F1" in result.output


def test_html_pages_beside_their_gold_are_cleaned_not_taken_as_predictions():
    pages = ROOT / "tests" / "fixtures" / "html"
    scores = evaluate_clean(pages, pages)
    assert len(scores) >= 12
    assert all(s.error is None for s in scores)
    assert sum(s.f1 for s in scores) / len(scores) >= 0.95
    assert min(s.f1 for s in scores) >= 0.5
