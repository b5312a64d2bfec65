"""Checks in a worker process: same reports as in-process, errors carried over, a stuck check stopped."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

import coach
from coach import InputError
from coach.allowlist import write_lexicon
from coach.worker import AnalysisStopped, AnalysisWorker

DRAFT = (
    "Hi Dana,\n\nObviously your receptionist unplugged the NAS again, so the backups failed. "
    "You need to buy a new UPS ASAP.\n\nSam"
)


@pytest.fixture(scope="module")
def worker() -> Iterator[AnalysisWorker]:
    """One worker for the module: its child loads the model once."""
    with AnalysisWorker(timeout=300) as shared:
        yield shared


def test_worker_report_equals_the_in_process_report_and_runs_elsewhere(worker: AnalysisWorker) -> None:
    report = worker.analyse(DRAFT, "non-technical")
    assert worker.pid is not None and worker.pid != os.getpid()
    assert report == coach.default_coach().analyse(DRAFT, "non-technical")
    assert {f.category for f in report.findings} >= {"condescension", "blame"}


def test_worker_applies_disabled_rules_and_lexicons(worker: AnalysisWorker, tmp_path) -> None:
    full = worker.analyse(DRAFT, "non-technical")
    one = full.findings[0].rule
    without = worker.analyse(DRAFT, "non-technical", disable=[one])
    assert one in {f.rule for f in full.findings}
    assert one not in {f.rule for f in without.findings}
    allowed = worker.analyse(DRAFT, "non-technical", lexicons=[str(write_lexicon(tmp_path, "Dana", ["NAS"]))])
    flagged = {DRAFT[f.start : f.end] for f in full.findings if f.category == "jargon"}
    kept = {DRAFT[f.start : f.end] for f in allowed.findings if f.category == "jargon"}
    assert "NAS" in flagged and "NAS" not in kept


def test_worker_raises_what_the_analysis_raised(worker: AnalysisWorker) -> None:
    with pytest.raises(InputError, match="empty"):
        worker.analyse("   ", "non-technical")
    assert worker.analyse("Thanks, Dana.", "non-technical").text == "Thanks, Dana."  # still serving


def test_a_check_past_its_limit_is_stopped_and_the_next_one_gets_a_fresh_worker() -> None:
    with AnalysisWorker(timeout=0.01) as quick:  # the child cannot even load its model in 10 ms
        with pytest.raises(AnalysisStopped, match="was stopped"):
            quick.analyse(DRAFT, "non-technical")
        assert quick.pid is None  # the stuck child was ended, not left running
        quick.timeout = 300
        assert quick.analyse(DRAFT, "non-technical").findings


def test_a_worker_that_died_is_replaced(worker: AnalysisWorker) -> None:
    worker.analyse("Thanks, Dana.", "non-technical")
    dead = worker.pid
    assert dead is not None
    os.kill(dead, signal.SIGKILL)
    report = worker.analyse(DRAFT, "non-technical")  # either the pipe or the process says it is gone
    assert report.findings and worker.pid not in (None, dead)


def test_the_page_checks_long_drafts_in_the_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    from views import analysis

    monkeypatch.setenv(analysis.WORKER_ENV, "auto")
    assert not analysis.use_worker("short draft") and analysis.use_worker("x" * (analysis.WORKER_MIN_CHARS + 1))
    monkeypatch.setenv(analysis.WORKER_ENV, "never")
    assert not analysis.use_worker("x" * (analysis.WORKER_MIN_CHARS + 1))
    monkeypatch.setenv(analysis.WORKER_ENV, "always")
    assert analysis.use_worker("short draft")
    monkeypatch.setenv(analysis.TIMEOUT_ENV, "nonsense")
    assert analysis.analysis_timeout() == 120
    monkeypatch.setenv(analysis.TIMEOUT_ENV, "300")
    page = analysis.analyse_cached.__wrapped__(DRAFT, "non-technical", "", (), ())  # type: ignore[attr-defined]
    assert analysis.shared_worker().pid not in (None, os.getpid())
    assert page == coach.default_coach().analyse(DRAFT, "non-technical")
    analysis.shared_worker().close()
