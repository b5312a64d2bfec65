"""Property: over random folders of good, bad and odd files, read = analysed + skipped and nothing is dropped.

Every item a folder holds becomes exactly the records it should (one per
message, one per unreadable thing, each with a reason), whatever its name,
type or content; operating-system litter alone is not counted.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach import Coach
from coach.ingest import iter_messages
from coach.review import BatchSummary, analyse_stream, json_line

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs FIFOs, links and byte file names")

GOOD = b"Hi Dana, the printer on the second floor is fixed and the backup ran overnight."
EML = b"From: Sam <sam@example.com>\r\nSubject: Fixed\r\n\r\n" + GOOD + b"\r\n"


def _zip(members: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(members):
            archive.writestr(f"m{i}.txt", GOOD)
        archive.writestr("__MACOSX/._m0.txt", b"\x00\x05")
    return buffer.getvalue()


def _csv(rows: int) -> bytes:
    return b"author,body\n" + b"".join(b"a%d@example.com,Row %d is fixed.\n" % (i, i) for i in range(rows)) + b",\n"


def _write(data: bytes) -> Callable[[bytes], None]:
    def make(path: bytes) -> None:
        with open(path, "wb") as handle:
            handle.write(data)

    return make


def _fifo(path: bytes) -> None:
    os.mkfifo(path)


def _link_to(target: bytes) -> Callable[[bytes], None]:
    return lambda path: os.symlink(target, path)


def _hidden_folder(path: bytes) -> None:
    os.mkdir(path)
    _write(GOOD)(os.path.join(path, b"inside.txt"))


# kind: (suffix, how to make it, records expected, analysed expected)
KINDS: dict[str, tuple[bytes, Callable[[bytes], None], int, int]] = {
    "text": (b".txt", _write(GOOD), 1, 1),
    "markdown": (b".md", _write(b"# Update\n\n" + GOOD), 1, 1),
    "mail": (b".eml", _write(EML), 1, 1),
    "csv": (b".csv", _write(_csv(3)), 3, 3),
    "zip": (b".zip", _write(_zip(2)), 2, 2),
    "empty": (b".txt", _write(b""), 1, 0),
    "blank": (b".txt", _write(b"  \n\t\n"), 1, 0),
    "binary": (b".txt", _write(bytes(range(256)) * 4), 1, 0),
    "corrupt zip": (b".zip", _write(b"PK\x03\x04 not really"), 1, 0),
    "corrupt xlsx": (b".xlsx", _write(b"PK\x03\x04 nope"), 1, 0),
    "pdf": (b".pdf", _write(b"%PDF-1.4"), 1, 0),
    "html": (b".html", _write(b"<p>hello</p>"), 1, 0),
    "no extension": (b"", _write(GOOD), 1, 0),
    "fifo": (b".txt", _fifo, 1, 0),
    "file link": (b".txt", _link_to(b"/etc/passwd"), 1, 0),
    "folder link": (b"", _link_to(b"/etc"), 1, 0),
    "dangling link": (b".txt", _link_to(b"/nonexistent/x.txt"), 1, 0),
    "hidden folder": (b"", _hidden_folder, 1, 0),
    "macos litter": (b".txt", _write(b"\x00\x05\x16\x07"), 0, 0),  # named ._*, see below
}
NAME_PARTS = [
    b"plain",
    b"with space",
    b"new\nline",
    b"carriage\rreturn",
    b"bad\xff\xfe",
    b"caf\xe9",
    b"esc\x1b[2J",
    b"\xc3\xa9t\xc3\xa9",
]
FOLDERS = [b"", b"sub", b"sub/deeper", b"other"]

items = st.lists(
    st.tuples(st.sampled_from(sorted(KINDS)), st.sampled_from(NAME_PARTS), st.sampled_from(FOLDERS)),
    min_size=1,
    max_size=12,
)


@pytest.fixture(scope="module")
def coach() -> Coach:
    import spacy

    return Coach(nlp=spacy.blank("en"))


def build(root: bytes, spec: list[tuple[str, bytes, bytes]]) -> tuple[int, int]:
    """Create the files of spec under root; return (records, analysed) expected."""
    records = analysed = 0
    for index, (kind, name, folder) in enumerate(spec):
        suffix, make, expect_records, expect_analysed = KINDS[kind]
        where = os.path.join(root, folder)
        os.makedirs(where, exist_ok=True)
        base = b"%d-%s" % (index, name)
        if kind == "macos litter":
            base = b"._" + base
        elif kind == "hidden folder":
            base = b"." + base
        make(os.path.join(where, base + suffix))
        records += expect_records
        analysed += expect_analysed
    return records, analysed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(spec=items)
def test_read_equals_analysed_plus_skipped_and_every_item_is_counted(
    coach: Coach, spec: list[tuple[str, bytes, bytes]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(os.fsencode(tmp), b"mail")
        os.mkdir(root)
        expected_records, expected_analysed = build(root, spec)
        summary = BatchSummary()
        records = list(summary.track(analyse_stream(coach, iter_messages([os.fsdecode(root)]), "non-technical")))
    if expected_records == 0:  # only litter: the folder reports that it holds nothing to read
        assert len(records) == 1 and "no supported files" in records[0]["error"]
        return
    assert len(records) == expected_records, [r["source"] for r in records]
    assert summary.read == summary.analysed + summary.skipped == len(records)
    assert summary.analysed == expected_analysed
    for record in records:
        assert json_line(record).encode("utf-8")  # names with bad bytes or controls stay writable
        assert not any(c in record["source"] for c in "\n\r\x1b")
        if "error" in record:
            assert isinstance(record["error"], str) and record["error"].strip()
        else:
            assert "findings" in record and "scores" in record
    assert not any("root:" in str(r) for r in records)  # the /etc/passwd link was never read


def test_the_cli_summary_counts_the_same(tmp_path: Path) -> None:
    """The summary line a user reads agrees with the records, with odd items present."""
    from coach.cli import main

    root = os.fsencode(tmp_path)
    spec = [("text", b"a", b""), ("fifo", b"p", b""), ("pdf", b"r", b"sub"), ("csv", b"bad\xff", b"sub")]
    expected_records, expected_analysed = build(root, spec)
    out = io.StringIO()
    errors = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(errors):
        assert main(["review", "--quiet", str(tmp_path)], out=out) == 0
    assert len(out.getvalue().splitlines()) == expected_records
    skipped = expected_records - expected_analysed
    assert (
        errors.getvalue().strip().endswith(f"read {expected_records}, analysed {expected_analysed}, skipped {skipped}")
    )
