"""Selective parsing (COACH_PARSE=selective): the same findings as the full pipe, offsets right, in every front-end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from server_harness import client, running_server

from coach import Coach
from coach.engine import InputError
from coach.ingest import iter_messages
from coach.nlp import load_model
from coach.parallel import can_fork
from coach.review import CHUNK, analyse_stream
from coach.selective import PARSED_KEY, UNPARSED, parse_mode
from scripts.bench_review import write_mbox

ROOT = Path(__file__).resolve().parent.parent

DATA = sorted((ROOT / "tests" / "data").glob("*.jsonl"))
STATUS = "The supplier confirmed the replacement parts ship tomorrow."
ASK = "Could you send me the invoice from last month?"
MESSAGE = f"Hi Sam,\n\nThanks for the quick reply. {STATUS} {ASK} Obviously the cable needs to be plugged in.\n\nThanks,\nAlex"


def written_messages() -> list[str]:
    return [json.loads(line)["text"] for path in DATA for line in path.read_text("utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def selective(coach_full) -> Coach:
    return Coach(nlp=coach_full.nlp, semantic=False, parse="selective")


def rows(report) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.start, f.end, f.text) for f in report.findings]


def test_the_mode_comes_from_the_argument_or_the_environment(monkeypatch):
    monkeypatch.delenv("COACH_PARSE", raising=False)
    assert parse_mode() == "full"
    monkeypatch.setenv("COACH_PARSE", " Selective ")
    assert parse_mode() == "selective"
    assert parse_mode("full") == "full"
    with pytest.raises(InputError, match="unknown parse mode 'partial'; choose one of: full, selective"):
        Coach(nlp=load_model(), semantic=False, parse="partial")


def test_the_written_messages_get_the_same_findings_and_revisions_on_both_paths(coach_full, selective):
    texts = written_messages()
    assert len(texts) > 200
    full = list(coach_full.analyse_many(texts))
    fast = list(selective.analyse_many(texts))
    assert [rows(r) for r in fast] == [rows(r) for r in full]
    assert [r.revision for r in fast] == [r.revision for r in full]
    assert sum(len(r.findings) for r in full) > 100
    # Scores read sentence boundaries; where the full parser's differ (README, Speed) the tone moves a little.
    tones = [(a.scores["tone"], b.scores["tone"]) for a, b in zip(full, fast)]
    assert sum(a == b for a, b in tones) >= 0.95 * len(tones)
    assert max(abs(a - b) for a, b in tones) <= 3.0


def test_only_the_selected_sentences_are_tagged_and_parsed(selective):
    doc = next(iter(selective._pipe([MESSAGE], 1)))
    by_text = {s.text.strip(): s for s in doc.sents}
    status, ask = by_text[STATUS], by_text[ASK]
    assert all(t.tag_ == "" and t.dep_ == UNPARSED and t.head.i == status.start for t in status)
    assert [t.text for t in status] == STATUS[:-1].split() + ["."]
    alone = selective.nlp(ASK)  # the ask, parsed on its own, reads exactly as inside the whole Doc
    assert [(t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i - t.i) for t in ask] == [
        (t.text, t.tag_, t.pos_, t.lemma_, t.dep_, t.head.i - t.i) for t in alone
    ]
    assert any(a <= ask.start and ask.end <= b for a, b in doc.user_data[PARSED_KEY])
    assert doc.text == MESSAGE


def test_a_finding_in_an_unparsed_sentence_is_parsed_before_the_revision(selective):
    doc = next(iter(selective._pipe([MESSAGE], 1)))
    obviously = MESSAGE.index("Obviously")
    sentence = next(s for s in doc.sents if s.start_char <= obviously < s.end_char)
    before = [t.dep_ for t in sentence]
    selective.selective.parse_around(doc, [(obviously, obviously + len("Obviously"))])
    sentence = next(s for s in doc.sents if s.start_char <= obviously < s.end_char)
    assert UNPARSED in before and "ROOT" in [t.dep_ for t in sentence]
    report = selective.analyse(MESSAGE)
    assert ("condescension.obviously", obviously, obviously + 9, "Obviously") in rows(report)
    assert "Obviously" not in report.revision


@pytest.mark.parametrize(
    "text",
    [
        ",,,,," * 20_000,  # dense punctuation, cut into pieces by coach.tokens
        "\n\n\n",
        "ok",
        "<img src=x onerror=alert(1)> you must fix <b>this</b> obviously!!!",
        "Bonjour, pouvez-vous redémarrer le serveur? Merci. 你好，请重启服务器。",
        "\x00\x01 binary \ufffd\ufffd you idiot \x7f",
        "Hi,\n\n" + "You should have rebooted the server. " * 2000,
    ],
)
def test_offsets_are_right_on_odd_input(selective, coach_full, text):
    if not text.strip():
        with pytest.raises(InputError):
            selective.analyse(text)
        return
    report = selective.analyse(text)
    assert report.text == text
    for f in report.findings:
        assert text[f.start : f.end] == f.text
    assert {f.category for f in report.findings} <= {f.category for f in coach_full.analyse(text).findings} | {
        "readability"
    }


@pytest.mark.skipif(not can_fork(), reason="worker processes are forked")
def test_a_batch_review_on_two_workers_gives_the_records_of_one(selective, coach_full, tmp_path):
    path = tmp_path / "team.mbox"
    write_mbox(path, 2 * CHUNK + 3)
    one = list(analyse_stream(selective, iter_messages([path]), "non-technical"))
    two = list(analyse_stream(selective, iter_messages([path]), "non-technical", workers=2))
    assert two == one and len(one) == 2 * CHUNK + 3
    full = list(analyse_stream(coach_full, iter_messages([path]), "non-technical"))
    assert [r["source"] for r in one] == [r["source"] for r in full]
    assert sum(len(r["findings"]) for r in one) > 0


def test_the_cli_review_reads_the_mode_from_the_environment(selective, tmp_path):
    (tmp_path / "a.txt").write_text(MESSAGE, encoding="utf-8")
    env = {**os.environ, "COACH_PARSE": "selective"}
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(tmp_path), "--format", "jsonl", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    record = json.loads(proc.stdout.splitlines()[0])
    expected = Coach(nlp=selective.nlp, parse="selective").analyse(MESSAGE, "non-technical")
    assert [(f["rule"], f["start"], f["end"]) for f in record["findings"]] == [
        (f.rule, f.start, f.end) for f in expected.findings
    ]
    bad = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(tmp_path), "--format", "jsonl", "--quiet"],
        capture_output=True,
        text=True,
        env={**os.environ, "COACH_PARSE": "sometimes"},
        cwd=ROOT,
    )
    assert bad.returncode != 0 and "unknown parse mode 'sometimes'" in bad.stderr


def test_the_http_server_serves_both_modes(selective, coach_full):
    for coach in (selective, coach_full):
        with running_server(coach=coach) as url, client(url) as http:
            response = http.post("/v1/analyse", json={"text": MESSAGE})
            assert response.status_code == 200
            assert response.json() == coach.analyse(MESSAGE).to_dict()


@pytest.mark.parametrize(
    ("sentence", "parsed"),
    [
        ("The supplier confirmed the replacement parts ship tomorrow.", False),
        ("We updated the antivirus on all twenty computers.", False),
        ("Obviously the cable needs to be plugged in.", False),
        ("Could you send me the invoice?", True),  # the reader
        ("Send me the logs by Friday.", True),  # may open with a bare verb
        ("Sam, restart the router tonight.", True),  # after a name and a comma
        ("Please restart the router tonight.", True),
        ("The cashier unplugged the router again.", True),  # "the" + a named client role
        ("We rebuilt the zpool with the new vdevs.", True),  # rare lower-case words: jargon reads POS and lemma
        ("We were still waiting for the parts.", True),  # empathy's problem words
    ],
)
def test_the_selector_picks_the_sentences_a_check_reads(selective, sentence, parsed):
    doc = selective.nlp.make_doc(sentence)
    selective.selective.split(doc)
    assert selective.selective.selector.needs_parse(doc[:]) is parsed
