"""The learned part of the tone score: a politeness regression and a calibrated combination.

Two pieces, both rebuilt by `make train` (scripts/train_tone.py) into
coach/semantic/data/tone.npz:
- a ridge regression from a sentence's WordLlama embedding to the politeness score that
  five annotators gave Wikipedia requests (the Stanford Politeness Corpus's Wikipedia
  half, the project's one outside calibration set), averaged over the message;
- the weights that combine the hand-set strategy score, that politeness, VADER's
  sentiment and the semantic layer's condescension and blame into one logit, fitted on
  client emails written and rated for the project (data/tone/).
Without the artefact the tone is the hand-set strategy score alone, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

ARTEFACT = Path(__file__).resolve().parent.parent / "semantic" / "data" / "tone.npz"
FEATURES = ("strategy_logit", "politeness", "vader", "condescension_max", "blame_max", "findings")


@dataclass(frozen=True)
class ToneModel:
    """The politeness regression and the combination weights."""

    ridge: np.ndarray  # [256]
    ridge_bias: float
    weights: np.ndarray  # [len(FEATURES)]
    bias: float
    meta: dict

    def save(self, path: Path) -> None:
        """Write the model to an .npz file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            ridge=self.ridge.astype(np.float32),
            ridge_bias=np.float32(self.ridge_bias),
            weights=self.weights.astype(np.float32),
            bias=np.float32(self.bias),
            features=np.asarray(FEATURES),
            meta=np.asarray(json.dumps(self.meta)),
        )


@lru_cache(maxsize=2)
def load_tone_model(path: str | None = None) -> ToneModel | None:
    """Return the shipped tone model (or one at path), or None when there is none."""
    target = Path(path) if path else ARTEFACT
    if not target.exists():
        return None
    with np.load(target, allow_pickle=False) as z:
        if tuple(str(x) for x in z["features"]) != FEATURES:
            raise ValueError(f"{target}: built for other features; run `make train`")
        return ToneModel(z["ridge"], float(z["ridge_bias"]), z["weights"], float(z["bias"]), json.loads(str(z["meta"])))


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def vader_compound(text: str) -> float:
    """Return VADER's compound sentiment (-1..1) of the text."""
    return float(_vader().polarity_scores(text)["compound"]) if text.strip() else 0.0


def findings_load(findings: list) -> float:
    """Return a saturating count of the findings that hurt tone most (blame, condescension, profanity)."""
    n = sum(
        1.0 if f.severity != "suggestion" else 0.5
        for f in findings
        if f.category in ("blame", "condescension", "profanity")
    )
    return float(np.log1p(n))


def tone_features(
    strategy_logit: float,
    text: str,
    dense: np.ndarray,
    cond: np.ndarray,
    blame: np.ndarray,
    findings: list,
    model: ToneModel,
) -> np.ndarray:
    """Return the combination's feature vector for one message."""
    politeness = float((dense[:, : model.ridge.size] @ model.ridge).mean() + model.ridge_bias) if len(dense) else 0.0
    return np.asarray(
        [
            max(-6.0, min(6.0, strategy_logit)),
            politeness,
            vader_compound(text),
            float(cond.max()) if cond.size else 0.0,
            float(blame.max()) if blame.size else 0.0,
            findings_load(findings),
        ],
        dtype=np.float64,
    )
