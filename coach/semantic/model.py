"""The semantic layer's learned artefact: linear models per label over sentence features.

One `.npz` file holds, per label, the weights of a logistic regression over the dense
features (embedding and cues) and over the sentence's words, its bias, a Platt calibration
(probability = sigmoid(scale * logit + shift), fitted on the dev split) and the decision
threshold chosen on the dev split. The words come in one of two shapes, named in the meta:
`tfidf` (coach/semantic/tfidf.py: word 1-2-grams and character 3-5-grams, each kept bucket with
its idf) or, in artefacts of the first recipe, `hashed` (raw word 1-2-gram counts, log-scaled).
Only the buckets with a weight are stored. `scripts/train_semantic.py` (`make train`) rebuilds it
from `data/semantic/`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .features import dense_features, ngram_buckets, words
from .tfidf import Vocabulary

ARTEFACT = Path(__file__).resolve().parent / "data" / "semantic.npz"


@dataclass(frozen=True, eq=False)
class SemanticModel:
    """Per-label linear models: dense weights, sparse n-gram weights, biases, calibration, thresholds."""

    labels: tuple[str, ...]
    dense: np.ndarray  # [n_dense, n_labels]
    buckets: np.ndarray  # sorted hash buckets with a weight, [n_buckets]
    sparse: np.ndarray  # [n_buckets, n_labels]
    bias: np.ndarray  # [n_labels]
    thresholds: dict[str, float]
    meta: dict[str, Any]
    idf: np.ndarray | None = None  # [n_buckets] for a `tfidf` model, None for a `hashed` one
    scale: np.ndarray = field(default_factory=lambda: np.ones(0, dtype=np.float32))  # [n_labels] or empty
    shift: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @cached_property
    def vocabulary(self) -> Vocabulary | None:
        """Return the TF-IDF vocabulary of a `tfidf` model (None for a `hashed` one), built once."""
        return Vocabulary(self.buckets, self.idf) if self.idf is not None else None

    def logits(self, texts: list[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Return the [n_texts, n_labels] logits of the texts (dense features computed unless given)."""
        out = (dense_features(texts) if dense is None else dense) @ self.dense + self.bias
        if not self.buckets.size or not texts:
            return out
        vocabulary = self.vocabulary
        if vocabulary is not None:
            rows, cols, values = vocabulary.transform(texts)
            if rows.size:  # rows come sorted: one segmented sum per sentence
                starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
                out[rows[starts]] += np.add.reduceat(self.sparse[cols] * values[:, None], starts, axis=0)
            return out
        per_text = [ngram_buckets(text, words(text)) for text in texts]
        hashed = np.fromiter((h for grams in per_text for h in grams), dtype=np.int64)
        rows = np.repeat(np.arange(len(texts)), [len(grams) for grams in per_text])
        pos = np.minimum(np.searchsorted(self.buckets, hashed), self.buckets.size - 1)
        known = self.buckets[pos] == hashed  # only the n-grams the model has a weight for
        np.add.at(out, rows[known], self.sparse[pos[known]])  # one lookup for every sentence at once
        return out

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Return the [n_texts, n_labels] probabilities of the texts."""
        return self.probabilities_from(dense_features(texts), texts)

    def probabilities_from(self, dense: np.ndarray, texts: list[str]) -> np.ndarray:
        """Return the calibrated probabilities of texts whose dense features are already computed."""
        z = self.logits(texts, dense)
        if self.scale.size:
            z = z * self.scale + self.shift
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def save(self, path: Path) -> None:
        """Write the model to an .npz file (weights as float16 for a `tfidf` model, compressed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {
            "labels": np.asarray(self.labels),
            "dense": self.dense.astype(np.float32),
            "buckets": self.buckets.astype(np.int64),
            "sparse": self.sparse.astype(np.float16 if self.idf is not None else np.float32),
            "bias": self.bias.astype(np.float32),
            "scale": self.scale.astype(np.float32),
            "shift": self.shift.astype(np.float32),
            "thresholds": np.asarray(json.dumps(self.thresholds)),
            "meta": np.asarray(json.dumps(self.meta)),
        }
        if self.idf is not None:
            arrays["idf"] = self.idf.astype(np.float32)
        np.savez_compressed(path, allow_pickle=False, **arrays)


def read_model(path: Path) -> SemanticModel:
    """Read a model written by SemanticModel.save."""
    with np.load(path, allow_pickle=False) as z:
        names = set(z.files)
        return SemanticModel(
            labels=tuple(str(x) for x in z["labels"]),
            dense=z["dense"],
            buckets=z["buckets"],
            sparse=z["sparse"].astype(np.float32),
            bias=z["bias"],
            thresholds=json.loads(str(z["thresholds"])),
            meta=json.loads(str(z["meta"])),
            idf=z["idf"] if "idf" in names else None,
            scale=z["scale"] if "scale" in names else np.ones(0, dtype=np.float32),
            shift=z["shift"] if "shift" in names else np.zeros(0, dtype=np.float32),
        )


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SemanticModel | None:
    """Return the shipped model (or one at path, or at COACH_SEMANTIC_MODEL), or None when no artefact exists."""
    target = Path(path or os.environ.get("COACH_SEMANTIC_MODEL", "").strip() or ARTEFACT)
    return read_model(target) if target.exists() else None
