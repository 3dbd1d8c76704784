"""The kind classifier's weights: made by ``policydocs train kind``, shipped as extractors/models/kind.json,
read at run time without scikit-learn, and not used once a user's own rows or cues make them stale."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from policydocs.extract import kind, kind_weights
from policydocs.extract.kind import KindContext, load_training, row_context
from policydocs.extract.kind_linear import LinearScorer

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "extractors" / "models" / "kind.json"
NOTES = "policydocs.extract.kind"

DRILLS = KindContext(clause="演练场次达到80场", sentence="演练场次达到80场。", section_path=["二、下一步工作"],
                     paragraph_opener="演练场次达到80场", doc_year=2024, quantity_text="80场")
CASES = [
    DRILLS,
    KindContext("力争年底前签约率达到75%以上", "要做实签约服务，力争年底前签约率达到75%以上。", ["二、2024年重点工作"],
                "要做实签约服务，力争年底前签约率", 2024, [], "75%以上"),
    KindContext("签约率达到75.3%", "2023年，全县签约率达到75.3%。", ["一、2023年工作回顾"],
                "2023年，全县签约率达到75.3%", 2024, [2023], "75.3%"),
    KindContext("全县总面积1860平方公里", "全县总面积1860平方公里，辖15个乡镇。", ["一、基本情况"], doc_year=2023,
                quantity_text="1860平方公里"),
]


@pytest.fixture
def fresh_kind(monkeypatch):
    """No extractor dir of the user's; the classifier reads its weights afresh, and forgets them after."""
    monkeypatch.delenv("POLICYDOCS_EXTRACTORS", raising=False)
    kind.reset()
    yield
    kind.reset()


def _count_training(monkeypatch, model=None) -> list[int]:
    """Record each training (returning ``model`` instead when given)."""
    calls: list[int] = []
    real = kind.train
    monkeypatch.setattr(kind, "train",
                        lambda *a, **k: calls.append(1) or (model if model is not None else real(*a, **k)))
    return calls


def _notes(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == NOTES]


def test_the_shipped_weights_are_what_training_gives_now_and_score_as_scikit_learn(tmp_path, monkeypatch, fresh_kind):
    models = []
    real = kind.train
    monkeypatch.setattr(kind, "train", lambda *a, **k: models.append(real(*a, **k)) or models[-1])
    result = kind.train_kind(tmp_path / "kind.json")
    made = (tmp_path / "kind.json").read_bytes()
    if made != SHIPPED.read_bytes():
        _, shipped = kind_weights.loads(SHIPPED.read_text(encoding="utf-8"))
        _, now = kind_weights.loads(made.decode("utf-8"))
        pytest.fail(f"{SHIPPED} is not what `policydocs train kind` makes now "
                    f"({kind_weights.stale_reason(shipped, now) or 'the weights differ'}): run it and commit the file")
    assert result.written and result.rows == {"actual": 1032, "none": 171, "target": 894}
    # the file's weights (rounded to 12 decimals) score as scikit-learn's model does, and give
    # every training clause the label and the 4-decimal probability the unrounded model gives
    shipped, model = kind.scorer(), models[0]
    assert isinstance(shipped, LinearScorer) and shipped is not model.scorer()
    contexts = [row_context(r) for r in load_training()] + CASES + [KindContext(clause="")]
    reference = model.predict_proba_sklearn(contexts)
    for ours, theirs in zip(kind._probabilities(shipped, contexts), reference):
        assert max(abs(ours[k] - theirs[k]) for k in theirs) < 1e-9
    assert kind._labels(shipped, contexts) == model.classify(contexts)


