"""The generated corpus every speed benchmark shares: varied client emails of about 250 words.

Each email is a greeting, sentences drawn from bench_review's pools (polite,
jargon, blame, condescension, profanity, spend, long) plus plain status
sentences, until it has about `words` words, and a sign-off. A seed gives
the same corpus on every run, so two commits are timed on the same text.
"""

from __future__ import annotations

import random

from scripts.bench_review import GREETINGS, NAMES, SENTENCES, SIGN_OFFS

STATUS = [
    "We checked the backup logs this morning and every job finished on time.",
    "The new printer on the first floor is installed and shared with the whole office.",
    "Our engineer will visit on Friday at 10am to replace the switch in the server cupboard.",
    "The supplier confirmed the replacement parts ship tomorrow.",
    "Your staff should see the new sign-in screen when they arrive on Monday.",
    "I have attached the summary of this month's tickets, most of them about passwords.",
    "We updated the antivirus on all twenty computers over the weekend.",
    "The phones will be down for about ten minutes while we move them to the new line.",
    "If the scanner gives you any more trouble, send me a photo of the screen and I'll look at it.",
    "We are still waiting for the internet provider to confirm the date of the upgrade.",
]
# One hand-written client email of about 250 words (a status report with a recommendation and its benefit):
# the single-email sample that scripts/bench_tone.py and scripts/eval_semantic.py share.
SAMPLE_EMAIL = (
    "Hi Dana, thanks for the quick reply about the front desk computers. We looked at all six of them "
    "on Tuesday. They are seven years old and run an operating system that no longer gets security "
    "fixes, which is why the scheduling screen takes so long to load. We can fix it this week. We recommend "
    "replacing them before the audit next month; new machines would give your staff back about an hour a "
    "day and keep patient records protected. Our engineer, Tom, can do the work on Friday evening at your "
    "Main Street office so nobody is interrupted. He will move each person's files and check the printers "
    "before he leaves. If anything looks wrong on Monday morning, call me directly and we will sort it out "
    "the same day. The backup ran at two this morning and finished without errors, and the copy in the "
    "cloud matches the one in the office. The new firewall rules are in place and the guest network is "
    "separate from the one the tills use. Next month we will review the printer contract with you, since "
    "the lease ends in June and the toner costs have gone up. I have attached the quote for the laptops "
    "you asked about, with two options: the first is cheaper, the second has a longer warranty and a "
    "faster disk. Let me know which you prefer and we will order them the same afternoon. Thanks again "
    "for your patience while we moved the mail boxes last week. Sam"
)

POOLS = [
    *(["polite"] * 3),
    *(["status"] * 4),
    "jargon",
    "jargon",
    "blame",
    "condescension",
    "profanity",
    "spend",
    "long",
]


def email(rng: random.Random, words: int = 250) -> str:
    """Return one generated client email of about `words` words."""
    body: list[str] = []
    count = 0
    while count < words:
        pool = rng.choice(POOLS)
        sentence = rng.choice(STATUS if pool == "status" else SENTENCES[pool])
        body.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
    first = rng.choice(["Ann", "Bo", "Cy", "Dee"])
    return "\n\n".join(
        [rng.choice(GREETINGS).format(name=rng.choice(NAMES)), *paragraphs, rng.choice(SIGN_OFFS).format(first=first)]
    )


def email_corpus(count: int, words: int = 250, seed: int = 1) -> list[str]:
    """Return count generated emails of about `words` words each."""
    rng = random.Random(seed)
    return [email(rng, words) for _ in range(count)]
