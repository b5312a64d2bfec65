"""The language check: a warning for text that does not look like English, the same as the plain formula."""

from __future__ import annotations

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from coach.engine import language_warnings
from coach.nlp import load_model
from coach.tokens import make_doc


def reference(text: str) -> bool:
    """Return whether the plain formula (stop-word share, ASCII share of letters) warns."""
    doc = make_doc(load_model(), text)
    words = [t.lower_ for t in doc if t.is_alpha]
    if len(words) < 8:
        return False
    english = sum(w in STOP_WORDS for w in words) / len(words)
    letters = [c for c in text if c.isalpha()]
    ascii_share = sum(c.isascii() for c in letters) / max(1, len(letters))
    return english < 0.12 or ascii_share < 0.8


TEXTS = [
    "Hi Sam, the printer on the first floor is working again and the backups ran overnight.",
    "Der Server ist heute nicht erreichbar, bitte warten Sie bis morgen früh auf die Antwort.",
    "Это сервер не работает сегодня и завтра тоже не будет работать вообще никогда.",
    "Le serveur est en panne depuis ce matin et nous attendons le technicien cet après-midi.",
    "café naïve résumé façade über the and of to in it is was for on with as at by",
    "ALPHA BRAVO CHARLIE DELTA ECHO FOXTROT GOLF HOTEL INDIA JULIETT KILO LIMA",
    "1234 5678 9012 3456 7890 !!!! ???? ---- ==== 1111 2222 3333 4444 5555",
    "ok",
]


@pytest.mark.parametrize("text", TEXTS)
def test_warning_equals_the_plain_formula(text: str) -> None:
    doc = load_model()(text)
    assert bool(language_warnings(doc)) == reference(text)


def test_english_passes_and_other_languages_warn() -> None:
    nlp = load_model()
    assert not language_warnings(nlp(TEXTS[0]))
    assert language_warnings(nlp(TEXTS[2]))
    assert language_warnings(nlp(TEXTS[5]))  # capitals only: no stop words
