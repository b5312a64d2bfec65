"""The learned tone: signed non-negative weights, parts that add up to the score, a switch back to hand-set."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml

from coach.report import Finding
from coach.scoring import PolitenessDataError, default_tone_data, score
from coach.scoring.learned import ToneModel, feature_names, load_tone_model, vader_compound
from coach.scoring.lexicon import DEFAULT_PATH, parse_tone_data

FEATURES = feature_names([s.name for s in default_tone_data().strategies])
TEXT = "Hi Sam, thanks for the logs. Could you restart the router when you get a chance? The VPN is back."


@pytest.fixture(scope="module")
def nlp(coach_full):
    return coach_full.nlp


@pytest.fixture(autouse=True)
def learned_on(monkeypatch):
    monkeypatch.setenv("COACH_LEARNED_TONE", "1")


def test_on_by_default(nlp, monkeypatch):
    monkeypatch.delenv("COACH_LEARNED_TONE")
    assert score(TEXT, nlp(TEXT), [])["tone_parts"]["learned"] is not None


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


def test_bands_on_the_default_scale(nlp):
    neutral = "The server was updated on Monday. The new version is installed on all machines."
    warm = "Hi Sam, thanks so much for your help. Could you please check the printer when you can?"
    rude = "Why the hell did you touch the server? Stop wasting my time!!"
    rude_findings = [
        Finding(
            "profanity", "profanity.test", rude.index("hell"), rude.index("hell") + 4, "hell", "m", None, "warning"
        ),
        Finding(
            "blame", "blame.test", rude.index("wasting"), rude.index("wasting") + 7, "wasting", "m", None, "warning"
        ),
    ]
    assert 30 <= score(neutral, nlp(neutral), [])["tone"] <= 60
    assert score(warm, nlp(warm), [])["tone"] >= 70
    assert score(rude, nlp(rude), rude_findings)["tone"] < 25


def test_reporting_a_fault_is_not_rudeness():
    neutral = default_tone_data().vader_neutral
    report = "The backup failed twice and logged three errors; the fault is fixed."
    assert vader_compound(report) < -0.3
    assert vader_compound(report, neutral) >= 0.0
    assert vader_compound("This is bad and wrong.", neutral) < -0.3  # the writer's own judgement still counts


def test_a_long_polite_message_is_warmer_but_bounded(nlp):
    short = "Thanks for your help. Could you check the backup?"
    long = " ".join(
        ["Thanks for your help.", "We appreciate it.", "Could you check the backup?", "Perhaps we could meet?"] * 4
    )
    short_tone, long_tone = score(short, nlp(short), [])["tone"], score(long, nlp(long), [])["tone"]
    assert short_tone - 2 <= long_tone <= short_tone + 15


def test_vader_neutral_must_be_a_list_of_words(tmp_path):
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["sentiment"]["vader_neutral"] = "failed"
    with pytest.raises(PolitenessDataError, match="vader_neutral"):
        parse_tone_data(raw, tmp_path / "politeness.yml")


def test_the_rudest_sentence_and_the_email_regression_read_the_sentence_embeddings():
    from coach.scoring.learned import email_regression, politeness, politeness_min

    dense = np.zeros((3, 256))
    dense[0, 0], dense[1, 0], dense[2, 0] = 1.0, -2.0, 0.5
    model = ToneModel(np.eye(256)[0], 0.25, np.ones(len(FEATURES)), 0.0, {}, FEATURES, np.eye(256)[0] * 2, -0.1)
    assert politeness(dense, model) == pytest.approx((1.0 - 2.0 + 0.5) / 3 + 0.25)
    assert politeness_min(dense, model) == pytest.approx(-2.0 + 0.25)
    assert email_regression(dense, model) == pytest.approx(2 * (1.0 - 2.0 + 0.5) / 3 - 0.1)
    empty = np.zeros((0, 256))
    assert politeness_min(empty, model) == email_regression(empty, model) == 0.0


def test_a_saved_model_keeps_its_email_regression(tmp_path):
    path = tmp_path / "tone.npz"
    email = np.linspace(-1, 1, 256)
    ToneModel(np.zeros(256), 0.0, np.ones(len(FEATURES)), 0.3, {"kept": "x"}, FEATURES, email, 0.7).save(path)
    loaded = load_tone_model(FEATURES, str(path))
    assert loaded is not None and loaded.email_bias == pytest.approx(0.7)
    assert np.allclose(loaded.email_ridge, email, atol=1e-6)


def test_sentence_vader_is_the_mean_over_sentences():
    from coach.scoring.learned import sentence_vader

    warm, cold = "Thanks so much, this is wonderful!", "This is awful and I hate it."
    assert sentence_vader([warm, cold]) == pytest.approx((vader_compound(warm) + vader_compound(cold)) / 2)
    assert sentence_vader([]) == 0.0 and sentence_vader(["  "]) == 0.0


def test_a_cold_line_in_a_courteous_email_costs(nlp):
    # The same courteous email with one sarcastic, exasperated line added must score lower.
    base = (
        "Hi Sam,\nCould you possibly take a look at ticket 20441 when convenient? It is for Sarah's access "
        "to the finance drive.\nThanks so much,\nWendy"
    )
    cold = base.replace(
        "finance drive.", "finance drive. I've told you twice already, if anyone over there bothers to look."
    )
    assert score(cold, nlp(cold), [])["tone"] < score(base, nlp(base), [])["tone"] - 5
