"""The tone training script's data handling: scenarios stay in one split, within-scenario pair order."""

from __future__ import annotations

import json

import numpy as np
import pytest

from scripts.train_tone import email_rows, pair_order, split_of


def test_pair_order_counts_pairs_within_each_scenario_only():
    y = np.array([1, 2, 3, 1, 2])
    groups = np.array(["a", "a", "a", "b", "b"])
    assert pair_order(np.array([0.1, 0.2, 0.3, 5.0, 6.0]), y, groups) == 1.0
    # Scenario a reversed (3 wrong pairs), b right (1): a's pairs count three times, b's once.
    assert pair_order(np.array([0.3, 0.2, 0.1, 5.0, 6.0]), y, groups) == pytest.approx(1 / 4)
    assert pair_order(np.array([0.0, 0.0, 0.0, 1.0, 1.0]), y, groups) == 0.5  # ties count half
    assert np.isnan(pair_order(np.array([1.0]), np.array([3]), np.array(["a"])))


def test_a_scenario_goes_to_one_split_whatever_its_texts():
    splits = {split_of(f"level {n} of the same request", "w11/s001") for n in range(1, 6)}
    assert len(splits) == 1
    scenario_splits = [split_of("x", f"w11/s{i:03d}") for i in range(1, 201)]
    assert 0.15 <= scenario_splits.count("test") / 200 <= 0.35  # a quarter of the scenarios are test
    assert split_of("an email with no scenario") == split_of("an email with no scenario", "")


def test_email_rows_read_the_scenario_under_its_writer(tmp_path):
    folder = tmp_path / "w99"
    folder.mkdir()
    rows = [
        {"text": "Hi,\\nthanks.", "tone": 4, "scenario": "s001", "labels": []},
        {"text": "Fix it.", "tone": 1, "labels": ["blame"]},
    ]
    (folder / "part01.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    read = email_rows(tmp_path)
    assert [(r["text"], r["tone"], r["source"], r["scenario"]) for r in read] == [
        ("Hi,\nthanks.", 4.0, "w99", "w99/s001"),
        ("Fix it.", 1.0, "w99", ""),
    ]
