"""The parts of a message: greeting, body and sign-off, found once for the analysers and for ingest.

- GREETING: an opening "Hi Sam," / "Dear team" / "Good morning," line;
- SIGN_OFF: a short closing line ("Thanks,", "Best regards") followed by at
  most a few short lines (a name, a title), at the very end;
- SIG_DELIMITER: the "-- " line that by convention starts a signature
  (coach/ingest/quotes.py cuts there).

The words (greetings, sign-offs) are named lists in lexicons/lists/message_parts.yml;
the shapes around them (start of a line, a comma, a few short lines after) live here.
"""

from __future__ import annotations

import re

from .lexicon import BUILTIN_DIR, load_lists

_LISTS = load_lists((BUILTIN_DIR,))
GREETING = _LISTS.pattern("greetings", r"^\W*{}\b[^,\n]*[,\n]")
SIGN_OFF = _LISTS.pattern("sign_offs", r"\n[ \t]*{}[ \t]*[,.!]?[ \t]*(?:\n[^\n]{0,60}){0,4}\s*$")
SIG_DELIMITER = re.compile(r"^(--|__)\s*$")


def body_start(text: str) -> int:
    """Return where the message body starts: after a greeting line and spaces."""
    m = GREETING.match(text)
    pos = m.end() if m else 0
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos if pos < len(text) else 0


def body_span(text: str) -> tuple[int, int]:
    """Return (start, end) of the message body: after the greeting, before a sign-off."""
    start = body_start(text)
    m = SIGN_OFF.search(text, start)
    end = m.start() if m else len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
