"""Links on years the rules were not written on: the headline targets of the national reports
2020-2025 and the results the next report gives (corpora/headline_years, gold in corpora/gold/headline_years)."""

import json
from pathlib import Path

import pytest

from policydocs.batch import ingest
from policydocs.link import export_links
from policydocs.link.evaluate import evaluate_links
from policydocs.link.status import status

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def links(tmp_path_factory) -> list[dict]:
    tmp = tmp_path_factory.mktemp("headline")
    ingest([ROOT / "corpora" / "headline_years"], db=tmp / "h.db", progress=False)
    out = tmp / "links.jsonl"
    export_links(tmp / "h.db", out, as_of="2025-03-05")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_every_headline_pair_of_six_years_is_linked_and_judged_right(links):
    gold = [json.loads(x) for x in (ROOT / "corpora/gold/headline_years/links.jsonl").read_text(encoding="utf-8").splitlines()]
    score = evaluate_links(gold, links)
    assert score.matched_targets == len(gold) == 32
    assert (score.precision, score.recall, score.status_accuracy) == (1.0, 1.0, 1.0), score.errors


def test_a_five_year_ceiling_is_in_progress_until_its_end_and_read_against_the_latest_year(links):
    row = next(r for r in links if r["target"]["text"] == "城镇调查失业率控制在5.5%以内")
    assert row["target"]["deadline"] == "2025-12-31"
    assert (row["actual"]["period"], row["status"]) == ("2024", "进展中")
    # past its end, the same figures make it done
    assert status(row["target"], row["actual"], "2026-03-05")[0] == "已完成"


def test_each_item_of_a_list_of_tasks_done_in_full_is_its_own_row(links):
    rows = [r["target"] for r in links if "贫困县全部摘帽" in r["target"]["text"]]
    assert sorted(r["indicator"] for r in rows) == ["现行标准下农村贫困人口全部脱贫", "贫困县全部摘帽"]
