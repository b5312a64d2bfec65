"""The Message record, the limits that keep reading bounded, and small shared helpers."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from ..terminal import printable

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".eml", ".mbox", ".msg", ".csv", ".xlsx", ".zip"})

# The most bytes held whole in memory for one item: a .txt/.md/.eml/.msg/.xlsx
# file, one mail inside an .mbox, one member of a .zip. .mbox, .csv and .zip
# files themselves may be bigger, because they are streamed item by item.
MAX_FILE_BYTES: int = 25 * 1024 * 1024
# Zip-bomb guards: bytes actually decompressed from one archive (nested
# archives included) and the number of members looked at.
MAX_ZIP_TOTAL_BYTES: int = 200 * 1024 * 1024
MAX_ZIP_MEMBERS: int = 10_000
# An .xlsx is a zip too: what its members may unpack to before openpyxl is let near it,
# and how many times its own size (checked once it unpacks past the floor).
MAX_XLSX_UNPACKED_BYTES: int = 100 * 1024 * 1024
MAX_XLSX_RATIO: int = 100
XLSX_RATIO_FLOOR_BYTES: int = 10 * 1024 * 1024
# How deep archives may nest: a zip inside a zip is read, one level further is not.
MAX_ZIP_DEPTH: int = 1


@dataclass(frozen=True, slots=True)
class Message:
    """One piece of writing to coach, or the reason an item could not be read."""

    source: str
    text: str
    subject: str | None = None
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    date: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Columns:
    """Which spreadsheet columns hold the text, author, date and subject (None: guess)."""

    text: str | None = None
    author: str | None = None
    date: str | None = None
    subject: str | None = None


class TooLargeError(Exception):
    """An item is bigger than a reading limit; the message names the limit."""


def failed(source: str, reason: str, warnings: tuple[str, ...] = ()) -> Message:
    """Return a Message that says why the item at source could not be read."""
    return Message(source=source, text="", error=reason, warnings=warnings)


def megabytes(limit: int) -> str:
    """Return a byte limit in words, e.g. '25 MB'."""
    return f"{limit / (1024 * 1024):g} MB"


def too_large_reason(limit: int) -> str:
    """Return the error text for an item bigger than limit bytes."""
    return f"too large: bigger than the {megabytes(limit)} limit for one file (MAX_FILE_BYTES)"


def describe(exc: BaseException) -> str:
    """Return an exception as one short line for an error message."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def display_name(path: str | os.PathLike[str]) -> str:
    """Return a file name as printable text: undecodable bytes as \\xNN, control characters escaped."""
    text = os.fspath(path)
    text = _ESCAPED_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", text)
    text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return printable(text)
