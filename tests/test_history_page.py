"""The history on the Team review page when it is damaged, read-only or not a database, and reopened reviews.

Each failure shows a message naming the file where it happened and the rest of the page works; a
review reopened from the history offers the same fixes as the fresh one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_history_damaged import filled, overwrite_middle_pages
from test_review_page import ANN, BO, PAGE

import views.review as review
from coach.history import URL_ENV_VAR, History
from coach.history_engine import read_only_url
from coach.rewrite import apply_all, edit_for
from views.review import Batch, review_uploads

SAVE = "FormSubmitter:review_save-Save to history"


def open_page(
    coach_full, monkeypatch: pytest.MonkeyPatch, *, path: Path | None = None, url: str | None = None
) -> AppTest:
    monkeypatch.setattr(review, "shared_coach", lambda: coach_full)
    monkeypatch.delenv(URL_ENV_VAR, raising=False)
    if path is not None:
        monkeypatch.setenv("COACH_HISTORY_DB", str(path))
    if url is not None:
        monkeypatch.setenv(URL_ENV_VAR, url)
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    return " ".join(m.value for kind in ("error", "warning", "info") for m in at.get(kind))


def unescaped(text: str) -> str:
    return text.replace("\\", "")


@pytest.fixture()
def batch(coach_full) -> Batch:
    return review_uploads([("a.eml", ANN), ("b.eml", BO)], coach_full, name="March drafts")


def test_a_damaged_history_shows_messages_naming_the_file_and_the_review_still_works(
    coach_full, batch: Batch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    filled(path)
    overwrite_middle_pages(path)
    at = open_page(coach_full, monkeypatch, path=path)
    # Listing still works; the month comparison hits a damaged page and says so.
    assert list(at.dataframe[0].value["name"]) == ["review 2", "review 1", "review 0"]
    assert str(path) in unescaped(shown(at)) and "damaged" in shown(at)
    at.session_state[review.BATCH] = batch
    at.run()
    assert not at.exception
    assert [m.value for m in at.metric][:3] == ["2", "2", "0"]  # the review itself is untouched
    at.button(key=SAVE).click().run()
    assert not at.exception and "Cannot save to the review history" in shown(at)
    at.button(key="review_saved_open").click().run()
    assert not at.exception and "Cannot read the review history" in shown(at)
    assert at.session_state[review.BATCH].name == "March drafts"  # the open review is still the fresh one
    at.button(key="review_saved_delete").click().run()  # asks first (issue 13); the damaged file is named
    assert not at.exception and str(path) in unescaped(shown(at))
    assert "Cannot delete from the review history" in shown(at) or "Cannot read the review history" in shown(at)


def test_a_file_that_is_not_a_database_leaves_the_page_working_without_history(
    coach_full, batch: Batch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_text("not a database, and <b>not</b> HTML either")
    at = open_page(coach_full, monkeypatch, path=path)
    assert "History is unavailable" in shown(at) and str(path) in unescaped(shown(at))
    at.session_state[review.BATCH] = batch
    at.run()
    assert not at.exception and [m.value for m in at.metric][:3] == ["2", "2", "0"]
    assert [b for b in at.button if b.key == SAVE] == []
    assert path.read_text() == "not a database, and <b>not</b> HTML either"


def test_a_read_only_history_is_listed_opened_and_compared_but_not_written(
    coach_full, batch: Batch, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    History(path).save_review("Saved before", batch.records, bodies=batch.texts)
    at = open_page(coach_full, monkeypatch, url=read_only_url(path))
    assert list(at.dataframe[0].value["name"]) == ["Saved before"]
    at.button(key="review_saved_open").click().run()
    assert not at.exception and at.session_state[review.BATCH].name == "Saved before"
    assert "is read-only" in unescaped(shown(at)) and str(path) in unescaped(shown(at))
    assert [b for b in at.button if b.key == SAVE] == []
    assert next(b for b in at.button if b.key == "review_saved_delete").disabled


def test_a_reopened_review_offers_the_same_fixes_as_a_fresh_one(batch: Batch, tmp_path: Path) -> None:
    history = History(tmp_path / "history.sqlite3")
    saved = history.load(
        history.save_review(batch.name, batch.records, store_bodies=True, bodies=batch.texts, audience=batch.audience)
    )
    reopened = Batch(saved.info.name, saved.records, saved.bodies, saved.info.audience)
    fresh = batch.report(0)
    again = reopened.report(0)
    assert fresh is not None and again is not None
    assert any(f.replacement is not None for f in fresh.findings) and any(f.note for f in fresh.findings)
    assert again.findings == fresh.findings
    assert [edit_for(again.text, f) for f in again.findings] == [edit_for(fresh.text, f) for f in fresh.findings]
    assert apply_all(again.text, again.findings) == apply_all(fresh.text, fresh.findings) != fresh.text
    # The kept note and replacement are the fresh ones, field for field.
    vpn = next(i for i, f in enumerate(fresh.findings) if f.rule == "jargon.vpn")
    kept = saved.records[0]["findings"][vpn]
    assert (kept["note"], kept["replacement"]) == (fresh.findings[vpn].note, fresh.findings[vpn].replacement)
    assert edit_for(again.text, again.findings[vpn]) == edit_for(fresh.text, fresh.findings[vpn]) is not None
