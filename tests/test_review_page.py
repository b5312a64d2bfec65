"""The team-review page as a lead meets it: upload, progress, table, filters, drill-down, exports, history.

The page is driven through the app's navigation (app.py, then switch_page), as
the message component links to the Why page, which only exists under
st.navigation. The model is the session's coach_full, patched into the page.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import views.review as review
from coach.history import History
from views.review import column_choices, filter_messages, messages_frame, read_uploads, review_uploads

PAGE = "pages/2_Team_review.py"
HOSTILE = "<script>alert(1)</script>"


def eml(sender: str, subject: str, body: str, date_header: str) -> bytes:
    return (f"From: {sender}\nTo: client@example.com\nSubject: {subject}\nDate: {date_header}\n\n{body}\n").encode()


ANN = eml(
    "Ann Lee <ann@msp.com>",
    HOSTILE,
    f"Obviously you should have told us about the VPN. {HOSTILE}",
    "Mon, 4 Mar 2024 10:00:00 +0000",
)
BO = eml(
    "Bo Park <bo@msp.com>",
    "Printer fixed",
    "Thanks for your patience; the printer prints again from today.",
    "Tue, 16 Apr 2024 10:00:00 +0000",
)
TICKETS = (
    b"id,notes,sender\n1,Obviously you should have rebooted the damn router first.,Cy\n"
    b"2,We moved your mailbox; nothing changes for you.,Cy\n"
)


def xlsx(header: list[str], rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture()
def page(coach_full, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The review page on a fresh session, with the shared model and a history in tmp_path."""
    monkeypatch.setattr(review, "shared_coach", lambda: coach_full)
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def upload_and_review(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key=review.UPLOAD).set_value([(name, data, "application/octet-stream") for name, data in files])
    at.run()
    if "review_column_tickets.csv" in [s.key for s in at.selectbox]:
        at.selectbox(key="review_column_tickets.csv").set_value("notes").run()
    at.button(key="review_run").click().run()
    assert not at.exception, at.exception
    return at


# ---- the processing, called directly ----


def test_text_column_is_offered_only_when_it_cannot_be_guessed() -> None:
    assert column_choices("tickets.csv", TICKETS) == ["id", "notes", "sender"]
    assert column_choices("ok.csv", b"Subject,Body\nhi,Thanks for waiting.\n") == []
    assert column_choices("sheet.xlsx", xlsx(["Ref", "Remarks"], [["1", "Obviously wrong."]])) == ["Ref", "Remarks"]
    assert column_choices("a.eml", ANN) == []


