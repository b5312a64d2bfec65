"""The rule data itself: it loads, ids are unique and prefixed, every rule has a BAD example that fires."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml
from conftest import rules_of
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import Coach
from coach.lexicon import BUILTIN_DIR, LexiconError, Rule, lexicon_dirs, load_file, load_lists, load_rules

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


def test_a_company_folder_extends_named_lists_and_both_take_effect(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "people.yml").write_text("client_roles: {items: [paralegal]}\n", encoding="utf-8")
    (tmp_path / "lists" / "benefit.yml").write_text(
        "benefit_stated: {items: ['shorter\\s+queues']}\n", encoding="utf-8"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    blame = "The paralegal deleted the shared folder, so the files are gone."
    ask = "We recommend replacing the server. There will be shorter queues at the counter."
    assert "blame.client_as_cause" not in rules_of(coach_full.analyse(blame))
    assert "blame.client_as_cause" in rules_of(company.analyse(blame))
    assert "benefit.server" in rules_of(coach_full.analyse(ask))
    assert "benefit.server" not in rules_of(company.analyse(ask))
    assert "paralegal" in company.lists.words("client_roles") and "staff" in company.lists.words("client_roles")


def test_rules_refer_to_lists_by_name(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "acme.yml").write_text("acme_words: {kind: words, items: [Frobnitz, Quux]}\n")
    (tmp_path / "acme.yml").write_text(
        "- {id: jargon.acme_words, match: {list: acme_words}, message: m, action: {replace: the tool},\n"
        "   source: Acme style guide, examples: {bad: [The Frobnitz is down.]}}\n"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    report = company.analyse("The Quux is down.")
    assert [(f.rule, f.text, f.replacement) for f in report.findings if f.category == "jargon"] == [
        ("jargon.acme_words", "Quux", "the tool")
    ]


BROKEN_LISTS = [
    ("unknown list", None, "- {id: jargon.x, match: {list: nope}, message: m}", "unknown word list 'nope'"),
    ("empty items", "x_words: {items: []}", None, "'items' must be a non-empty list"),
    ("kind changed", "client_roles: {kind: patterns, items: ['a+']}", None, "kind must be one of"),
    ("words with spaces", "x_words: {kind: words, items: [two words]}", None, "holds single words"),
    ("bad pattern", "x_words: {kind: patterns, items: ['(']}", None, "does not compile"),
]


@pytest.mark.parametrize("name,lists,rules,expected", BROKEN_LISTS, ids=[b[0] for b in BROKEN_LISTS])
def test_malformed_word_lists_fail_naming_the_file(tmp_path, name, lists, rules, expected):
    (tmp_path / "lists").mkdir()
    if lists:
        (tmp_path / "lists" / "mine.yml").write_text(lists + "\n")
    if rules:
        (tmp_path / "mine.yml").write_text(rules + "\n")
    with pytest.raises(LexiconError, match=expected) as err:
        load_rules(lexicon_dirs([tmp_path]))
    assert "mine.yml" in str(err.value)


BROKEN_ACTIONS = [
    ("unknown action", "action: rewrite", "action 'rewrite' is not one of"),
    ("two actions", "action: {replace: a, remove: b}", "action must name one of"),
    ("bad swap", "action: {swap: {'(': x}}", "action.swap does not compile"),
    ("bad kind", "kind: absence", "kind 'absence' does not fit"),
    ("both forms", "action: remove, replacement: ''", "not both"),
]


@pytest.mark.parametrize("name,extra,expected", BROKEN_ACTIONS, ids=[b[0] for b in BROKEN_ACTIONS])
def test_malformed_actions_and_kinds_fail_naming_file_and_entry(tmp_path, name, extra, expected):
    path = tmp_path / "broken.yml"
    path.write_text("- {id: jargon.x, match: {phrases: [a]}, message: m, " + extra + "}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=expected) as err:
        load_file(path)
    assert str(path) in str(err.value) and "jargon.x" in str(err.value)


def test_an_unknown_retell_is_refused_naming_the_entry(tmp_path, coach_full):
    (tmp_path / "mine.yml").write_text(
        "- {id: blame.acme, match: {phrases: [your bad]}, message: m, action: {retell: nope}}\n"
    )
    with pytest.raises(LexiconError, match=r"mine\.yml: entry 'blame\.acme': unknown retell 'nope'"):
        Coach(nlp=coach_full.nlp, lexicons=[tmp_path])


def test_every_builtin_entry_declares_kind_action_and_source():
    raw = [e for path in sorted(BUILTIN_DIR.glob("*.yml")) for e in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for entry in raw:
        if entry["id"].startswith("allow."):
            continue
        assert {"kind", "action", "source", "note", "examples"} <= set(entry), entry["id"]
        assert "seed" not in (entry["source"] + entry["note"]).lower(), entry["id"]
    for path in sorted(BUILTIN_DIR.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?i)seed\s*0\d\d", text), path


LINE_LIMIT = 120  # a reviewer reads an entry without scrolling; long alternations become lists or named lists


def long_lines(text: str, limit: int = LINE_LIMIT) -> list[int]:
    """Return the numbers of the lines longer than the limit."""
    return [n for n, line in enumerate(text.splitlines(), 1) if len(line) > limit]


@pytest.mark.parametrize(
    "path",
    sorted(BUILTIN_DIR.glob("*.yml")) + sorted((BUILTIN_DIR / "lists").glob("*.yml")),
    ids=lambda path: str(path.relative_to(BUILTIN_DIR)),
)
def test_yaml_lines_stay_under_the_limit(path):
    """Check the rule lexicons and their word lists (the other folders hold settings, not rules)."""
    assert long_lines(path.read_text(encoding="utf-8")) == [], f"{path.name}: lines over {LINE_LIMIT} characters"


def test_the_line_limit_check_catches_a_long_line():
    entry = "- id: jargon.x\n  match:\n    regex: " + "a|" * 60 + "b\n"
    assert long_lines(entry) == [3]
    assert long_lines("- id: jargon.x\n  note: short\n") == []


def test_a_company_outside_helper_is_credited_not_blamed(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "people.yml").write_text("outside_helpers: {items: [babysitter]}\n", encoding="utf-8")
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    draft = "Your babysitter messed up the router settings."
    assert "blame.client_staff" not in rules_of(coach_full.analyse(draft))
    report = company.analyse(draft)
    assert "blame.client_staff" in rules_of(report)
    assert report.revision.startswith("Thanks to your babysitter for the groundwork")


def test_a_company_folder_adds_a_kit_word_and_a_fault_verb(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "clinic.yml").write_text(
        "kit: {items: ['autoclaves?']}\nfault_verbs: {items: [defragment]}\n", encoding="utf-8"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    slow = "Hi Sam,\n\nThe autoclave has been really slow all week. We will look at it on Monday."
    blame = "Your bookkeeper defragmented the drive, so the files are gone."
    assert "empathy.slow" not in rules_of(coach_full.analyse(slow))
    opening = [f for f in company.analyse(slow).findings if f.rule == "empathy.slow"]
    assert [f.suggestion for f in opening] == ["I can see why the slow autoclave has been frustrating."]
    assert "blame.client_as_cause" not in rules_of(coach_full.analyse(blame))
    assert "blame.client_as_cause" in rules_of(company.analyse(blame))


@pytest.mark.parametrize(
    ("name", "sample"),
    [
        ("cause_words", "which is why"),
        ("shouted_words", "never"),
        ("directive_words", "you"),
        ("cheerful", "congratulations"),
        ("kit", "the laptop"),
        ("not_a_problem", "if the server"),
        ("old_kit", "end-of-life"),
        ("stated_costs", "downtime"),
        ("explanation_openers", ", which means"),
        ("bottom_line", "please approve"),
        ("greetings", "good morning"),
        ("sign_offs", "kind regards"),
        ("respelled_roots", "bitch"),
        ("respelled_endings", "ing"),
        ("respelled_swaps", "fcuk"),
    ],
)
def test_vocabularies_moved_out_of_code_are_named_lists(name, sample):
    lists = load_lists((BUILTIN_DIR,))
    assert re.search(lists.regex(name), sample, re.IGNORECASE), f"list '{name}' does not match {sample!r}"


def test_a_list_can_name_another_list_and_a_loop_is_an_error(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "x.yml").write_text(
        "verbs: {kind: words, items: [keeps, stops]}\n"
        "openers: {kind: patterns, items: ['which\\s+{list:verbs}']}\n"
        "loop: {kind: patterns, items: ['a{list:loop}']}\n",
        encoding="utf-8",
    )
    lists = load_lists((tmp_path,))
    assert re.fullmatch(lists.regex("openers"), "which stops")
    assert not re.fullmatch(lists.regex("openers"), "which goes")
    with pytest.raises(LexiconError, match="refers to itself"):
        lists.regex("loop")


# The profanity patterns as they were written on one line each, before they were split to fit the line limit
# (two masked forms, the respelling signs as a named list, the grawlix in block form). The split must match
# exactly the same spans; once a curse is deliberately added to a rule, update or drop its reference here.
ONE_LINE_PROFANITY = {
    "profanity.masked": [
        r"(?<![\w*])(?:f[\*#@!]{2,3}(?:k|ck|king|cking|ing|ed)?|f[\*#@!](?:ck|k|cking|king|cked)|f[u\*][\*c]k\w*)(?![\w*])",
        r"(?<![\w*])(?:s[\*#@!]{1,2}t\w*|sh[\*#@!]t\w*|s\*\*\*|b[\*#@!]{1,3}ch|a[\*#@!]{2}hole|d[\*#@!]mn|cr[\*#@!]p)(?![\w*])",
        r"(?<![\w*])(?:wt[\*#@!]|f\*{3})(?![\w*])",
        r"(?<![\w*'’])f['’-](?:d|ed|ing|in)(?![\w*'’])",
    ],
    "profanity.respelled": [
        r"(?<![\w$@!|*])(?=[a-z0-9$@!|]*[a-z])(?=[a-z0-9$@!|]*(?:[0-9$@!|]|(?P<twice>[a-z])(?P=twice)|fcuk|fukc|fuk|fuq"
        r"|ph[uv]|fvc))[a-z0-9$@!|]{2,15}[a-z0-9$@|](?![\w$@|*])",
        r"(?<![\w.'’-])[a-z](?:[ .\-_][a-z]){3,6}(?![\w'’-])",
    ],
    "profanity.grawlix": [r"(?<![\w$#@%&*!?])[!?]*[#$@%&*][!?]*[#$@%&*][#$@%&*!?]*(?![\w$#@%&*])"],
}
PROFANITY_PIECES = [
    "f",
    "u",
    "c",
    "k",
    "s",
    "h",
    "i",
    "t",
    "a",
    "b",
    "d",
    "m",
    "n",
    "p",
    "v",
    "q",
    "r",
    "e",
    "o",
    "l",
    "w",
    "1",
    "0",
    "3",
    "$",
    "@",
    "!",
    "|",
    "*",
    "#",
    "%",
    "&",
    "?",
    "'",
    "’",
    "-",
    ".",
    "_",
    " ",
    "  ",
    "fuck",
    "shit",
    "sh",
    "fcuk",
    "phuck",
    "fvck",
    "ass",
    "bitch",
    "wtf",
    "damn",
    "crap",
    "hole",
    "ing",
    "ed",
]


def one_line(rule_id: str) -> re.Pattern[str]:
    """Return the one-line form of a profanity rule, joined the way the loader joins a list of regexes."""
    items = ONE_LINE_PROFANITY[rule_id]
    body = items[0] if len(items) == 1 else "|".join(f"(?:{item})" for item in items)
    return re.compile(body, re.IGNORECASE)


def same_spans(rule_id: str, text: str) -> None:
    """Assert the split rule and its one-line form find the same spans in text."""
    rule = next(r for r in RULES if r.id == rule_id)
    old = [m.span() for m in one_line(rule_id).finditer(text)]
    assert [m.span() for m in rule.pattern.finditer(text)] == old, (rule_id, text)


@pytest.mark.parametrize("rule_id", sorted(ONE_LINE_PROFANITY))
def test_split_profanity_patterns_match_exactly_what_the_one_line_forms_did(rule_id):
    rule = next(r for r in RULES if r.id == rule_id)
    texts = [
        t for r in RULES if r.category == "profanity" for kind in ("bad", "good") for t in r.examples.get(kind, ())
    ]
    texts += [
        "f***",
        "F**K it",
        "s**t",
        "sh*tshow",
        "b**ch",
        "a**hole",
        "d*mn",
        "cr*p",
        "wt*",
        "f'd",
        "f-ing",
        "fuuuck",
        "sh1t",
        "a$$hole",
        "phuck",
        "fvck",
        "f u c k",
        "F.U.C.K.",
        "#$@%!",
        "!?#$",
        "a**b",
        "help@example.com",
    ]
    assert rule.pattern.flags & re.IGNORECASE
    for text in texts:
        same_spans(rule_id, text)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PROFANITY_PIECES), max_size=14).map("".join))
def test_split_profanity_patterns_agree_with_the_one_line_forms_on_any_text(text):
    for rule_id in ONE_LINE_PROFANITY:
        same_spans(rule_id, text)


def test_a_company_kind_of_equipment_reaches_risk_as_cost(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "risk.yml").write_text(
        "risk_kit_autoclave: {kind: patterns, items: ['autoclaves?']}\nold_kit: {items: [creaky]}\n", encoding="utf-8"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    draft = "Your creaky autoclave is still running in the back room."
    assert "benefit.risk_as_cost" not in rules_of(coach_full.analyse(draft))
    found = [f for f in company.analyse(draft).findings if f.rule == "benefit.risk_as_cost"]
    assert [(f.text, f.suggestion) for f in found] == [
        (
            "creaky autoclave is still running in the back room",
            "Letting the autoclave fail would cost you more in lost work and downtime than replacing it now.",
        )
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"- id: directness.x\n  retell: [unclosed\n", r"rules\.yml: not valid YAML at line 3"),
        (b"\x00\x01binary", r"rules\.yml: this is a binary file"),
        (b"- id: caf\xe9\n", r"rules\.yml: not UTF-8 text"),
        (b"id: not a list\n", r"rules\.yml: expected a list of entries"),
    ],
)
def test_the_softening_rules_are_read_by_the_shared_yaml_helper(tmp_path, content, expected):
    from coach.analysers.directness import SofteningRulesError, load_softening_rules

    path = tmp_path / "rules.yml"
    path.write_bytes(content)
    with pytest.raises(SofteningRulesError, match=expected):
        load_softening_rules(path)


def test_a_company_folder_extends_the_lists_that_were_code(tmp_path, coach_full):
    # relay_verbs, directness_asap_verbs and amount_units were word sets in code: now named lists a company extends.
    from coach.analysers.directness import Vocabulary
    from coach.analysers.executive import bottom_line_pattern
    from coach.lexicon import BUILTIN_DIR, load_lists
    from coach.reframe import retell_words

    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "company.yml").write_text(
        "relay_verbs: {items: [make]}\ndirectness_asap_verbs: {items: [courier]}\namount_units: {items: [covers]}\n",
        encoding="utf-8",
    )
    builtin = load_lists((BUILTIN_DIR,))
    company = load_lists((BUILTIN_DIR, tmp_path))
    assert "make" not in retell_words(builtin).relay and "make" in retell_words(company).relay
    assert "tell" in retell_words(company).relay  # the built-in items stay
    draft = "Courier the signed forms over ASAP."
    assert not Vocabulary.from_lists(builtin).asap_verbs.match(draft)
    assert Vocabulary.from_lists(company).asap_verbs.match(draft)
    assert not bottom_line_pattern(builtin).search("We can seat 40 covers more")
    assert bottom_line_pattern(company).search("We can seat 40 covers more")
    assert bottom_line_pattern(company).search("It saves 4 hours a week")
