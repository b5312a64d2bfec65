"""`--disable CATEGORY` turns off everything of that category: lexicon rules, code rules and the semantic layer.

Per category, a draft made of the bad examples of every rule the category's analyser declares (lexicon and code
rules alike) is analysed with the semantic layer on, then again with the category disabled: nothing of the
category is left, every other finding is still there, and the only new ones are those a silenced finding hid
(the engine keeps one finding per span). A silenced finding, the semantic layer's included, never takes another
category's suggestion with it (the closing thanks). The command line is checked the same way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach import Coach
from coach.nlp import load_model
from coach.report import CATEGORIES

ROOT = Path(__file__).resolve().parent.parent
COACH = Coach(nlp=load_model())  # the semantic layer on, as the CLI and the page run it


def drafts_for(category: str) -> list[tuple[str, str]]:
    """Return (audience, draft) pairs holding the bad examples of every rule of a category, a few to a draft."""
    analyser = next(a for a in COACH.analysers if a.category == category)
    by_audience: dict[str, list[str]] = {}
    for rule in analyser.rules:
        audience = "non-technical" if rule.applies_to("non-technical") else sorted(rule.audience)[0]
        by_audience.setdefault(audience, []).extend(rule.examples.get("bad", ())[:1])
    return [(aud, "\n\n".join(texts[i : i + 6])) for aud, texts in by_audience.items() for i in range(0, len(texts), 6)]


def test_every_category_has_an_analyser_with_rules():
    assert {a.category for a in COACH.analysers} == set(CATEGORIES)
    assert all(drafts_for(c) for c in CATEGORIES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_disabling_a_category_turns_off_all_of_it_and_nothing_else(category):
    quiet = COACH.variant(disable=[category])
    fired = set()
    for audience, draft in drafts_for(category):
        before = COACH.analyse(draft, audience)
        after = quiet.analyse(draft, audience)
        fired |= {f.rule for f in before.findings if f.category == category}
        assert [f for f in after.findings if f.category == category] == []
        kept = [f for f in before.findings if f.category != category]
        assert [f for f in after.findings if f in kept] == kept  # nothing of another category is lost
        silenced = [f for f in before.findings if f.category == category]
        for extra in (f for f in after.findings if f not in kept):  # one finding per span: what it hid shows
            assert any(s.start < extra.end and extra.start < s.end for s in silenced), extra
    assert fired, f"no {category} rule fired on its own examples"


def test_the_command_line_disables_whole_categories(tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for category in ("benefit", "readability", "blame"):
        for n, (audience, draft) in enumerate(drafts_for(category)):
            if audience == "non-technical":
                (folder / f"{category}-{n}.txt").write_text(draft, encoding="utf-8")
    argv = [sys.executable, "-m", "coach", "review", str(folder), "--format", "jsonl"]
    quiet = argv + ["--disable", "benefit", "--disable", "readability"]
    records = [
        json.loads(line) for line in subprocess.run(quiet, capture_output=True, text=True, cwd=ROOT).stdout.splitlines()
    ]
    found = {f["category"] for r in records for f in r.get("findings", [])}
    assert len(records) == len(list(folder.iterdir()))
    assert "blame" in found and not found & {"benefit", "readability"}


def test_disabling_a_category_keeps_the_closing_thanks_its_silenced_meaning_would_have_hidden():
    # With condescension off, the semantic layer still reads the last sentence as condescending; that silenced
    # finding must not take the closing thanks (directness.thank_you, another category) with it.
    draft = (
        "Please read my previous email properly before asking again.\n\n"
        "I'm sure even your receptionist can manage to restart a router."
    )
    before = COACH.analyse(draft)
    after = COACH.variant(disable=["condescension"]).analyse(draft)
    thanks = [f for f in before.findings if f.rule == "directness.thank_you"]
    assert thanks, [(f.rule, f.text) for f in before.findings]
    assert [f for f in after.findings if f.rule == "directness.thank_you"] == thanks
    assert not [f for f in after.findings if f.category == "condescension"]
    assert after.revision is not None and after.revision.endswith("router. Thank you.")
