"""The learned tone: a politeness regression and signed weights that combine the tone's parts.

Both pieces are rebuilt by `make train` (scripts/train_tone.py) into coach/semantic/data/tone.npz:
- a ridge regression from a sentence's WordLlama embedding to the politeness score that five
  annotators gave Wikipedia requests (the Stanford Politeness Corpus's Wikipedia half, the
  project's one outside calibration set), averaged over the message;
- one non-negative weight per part (each hand-set politeness strategy, TextBlob and VADER sentiment,
  that politeness, and the findings in three groups; the semantic layer counts through its findings),
  fitted on client emails written and rated 1-5 for the project (data/tone/) together with the
  Wikipedia requests. Every weight keeps its part's sign, so thanks never cost and blame never pays.
On by default; COACH_LEARNED_TONE=0 gives the hand-set score. Without the artefact, or with one built
for other strategies, the tone is the hand-set score too. A strategy's part is its hand-set contribution
before the long-message dilution (the fit weighs each strategy itself; a very polite long mail is not
made to look plainer than a short courteous one).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from coach.scoring.vader import WindowedVader

ARTEFACT = Path(__file__).resolve().parent.parent / "semantic" / "data" / "tone.npz"
# Each part and its sign: +1 warms the tone, -1 cools it. The fitted weights are all >= 0.
# Every politeness strategy of lexicons/tone/politeness.yml is a part of its own ("strategy_<name>",
# its hand-set contribution, which carries its sign), ahead of these:
PARTS: dict[str, float] = {
    "textblob": 1.0,
    "vader": 1.0,
    "vader_sentences": 1.0,  # VADER's mean over the sentences: a long warm email does not saturate it
    "politeness": 1.0,
    "politeness_min": 1.0,  # the rudest sentence's politeness: one cold line in a courteous email
    "email_regression": 1.0,  # a ridge from the mean sentence embedding to the rating, fitted on our emails
    "hurtful_findings": -1.0,
    "directness_findings": -1.0,
    "other_findings": -1.0,
}
STRATEGY_PREFIX = "strategy_"


def feature_names(strategy_names: Sequence[str]) -> tuple[str, ...]:
    """Return the parts in order: one per strategy, then the fixed parts."""
    return tuple(STRATEGY_PREFIX + n for n in strategy_names) + tuple(PARTS)


def sign_of(name: str) -> float:
    """Return a part's sign (strategies carry theirs in their contribution)."""
    return 1.0 if name.startswith(STRATEGY_PREFIX) else PARTS[name]


HURTFUL = ("profanity", "blame", "condescension")
DIRECT = ("directness",)


@dataclass(frozen=True)
class ToneModel:
    """The politeness regression and the weight of each tone part."""

    ridge: np.ndarray  # [256]
    ridge_bias: float
    weights: np.ndarray  # [len(features)], each >= 0, applied to sign * value
    bias: float
    meta: dict
    features: tuple[str, ...] = ()
    email_ridge: np.ndarray | None = None  # [256] the rating regression on the mean sentence embedding
    email_bias: float = 0.0

    def save(self, path: Path) -> None:
        """Write the model to an .npz file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        email = self.email_ridge if self.email_ridge is not None else np.zeros_like(self.ridge)
        np.savez_compressed(
            path,
            ridge=self.ridge.astype(np.float32),
            ridge_bias=np.float32(self.ridge_bias),
            email_ridge=email.astype(np.float32),
            email_bias=np.float32(self.email_bias),
            weights=self.weights.astype(np.float32),
            bias=np.float32(self.bias),
            features=np.asarray(self.features),
            meta=np.asarray(json.dumps(self.meta)),
        )


@lru_cache(maxsize=4)
def load_tone_model(features: tuple[str, ...], path: str | None = None) -> ToneModel | None:
    """Return the shipped tone model (or one at path) built for these parts, or None (none, or stale)."""
    target = Path(path) if path else ARTEFACT
    if not target.exists():
        return None
    with np.load(target, allow_pickle=False) as z:
        if tuple(str(x) for x in z["features"]) != features:
            return None  # built for other parts (a strategy added?): `make train` rebuilds it; until then hand-set
        email = z["email_ridge"] if "email_ridge" in z else None
        return ToneModel(
            z["ridge"],
            float(z["ridge_bias"]),
            z["weights"],
            float(z["bias"]),
            json.loads(str(z["meta"])),
            features,
            email,
            float(z["email_bias"]) if "email_bias" in z else 0.0,
        )


def learned_enabled() -> bool:
    """Return whether the learned combination is on (the default; COACH_LEARNED_TONE=0 turns it off)."""
    return os.environ.get("COACH_LEARNED_TONE", "1").strip().lower() not in {"0", "false", "no", "off"}


@lru_cache(maxsize=2)
def _vader(neutral: tuple[str, ...] = ()) -> WindowedVader:
    analyser = WindowedVader()
    for word in neutral:  # the vocabulary of reporting a fault ("failed", "error") is not the writer's mood
        if word in analyser.lexicon:
            analyser.lexicon[word] = 0.0
    return analyser


def vader_compound(text: str, neutral: tuple[str, ...] = ()) -> float:
    """Return VADER's compound sentiment (-1..1) of the text, the neutral words counting as neutral."""
    return float(_vader(neutral).polarity_scores(text)["compound"]) if text.strip() else 0.0


