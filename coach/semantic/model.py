"""The semantic layer's learned artefact: linear models per label over sentence features.

One `.npz` file holds, per label, the weights of a logistic regression over the dense
features (embedding and cues) and over hashed word n-grams (stored sparsely: only the
buckets seen in training), its bias, and the decision threshold chosen on the dev split.
`scripts/train_semantic.py` (`make train`) rebuilds it from `data/semantic/`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .features import dense_features, ngram_buckets, words

ARTEFACT = Path(__file__).resolve().parent / "data" / "semantic.npz"


@dataclass(frozen=True)
class SemanticModel:
    """Per-label linear models: dense weights, sparse n-gram weights, biases, thresholds."""

    labels: tuple[str, ...]
    dense: np.ndarray  # [n_dense, n_labels]
    buckets: np.ndarray  # sorted hash buckets with a weight, [n_buckets]
    sparse: np.ndarray  # [n_buckets, n_labels]
    bias: np.ndarray  # [n_labels]
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def logits(self, texts: list[str], dense: np.ndarray | None = None) -> np.ndarray:
        """Return the [n_texts, n_labels] logits of the texts (dense features computed unless given)."""
        out = (dense_features(texts) if dense is None else dense) @ self.dense + self.bias
        if self.buckets.size and texts:
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
        """Return the probabilities of texts whose dense features are already computed."""
        return 1.0 / (1.0 + np.exp(-np.clip(self.logits(texts, dense), -30, 30)))

    def save(self, path: Path) -> None:
        """Write the model to an .npz file (float32, compressed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            labels=np.asarray(self.labels),
            dense=self.dense.astype(np.float32),
            buckets=self.buckets.astype(np.int64),
            sparse=self.sparse.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=np.asarray(json.dumps(self.thresholds)),
            meta=np.asarray(json.dumps(self.meta)),
        )


def read_model(path: Path) -> SemanticModel:
    """Read a model written by SemanticModel.save."""
    with np.load(path, allow_pickle=False) as z:
        return SemanticModel(
            labels=tuple(str(x) for x in z["labels"]),
            dense=z["dense"],
            buckets=z["buckets"],
            sparse=z["sparse"],
            bias=z["bias"],
            thresholds=json.loads(str(z["thresholds"])),
            meta=json.loads(str(z["meta"])),
        )


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SemanticModel | None:
    """Return the shipped model (or one at path), or None when no artefact exists."""
    target = Path(path) if path else ARTEFACT
    return read_model(target) if target.exists() else None
