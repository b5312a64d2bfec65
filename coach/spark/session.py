"""Check that Spark can run here (PySpark and Java 17+) and start a SparkContext, loopback-only for local masters."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

JAVA_PACKAGE = "openjdk-17-jre-headless"
PYSPARK_HINT = "pip install 'tone-coach[spark]' (pyspark==4.3.0), or run `make install`"
MIN_JAVA = 17


class SparkUnavailable(RuntimeError):
    """Spark cannot run here, or a Spark job failed; the message says what to install or fix."""


def java_binary() -> str | None:
    """Return the java that Spark will start: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH."""
    home = os.environ.get("JAVA_HOME", "").strip()
    if home:
        candidate = Path(home, "bin", "java")
        return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    return shutil.which("java")


def java_version(java: str) -> int | None:
    """Return the major version of a java binary (17 for '17.0.15'), or None when it does not say."""
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major  # "1.8.0" is Java 8


def require_spark() -> None:
    """Raise SparkUnavailable naming what to install when PySpark or Java 17+ is missing."""
    missing = []
    if importlib.util.find_spec("pyspark") is None:
        missing.append(f"PySpark is not installed: {PYSPARK_HINT}")
    java = java_binary()
    if java is None:
        where = f"JAVA_HOME={os.environ['JAVA_HOME']} has no bin/java" if os.environ.get("JAVA_HOME") else "no java"
        missing.append(
            f"Java is not installed ({where}): apt-get install {JAVA_PACKAGE} (as root; `make java-deps` does it)"
        )
    else:
        version = java_version(java)
        if version is None or version < MIN_JAVA:
            missing.append(
                f"{java} is {'Java ' + str(version) if version else 'not a working Java'}; Spark 4 needs Java "
                f"{MIN_JAVA} or newer: apt-get install {JAVA_PACKAGE} and set JAVA_HOME to it"
            )
    if missing:
        raise SparkUnavailable("the Spark engine cannot start: " + "; ".join(missing))


def is_local(master: str | None) -> bool:
    """Tell whether a master URL runs Spark inside this process (local, local[N], local[*])."""
    return master is None or master == "local" or master.startswith("local[")


def start_session(master: str | None = None, app_name: str = "tone-coach review") -> tuple[Any, bool]:
    """Return a SparkContext (the given master, spark-submit's, else local[*]) and whether it was started here.

    A context already running in this process is joined, not replaced, and is not ours to stop.
    """
    require_spark()
    from pyspark import SparkConf, SparkContext

    active = SparkContext._active_spark_context
    if active is not None:
        return active, False
    conf = SparkConf().setAppName(app_name)  # loads spark-submit's settings, spark.master among them
    chosen = master or conf.get("spark.master", None) or "local[*]"
    conf = conf.setMaster(chosen).set("spark.ui.enabled", "false").set("spark.python.worker.reuse", "true")
    if is_local(chosen):
        # Everything stays on this machine: loopback only, and the workers run this Python (its venv).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf = conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
    context = SparkContext.getOrCreate(conf)
    # A failed job is reported once, as the worker's own error line (driver.py); COACH_SPARK_LOG=WARN shows Spark's logs.
    context.setLogLevel(os.environ.get("COACH_SPARK_LOG", "").strip().upper() or "FATAL")
    return context, True
