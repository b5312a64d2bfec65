"""The learned tone: signed non-negative weights, parts that add up to the score, a switch back to hand-set."""

from __future__ import annotations

import math

import numpy as np
import pytest

from coach.report import Finding
from coach.scoring import default_tone_data, score
from coach.scoring.learned import ToneModel, feature_names, load_tone_model

FEATURES = feature_names([s.name for s in default_tone_data().strategies])
TEXT = "Hi Sam, thanks for the logs. Could you restart the router when you get a chance? The VPN is back."


@pytest.fixture(scope="module")
def nlp(coach_full):
    return coach_full.nlp


@pytest.fixture(autouse=True)
def learned_on(monkeypatch):
    monkeypatch.setenv("COACH_LEARNED_TONE", "1")


def test_off_by_default(nlp, monkeypatch):
    monkeypatch.delenv("COACH_LEARNED_TONE")
    assert score(TEXT, nlp(TEXT), [])["tone_parts"]["learned"] is None


def test_shipped_model_matches_the_strategies_and_keeps_every_sign():
    model = load_tone_model(FEATURES)
    assert model is not None, "run `make train`"
    assert model.features == FEATURES and len(model.weights) == len(FEATURES)
    assert (model.weights >= 0).all() and model.weights.any()
    assert model.meta["test_spearman"] > model.meta["test_spearman_handset"] - 0.05


def test_a_model_built_for_other_parts_is_not_used(tmp_path):
    path = tmp_path / "tone.npz"
    ToneModel(np.zeros(256), 0.0, np.ones(3), 0.0, {}, ("a", "b", "c")).save(path)
    assert load_tone_model(FEATURES, str(path)) is None
    assert load_tone_model(("a", "b", "c"), str(path)) is not None


def test_parts_add_up_to_the_tone(nlp):
    parts = score(TEXT, nlp(TEXT), [])["tone_parts"]
    assert parts["learned"] is not None
    total = (
        parts["bias"]
        + sum(p["contribution"] for p in parts["strategies"].values())
        + parts["sentiment"]
        - sum(parts["penalty_by_category"].values())
    )
    assert total == pytest.approx(parts["logit"], abs=0.01)
    tone = score(TEXT, nlp(TEXT), [])["tone"]
    assert tone == pytest.approx(100 / (1 + math.exp(-parts["logit"])), abs=0.1)
    assert parts["strategies"]["gratitude"]["contribution"] > 0


def test_switching_it_off_gives_the_hand_set_score(nlp, monkeypatch):
    monkeypatch.setenv("COACH_LEARNED_TONE", "0")
    parts = score(TEXT, nlp(TEXT), [])["tone_parts"]
    assert parts["learned"] is None and parts["logit"] == parts["strategy_logit"]


def test_blame_costs_and_thanks_pay(nlp):
    plain = "The router is back. The VPN works again."
    warm = "Thanks for your patience. " + plain
    blame = Finding("blame", "blame.test", 0, 10, plain[:10], "m", None, "error")
    assert score(warm, nlp(warm), [])["tone"] > score(plain, nlp(plain), [])["tone"]
    assert score(plain, nlp(plain), [blame])["tone"] < score(plain, nlp(plain), [])["tone"] - 5
    assert score(plain, nlp(plain), [blame])["tone_parts"]["penalty_by_category"]["blame"] > 0
