"""A batch review on both cores: the same records in the same order as one process, and a progress bar with ETA."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from coach.ingest import iter_messages
from coach.parallel import can_fork
from coach.review import CHUNK, analyse_stream
from scripts.bench_review import write_mbox

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes are forked")


@pytest.fixture(scope="module")
def mailbox(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("mbox") / "team.mbox"
    write_mbox(path, 3 * CHUNK + 5)  # four chunks, the last one short
    return path


def test_two_workers_give_the_records_of_one_in_input_order(coach_full, mailbox):
    one = list(analyse_stream(coach_full, iter_messages([mailbox]), "non-technical"))
    two = list(analyse_stream(coach_full, iter_messages([mailbox]), "non-technical", workers=2))
    assert len(one) == 3 * CHUNK + 5
    assert [r["source"] for r in two] == [r["source"] for r in one]
    assert two == one
    assert sum(len(r["findings"]) for r in one) > 0


def test_a_batch_of_one_chunk_is_analysed_in_process(coach_full, tmp_path):
    path = tmp_path / "small.mbox"
    write_mbox(path, 3)
    records = list(analyse_stream(coach_full, iter_messages([path]), "non-technical", workers=2))
    assert [r["source"] for r in records] == [m.source for m in iter_messages([path])]


def test_the_cli_shows_a_bar_with_total_rate_and_eta_on_a_terminal(mailbox, tmp_path):
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal 120 wide
    out = tmp_path / "records.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "review", str(mailbox), "-o", str(out), "--workers", "2"],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=secondary,
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        shown += data
    assert proc.wait(timeout=300) == 0
    os.close(main)
    text = shown.decode("utf-8", "replace")
    total = 3 * CHUNK + 5
    # The total comes from a thread that reads the input again beside the review: on a busy machine a
    # short review can end first, so the bar may finish without it; when it is shown, it is the right one.
    assert re.search(r"messages: \d+msg|\d+/\d+ \[", text), text[-600:]
    for shown_total in re.findall(r"\d+/(\d+) \[\d\d:\d\d<\d\d:\d\d, ", text):
        assert int(shown_total) == total
    assert "msg/s" in text or "s/msg" in text
    assert len(out.read_text(encoding="utf-8").splitlines()) == total


def test_workers_below_one_is_a_usage_error(mailbox):
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(mailbox), "--workers", "0"],
        cwd=ROOT,
        capture_output=True,
        timeout=180,
    )
    assert proc.returncode == 2
    assert b"--workers 0" in proc.stderr
