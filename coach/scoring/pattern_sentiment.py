"""TextBlob's default sentiment (polarity, subjectivity) without importing TextBlob, and so without NLTK.

`TextBlob(text).sentiment` is pattern's lexicon-based sentiment: `textblob/_text.py` (standard
library only) with the word list `textblob/en/en-sentiment.xml`, set up in `textblob/en/__init__.py`.
Importing any part of the `textblob` package runs its `__init__`, which imports NLTK, and NLTK
imports SciPy and scikit-learn: about seven seconds before the first email, paid by every command.
This module loads the same `_text.py` from the installed, pinned TextBlob under a private name (the
package's `__init__` is not run), and builds the sentiment exactly as `textblob.en` does: the same
word list, negations, modifiers, tokenizer and the same adverb entries added on load. So the numbers
are TextBlob's own; `tests/test_pattern_sentiment.py` compares them with `TextBlob(text).sentiment`
over a few thousand texts.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

_LOCK = threading.Lock()


def _textblob_dir() -> Path:
    """Return the installed TextBlob package's folder (found without importing the package)."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("TextBlob is not installed (it is pinned in requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def _text_module() -> ModuleType:
    """Return TextBlob's `_text.py` loaded under a private name (standard library imports only)."""
    spec = importlib.util.spec_from_file_location("coach.scoring._textblob_text", _textblob_dir() / "_text.py")
    if spec is None or spec.loader is None:
        raise ImportError("TextBlob's _text.py could not be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def _analyser() -> Any:
    """Return the English sentiment as `textblob.en.sentiment` builds it, word list loaded."""
    text = _text_module()

    class EnglishSentiment(text.Sentiment):  # type: ignore[misc,name-defined]
        """`textblob.en.Sentiment`: on load, each adjective also gives its "-ly" adverb."""

        def load(self, path: str | None = None) -> None:
            text.Sentiment.load(self, path)
            if not path:
                entries: list[tuple[str, dict[Any, Any]]] = list(dict.items(self))
                for word, pos in entries:
                    if "JJ" in pos:
                        if word.endswith("y"):
                            word = word[:-1] + "i"
                        if word.endswith("le"):
                            word = word[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(word + "ly", "RB", p, s, i)

    analyser = EnglishSentiment(
        path=str(_textblob_dir() / "en" / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=text.Parser(default=("NN", "NNP", "CD"), language="en").find_tokens,
        language="en",
    )
    with _LOCK:  # the word list loads lazily on first use; load it once, before threads share it
        len(analyser)
    return analyser


def polarity_subjectivity(text: str) -> tuple[float, float]:
    """Return TextBlob's (polarity -1..1, subjectivity 0..1) of the text."""
    score = _analyser()(text)
    return float(score[0]), float(score[1])
