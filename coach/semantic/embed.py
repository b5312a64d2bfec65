"""Sentence embeddings from WordLlama's static 256-dimension vectors, loaded offline.

WordLlama (https://github.com/dleemiller/WordLlama) ships its token embeddings and
tokenizer inside the wheel; averaging them gives a sentence vector in well under a
millisecond per sentence on a CPU. Its own loader looks for the tokenizer in a cache
folder and otherwise tries a download, so the tokenizer JSON the wheel carries is
copied into a private cache folder first and the download is disabled.
"""

from __future__ import annotations

import re
import shutil
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from platformdirs import user_cache_dir

DIM = 256
_LOCK = threading.Lock()


class EmbeddingsUnavailable(RuntimeError):
    """The WordLlama package or its bundled files cannot be loaded."""


def _cache_dir() -> Path:
    """Return the folder WordLlama is pointed at (tokenizer copied in on first use)."""
    import wordllama

    package = Path(wordllama.__file__).parent
    cache = Path(user_cache_dir("tone-coach")) / f"wordllama-{getattr(wordllama, '__version__', 'x')}"
    target = cache / "tokenizers"
    for source in (package / "tokenizers").glob("*.json"):
        if not (target / source.name).exists():
            target.mkdir(parents=True, exist_ok=True)
            partial = target / (source.name + ".part")
            shutil.copyfile(source, partial)
            partial.replace(target / source.name)  # atomic: a concurrent loader never sees half a file
    return cache


@lru_cache(maxsize=1)
def load_embedder() -> Any:
    """Load (once) the WordLlama model from the installed wheel, never from the network."""
    with _LOCK:
        try:
            from wordllama import WordLlama

            return WordLlama.load(cache_dir=_cache_dir(), disable_download=True, dim=DIM)
        except Exception as exc:  # a missing wheel, a damaged cache: say what to install
            raise EmbeddingsUnavailable(
                f"cannot load the WordLlama embeddings ({exc}); install wordllama==0.4.0.post1"
            ) from exc


PIECE = re.compile(r"\w+(?:['’]\w+)?|[^\w\s]")


class Embedder:
    """Average WordLlama's token vectors over a text, with the token ids of each word cached.

    WordLlama's own `embed` tokenizes every text through the Hugging Face tokenizer, about
    4 ms for one email's sentences; here each distinct word or punctuation mark is tokenized
    once and remembered, which makes a sentence cost microseconds. Training and analysis both
    use this function, so the vectors are the same in both.
    """

    def __init__(self, model: Any, cache_size: int = 200_000):
        self.matrix = np.ascontiguousarray(np.asarray(model.embedding, dtype=np.float32))
        self.tokenizer = model.tokenizer
        self.cache: dict[str, list[int]] = {}
        self.cache_size = cache_size
        self.last = self.matrix.shape[0] - 1

    def ids(self, piece: str) -> list[int]:
        """Return the token ids of one word or punctuation mark (cached)."""
        found = self.cache.get(piece)
        if found is None:
            found = [min(i, self.last) for i in self.tokenizer.encode(piece, add_special_tokens=False).ids]
            if len(self.cache) < self.cache_size:
                self.cache[piece] = found
        return found

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Return one L2-normalised vector per text (zeros for a text without words)."""
        out = np.zeros((len(texts), self.matrix.shape[1]), dtype=np.float32)
        per_text = [[t for piece in PIECE.findall(text) for t in self.ids(piece)] for text in texts]
        lengths = np.asarray([len(ids) for ids in per_text])
        filled = np.flatnonzero(lengths)
        if filled.size:  # one gather and one segmented sum for all texts
            flat = np.fromiter((t for ids in per_text for t in ids), dtype=np.int64, count=int(lengths.sum()))
            starts = np.concatenate(([0], np.cumsum(lengths[filled])[:-1]))
            sums = np.add.reduceat(self.matrix[flat], starts, axis=0)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            out[filled] = sums / np.where(norms > 0, norms, 1.0)
        return out


@lru_cache(maxsize=1)
def embedder() -> Embedder:
    """Return the shared Embedder (the model loaded once)."""
    return Embedder(load_embedder())


def embed(texts: list[str]) -> np.ndarray:
    """Return one L2-normalised 256-dimension vector per text (zeros for an empty list)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return embedder()(texts)