def test_review_uploads_reports_progress_per_message_and_uses_the_chosen_column(coach_full) -> None:
    seen: list[tuple[int, int]] = []
    batch = review_uploads(
        [("a.eml", ANN), ("tickets.csv", TICKETS)],
        coach_full,
        text_columns={"tickets.csv": "notes"},
        on_progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert [r["source"] for r in batch.records] == ["a.eml", "tickets.csv#row2", "tickets.csv#row3"]
    assert "profanity" in {f["category"] for f in batch.records[1]["findings"]}
    report = batch.report(0)
    assert report is not None and all(report.text[f.start : f.end] == f.text for f in report.findings)
    unguessed = read_uploads([("tickets.csv", TICKETS)])
    assert len(unguessed) == 1 and "no text column found" in unguessed[0].error


def test_filters_by_author_category_and_date(coach_full) -> None:
    batch = review_uploads([("a.eml", ANN), ("b.eml", BO)], coach_full)
    frame = messages_frame(batch.records)
    assert list(frame["author"]) == ["ann@msp.com", "bo@msp.com"]  # one identity: the address
    assert list(filter_messages(frame, authors=["bo@msp.com"])["row"]) == [1]
    assert list(filter_messages(frame, categories=["condescension"])["row"]) == [0]
    assert list(filter_messages(frame, dates=(date(2024, 4, 1), date(2024, 4, 30)))["row"]) == [1]
    assert filter_messages(frame, authors=["bo@msp.com"], categories=["blame"]).empty


# ---- the page ----


def test_upload_shows_counts_table_charts_and_skipped_items(page: AppTest) -> None:
    at = upload_and_review(page, [("a.eml", ANN), ("b.eml", BO), ("tickets.csv", TICKETS), ("empty.txt", b" ")])
    assert [m.value for m in at.metric][:3] == ["5", "4", "1"]  # read, analysed, skipped
    skipped = at.dataframe[0].value
    assert list(skipped["source"]) == ["empty.txt"] and "empty" in skipped["reason"][0]
    table = at.dataframe[1].value
    assert sorted(table["author"]) == ["Cy", "Cy", "ann@msp.com", "bo@msp.com"]
    assert table.loc[table["author"] == "ann@msp.com", "subject"].item() == HOSTILE  # a cell: shown as text
    assert len(at.get("vega_lite_chart")) == 3  # per category, tone by author, tone over time
    phrases = at.dataframe[2].value
    assert {"Obviously"} <= set(phrases["phrase"]) and phrases["rule"].notna().all()
    assert [b.label for b in at.download_button] == ["Messages (CSV)", "Findings (CSV)", "Report (HTML)"]


def test_filters_narrow_the_table(page: AppTest) -> None:
    at = upload_and_review(page, [("a.eml", ANN), ("b.eml", BO), ("tickets.csv", TICKETS)])
    at.multiselect(key="review_authors").set_value(["Cy"]).run()
    assert list(at.dataframe[0].value["author"]) == ["Cy", "Cy"]
    at.multiselect(key="review_categories").set_value(["profanity"]).run()
    assert len(at.dataframe[0].value) == 1
    assert at.selectbox(key=review.OPEN).options == ["#3 · Cy · tickets.csv#row2"]


def test_opening_a_message_shows_it_escaped_with_highlights(page: AppTest) -> None:
    at = upload_and_review(page, [("b.eml", BO), ("a.eml", ANN)])
    at.selectbox(key=review.OPEN).set_value(1).run()
    html = " ".join(h.value for h in at.get("html"))
    assert "tc-draft" in html and "tc-condescension" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert any("you should have told" in e.value for e in at.get("html"))


def test_injected_batch_renders_without_upload_and_history_round_trip(page: AppTest, coach_full) -> None:
    batch = review_uploads([("a.eml", ANN), ("b.eml", BO)], coach_full, name="March drafts")
    page.session_state[review.BATCH] = batch
    at = page.run()
    assert [m.value for m in at.metric][:3] == ["2", "2", "0"]
    at.text_input(key="review_save_name").set_value("Team March")
    at.button(key="FormSubmitter:review_save-Save to history").click().run()
    at.button(key="FormSubmitter:review_save-Save to history").click().run()  # saving the same batch again
    assert any("already saved" in i.value for i in at.info)
    history = History()
    [saved] = history.list_reviews()
    assert (saved.name, saved.messages, saved.bodies) == ("Team March", 2, False)
    assert history.load(saved.id).bodies == [None, None]
    # Reopening a review saved without bodies shows its findings, not the text.
    at.button(key="review_saved_open").click().run()
    assert not at.exception
    at.selectbox(key=review.OPEN).set_value(0).run()
    assert any("without message bodies" in i.value for i in at.info)
    at.button(key="review_saved_delete").click().run()
    assert len(history.list_reviews()) == 1  # asks first
    assert any("Delete \u201cTeam March\u201d" in w.value.replace("\\", "") for w in at.warning)
    at.button(key="review_delete_no").click().run()
    assert len(history.list_reviews()) == 1
    at.button(key="review_saved_delete").click().run()
    at.button(key="review_delete_yes").click().run()
    assert history.list_reviews() == []
    at.button(key="review_undo_delete").click().run()  # and it can be undone
    [back] = history.list_reviews()
    assert (back.name, back.messages, back.saved_at) == ("Team March", 2, saved.saved_at)


def test_month_comparison_appears_with_two_months(page: AppTest, coach_full) -> None:
    history = History()
    march = review_uploads([("a.eml", ANN)], coach_full)
    april = review_uploads([("b.eml", BO)], coach_full)
    history.save_review("March", march.records, bodies=march.texts)
    history.save_review("April", april.records, bodies=april.texts)
    at = page.run()
    assert at.selectbox(key="review_month_a").value == "2024-03"
    assert at.selectbox(key="review_month_b").value == "2024-04"
    tone = at.dataframe[1].value
    assert list(tone["Author"]) == ["(team)", "ann@msp.com", "bo@msp.com"]
    assert "Mean tone (earlier)" in tone.columns and "Tone change" in tone.columns
    assert tone["Tone change"][0].startswith(("+", "-", "0")) and tone["Tone change"][0].endswith(
        ("better", "worse", "same")
    )
    assert set(at.dataframe[2].value["Category"]) >= {"condescension", "blame"}


# ---- what a lead expects of the page ----


def test_the_same_mail_uploaded_twice_counts_once(coach_full) -> None:
    batch = review_uploads([("a.eml", ANN), ("b.eml", BO), ("a copy.eml", ANN)], coach_full)
    assert len(batch.records) == 2 and batch.duplicates == 1
    zipped = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("a.eml", ANN)
    again = review_uploads([("a.eml", ANN), ("mail.zip", zipped.getvalue())], coach_full)
    assert len(again.records) == 1 and again.duplicates == 1


def test_read_progress_reports_bytes_and_files() -> None:
    seen: list[tuple[str, int, int]] = []
    read_uploads([("a.eml", ANN), ("b.eml", BO)], on_read=lambda what, done, total: seen.append((what, done, total)))
    assert [s[1] for s in seen] == [len(ANN), len(ANN) + len(BO)] and seen[-1][2] == len(ANN) + len(BO)
    assert "file 2 of 2, b.eml" in seen[-1][0]


def test_opened_message_is_the_worst_beside_the_table_with_its_details(page: AppTest) -> None:
    at = upload_and_review(page, [("b.eml", BO), ("a.eml", ANN)])
    opened = at.selectbox(key=review.OPEN)
    assert opened.value == 1  # Ann's message has the lower tone: it opens first
    details = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "From: Ann Lee <ann@msp.com>" in details.replace("**", "") and "To: client@example.com" in details.replace(
        "**", ""
    )
    assert "Tone" in [m.label for m in at.metric]
    assert any("suggested revision" in e.label for e in at.expander)


def test_opening_a_saved_review_resets_the_filters(page: AppTest, coach_full) -> None:
    History().save_review("March", review_uploads([("a.eml", ANN), ("b.eml", BO)], coach_full).records)
    at = page.run()
    page.session_state[review.BATCH] = review_uploads([("a.eml", ANN), ("b.eml", BO)], coach_full)
    at = page.run()
    at.multiselect(key="review_authors").set_value(["bo@msp.com"]).run()
    assert len(at.dataframe[0].value) == 1
    at.button(key="review_saved_open").click().run()
    assert not at.exception
    assert at.multiselect(key="review_authors").value == [] and len(at.dataframe[0].value) == 2


def test_table_sorts_from_a_keyboard_control(page: AppTest) -> None:
    at = upload_and_review(page, [("a.eml", ANN), ("b.eml", BO), ("tickets.csv", TICKETS)])
    tones = list(at.dataframe[0].value["tone"])
    assert tones == sorted(tones)  # lowest tone first by default
    at.toggle(key="review_sort_reverse").set_value(True).run()
    assert list(at.dataframe[0].value["tone"]) == sorted(tones, reverse=True)
    at.selectbox(key="review_sort").set_value("author").run()
    assert list(at.dataframe[0].value["author"])[0] == "Cy"


def test_tone_over_time_draws_the_team_and_the_lowest_few() -> None:
    from views.review import TEAM_LINE, time_chart_authors, tone_over_time_chart

    rows = [
        {"row": i, "author": f"p{i % 6}", "date": f"2024-03-{1 + i % 28:02d}T10:00:00+00:00", "tone": 10.0 * (i % 6)}
        for i in range(60)
    ]
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    assert time_chart_authors(frame) == ["p0", "p1", "p2"]
    assert time_chart_authors(frame, ["p5"]) == ["p5"]
    spec = tone_over_time_chart(frame).to_dict()
    drawn = {row["author"] for row in next(iter(spec["datasets"].values()))}
    assert drawn == {TEAM_LINE, "p0", "p1", "p2"}
