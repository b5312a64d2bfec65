"""Executive readers: short messages that lead with the bottom line (readability.executive_length, .bottom_line)."""

from __future__ import annotations

import pytest
from conftest import rules_of

from coach import Coach
from coach.analysers.executive import BOTTOM_LINE_SENTENCES, EXECUTIVE_WORDS

NO_BOTTOM_LINE = (
    "Hi Karen,\n\nLast week our team looked at the office network and the computers at both sites. "
    "We talked to the front desk and to the practice manager. The wireless units in the hallway are "
    "seven years old and drop out several times a day. The server room is warm in the afternoon.\n\n"
    "Thanks,\nAndre"
)
LONG = "Hi Karen, we recommend replacing the hallway wireless units for $2,400. " + " ".join(
    ["The units drop video calls in the conference room several times a day, which interrupts client meetings."] * 12
)

BAD = [
    (NO_BOTTOM_LINE, ["readability.bottom_line"]),
    (LONG, ["readability.executive_length"]),
]
GOOD = [
    "Please approve $2,400 to replace the hallway wireless units; client calls will stop dropping. The quote is "
    "attached. Installation takes one evening. Nothing changes for your staff.",
    "We recommend replacing the hallway wireless units. Client video calls drop several times a day. The quote is "
    "attached. We can install them in one evening.",
    "The email outage is fixed and nothing was lost. The cause was a full disk. We added an alert. No action needed.",
    "Quick update: the internet line is back.",  # short: no bottom line needed
    "Hi Karen, the wireless survey is done. The hallway units are old. More detail on Friday.",  # three sentences
]


@pytest.mark.parametrize("text,rules", BAD)
def test_executive_findings(coach_full, text, rules):
    found = [
        f
        for f in coach_full.analyse(text, "executive").by_category("readability")
        if f.rule != "readability.long_sentence"
    ]
    assert [f.rule for f in found] == rules
    assert all(f.severity == "suggestion" and f.replacement is None for f in found)


@pytest.mark.parametrize("text", GOOD)
def test_short_bottom_line_first_messages_pass(coach_full, text):
    rules = rules_of(coach_full.analyse(text, "executive"), "readability")
    assert not {"readability.executive_length", "readability.bottom_line"} & set(rules), text


@pytest.mark.parametrize("audience", ["non-technical", "technical"])
@pytest.mark.parametrize("text", [NO_BOTTOM_LINE, LONG])
def test_other_audiences_get_nothing(coach_full, text, audience):
    rules = rules_of(coach_full.analyse(text, audience))
    assert not {"readability.executive_length", "readability.bottom_line"} & set(rules)


def test_exact_output(coach_full):
    found = [
        f
        for f in coach_full.analyse(NO_BOTTOM_LINE, "executive").findings
        if f.rule in {"readability.bottom_line", "readability.executive_length"}
    ]
    start = NO_BOTTOM_LINE.index("Last week")
    end = NO_BOTTOM_LINE.index(" We talked")
    assert [(f.rule, f.start, f.end) for f in found] == [("readability.bottom_line", start, end)]
    assert found[0].text == "Last week our team looked at the office network and the computers at both sites."
    assert found[0].suggestion.startswith("Open with the decision you need and what it gains them, e.g.")


def test_length_finding_anchors_on_the_words_past_the_limit(coach_full):
    report = coach_full.analyse(LONG, "executive")
    found = [f for f in report.findings if f.rule == "readability.executive_length"][0]
    assert found.text == LONG[found.start : found.end] and found.end == len(LONG.rstrip())
    assert len(LONG[: found.start].split()) <= EXECUTIVE_WORDS < len(LONG.split())
    assert found.suggestion == (
        "Executives read on a phone between meetings: lead with the decision and cut to the essentials."
    )


def test_thresholds_and_rules_are_known(coach_full):
    assert (EXECUTIVE_WORDS, BOTTOM_LINE_SENTENCES) == (150, 3)
    assert {"readability.executive_length", "readability.bottom_line"} <= coach_full.rule_ids()


def test_a_line_starting_with_thanks_mid_message_is_not_a_sign_off(coach_full):
    body = " ".join(["The backup server is old and the disks are failing one by one this quarter."] * 14)
    text = "Hi Dana,\nThanks to the new backup nothing was lost. " + body
    rules = {f.rule for f in coach_full.analyse(text, "executive").findings}
    assert "readability.executive_length" in rules


def test_a_company_greeting_is_left_out_of_the_body(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "greetings.yml").write_text("greetings: {items: [howdy]}\n", encoding="utf-8")
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path])
    draft = NO_BOTTOM_LINE.replace("Hi Karen,", "Howdy Karen,")

    def anchored(coach):
        return [f.text for f in coach.analyse(draft, "executive").findings if f.rule == "readability.bottom_line"]

    assert anchored(coach_full)[0].startswith("Howdy Karen")
    assert anchored(company) == ["Last week our team looked at the office network and the computers at both sites."]
