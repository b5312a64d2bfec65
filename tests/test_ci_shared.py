"""What is outside the clone (../shared, PostgreSQL) skips a test on a developer's machine and fails it in CI.

The rule is explicit: `.ci/run` exports CI=true, and `tests/conftest.py`'s `in_ci()` reads it; `need_shared`
and `pg_cluster.cluster_or_skip` fail instead of skipping under it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import need_shared

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("value", ["true", "1", "yes", "TRUE"])
def test_missing_shared_folder_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        need_shared("the seed articles")


@pytest.mark.parametrize("value", [None, "", "false", "0"])
def test_missing_shared_folder_skips_elsewhere(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.skip.Exception, match="seed articles"):
        need_shared("the seed articles")


def test_the_ci_script_sets_ci_before_it_runs_the_tests():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    exports = [n for n, line in enumerate(script) if line.strip() == "export CI=true"]
    tests = [n for n, line in enumerate(script) if line.strip().startswith("make test")]
    assert exports and tests and exports[0] < tests[0]


def test_a_test_needing_shared_fails_in_ci_and_skips_elsewhere_when_the_folder_is_missing(tmp_path):
    """Run a real test that needs the seed articles, with COACH_SHARED pointing at an empty folder."""
    node = "tests/test_empathy.py::test_seed_003_text_is_the_one_quoted"
    base = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_XDIST_WORKER"}}
    base["COACH_SHARED"] = str(tmp_path)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", node]
    elsewhere = subprocess.run(argv, cwd=ROOT, env=base, capture_output=True, text=True, timeout=600)
    in_ci_run = subprocess.run(argv, cwd=ROOT, env={**base, "CI": "true"}, capture_output=True, text=True, timeout=600)
    assert elsewhere.returncode == 0 and "1 skipped" in elsewhere.stdout, elsewhere.stdout
    assert in_ci_run.returncode == 1 and "1 failed" in in_ci_run.stdout, in_ci_run.stdout
    assert "CI must provide it" in in_ci_run.stdout
