"""The review on a real Spark (local[2], one SparkContext for the module): the same records as local mode.

Needs PySpark (the spark extra, installed by `make test`) and Java 17 (`make java-deps`, run by CI);
skipped, with the reason, where either is missing.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spark_corpus import write_corpus

from coach import Coach
from coach.cli import main
from coach.ingest import iter_messages
from coach.review import analyse_stream
from coach.spark import SparkUnavailable, require_spark, review_records, settings_for, start_session, worker

ROOT = Path(__file__).resolve().parent.parent

try:
    require_spark()
    MISSING = ""
except SparkUnavailable as exc:
    MISSING = str(exc)

needs_spark = pytest.mark.skipif(bool(MISSING), reason=MISSING)
# PySpark's own test helpers warn about pandas 3 when imported; the RDD API used here needs no pandas.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")


@pytest.fixture(scope="module")
def spark():
    context, started = start_session("local[2]", app_name="tone-coach tests")
    yield context
    if started:
        context.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("spark-corpus"))


def by_source(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: r["source"])


@needs_spark
def test_spark_records_equal_local_records_on_500_messages(spark, corpus, coach_full):
    paths = sorted(corpus.iterdir())
    local_coach = Coach(nlp=coach_full.nlp)  # as the workers build theirs: the rules and the semantic layer
    local = list(analyse_stream(local_coach, iter_messages(paths), "non-technical"))
    assert len(local) >= 500
    # Small ranges, so the mbox and the zips are really split across the executors.
    remote = list(review_records(paths, settings_for("non-technical"), spark=spark, split_bytes=32 * 1024))
    assert by_source(remote) == by_source(local)
    assert [r["source"] for r in remote] == [r["source"] for r in local]  # and in local mode's order
    errors = {r["source"]: r["error"] for r in remote if "error" in r}
    assert "CRC" in errors[f"{corpus}/archive.zip!mail/010.eml"]  # a corrupt member is an error record
    assert errors[f"{corpus}/damaged.zip"].startswith("stopped after 12 item(s)")
    assert sum("findings" in r for r in remote) > 450
    # The model was never built in this driver by the engine: only the workers hold Coaches.
    assert worker._COACHES == {}


@needs_spark
def test_each_python_worker_builds_its_coach_once(spark):
    settings = settings_for("non-technical")

    def probe(_):
        coach = worker.worker_coach(settings)
        yield os.getpid(), id(coach), len(worker._COACHES)

    seen = spark.parallelize(range(8), 8).mapPartitions(probe).collect()
    ids_per_pid: dict[int, set[int]] = {}
    for pid, coach_id, cached in seen:
        ids_per_pid.setdefault(pid, set()).add(coach_id)
        assert cached == 1
    assert all(len(ids) == 1 for ids in ids_per_pid.values())
    assert os.getpid() not in ids_per_pid  # built in the Python workers, not in the driver


@needs_spark
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_cli_spark_engine_writes_the_same_file_as_local(spark, tmp_path, fmt):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for n, text in enumerate(["Obviously you should have told us.", "Thanks, we visit Tuesday at 9am.", ""]):
        (drafts / f"d{n}.txt").write_text(text, encoding="utf-8")
    outputs = {}
    for engine in ("local", "spark"):
        out = tmp_path / f"{engine}.{fmt}"
        args = ["review", str(drafts), "--format", fmt, "-o", str(out), "--quiet", "--disable", "jargon"]
        code = main([*args, "--engine", engine], out=io.StringIO())
        assert code == 0
        outputs[engine] = out.read_text(encoding="utf-8")
    assert outputs["spark"] == outputs["local"]
    assert "nothing to analyse" in outputs["spark"]
    assert spark._jsc is not None  # joined the running context and left it running


@needs_spark
def test_a_bad_rule_id_fails_before_spark_runs(spark, tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Hello there.", encoding="utf-8")
    code = main(["review", str(tmp_path), "--engine", "spark", "--disable", "no.such_rule"], out=io.StringIO())
    assert code == 2
    assert "cannot disable unknown rule(s): no.such_rule" in capsys.readouterr().err


def test_without_java_the_engine_names_the_package_to_install(tmp_path):
    (tmp_path / "a.txt").write_text("Hello there.", encoding="utf-8")
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-jdk")}
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(tmp_path), "--engine", "spark", "--master", "local[1]"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "openjdk-17-jre-headless" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_without_pyspark_the_engine_names_the_extra(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyspark" else real(name, *a))
    with pytest.raises(SparkUnavailable, match=r"tone-coach\[spark\]"):
        require_spark()


def test_master_needs_the_spark_engine(capsys):
    with pytest.raises(SystemExit):
        main(["review", "x", "--master", "local[2]"])
    assert "--master needs --engine spark" in capsys.readouterr().err


def test_local_engine_does_not_import_pyspark(tmp_path):
    (tmp_path / "a.txt").write_text("Obviously you should have told us.", encoding="utf-8")
    code = (
        "import sys, io; from coach.cli import main; "
        f"rc = main(['review', {str(tmp_path)!r}, '--quiet'], out=io.StringIO()); "
        "print(rc, 'pyspark' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.stdout.split() == ["0", "False"]


@needs_spark
def test_a_failing_worker_ends_the_run_with_its_own_error(spark, tmp_path):
    (tmp_path / "a.txt").write_text("Hello there.", encoding="utf-8")
    settings = worker.Settings(model="no_such_model")
    with pytest.raises(SparkUnavailable, match=r"the Spark job failed: ModelNotFound: .*no_such_model"):
        list(review_records([tmp_path], settings, spark=spark))
