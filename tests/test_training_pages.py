"""The Training and Facilitator pages as users meet them (AppTest), on a real SQLite file per test."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coach.training import load_exercises
from coach.training.store import TrainingStore, default_url

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
TRAINING = "pages/3_Training.py"
FACILITATOR = "pages/4_Facilitator.py"
EXERCISES = load_exercises()
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) **bold**"


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Give every test its own history database (the store is cached per URL)."""
    monkeypatch.delenv("COACH_HISTORY_URL", raising=False)
    monkeypatch.delenv("COACH_EXERCISES", raising=False)
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))
    return tmp_path


def open_page(path: str, state: dict | None = None) -> AppTest:
    """Open a page through the app's navigation (the Why links need it), in a new browser session."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    """Return every st.html body on the page, joined."""
    return "\n".join(h.value for h in at.html)


def texts_of(at: AppTest) -> str:
    """Return the text of every Markdown-rendering element, joined."""
    kinds = (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.subheader, at.title, at.header)
    return "\n".join(e.value for kind in kinds for e in kind)


def button(at: AppTest, key: str):
    """Return the button with this key."""
    return next(b for b in at.button if b.key == key)


def choose(at: AppTest, exercise_id: str) -> AppTest:
    """Pick an exercise in the selectbox."""
    at.selectbox(key="train_exercise").set_value(exercise_id).run()
    assert not at.exception, at.exception
    return at


def submit(at: AppTest, exercise_id: str, text: str) -> AppTest:
    """Write a rewrite for an exercise and submit it."""
    at.text_area(key=f"train_rewrite_{exercise_id}").input(text).run()
    button(at, "train_submit").click().run()
    assert not at.exception, at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    """Return the value of the metric with this label."""
    return next(m.value for m in at.metric if m.label == label)


# ---- trainee flow ----


def test_trainee_picks_submits_gets_feedback_retries_and_sees_progress() -> None:
    exercise = EXERCISES.get("medical-pcs-replace")
    at = open_page(TRAINING)
    assert "Suggested next" in texts_of(at)
    at.multiselect(key="train_skills").set_value(["benefit"]).run()
    options = at.selectbox(key="train_exercise").options
    assert all("Business benefit" in o for o in options)
    at.multiselect(key="train_levels").set_value(["easy"]).run()
    at = choose(at, exercise.id)
    assert "i5-4570" in html_of(at)  # the draft, shown as text
    assert at.text_area(key=f"train_rewrite_{exercise.id}").value == exercise.draft

    # first attempt: the draft as it is
    at = submit(at, exercise.id, exercise.draft)
    assert metric(at, "Result") == "Not yet"
    first = int(metric(at, "Score").split()[0])
    parts = html_of(at)
    assert 'data-part="jargon"' in parts and "jargon finding(s) left" in parts
    assert 'data-testid="tc-model-answer"' in parts and 'data-testid="tc-diff"' in parts
    assert "tc-mark" in parts  # the remaining highlights, in the engineer's component

    # retry with the model answer
    at = submit(at, exercise.id, exercise.model_answer)
    assert metric(at, "Result") == "Passed"
    assert int(metric(at, "Score").split()[0]) > first
    assert metric(at, "Attempts on this exercise") == "2"

    # progress: both attempts, a chart and a CSV
    assert metric(at, "Attempts") == "2"
    assert metric(at, "Exercises passed").startswith("1 /")
    assert len(at.get("vega_lite_chart")) >= 1
    table = at.dataframe[0].value
    assert set(table["skill"]) == {"Jargon", "Condescension", "Business benefit"}
    stored = TrainingStore(default_url()).attempts()
    assert [a.passed for a in stored] == [False, True] and stored[0].trainee is None


def test_the_suggestion_follows_the_weakest_skill() -> None:
    at = open_page(TRAINING)
    exercise = EXERCISES.get("basic-password-third-time")  # condescension only
    at = choose(at, exercise.id)
    at = submit(at, exercise.id, exercise.draft)
    suggestion = next(m.value for m in at.markdown if "Suggested next" in m.value)
    assert "condescension" in suggestion.lower()
    button(at, "train_suggest").click().run()
    chosen = EXERCISES.get(at.selectbox(key="train_exercise").value)
    assert "condescension" in chosen.skills and chosen.id != exercise.id


def test_a_rewrite_in_progress_survives_switching_exercises_and_joining_a_session() -> None:
    store = TrainingStore(default_url())
    session = store.create_session("Clinic", ["pitch-phones"])
    at = open_page(TRAINING)
    first = at.selectbox(key="train_exercise").value
    assert first != "pitch-phones"
    at.text_area(key=f"train_rewrite_{first}").input("My half-written rewrite").run()
    at = choose(at, "medical-pcs-replace")
    at = choose(at, first)
    assert at.text_area(key=f"train_rewrite_{first}").value == "My half-written rewrite"

    # joining a session switches to its exercise; leaving it brings the rewrite back
    at.text_input(key="train_code").input(session.code).run()
    assert at.selectbox(key="train_exercise").value == "pitch-phones"
    at.text_input(key="train_code").input("").run()
    at = choose(at, first)
    assert at.text_area(key=f"train_rewrite_{first}").value == "My half-written rewrite"
    button(at, "train_reset").click().run()
    assert at.text_area(key=f"train_rewrite_{first}").value == EXERCISES.get(first).draft
    at = choose(at, "medical-pcs-replace")
    at = choose(at, first)
    assert at.text_area(key=f"train_rewrite_{first}").value == EXERCISES.get(first).draft


def test_empty_rewrite_gets_a_message_and_nothing_is_stored() -> None:
    at = open_page(TRAINING)
    exercise_id = at.selectbox(key="train_exercise").value
    at = submit(at, exercise_id, "   ")
    assert "cannot be scored" in texts_of(at)
    assert TrainingStore(default_url()).attempts() == []


def test_hostile_rewrite_and_name_are_shown_as_text(tmp_path: Path) -> None:
    at = open_page(TRAINING)
    at.text_input(key="train_name").input("<b>Eve</b><script>x</script>").run()
    exercise_id = at.selectbox(key="train_exercise").value
    at = submit(at, exercise_id, HOSTILE)
    page = html_of(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    (stored,) = TrainingStore(default_url()).attempts()
    assert stored.rewrite == HOSTILE and stored.trainee == "<b>Eve</b><script>x</script>"


def test_uploaded_exercise_file_loads_and_a_broken_entry_is_named() -> None:
    upload = (
        b"- id: upload-ok\n  title: <img src=x onerror=alert(1)> Upload\n  situation: s\n  audience: non-technical\n"
        b"  difficulty: easy\n  skills: [condescension]\n  draft: Obviously click Save.\n"
        b"  model_answer: Click Save and your changes are kept.\n"
        b"- id: upload-bad\n  title: t\n  colour: red\n"
    )
    at = open_page(TRAINING)
    files = [("mine.yml", upload, "application/x-yaml"), ("junk.yaml", b"\x00\x01PK\x03\x04", "application/x-yaml")]
    at.file_uploader(key="train_upload").set_value(files).run()
    assert not at.exception, at.exception
    assert "1 exercise(s) added from 2 file(s)." in texts_of(at).replace("\\", "")
    assert "junk.yaml: this is a binary file, not YAML text" in " ".join(e.value for e in at.error).replace("\\", "")
    errors = " ".join(e.value for e in at.error)
    assert "mine.yml: entry 2 ('upload-bad')" in errors.replace("\\", "")
    at = choose(at, "upload-ok")
    title = next(h.value for h in at.subheader if "Upload" in h.value)
    assert title.replace("\\", "") == "<img src=x onerror=alert(1)> Upload" and title.startswith("\\<img")
    assert "<img src=x" not in html_of(at)
    assert len(at.selectbox(key="train_exercise").options) == len(EXERCISES.exercises) + 1


# ---- facilitator flow ----


def test_facilitator_creates_trainees_join_live_view_end_and_summary() -> None:
    fac = open_page(FACILITATOR)
    fac.text_input(key="fac_title").input("Tuesday <clinic> team").run()
    fac.multiselect(key="fac_exercises").set_value(["pitch-phones", "basic-password-third-time"]).run()
    button(fac, "fac_create").click().run()
    assert not fac.exception, fac.exception
    (session,) = TrainingStore(default_url()).list_sessions()
    assert session.title == "Tuesday <clinic> team"
    assert f">{session.code}<" in html_of(fac)
    assert metric(fac, "Attempts") == "0"

    # two trainees join from their own sessions: one named, one not
    phones = EXERCISES.get("pitch-phones")
    for name, text in (("Ana", phones.draft), ("", phones.model_answer)):
        trainee = open_page(TRAINING)
        trainee.text_input(key="train_name").input(name).run()
        trainee.text_input(key="train_code").input(session.code.lower()).run()
        assert "Joined Tuesday" in texts_of(trainee).replace("\\", "")
        assert len(trainee.selectbox(key="train_exercise").options) == 2
        trainee = choose(trainee, phones.id)
        submit(trainee, phones.id, text)

    fac.run()  # the live view re-reads the store
    assert metric(fac, "Attempts") == "2" and metric(fac, "Trainees") == "2"
    latest = fac.dataframe[0].value
    assert set(latest["who"]) == {"Ana", "Trainee 1"}
    left = fac.dataframe[1].value
    assert "Business benefit" in set(left["category"])
    assert len(fac.get("vega_lite_chart")) >= 1

    button(fac, "fac_end").click().run()
    assert not fac.exception, fac.exception
    summary = "\n".join(m.value for m in fac.markdown)
    assert "Training session summary" in summary and "What improved" in summary
    assert "The problems most often left" in summary and "Business benefit" in summary
    assert "Tuesday \\<clinic\\> team" in summary  # escaped, not markup
    downloads = [d for d in fac.get("download_button")]
    assert len(downloads) == 2
    assert not TrainingStore(default_url()).get_session(session.code).active

    late = open_page(TRAINING)
    late.text_input(key="train_code").input(session.code).run()
    assert "has ended" in texts_of(late)


def test_a_session_made_of_uploaded_exercises_reaches_trainees_on_other_machines() -> None:
    upload = (
        b"- id: upload-printer\n  title: <b>Our</b> printer\n  situation: The office manager asks again.\n"
        b"  audience: non-technical\n  difficulty: easy\n  skills: [condescension]\n"
        b"  draft: Obviously you just click Print.\n  model_answer: Click Print and the page comes out.\n"
    )
    fac = open_page(FACILITATOR)
    fac.file_uploader(key="fac_upload").set_value([("ours.yml", upload, "application/x-yaml")]).run()
    fac.multiselect(key="fac_exercises").set_value(["upload-printer", "pitch-phones"]).run()
    button(fac, "fac_create").click().run()
    assert not fac.exception, fac.exception
    (session,) = TrainingStore(default_url()).list_sessions()

    trainee = open_page(TRAINING)  # another browser: it never saw the upload
    trainee.text_input(key="train_code").input(session.code).run()
    assert trainee.selectbox(key="train_exercise").options[0].startswith("<b>Our</b> printer")
    assert "could not be loaded" not in texts_of(trainee)
    submit(trainee, "upload-printer", "Click Print and the page comes out.")
    assert metric(trainee, "Result") == "Passed"

    again = open_page(FACILITATOR)  # the facilitator's page after a restart: no upload, same titles
    again.selectbox(key="fac_open").set_value(session.code).run()
    assert not again.exception, again.exception
    assert set(again.dataframe[0].value["exercise"]) == {"<b>Our</b> printer"}  # the title, from the stored file


def test_facilitator_needs_an_exercise_to_create_a_session() -> None:
    fac = open_page(FACILITATOR)
    button(fac, "fac_create").click().run()
    assert "at least one exercise" in texts_of(fac)
    assert TrainingStore(default_url()).list_sessions() == []


def test_unknown_code_is_explained() -> None:
    at = open_page(TRAINING)
    at.text_input(key="train_code").input("ZZZZZZ").run()
    assert "No session has the code" in texts_of(at)
