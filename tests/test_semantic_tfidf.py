"""The semantic layer's TF-IDF features, reader checks and calibrated artefact (coach/semantic/tfidf.py, model.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coach.semantic.layer import in_view
from coach.semantic.model import SemanticModel, read_model
from coach.semantic.tfidf import CHAR_BASE, CHAR_SIZES, char_grams, fit_vocabulary, grams, normalise, word_grams

ROOT = Path(__file__).resolve().parent.parent
from scripts import train_semantic_tfidf as train_semantic  # noqa: E402


def reference_char_grams(text: str) -> list[str]:
    """Return the character 3-5-grams of one text, the slow obvious way."""
    t = normalise(text)
    return [t[i : i + n] for n in CHAR_SIZES for i in range(len(t) - n + 1)]


def test_character_grams_are_the_texts_own_and_never_cross_two_texts() -> None:
    texts = ["You did plug it in, right?", "ok", "", "Ünïcode café — naïve résumé"]
    rows, buckets = char_grams(texts)
    for i, text in enumerate(texts):
        expected = len(reference_char_grams(text))
        assert int((rows == i).sum()) == expected, text
    assert (buckets >= CHAR_BASE).all() and (buckets < 2 * CHAR_BASE).all()
    # the same n-gram hashes alike wherever it stands: "you d" opens one text and is inside another
    a = set(char_grams(["you did"])[1].tolist())
    b = set(char_grams(["so you did"])[1].tolist())
    assert len(a & b) >= len(reference_char_grams("you did")) - 3  # all but those touching the padding


def test_word_grams_are_the_unigrams_and_bigrams_of_each_text_alone() -> None:
    rows, buckets = word_grams(["The report failed", "", "report failed again"])
    assert rows.tolist() == [0, 0, 0, 2, 2, 2, 0, 0, 2, 2]  # three words, then the bigrams; no pair across texts
    assert ((buckets >= 0) & (buckets < CHAR_BASE)).all()
    one = dict(zip(*word_grams(["report failed"])))  # a gram hashes alike in any text
    assert set(one.values()) <= set(buckets[rows == 2].tolist())
    assert buckets[1] == buckets[3] and buckets[7] == buckets[8]  # "report"; "report failed"


def test_grams_count_repeats_once_per_text() -> None:
    rows, buckets, counts = grams(["no no no", "no"])
    no = int(word_grams(["no"])[1][0])
    assert counts[(rows == 0) & (buckets == no)].tolist() == [3]
    assert counts[(rows == 1) & (buckets == no)].tolist() == [1]


def test_tfidf_blocks_are_unit_length_and_unknown_grams_are_dropped() -> None:
    vocab = fit_vocabulary(["the report is late", "the report is fine", "late again"], min_df=2)
    rows, cols, values = vocab.transform(["the report is late", "zzz qqq"])
    assert set(rows.tolist()) == {0}, "a text with no known n-gram has no features"
    chars = vocab.buckets[cols] >= CHAR_BASE
    for block in (chars, ~chars):
        assert np.isclose(float((values[block] ** 2).sum()), 1.0)


def test_hashing_is_stable_across_processes() -> None:
    code = "from coach.semantic.tfidf import grams; print([x.tolist() for x in grams(['You did plug it in, right?'])])"
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(other) == [x.tolist() for x in grams(["You did plug it in, right?"])]


@pytest.mark.parametrize(
    ("gate", "sentence", "expected"),
    [
        ("reader", "This report can't be used as it stands.", False),
        ("reader_or_work", "This report can't be used as it stands.", True),
        ("reader_or_work", "The warnings were not acted on for a week.", True),
        ("reader_or_work", "Our report was late, and we're sorry.", False),
        ("reader_or_work", "I missed the warning on Tuesday.", False),
        ("reader_or_work", "You missed the warning on Tuesday.", True),
        ("reader", "You missed the warning on Tuesday.", True),
        ("none", "Our report was late.", True),
    ],
)
def test_reader_checks(gate: str, sentence: str, expected: bool) -> None:
    assert in_view(gate, sentence) is expected


def test_a_tfidf_model_round_trips_with_its_calibration(tmp_path: Path) -> None:
    vocab = fit_vocabulary(["you never read it", "you never check", "the report is attached", "the report is late"])
    n = vocab.buckets.size
    rng = np.random.default_rng(0)
    model = SemanticModel(
        labels=("blame",),
        dense=rng.normal(size=(261, 1)).astype(np.float32),
        buckets=vocab.buckets,
        sparse=rng.normal(size=(n, 1)).astype(np.float32),
        bias=np.zeros(1, dtype=np.float32),
        thresholds={"blame": 0.7},
        meta={"approach": "tfidf", "reader_check": {"blame": "reader_or_work"}},
        idf=vocab.idf,
        scale=np.asarray([2.0], dtype=np.float32),
        shift=np.asarray([-1.0], dtype=np.float32),
    )
    model.save(tmp_path / "m.npz")
    again = read_model(tmp_path / "m.npz")
    dense = np.zeros((2, 261), dtype=np.float32)
    texts = ["you never read it", "the report is attached"]
    z = again.logits(texts, dense)
    assert np.allclose(again.probabilities_from(dense, texts), 1 / (1 + np.exp(-(2 * z - 1))), atol=1e-6)
    assert np.allclose(z, model.logits(texts, dense), atol=1e-2)  # weights stored as float16
    assert again.meta["reader_check"] == {"blame": "reader_or_work"}


def test_the_budget_threshold_lets_through_at_most_its_share() -> None:
    scores = np.linspace(0.0, 1.0, 101)
    for share in (0.0, 0.02, 0.1):
        t = train_semantic.budget_threshold(scores, share)
        assert (scores >= t).mean() <= share + 1e-9
        assert (scores >= np.nextafter(t, 0) - 0.011).mean() > share  # and no higher than it needs to be


def test_ordinary_emails_keep_each_scenario_on_one_side(tmp_path: Path) -> None:
    lines = []
    for s in range(20):
        for tone in (3, 4, 5):
            text = f"Hi Sam,\n\nThe delivery for order {s} arrives on Tuesday morning.\n\nThanks,\nJo"
            lines.append({"text": text, "tone": tone, "scenario": f"s{s:03d}", "labels": [], "writer": "wx"})
        lines.append({"text": "You broke it again, as usual.", "tone": 1, "scenario": f"s{s:03d}", "labels": ["blame"]})
    (tmp_path / "part01.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    taught, held = train_semantic.ordinary_emails([tmp_path])
    assert len(taught) + len(held) == 40  # tone 4 and 5, no label; greetings and sign-offs dropped
    assert taught and held
    assert all(e == [e[0]] and "order" in e[0] for e in taught + held)
    taught_orders = {e[0] for e in taught}
    assert not taught_orders & {e[0] for e in held}, "both levels of a scenario fall on the same side"
    assert train_semantic.load_rows(tmp_path) == [], "whole rated emails are not training sentences"
