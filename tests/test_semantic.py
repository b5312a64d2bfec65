"""The semantic layer: meaning-based findings beside the rules, its settings, its artefact and its training."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach import Coach
from coach.semantic.features import ngram_buckets
from coach.semantic.layer import SemanticSettingsError, candidate_sentences, load_settings, rule_ids
from coach.semantic.model import load_model, read_model

ROOT = Path(__file__).resolve().parent.parent

# Written for these tests (not taken from the training data): meaning without a listed phrase.
TALKS_DOWN = [
    "I'll go through it nice and slowly so nobody at your end gets lost this time.",
    "This is beginner-level material, but I'll hold your hand through every click.",
]
BLAMES = [
    "One of your receptionists yanked the network cable out and the whole surgery went offline.",
    "The update prompt sat ignored on the manager's screen for three weeks, which is why the till crashed.",
]
ORDINARY = [
    "We restored the shared folder from last night's copy, so nothing was lost.",
    "Thanks for sending the floor plan; the installer will bring enough cable for both rooms.",
    "Our engineer missed the fault on Tuesday, and we're sorry for the extra day it took.",
]


@pytest.fixture(scope="module")
def coach_full() -> Coach:
    return Coach()


def test_the_shipped_model_loads_offline_and_is_small() -> None:
    model = load_model()
    assert model is not None, "coach/semantic/data/semantic.npz is missing: run `make train`"
    assert {"condescension", "blame"} <= set(model.labels)
    assert (ROOT / "coach" / "semantic" / "data" / "semantic.npz").stat().st_size < 5_000_000
    for label in model.labels:
        assert 0.0 < model.thresholds[label] < 1.0


@pytest.mark.parametrize("text", TALKS_DOWN)
def test_condescension_in_other_words(coach_full: Coach, text: str) -> None:
    report = coach_full.analyse(text)
    cats = {f.category for f in report.findings}
    assert "condescension" in cats, [(f.rule, f.text) for f in report.findings]


@pytest.mark.parametrize("text", BLAMES)
def test_blame_without_listed_words(coach_full: Coach, text: str) -> None:
    report = coach_full.analyse(text)
    assert "blame" in {f.category for f in report.findings}, [(f.rule, f.text) for f in report.findings]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_mail_gets_no_semantic_finding(coach_full: Coach, text: str) -> None:
    report = coach_full.analyse(text)
    assert not [f for f in report.findings if f.rule.endswith(".semantic")]


def test_semantic_findings_are_explained_and_anchored(coach_full: Coach) -> None:
    text = "Hello,\n\n" + BLAMES[0] + "\n\nBest,\nSam"
    report = coach_full.analyse(text)
    found = [f for f in report.findings if f.rule.endswith(".semantic")]
    assert found
    for f in found:
        assert report.text[f.start : f.end] == f.text
        assert f.message and f.suggestion and "confidence" in f.note
        assert f.severity in ("suggestion", "warning")
        assert "Seed" not in f.note and "seed" not in f.message


def test_disable_by_rule_and_by_category() -> None:
    for off in ("blame.semantic", "blame"):
        coach = Coach(disable=[off])
        assert not [f for f in coach.analyse(BLAMES[0]).findings if f.rule == "blame.semantic"]
    assert {"condescension.semantic", "blame.semantic", "benefit.semantic"} <= rule_ids()
    assert rule_ids() <= Coach().rule_ids()


def test_threshold_offset_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_SEMANTIC_OFFSET", "0.99")
    strict = Coach()
    assert not [f for f in strict.analyse(BLAMES[0]).findings if f.rule.endswith(".semantic")]


def test_one_finding_per_sentence_and_none_where_a_rule_fired(coach_full: Coach) -> None:
    text = "You should have told us before you unplugged the server. " + TALKS_DOWN[0]
    report = coach_full.analyse(text)
    semantic = [f for f in report.findings if f.rule.endswith(".semantic")]
    rules = [f for f in report.findings if f.category in ("blame", "condescension") and f not in semantic]
    assert rules, "the first sentence is a listed reproach"
    assert len({(f.start, f.end) for f in semantic}) == len(semantic)
    for f in semantic:
        assert not any(r.start < f.end and f.start < r.end for r in rules)


def test_headers_greetings_and_quotes_are_not_scored(coach_full: Coach) -> None:
    doc = coach_full.nlp("Hi Sam,\n> you broke it again\nSubject: the printer\nThe printer is fixed now and working.")
    pieces = [doc.text[a:b] for a, b in candidate_sentences(doc, load_settings().min_words)]
    assert pieces == ["The printer is fixed now and working."]


def test_hashing_is_stable_across_processes() -> None:
    code = "from coach.semantic.features import ngram_buckets; print(ngram_buckets('You did plug it in, right?'))"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(other) == ngram_buckets("You did plug it in, right?")


def test_malformed_settings_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "layer.yml"
    bad.write_text("settings: {threshold_offset: 0, colour: red}\nlabels: {}\n", encoding="utf-8")
    with pytest.raises(SemanticSettingsError, match="layer.yml.*colour"):
        load_settings(bad)


def test_training_is_deterministic_and_rebuilds_the_artefact(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lines = []
    for i in range(60):
        lines.append({"text": f"You clearly never read the manual, case {i}, did you?", "labels": ["condescension"]})
        lines.append({"text": f"Your receptionist unplugged router number {i} again.", "labels": ["blame"]})
        lines.append({"text": f"The invoice for job {i} is attached, thanks again.", "labels": []})
    (data / "tiny.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    outs = []
    for run in range(2):
        out = tmp_path / f"model{run}.npz"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "train_semantic.py"),
                "--data",
                str(data),
                "--out",
                str(out),
                "--no-metrics",
                "--no-rule-examples",
                "--no-calibration",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        outs.append(read_model(out))
    a, b = outs
    assert a.labels == b.labels == ("condescension", "blame")
    assert np.array_equal(a.dense, b.dense) and np.array_equal(a.sparse, b.sparse) and a.thresholds == b.thresholds


# A stated cause that lays no fault on the reader's side is not blame; one that names them still is.
NEUTRAL_CAUSES = [
    "The bill is larger this month because of a burst pipe at the depot, which kept your vans on the road.",
    "Your label printer stopped because its ribbon ran out on Friday.",
]
FAULTY_CAUSES = [
    "The till crashed because of a change which your staff made without asking.",
    "Because your bookkeeper deleted the folder, the month-end report is gone.",
]


@pytest.mark.parametrize("text", NEUTRAL_CAUSES)
def test_a_neutral_cause_is_not_blame(coach_full: Coach, text: str) -> None:
    doc = coach_full.nlp(text)
    assert coach_full.semantic is not None and coach_full.semantic._neutral_cause(doc, 0, len(text))
    assert "blame.semantic" not in {f.rule for f in coach_full.analyse(text).findings}


@pytest.mark.parametrize("text", FAULTY_CAUSES)
def test_a_cause_on_the_readers_side_stays_blame(coach_full: Coach, text: str) -> None:
    doc = coach_full.nlp(text)
    assert coach_full.semantic is not None and not coach_full.semantic._neutral_cause(doc, 0, len(text))
    assert "blame" in {f.category for f in coach_full.analyse(text).findings}