def politeness(dense: np.ndarray, model: ToneModel) -> float:
    """Return the mean politeness regression over the scored sentences (0 without sentences)."""
    if not len(dense):
        return 0.0
    return float((dense[:, : model.ridge.size] @ model.ridge).mean() + model.ridge_bias)


def politeness_min(dense: np.ndarray, model: ToneModel) -> float:
    """Return the politeness regression of the least polite scored sentence (0 without sentences)."""
    if not len(dense):
        return 0.0
    return float((dense[:, : model.ridge.size] @ model.ridge).min() + model.ridge_bias)


def email_regression(dense: np.ndarray, model: ToneModel) -> float:
    """Return the rating regression (rating minus 3) on the mean sentence embedding (0 without sentences)."""
    if not len(dense) or model.email_ridge is None:
        return 0.0
    return float(dense[:, : model.email_ridge.size].mean(axis=0) @ model.email_ridge + model.email_bias)


def sentence_vader(texts: Sequence[str], neutral: tuple[str, ...] = ()) -> float:
    """Return VADER's mean compound over the sentences (0 without any)."""
    scores = [vader_compound(t, neutral) for t in texts if t.strip()]
    return float(np.mean(scores)) if scores else 0.0


def group_penalties(penalties: Mapping[str, float]) -> dict[str, float]:
    """Return the hand-set findings penalty in three groups: hurtful, directness and the rest."""
    hurtful = sum(v for k, v in penalties.items() if k in HURTFUL)
    direct = sum(v for k, v in penalties.items() if k in DIRECT)
    other = sum(v for k, v in penalties.items() if k not in HURTFUL and k not in DIRECT)
    return {"hurtful_findings": hurtful, "directness_findings": direct, "other_findings": other}


def part_values(
    features: Sequence[str],
    strategies: Mapping[str, Mapping[str, float]],
    textblob: float,
    vader: float,
    polite: float,
    penalties: Mapping[str, float],
    dilution: float = 1.0,
    extra: Mapping[str, float] | None = None,
) -> np.ndarray:
    """Return the value of every part, in the model's order, before its sign and weight.

    dilution is the hand-set tone's long-message factor (coach.scoring.tone.length_factor); a strategy's
    part is its contribution before it. extra holds vader_sentences, politeness_min and email_regression.
    """
    undo = 1.0 / dilution if dilution > 0 else 1.0
    extra = extra or {}
    values = {
        **{STRATEGY_PREFIX + name: float(part["contribution"]) * undo for name, part in strategies.items()},
        "textblob": textblob,
        "vader": vader,
        "vader_sentences": float(extra.get("vader_sentences", 0.0)),
        "politeness": max(-3.0, min(3.0, polite)),
        "politeness_min": max(-3.0, min(3.0, float(extra.get("politeness_min", 0.0)))),
        "email_regression": max(-3.0, min(3.0, float(extra.get("email_regression", 0.0)))),
        **group_penalties(penalties),
    }
    return np.asarray([values.get(name, 0.0) for name in features], dtype=np.float64)


def signed(values: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """Return the values with each part's sign applied (the regression's inputs)."""
    return values * np.asarray([sign_of(name) for name in features])
