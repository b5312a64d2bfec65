"""The tone's sentiment part is TextBlob's own, computed without importing TextBlob (or NLTK)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

from messages import written_texts
from textblob import TextBlob

from coach.scoring.pattern_sentiment import polarity_subjectivity

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    """Return the project's written messages, sentences and rated emails, and some awkward strings."""
    texts = written_texts(with_training_data=True)
    rng = random.Random(3)
    words = [
        "not",
        "never",
        "very",
        "really",
        "good",
        "bad",
        "terribly",
        "nice",
        "happy",
        ":)",
        ":-(",
        "(!)",
        "n't",
        "GREAT",
        "awful",
        "no",
        "extremely",
        "so",
        "\n\n",
        ".",
        "!",
        "?",
        "Mr.",
        "e.g.",
        "Ünï",
        "日本",
    ]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))) for _ in range(2000)]
    return texts + ["", " ", "\x00\x01\x02", "<b>great</b> job", "I'm not really happy about it, to be honest."]


def test_polarity_and_subjectivity_equal_textblobs() -> None:
    texts = _texts()
    assert len(texts) > 5000
    differ = [t for t in texts if polarity_subjectivity(t) != tuple(TextBlob(t).sentiment)]
    assert differ == []


def test_the_word_list_is_read() -> None:
    """Known words move the numbers both ways (the list loaded, negation and modifiers applied)."""
    good, bad = polarity_subjectivity("This is good."), polarity_subjectivity("This is bad.")
    assert good[0] > 0 > bad[0]
    assert polarity_subjectivity("This is not good.")[0] < 0
    assert polarity_subjectivity("This is very good.")[0] > good[0]


def test_importing_and_analysing_loads_no_nltk() -> None:
    """`import coach` and a whole analysis stay clear of NLTK (and so of SciPy's start-up cost)."""
    code = (
        "import sys, coach; coach.analyse('Obviously you broke the printer again. It was not good.');"
        "print(sorted(m for m in ('nltk', 'textblob', 'textstat', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
