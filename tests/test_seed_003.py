"""The seed article's worked example, end to end: the blunt reply, its revision, and the model answer."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import need_shared
from seed_examples import bad_example, good_example

from coach.analysers.benefit import states_benefit

TONE_CATEGORIES = {"jargon", "blame", "condescension", "profanity"}
DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "cases.jsonl"


def test_blunt_reply_gets_jargon_condescension_and_profanity(coach_full):
    categories = {f.category for f in coach_full.analyse(bad_example()).findings}
    assert {"jargon", "condescension", "profanity"} <= categories


def test_model_answer_gets_no_finding_at_all(coach_full):
    assert coach_full.analyse(good_example()).findings == ()


def test_revision_is_clean_keeps_the_router_and_pcs_and_states_a_benefit(coach_full):
    report = coach_full.analyse(bad_example())
    revision = report.revision
    after = coach_full.analyse(revision)
    assert {f.category for f in after.findings} & TONE_CATEGORIES == set()
    assert "router" in revision
    assert re.search(r"\b(?:PCs?|computers?)\b", revision)
    assert states_benefit(revision)


def test_model_answer_scores_at_least_30_points_above_the_blunt_reply(coach_full):
    bad = coach_full.analyse(bad_example()).scores["tone"]
    good = coach_full.analyse(good_example()).scores["tone"]
    assert good - bad >= 30


def test_every_labelled_devset_draft_scores_higher_after_revision(coach_full):
    if not DEVSET.exists():
        need_shared("the dev set (../shared/devset)")
    cases = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line.strip()]
    worse = []
    for case in (c for c in cases if c["labels"]):
        report = coach_full.analyse(case["text"])
        if coach_full.analyse(report.revision).scores["tone"] <= report.scores["tone"]:
            worse.append(case["text"][:60])
    assert worse == []
