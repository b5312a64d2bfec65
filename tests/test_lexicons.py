"""The rule data itself: it loads, ids are unique and prefixed, every rule has a BAD example that fires."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from conftest import rules_of

from coach import Coach
from coach.lexicon import BUILTIN_DIR, LexiconError, Rule, lexicon_dirs, load_file, load_rules

RULES = load_rules((BUILTIN_DIR,))
CHECKED = [r for r in RULES if r.category not in {"allow"}]


def test_every_builtin_lexicon_loads():
    assert len(CHECKED) >= 30
    assert {r.category for r in RULES} >= {"jargon", "blame", "condescension", "profanity", "allow"}


def test_ids_are_unique_and_prefixed_by_their_file():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for rule in RULES:
        assert rule.file.endswith(f"{rule.category}.yml"), rule.id


def test_every_rule_has_a_bad_example():
    missing = [r.id for r in CHECKED if not r.examples.get("bad")]
    assert missing == []


def test_no_phrase_in_two_files():
    where = defaultdict(set)
    for rule in RULES:
        for phrase in rule.phrases:
            where[phrase.lower()].add(rule.file)
    clashes = {p: files for p, files in where.items() if len(files) > 1}
    assert clashes == {}


@pytest.mark.parametrize("rule", CHECKED, ids=lambda r: r.id)
def test_bad_examples_fire_and_good_ones_do_not(rule: Rule, coach_full: Coach):
    for text in rule.examples.get("bad", ()):
        assert rule.id in rules_of(coach_full.analyse(text)), f"BAD example did not fire: {text!r}"
    for text in rule.examples.get("good", ()):
        assert rule.id not in rules_of(coach_full.analyse(text)), f"GOOD example fired: {text!r}"


BROKEN = [
    ("not a list", "id: x", "must be a YAML list"),
    ("bad yaml", "- id: [unclosed", "cannot be read as YAML"),
    (
        "bad regex",
        "- {id: jargon.x, match: {regex: '(unclosed'}, message: m}",
        "entry 'jargon.x': match.regex does not compile",
    ),
    (
        "unknown key",
        "- {id: jargon.x, match: {phrases: [a]}, message: m, colour: red}",
        "entry 'jargon.x': unknown keys ['colour']",
    ),
    (
        "bad severity",
        "- {id: jargon.x, match: {phrases: [a]}, message: m, severity: fatal}",
        "entry 'jargon.x': severity 'fatal'",
    ),
    ("bad category", "- {id: style.x, match: {phrases: [a]}, message: m}", "entry 'style.x': unknown category 'style'"),
    ("no message", "- {id: jargon.x, match: {phrases: [a]}}", "entry 'jargon.x': 'message' must be"),
    ("both matchers", "- {id: jargon.x, match: {phrases: [a], regex: b}, message: m}", "exactly one of"),
    ("bad audience", "- {id: jargon.x, match: {phrases: [a]}, message: m, audience: [robots]}", "'audience' must be"),
    ("bad context", "- {id: jargon.x, match: {phrases: [a]}, message: m, unless: {near: b}}", "'unless' must map"),
]


@pytest.mark.parametrize("name,content,expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_malformed_lexicon_fails_naming_file_and_entry(tmp_path, name, content, expected):
    path = tmp_path / "broken.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_file(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)


def test_duplicate_id_across_directories_is_an_error(tmp_path):
    (tmp_path / "mine.yml").write_text("- {id: jargon.dns, match: {phrases: [DNS]}, message: m}\n")
    with pytest.raises(LexiconError, match=r"mine\.yml: entry 'jargon\.dns': id already defined in .*jargon\.yml"):
        load_rules(lexicon_dirs([tmp_path]))


def test_user_lexicon_adds_company_terms(tmp_path, coach_full):
    (tmp_path / "acme.yml").write_text(
        "- id: jargon.acme_frobnicator\n"
        "  match: {phrases: [Frobnicator]}\n"
        "  message: \"'{text}' is our internal product code.\"\n"
        "  suggestion: Say 'the booking system'.\n"
        "  examples: {bad: [The Frobnicator is down.]}\n",
        encoding="utf-8",
    )
    coach = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    report = coach.analyse("The Frobnicator is down again.")
    assert [(f.rule, f.text, f.suggestion) for f in report.findings if f.category == "jargon"] == [
        ("jargon.acme_frobnicator", "Frobnicator", "Say 'the booking system'.")
    ]


def test_environment_variable_adds_lexicon_dir(tmp_path, monkeypatch):
    (tmp_path / "extra.yml").write_text("- {id: blame.acme, match: {phrases: [your bad]}, message: m}\n")
    monkeypatch.setenv("COACH_LEXICONS", str(tmp_path))
    assert "blame.acme" in {r.id for r in load_rules(lexicon_dirs())}


def test_disable_silences_a_rule_and_unknown_ids_are_refused(coach_full):
    text = "Please run gpupdate /force and check the DNS."
    quiet = Coach(nlp=coach_full.nlp, disable=["jargon.dns"])
    assert "jargon.dns" in rules_of(coach_full.analyse(text))
    assert "jargon.dns" not in rules_of(quiet.analyse(text))
    assert "jargon.command_line" in rules_of(quiet.analyse(text))
    with pytest.raises(ValueError, match="jargon.nope"):
        Coach(nlp=coach_full.nlp, disable=["jargon.nope"])


def test_context_patterns_are_anchored_next_to_the_match():
    rule = next(r for r in RULES if r.id == "condescension.minimiser")
    assert rule.when["after"].pattern.startswith("^")
    assert re.search(r"\$$", rule.when["before"].pattern)