def test_extracting_reads_the_weights_without_scikit_learn():
    script = (
        "import sys\n"
        "from policydocs.extract import extract_statements\n"
        "from policydocs.extract.context import DocumentContext\n"
        "from policydocs.segment import segment\n"
        "text = '一、2023年工作回顾\\n2023年，全县家庭医生签约率达到75.3%。\\n二、2024年重点工作\\n力争年底前签约率达到80%以上。\\n'\n"
        "found = extract_statements(text, segment(text), doc_id='t', context=DocumentContext(year=2024))\n"
        "print([s.kind for s in found], 'sklearn' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "POLICYDOCS_EXTRACTORS"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[0] == "['actual', 'target'] False"
    assert "kind classifier" not in out.stderr  # (no note: the shipped weights are current)


def test_a_users_own_rows_count_at_once_and_train_kind_makes_start_up_quick_again(tmp_path, monkeypatch, fresh_kind,
                                                                                   cli, caplog):
    shipped_bytes, shipped_kinds = SHIPPED.read_bytes(), kind.classify_many(CASES)
    assert shipped_kinds[0][0] == "target"
    mine = tmp_path / "my-extractors"
    (mine / "training").mkdir(parents=True)
    rows = [{"clause": f"演练场次达到{n}场", "sentence": f"演练场次达到{n}场。", "section_path": ["二、下一步工作"],
             "paragraph_opener": f"演练场次达到{n}场", "doc_year": 2024, "clause_years": [], "quantity_text": f"{n}场",
             "label": "none", "source": "local"} for n in (12, 35, 48, 60, 75, 90, 105, 120, 150, 200)]
    (mine / "training" / "kind_local.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(mine))
    kind.reset()
    trainings = _count_training(monkeypatch)
    with caplog.at_level(logging.WARNING, logger=NOTES):
        theirs = kind.classify_many(CASES)
        assert kind.classify_kind(CASES[0]) == theirs[0]
    assert theirs[0][0] == "none"  # the user's rows count on this very run
    assert trainings == [1]
    [note] = _notes(caplog)  # one note, however many calls
    assert "training/kind_local.jsonl added" in note and "policydocs train kind" in note
    assert str(mine / "models" / "kind.json") in note

    result = CliRunner().invoke(cli, ["train", "kind"])
    assert result.exit_code == 0, result.output
    assert str(mine / "models" / "kind.json") in result.output and "2107 training rows" in result.output
    assert SHIPPED.read_bytes() == shipped_bytes  # written into the user's directory, not the package

    kind.reset()  # (as the next run starts)
    caplog.clear()
    monkeypatch.setattr(kind, "train", lambda *a, **k: pytest.fail("trained again"))
    assert kind.classify_many(CASES) == theirs  # their weights, read from their file
    assert _notes(caplog) == []

    (mine / "training" / "kind_local.jsonl").unlink()  # their rows gone: their file is stale, the shipped one current
    kind.reset()
    assert kind.classify_many(CASES) == shipped_kinds
    assert _notes(caplog) == []


def test_weights_trained_for_other_features_are_not_used(monkeypatch, fresh_kind, caplog):
    stand_in = SimpleNamespace(scorer=lambda: kind_weights.load_current(kind_weights.trained_from(1))[0])
    trainings = _count_training(monkeypatch, stand_in)
    monkeypatch.setattr(kind, "FEATURES_VERSION", 2)
    with caplog.at_level(logging.WARNING, logger=NOTES):
        kind.classify_many(CASES)
    assert trainings == [1]
    [note] = _notes(caplog)
    assert "trained for features version 1, the code computes version 2" in note


def test_a_damaged_weights_file_of_the_users_is_passed_over(tmp_path, monkeypatch, fresh_kind, caplog):
    expected = kind.classify_many(CASES)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "kind.json").write_text('{"format": 1, "cue_feat', encoding="utf-8")
    monkeypatch.setenv("POLICYDOCS_EXTRACTORS", str(tmp_path))
    kind.reset()
    monkeypatch.setattr(kind, "train", lambda *a, **k: pytest.fail("trained"))
    with caplog.at_level(logging.WARNING, logger=NOTES):
        assert kind.classify_many(CASES) == expected  # the shipped weights, current for the files found
    assert _notes(caplog) == []
