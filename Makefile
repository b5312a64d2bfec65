# Two commands do all set-up on a fresh machine:
#   make run   - create .venv, install requirements, serve the app on http://localhost:8501 (this machine only)
#   make run-lan - the same, served on every network interface (anyone on the network can open it)
#   make test  - create .venv, install requirements, run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8501
API_HOST ?= 127.0.0.1
API_PORT ?= 8080
# Where the app listens: localhost by default. HOST=0.0.0.0 (or make run-lan) serves it to the
# whole network, saved review history and kept message bodies included: an explicit choice.
HOST   ?= localhost

.PHONY: run run-lan serve test lint format install system-deps browser-deps java-deps postgres-deps bench train screenshots clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py --server.address $(HOST) --server.port $(PORT) --server.headless true

run-lan:
	$(MAKE) run HOST=0.0.0.0

# The HTTP API (/v1 and LanguageTool-compatible /v2); loopback unless API_HOST is set and COACH_API_TOKEN too.
serve: $(STAMP)
	$(BIN)/python -m coach serve --host $(API_HOST) --port $(API_PORT)

# pytest exits 5 when it collected no test: that is a failure here, not a pass.
# Tests run in TEST_WORKERS processes (one per core here). The files with expensive fixtures (browser,
# servers, PostgreSQL, Spark) run whole on one process, heaviest first; the other tests go one by one to
# whichever process is free (xdist groups set in tests/conftest.py), so neither idles at the end.
TEST_WORKERS ?= 2
test: $(STAMP) postgres-deps
	@$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected"; exit 1; fi; exit $$rc

# Retake the README's screenshots into docs/ (the browser tests otherwise write them to a temporary folder).
screenshots: $(STAMP) browser-deps
	COACH_SCREENSHOTS=docs $(BIN)/python -m pytest -q tests/test_browser.py tests/test_browser_coaching.py \
	  tests/test_browser_review.py tests/test_training_browser.py

# Lint and type-check (CI runs this before the tests).
LINTED := coach views pages scripts tests app.py
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINTED)
	$(BIN)/ruff format $(LINTED)

# Every Debian package the tests need (chromium, Java 17, PostgreSQL) in one apt-get update and one
# apt-get install, for CI (.ci/run); only what is missing is installed. The three targets below do one each.
system-deps:
	@pkgs=""; \
	if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then pkgs="$$pkgs chromium chromium-driver"; fi; \
	v=$$( { "$${JAVA_HOME:+$$JAVA_HOME/bin/}java" -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1); \
	if [ "$${v:-0}" -lt 17 ]; then pkgs="$$pkgs openjdk-17-jre-headless"; fi; \
	if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then pkgs="$$pkgs postgresql"; fi; \
	if [ -z "$$pkgs" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs; \
	else echo "install$$pkgs (apt) to run every test"; fi

# Debian's Chromium for the real-browser test (Playwright's own download cannot work here).
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "install chromium and chromium-driver (apt) to run the browser test"; fi; fi

# Debian's OpenJDK 17 for the Spark engine and its tests (PySpark 4 needs Java 17 or newer).
java-deps:
	@v=$$( { "$${JAVA_HOME:+$$JAVA_HOME/bin/}java" -version 2>&1 || true; } | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1); \
	if [ "$${v:-0}" -lt 17 ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless; \
	  else echo "install openjdk-17-jre-headless (apt) to run the Spark engine and its tests"; fi; fi

# Debian's PostgreSQL server for the history tests, which start their own cluster (initdb + pg_ctl) on a
# private port; without it they are skipped, except under CI=true.
postgres-deps:
	@if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else echo "install postgresql (apt) to run the PostgreSQL history tests"; fi; fi

# Rebuild every learned artefact (coach/semantic/data/*.npz) from data/ and the Wikipedia politeness half.
train: $(STAMP)
	$(BIN)/python scripts/train_semantic.py
	$(BIN)/python scripts/train_tone.py

# The speed table (scripts/bench_peers.py: coach vs proselint vs bare spaCy), then latency, app and review.
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python scripts/bench_peers.py
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_app.py
	$(BIN)/python scripts/bench_review.py --messages 10000 --small 1000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
