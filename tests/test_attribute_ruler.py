"""The table matcher gives the model's attribute ruler the same matches: every Doc annotated as spaCy does it."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy
import pytest
import spacy
from messages import written_texts
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from coach.attribute_ruler import FastRuleLemmatizer, TableMatcher, speed_up_attribute_ruler
from coach.nlp import load_model, model_names
from scripts.bench_corpus import email_corpus

ROOT = Path(__file__).resolve().parent.parent

ATTRS = [POS, TAG, MORPH, LEMMA, DEP, HEAD]
TEXTS = [
    "Obviously you should have told us about the DNS change before Friday.",
    "There is a problem. There are two of them, and it's not what I'd call fine.",
    "Ain't nobody gonna fix it, y'all. Let's go, c'mon, we gotta move.",
    "I gave it to you and you gave it to me; that is because it is late.",
    "nothin' works, nuthin' at all.  \n\n  \t Tabs\tand   spaces.",
    "Run gpupdate /force on 10.0.0.1 and reboot the VM at C:\\Temp\\setup.exe!!!",
    "Der Server ist heute nicht erreichbar, bitte warten Sie bis morgen früh.",
    "Это сервер не работает. 今日はサーバーが止まっています。",
    "<script>alert(1)</script> &amp; [x](javascript:alert(1))",
    "Do you have it? Did he do it? Has she had it? What does that do?",
    "",
    ",,,,;;;;!!!!????" * 20,
    "THE PRINTER IS DOWN AGAIN AND WE ARE NOT HAPPY ABOUT IT",
]


@pytest.fixture(scope="module")
def pipelines() -> tuple[spacy.language.Language, spacy.language.Language]:
    """Return spaCy's own pipeline and the one the coach loads (the table matcher installed)."""
    return spacy.load(model_names()[-1], exclude=["ner"]), load_model()


def test_the_coach_pipeline_uses_the_table_matcher(pipelines) -> None:
    plain, coach_nlp = pipelines
    assert isinstance(coach_nlp.get_pipe("attribute_ruler").matcher, TableMatcher)
    assert not isinstance(plain.get_pipe("attribute_ruler").matcher, TableMatcher)


@pytest.mark.parametrize("text", TEXTS)
def test_annotations_equal_spacys_own(pipelines, text: str) -> None:
    plain, coach_nlp = pipelines
    expected, got = plain(text), coach_nlp(text)
    assert [t.text for t in got] == [t.text for t in expected]
    assert numpy.array_equal(got.to_array(ATTRS), expected.to_array(ATTRS)), [
        (t.text, t.pos_, t.lemma_, str(t.morph), u.pos_, u.lemma_, str(u.morph))
        for t, u in zip(expected, got, strict=True)
        if (t.pos_, t.lemma_, str(t.morph)) != (u.pos_, u.lemma_, str(u.morph))
    ]


def corpus() -> list[str]:
    """Return generated 250-word emails and the written test messages."""
    return email_corpus(15, seed=9) + written_texts()


def test_whole_messages_equal_spacys_own(pipelines) -> None:
    """Over a few hundred messages every token's POS, tag, morphology, lemma and parse equal spaCy's own."""
    plain, coach_nlp = pipelines
    table = coach_nlp.get_pipe("attribute_ruler").matcher
    texts = corpus()
    looked_up = 0
    for text in texts:
        expected, got = plain(text), coach_nlp(text)
        assert numpy.array_equal(got.to_array(ATTRS), expected.to_array(ATTRS)), text
        looked_up += table.annotate(got)  # the look-up path applies (and writes the same values again)
        assert numpy.array_equal(got.to_array(ATTRS), expected.to_array(ATTRS)), text
    assert looked_up > len(texts) // 2


def test_the_lemmatizer_is_memoised(pipelines) -> None:
    plain, coach_nlp = pipelines
    assert isinstance(coach_nlp.get_pipe("lemmatizer"), FastRuleLemmatizer)
    assert not isinstance(plain.get_pipe("lemmatizer"), FastRuleLemmatizer)
    doc = coach_nlp("The servers were rebooted twice.")
    assert [t.lemma_ for t in doc] == ["the", "server", "be", "reboot", "twice", "."]


def test_installing_twice_keeps_one_table(pipelines) -> None:
    _, coach_nlp = pipelines
    ruler = coach_nlp.get_pipe("attribute_ruler")
    table = ruler.matcher
    speed_up_attribute_ruler(coach_nlp)
    assert ruler.matcher is table
    assert len(ruler.patterns) == len(
        spacy.load(model_names()[-1], exclude=["ner"]).get_pipe("attribute_ruler").patterns
    )


def test_threads_sharing_the_table_get_spacys_annotations() -> None:
    """Threads that meet new keys at once (the HTTP server's workers) each get every annotation right.

    A fresh table starts empty, so every thread adds rows while the others read them; the
    interpreter is told to switch threads as often as it can, which made the race show at once.
    """
    plain = spacy.load(model_names()[-1], exclude=["ner"])
    fast = speed_up_attribute_ruler(spacy.load(model_names()[-1], exclude=["ner"]))
    texts = [f"Message {i}: the zorb{i} and quux{i * 7} servers glimmed frobbingly at {i}:00." for i in range(400)]
    texts += email_corpus(8, seed=3)
    expected = [plain(text).to_array(ATTRS) for text in texts]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            got = list(pool.map(lambda text: fast(text).to_array(ATTRS), texts))
    finally:
        sys.setswitchinterval(interval)
    assert [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if not numpy.array_equal(a, b)] == []
