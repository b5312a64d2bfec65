"""Sentence embeddings from WordLlama's static 256-dimension vectors, loaded offline.

WordLlama (https://github.com/dleemiller/WordLlama) ships its token embeddings and
tokenizer inside the wheel; averaging them gives a sentence vector in well under a
millisecond per sentence on a CPU. Its own loader looks for the tokenizer in a cache
folder and otherwise tries a download, so the tokenizer JSON the wheel carries is
copied into a private cache folder first and the download is disabled.
"""

from __future__ import annotations

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


def embed(texts: list[str]) -> np.ndarray:
    """Return one L2-normalised 256-dimension vector per text (zeros for an empty list)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(load_embedder().embed(texts, norm=True), dtype=np.float32)
