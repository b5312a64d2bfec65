"""Shared fixtures (the real model, a parser-free coach, the browser tests' server and chromium) and the
order in which the two test processes take the tests.

Distribution (`make test`: `pytest -n 2 --dist loadgroup --no-loadscope-reorder`): the files whose
fixtures are expensive to build (a Streamlit server, chromium, PostgreSQL, Spark, an HTTP server) run
whole on one process, the heaviest first, so neither process is left finishing a long file alone;
every other test is handed out one at a time to whichever process is free.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import spacy
from browser_harness import CHROMIUM, CHROMIUM_ARGS, serve_app

from coach import Coach
from coach.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent

# The evaluation data beside the checkout (devset, seeds, external): ../shared, or the folder COACH_SHARED names.
SHARED = Path(os.environ.get("COACH_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
DEVSET = SHARED / "devset"


def in_ci() -> bool:
    """Return whether the tests run in CI (CI=true, 1 or yes; .ci/run sets it), where nothing may be skipped."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def need_shared(what: str) -> None:
    """Stop a test that needs ../shared: skip it on a developer's machine, fail it in CI, where it must run."""
    message = f"{what} is not beside this checkout ({SHARED})"
    if in_ci():
        pytest.fail(message + "; CI must provide it", pytrace=False)
    pytest.skip(message)


# Files run whole on one process, by group, heaviest first (minutes measured on a 2-core machine at load 20);
# files in one group share session fixtures (the coaching app's server and chromium).
WHOLE_FILES: dict[str, str] = {
    "test_browser.py": "browser-app",  # about 13 minutes: one Streamlit server and chromium for the three
    "test_browser_coaching.py": "browser-app",
    "test_browser_review.py": "browser-app",
    "test_spark.py": "spark",  # 11: a SparkContext (local[2])
    "test_worker.py": "worker",  # 6: the analysis worker process
    "test_history.py": "postgres-history",  # 3: a PostgreSQL cluster
    "test_training_browser.py": "training-browser",  # 2: its own server and database
    "test_server_limits.py": "server-limits",
    "test_spark_plan.py": "spark-plan",
    "test_training_store.py": "postgres-training",
    "test_server.py": "server",
    "test_server_languagetool.py": "server-languagetool",
    "test_reliability_serve.py": "reliability-serve",
}
GROUP_ORDER = list(dict.fromkeys(WHOLE_FILES.values()))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs Debian chromium (skipped when it is absent)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the files with expensive fixtures whole (xdist groups) and run them first, heaviest first."""
    grouped: dict[str, list[pytest.Item]] = {group: [] for group in GROUP_ORDER}
    rest: list[pytest.Item] = []
    for item in items:
        group = WHOLE_FILES.get(item.path.name)
        if group is None:
            rest.append(item)
        else:
            item.add_marker(pytest.mark.xdist_group(group))
            grouped[group].append(item)
    items[:] = [item for group in GROUP_ORDER for item in grouped[group]] + rest


@pytest.fixture(scope="session")
def coach_full() -> Coach:
    """A coach with the real spaCy model (parser and tagger), built once."""
    return Coach(nlp=load_model(), semantic=False)  # the rules alone; tests/test_semantic.py tests the layer


@pytest.fixture(scope="session")
def blank_coach() -> Coach:
    """A coach on spacy.blank('en'): tokenizer and sentencizer only, for rules needing no parse."""
    return Coach(nlp=spacy.blank("en"), semantic=False)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py on a free port for this process's browser tests and return its URL."""
    private = tmp_path_factory.mktemp("data")  # allow lists, aliases and history of this test run only
    with serve_app(private, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Launch headless chromium once per browser file (each test opens its own context).

    Per module, not per session: a Playwright still running would stop tests/test_training_browser.py from
    starting its own ("Sync API inside the asyncio loop") when it runs later in the same process.
    """
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def rules_of(report, category: str | None = None) -> list[str]:
    """Return the rule ids of a report's findings (optionally one category)."""
    return [f.rule for f in report.findings if category is None or f.category == category]
