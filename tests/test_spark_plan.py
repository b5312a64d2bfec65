"""The Spark engine's reading, without Spark: planned units read in order give local mode's exact messages.

The executors' side (read_unit, scan_mbox_range) and the driver's (plan, resolve_mbox, the stop wording)
are plain Python, so every split size and awkward file is checked here quickly; tests/test_spark.py
then runs the whole thing on a real Spark.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest
from spark_corpus import mbox_bytes, write_corpus

from coach.ingest import iter_messages
from coach.ingest.model import Columns
from coach.spark.driver import _in_local_words
from coach.spark.plan import FILE, MBOX, MBOX_SCAN, ZIP, partitions, plan, resolve_mbox
from coach.spark.read import read_unit, scan_mbox_range


def local_messages(paths: list[Path]) -> list[dict]:
    return [json.loads(json.dumps(asdict(m))) for m in iter_messages(paths)]


def planned_messages(paths: list[Path], split_bytes: int) -> tuple[list[dict], list]:
    """Read the paths the way the Spark engine does, in one process: plan, scan, resolve, read, reword."""
    units = plan(paths, split_bytes)
    scans = [scan_mbox_range(u.path, u.start, u.stop) for u in units if u.kind == MBOX_SCAN]
    units = resolve_mbox(units, scans)
    rows = [(u.container, json.dumps(asdict(m)), fatal) for u in units for m, fatal in read_unit(u, Columns())]
    return list(_in_local_words(rows)), units


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), drafts=12, mails=150, zipped=30, rows=5)


@pytest.mark.parametrize("split_bytes", [700, 4096, 9999, 64 * 1024 + 3, 16 * 1024 * 1024])
def test_planned_reading_equals_local_reading(corpus, split_bytes):
    paths = sorted(corpus.iterdir())
    expected = local_messages(paths)
    got, units = planned_messages(paths, split_bytes)
    assert got == expected
    if split_bytes < 1024 * 1024:  # small ranges: the mbox and the zip really were split
        assert sum(u.kind == MBOX and u.source.endswith("box.mbox") for u in units) > 1
        assert sum(u.kind == ZIP and u.source.endswith("archive.zip") for u in units) > 1


def test_corrupt_members_and_damaged_archives_read_as_locally(corpus):
    got, units = planned_messages(sorted(corpus.iterdir()), 2048)
    by_source = {m["source"]: m for m in got}
    crc = by_source[f"{corpus}/archive.zip!mail/010.eml"]
    assert "CRC" in crc["error"]
    assert "corrupt or truncated workbook" in by_source[f"{corpus}/archive.zip!broken.xlsx"]["error"]
    # The broken local header of m12.txt stops the archive after 12 members, wherever the runs were cut.
    stop = by_source[f"{corpus}/damaged.zip"]["error"]
    assert stop.startswith("stopped after 12 item(s): corrupt or truncated zip data")
    assert not any(s.startswith(f"{corpus}/damaged.zip!m1{d}") for s in by_source for d in "3456789")
    assert sum(u.kind == ZIP and u.source.endswith("damaged.zip") for u in units) > 2
    # What must be read whole stays whole: a zip holding a zip, a corrupt zip, a non-mbox.
    whole = {Path(u.source).name for u in units if u.kind == FILE}
    assert {"nested.zip", "corrupt.zip", "not-a-mailbox.mbox"} <= whole
    assert by_source[f"{corpus}/empty-folder"]["error"].startswith("no supported files in this folder")


def test_mbox_boundaries_match_the_streaming_splitter(tmp_path):
    """Every split size finds the same mails, numbered the same, as reading the mbox whole."""
    import random

    path = tmp_path / "x.mbox"
    path.write_bytes(mbox_bytes(random.Random(3), 60))
    expected = local_messages([path])
    for split in (512, 777, 1024, 3000, 65_536, 70_001):
        assert planned_messages([path], split)[0] == expected, split
    counts = [scan_mbox_range(str(path), lo, lo + 1000)[1] for lo in range(0, path.stat().st_size, 1000)]
    assert sum(counts) == len(expected)


def test_missing_paths_and_relative_sources_keep_their_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text("Obviously you should have told us.", encoding="utf-8")
    got, _ = planned_messages([Path("a.txt"), Path("missing.eml")], 1024)
    assert [m["source"] for m in got] == ["a.txt", "missing.eml"]
    assert got[1]["error"] == "file not found"


def test_partitions_keep_order_and_balance_cost(corpus):
    units = resolve_mbox(
        *(lambda us: (us, [scan_mbox_range(u.path, u.start, u.stop) for u in us if u.kind == MBOX_SCAN]))(
            plan([corpus], 4096)
        )
    )
    groups = partitions(units, 6)
    assert [u for g in groups for u in g] == units
    assert len(groups) == 6 and all(groups)
    assert partitions([], 4) == []
    assert len(partitions(units[:2], 6)) == 2
