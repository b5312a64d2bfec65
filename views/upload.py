"""Turn one opened .txt or .eml file into a draft for the page, or a plain reason it cannot be one."""

from __future__ import annotations

from dataclasses import dataclass

from coach import MAX_CHARS
from coach.ingest import read_bytes

UPLOAD_TYPES = ("txt", "eml")


@dataclass(frozen=True)
class Loaded:
    """The draft read from a file, notes about how it was read, or the error that stopped it."""

    text: str = ""
    notes: tuple[str, ...] = ()
    error: str | None = None


def load_upload(name: str, data: bytes) -> Loaded:
    """Return the draft in an uploaded .txt/.eml file (body only), or why it cannot be opened."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in UPLOAD_TYPES:
        return Loaded(error=f"Open a .txt or .eml file; '{name}' is neither.")
    messages = list(read_bytes(name, data))
    if not messages:
        return Loaded(error=f"'{name}' holds no message.")
    message = messages[0]
    if message.error:
        return Loaded(error=f"'{name}' cannot be opened: {message.error}.")
    if not message.text.strip():
        return Loaded(error=f"'{name}' has no message text (after quotes and signature are removed).")
    if len(message.text) > MAX_CHARS:
        return Loaded(
            error=f"'{name}' holds {len(message.text):,} characters; the limit is "
            f"{MAX_CHARS:,}. Open one message at a time."
        )
    notes = list(message.warnings)
    if message.subject:
        notes.insert(0, f"Subject: {message.subject}")
    if len(messages) > 1:
        notes.append(f"The file holds {len(messages)} messages; showing the first.")
    return Loaded(text=message.text, notes=tuple(notes))
