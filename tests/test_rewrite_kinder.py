"""A kinder revision (issue 10): glosses, tense, retellings with a next step, sneers, thanks, and our own blunt drafts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach import default_coach
from coach.edit_check import rejection
from coach.rewrite import tidy
from scripts.measure_revision_drafts import judge, load_drafts

ROOT = Path(__file__).resolve().parent.parent

# What scripts/measure_revision_drafts.py reached on tests/data/revision_drafts.jsonl (see README,
# "A kinder revision"); the test fails if a change makes the revision worse on these drafts.
# 2026-12-01: 86 of the 131 drafts. The fourth pass counted 91, but five of those were broken sentences the
# judge could not see ("Know by now that ...", "Happened to the backup drive ...?", "Surely can see ...",
# "It would help if damn could router ..."): a removal that takes a kept verb's subject is now refused.
DRAFTS_FLOOR = 86 / 131


@pytest.fixture(scope="module")
def coach():
    """The default coach, semantic layer included, as the app and the measurements run it."""
    return default_coach()


def glosses(text: str) -> list[str]:
    return re.findall(r"\(([^()]+)\)", text)


@pytest.mark.parametrize(
    "draft",
    [
        "We set up NAT and a site-to-site IPsec tunnel for the two shops.",
        "The RAID array lost a disk, so the NAS and the SMART data need a look.",
        "Your MX records point at the old host and SMTP is failing for the DKIM key.",
        "The GPO and the WSUS server push updates; the SCCM agent reports back.",
    ],
)
def test_two_terms_never_share_a_gloss(coach, draft):
    revision = coach.analyse(draft).revision
    found = glosses(revision)
    assert found, revision
    assert len(found) == len(set(found)), revision


def test_a_gloss_is_the_terms_own(coach):
    revision = coach.analyse("We widened the subnet and renewed the SSL certificate.").revision
    assert "subnet (a block of network addresses)" in revision
    assert "the network settings" not in revision


@pytest.mark.parametrize(
    "draft,revision",
    [
        (
            "Any reasonable person would have rebooted the till first.",
            "A good first step is to reboot the till.",
        ),
        (
            "Anyone with basic common sense would have unplugged the heater.",
            "A good first step is to unplug the heater.",
        ),
    ],
)
def test_hindsight_about_a_sensible_person_keeps_its_tense(coach, draft, revision):
    assert coach.analyse(draft).revision == revision


def test_a_preposition_left_without_its_object_is_refused():
    before = "Anyone with basic common sense would have checked the cable."
    assert rejection(before, "Anyone with would have checked the cable.", "basic common sense") is not None
    assert rejection(before, "Anyone would have checked the cable.", "with basic common sense") is None


@pytest.mark.parametrize(
    "draft",
    [
        "The fridge alarm failed because your team unplugged it to charge a phone.",
        "Since you declined to pay for the spare router, the shop will be offline until Monday.",
        "Your manager deleted the shared calendar, so the rota is gone.",
    ],
)
def test_a_retelling_gives_an_account_and_a_next_step(coach, draft):
    revision = coach.analyse(draft).revision
    assert revision != draft
    assert not re.search(r"\b(?:your team|you|your manager)\b", revision.split(";")[0], re.I), revision
    assert "we'd be glad to help" in revision
    assert coach.analyse(revision).scores["tone"] > coach.analyse(draft).scores["tone"]


def test_a_question_is_not_retold_as_a_passive(coach):
    draft = "Why don't you take a look and make sure you now have edit rights?"
    revision = coach.analyse(draft).revision
    assert "didn't get taken" not in revision and "haved" not in revision


@pytest.mark.parametrize(
    "draft,revision",
    [
        ("The router is, obviously, a bit old.", "The router is a bit old."),
        (
            "I'd suggest checking the plug before calling us in future, it saves everyone time.",
            "I'd suggest checking the plug, it saves everyone time.",
        ),
        ("Hi Jen, for the third time, the mailbox is shared.", "Hi Jen, the mailbox is shared."),
        (
            "Hi Jen, as I have already explained twice, the mailbox is shared.",
            "Hi Jen, since this has come up twice, here's a short summary: the mailbox is shared.",
        ),
    ],
)
def test_a_removed_sneer_leaves_the_commas_right(coach, draft, revision):
    assert coach.analyse(draft).revision == revision


def test_a_sentence_that_is_only_wonder_goes_and_the_rest_stays(coach):
    draft = "We replaced the toner on Tuesday. #$!@ mate, I'm surprised you've stayed open as long as you have."
    assert coach.analyse(draft).revision == "We replaced the toner on Tuesday."
    alone = "I'm surprised you've stayed open as long as you have."
    assert coach.analyse(alone).revision.strip()  # never the whole message


def test_a_company_list_extends_the_revisions_vocabularies(tmp_path, coach_full):
    """A company folder adds an interjection and a wonder word by list name; both take effect in the revision."""
    from coach import Coach

    draft = "We swapped the toner on Tuesday. Blimey, I'm surprised you've stayed open as long as you have."
    assert coach_full.analyse(draft).revision.startswith("We swapped the toner on Tuesday. Blimey")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "revision.yml").write_text("revision_interjections: {items: [blimey]}\n", encoding="utf-8")
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path], semantic=False)
    assert company.analyse(draft).revision == "We swapped the toner on Tuesday."


def test_a_company_list_adds_an_irregular_participle(tmp_path, coach_full):
    """irregular_participles is data: a company item replaces the regular "-ed" in a passive retelling."""
    from coach import Coach

    draft = "The card reader stopped because your staff unplugged it to charge a phone."
    assert "because it was unplugged to charge a phone" in coach_full.analyse(draft).revision
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "retelling.yml").write_text(
        "irregular_participles: {items: [unplug disconnected]}\n", encoding="utf-8"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path], semantic=False)
    assert "because it was disconnected to charge a phone" in company.analyse(draft).revision


@pytest.mark.parametrize(
    "draft",
    [
        # a legal disclaimer asks the reader to act: there is no trouble of theirs to acknowledge
        "Please notify us immediately of the error by return email and delete this message.",
        "Notify us at once of the error by return email and delete every copy of this message.",
        # quoted text is the client's own words, not the reply
        "> The booking screens are slow since Monday.",
    ],
)
def test_no_empathy_opening_where_the_sentence_asks_the_reader_or_is_quoted(coach_full, draft):
    report = coach_full.analyse(draft)
    assert any(f.category == "empathy" for f in report.findings)  # the card stays for the writer
    assert not report.revision.startswith(("I can see why", "I understand"))


def test_a_reply_to_the_readers_trouble_still_opens_with_an_acknowledgement(coach_full):
    draft = "The booking screens are slow because the computers only have 4 GB of memory."
    assert coach_full.analyse(draft).revision.startswith("I can see why the slow")


def test_an_opening_does_not_bring_back_the_profanity(coach):
    revision = coach.analyse("The damn booking tablet crashed again during the lunch rush.").revision
    assert "damn" not in revision.lower()


def test_ellipses_survive_the_tidy():
    assert tidy("Let me know what you prefer... Thank you.") == "Let me know what you prefer... Thank you."
    assert tidy("It is done.. Thanks.") == "It is done. Thanks."


def test_the_blunt_reply_of_the_article_revises_to_something_a_client_could_receive(coach):
    # Our own paraphrase of the engineer's reply in "Same conversation, different client".
    draft = (
        "Yeah, I'm not surprised your clinic is struggling with the new patient booking app. "
        "I can't believe your office even gets online through that rubbish Netgear box. What the hell were you "
        "thinking? And running eight-year-old HP towers with Celerons on Windows 7? Man, I'm surprised you've "
        "stayed open as long as you have."
    )
    report = coach.analyse(draft)
    revision = report.revision
    after = coach.analyse(revision)
    assert {f.category for f in after.findings} & {"blame", "condescension", "profanity"} == set()
    for kept in ("Netgear", "HP", "Windows 7", "booking app", "eight-year-old"):
        assert kept in revision
    for gone in ("hell", "rubbish", "even gets", "surprised you've", "thinking?"):
        assert gone not in revision
    assert "I can see why" in revision  # the reframe of "I'm not surprised"
    # On the learned tone scale (the default) plain civil mail sits near 40 and a rude draft under 20:
    # the revision must climb from rude to at least plain civil.
    assert report.scores["tone"] < 20 <= 40 <= after.scores["tone"]


def measure(coach, drafts: list[dict]) -> tuple[int, list[str]]:
    """Return how many drafts revise successfully (the dev scorer's three criteria) and the failures."""
    verdicts = [(d["text"], judge(coach, d)[0]) for d in drafts]
    return sum(good for _, good in verdicts), [text for text, good in verdicts if not good]


def test_our_blunt_drafts_are_varied_and_labelled():
    drafts = load_drafts()
    assert len(drafts) >= 60
    labels = {label for d in drafts for label in d["labels"]}
    assert labels == {"blame", "condescension", "jargon", "profanity", "directness"}
    assert len({d["industry"] for d in drafts}) >= 15
    assert len({d["text"] for d in drafts}) == len(drafts)


def test_revision_success_on_our_drafts_does_not_drop(coach):
    drafts = load_drafts()
    ok, failures = measure(coach, drafts)
    assert ok / len(drafts) >= DRAFTS_FLOOR, failures
