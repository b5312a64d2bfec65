"""Example drafts for a first-time user: realistic client emails that need coaching.

Written for Tone Coach, after the situations in the seed articles: a medical
office on old PCs (seed 003), an office move, a delayed accounting upgrade
(seed 003's clients who held off upgrading), and a last-minute new starter
(seed 001's "fire drill"). Each has something to fix.
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    "Medical office on old PCs": (
        "Hi Dr. Patel,\n\n"
        "I'm not surprised the new booking system keeps freezing. Your front desk is still on "
        "P4s running XP and the router is a cheap consumer box, so obviously nothing modern "
        "will run well on it. As I told you last year, these machines were past their life.\n\n"
        "We need to replace the 5 desktops and swap the router before we can do anything else. "
        "It's a simple job.\n\n"
        "Regards,\nSam"
    ),
    "After the office move": (
        "Hi Maria,\n\n"
        "The reason nobody could print on Monday is that your movers unplugged everything and "
        "plugged the switch back into the wrong port. You should have told us about the move "
        "before it happened. The DHCP scope also ran out so half the laptops got no IP address.\n\n"
        "I fixed it this morning. Just leave the cables alone next time!!\n\n"
        "Thanks,\nAlex"
    ),
    "Delayed accounting upgrade": (
        "Hello Mr. Okafor,\n\n"
        "As everyone knows, the accounting server has been out of support since 2020. "
        "If you had approved the upgrade when we first raised it, month-end would not have failed. "
        "We will migrate the database to the new SQL instance and repoint the ODBC connections "
        "over the weekend.\n\n"
        "Let me know.\n\nBest,\nPriya"
    ),
    "New starter on Monday": (
        "Hi Tom,\n\n"
        "You only told us on Friday afternoon that Jenna starts Monday. Clearly you don't realise "
        "that building a laptop takes time: we have to join it to AD, push the GPOs and set up "
        "her mailbox. It's not rocket science, but it does need notice.\n\n"
        "We'll try.\n\nChris"
    ),
}


def example_names() -> list[str]:
    """Return the example titles in display order."""
    return list(EXAMPLES)
