"""Nothing calls out: the library, the CLI and the app run with outbound sockets refused (loopback allowed).

Each workload runs in a fresh interpreter whose sitecustomize refuses every
connection and name lookup that is not loopback and logs the attempt. A
probe connection proves the guard is on; the log must hold nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = ("203.0.113.7", 80)  # TEST-NET-3: never a real host

GUARD = textwrap.dedent(
    '''
    """Refuse outbound network access in this interpreter; log every attempt to $COACH_NET_LOG."""
    import ipaddress, json, os, socket

    _LOG = os.environ["COACH_NET_LOG"]
    _LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


    def _local(host):
        if host is None or (isinstance(host, str) and host.lower() in _LOCAL_NAMES):
            return True
        try:
            return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
        except ValueError:
            return False


    def _refuse(what, host):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps({"call": what, "host": str(host), "pid": os.getpid()}) + "\\n")
        raise ConnectionRefusedError(f"outbound network refused by the test guard: {what} {host}")


    def _host(address):
        return address[0] if isinstance(address, tuple) else None


    _connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
    _getaddrinfo = socket.getaddrinfo


    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(_host(address)):
            _refuse("connect", _host(address))
        return _connect(self, address)


    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(_host(address)):
            _refuse("connect_ex", _host(address))
        return _connect_ex(self, address)


    def getaddrinfo(host, *args, **kwargs):
        if not _local(host.decode() if isinstance(host, bytes) else host):
            _refuse("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)


    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
    '''
)

LIBRARY = textwrap.dedent(
    """
    import io, json, socket, sys, zipfile
    from pathlib import Path

    import coach
    from coach.ingest import iter_messages, read_bytes
    from coach.review import RECORD_FORMATS, analyse_stream, write_records

    # The guard is on: a probe to the outside is refused (and logged), loopback still works.
    try:
        socket.create_connection(("203.0.113.7", 80), timeout=5)
    except OSError:
        pass
    else:
        sys.exit("the network guard did not refuse the probe")
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    socket.create_connection(server.getsockname(), timeout=5).close()
    server.close()

    folder = Path(sys.argv[1])
    rude = "Obviously you should have told us. Run gpupdate /force on the damn PC. We recommend new PCs."
    report = coach.analyse(rude, audience="executive")
    assert report.findings and report.revision
    assert len(list(coach.Coach().analyse_many([rude, "Thanks, the printer is fixed."]))) == 2
    records = list(analyse_stream(coach.Coach(), iter_messages([folder]), "non-technical"))
    assert sum("findings" in r for r in records) >= 5, records
    for fmt in RECORD_FORMATS:
        out = io.StringIO()
        write_records(records, fmt, out)
        assert out.getvalue()
    print(json.dumps({"records": len(records)}))
    """
)

APP = textwrap.dedent(
    """
    import sys
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("app.py", default_timeout=120).run()
    assert not at.exception, at.exception
    at.text_area(key="draft").input("Obviously you should have rebooted the damn router.").run()
    assert not at.exception, at.exception
    review = AppTest.from_file("pages/2_Team_review.py", default_timeout=120).run()
    assert not review.exception, review.exception
    print("app ok")
    """
)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    """Return the environment of a guarded interpreter and its log file."""
    where = tmp_path_factory.mktemp("guard")
    (where / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    log = where / "network.log"
    log.touch()
    path = os.pathsep.join(p for p in (str(where), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "COACH_NET_LOG": str(log), "COACH_HISTORY_DB": str(where / "h.db")}
    return env, log


@pytest.fixture(scope="module")
def mail_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of every supported kind of mail, built here."""
    import openpyxl

    folder = tmp_path_factory.mktemp("mail")
    rude = "Obviously you should have told us about the damn outage."
    (folder / "draft.txt").write_text(rude, encoding="utf-8")
    (folder / "note.md").write_text("# Update\n\n" + rude, encoding="utf-8")
    (folder / "mail.eml").write_text(f"From: Sam <sam@example.com>\nSubject: Outage\n\n{rude}\n", encoding="utf-8")
    (folder / "box.mbox").write_text(
        "From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\n\n" + rude + "\n", encoding="utf-8"
    )
    (folder / "desk.csv").write_text(f'author,body\nlee@example.com,"{rude}"\n', encoding="utf-8")
    book = openpyxl.Workbook()
    book.active.append(["author", "body"])
    book.active.append(["kim@example.com", rude])
    book.save(folder / "desk.xlsx")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inner.txt", rude)
    (folder / "page.html").write_text("<p>not a supported type</p>", encoding="utf-8")
    return folder


def logged(log: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def run_guarded(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, input=stdin, capture_output=True, text=True, timeout=900
    )


def test_library_workload_makes_no_outbound_connection(guarded, mail_folder: Path) -> None:
    env, log = guarded
    before = len(logged(log))
    done = run_guarded(env, "-c", LIBRARY, str(mail_folder))
    assert done.returncode == 0, done.stderr[-3000:]
    attempts = logged(log)[before:]
    assert attempts and {a["host"] for a in attempts} == {PROBE[0]}  # only the probe (lookup and connect)


def test_cli_workloads_make_no_outbound_connection(guarded, mail_folder: Path, tmp_path: Path) -> None:
    env, log = guarded
    before = len(logged(log))
    draft = "Obviously you should have told us. Run gpupdate /force on the damn PC.\n"
    assert run_guarded(env, "-m", "coach", "check", "-", "--revise", stdin=draft).returncode == 1
    done = run_guarded(env, "-m", "coach", "review", "--quiet", str(mail_folder), "--format", "findings-csv")
    assert done.returncode == 0 and "profanity" in done.stdout, done.stderr[-3000:]
    out = tmp_path / "report.html"
    done = run_guarded(env, "-m", "coach", "review", str(mail_folder), "--summary", "-o", str(out), "--format", "html")
    assert done.returncode == 0 and out.stat().st_size > 0, done.stderr[-3000:]
    assert logged(log)[before:] == []


def test_app_pages_make_no_outbound_connection(guarded) -> None:
    env, log = guarded
    before = len(logged(log))
    done = run_guarded(env, "-c", APP)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "app ok" in done.stdout
    assert logged(log)[before:] == []
