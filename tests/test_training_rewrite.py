"""The rewrite box's highlights: the last attempt's findings carried onto the text as the trainee edits it."""

from __future__ import annotations

from coach import Finding
from views.highlight import numbering, paintable
from views.training_rewrite import carry_findings

OLD = "Obviously the boxes are ancient. We recommend replacing them."


def finding(text: str, rule: str, old: str = OLD) -> Finding:
    """Return a finding on the first occurrence of text in old."""
    start = old.index(text)
    return Finding(
        category=rule.split(".")[0],
        rule=rule,
        start=start,
        end=start + len(text),
        text=text,
        message="m",
        suggestion=None,
        severity="warning",
    )


FINDINGS = [finding("Obviously", "condescension.obviously"), finding("boxes", "jargon.boxes")]


def spans(findings: list[Finding], text: str) -> list[tuple[str, int, int, str]]:
    """Return (rule, start, end, text) of each finding, with its text checked against the new text."""
    for f in findings:
        assert f.text == text[f.start : f.end]
    return [(f.rule, f.start, f.end, f.text) for f in findings]


def test_the_submitted_text_keeps_every_finding() -> None:
    assert carry_findings(OLD, OLD, FINDINGS) == FINDINGS


def test_an_edit_elsewhere_moves_the_highlights_with_the_text() -> None:
    new = "Hi Dr Alvarez, " + OLD
    assert spans(carry_findings(OLD, new, FINDINGS), new) == [
        ("condescension.obviously", 15, 24, "Obviously"),
        ("jargon.boxes", 29, 34, "boxes"),
    ]


def test_an_edited_finding_loses_its_highlight_but_keeps_its_number() -> None:
    new = OLD.replace("Obviously the boxes", "Obviously the computers")
    carried = carry_findings(OLD, new, FINDINGS)
    assert spans(carried, new) == [("condescension.obviously", 0, 9, "Obviously"), ("jargon.boxes", 14, 14, "")]
    assert [paintable(f, len(new)) for f in carried] == [True, False]
    assert {f.rule: n for f, n in numbering(carried).items()} == {f.rule: n for f, n in numbering(FINDINGS).items()}


def test_deleting_everything_paints_nothing() -> None:
    assert [paintable(f, 0) for f in carry_findings(OLD, "", FINDINGS)] == [False, False]


def test_hostile_text_is_carried_as_plain_characters() -> None:
    old = "<script>alert(1)</script> Obviously."
    found = [finding("Obviously", "condescension.obviously", old)]
    new = "<img src=x onerror=alert(2)> " + old
    assert spans(carry_findings(old, new, found), new) == [("condescension.obviously", 55, 64, "Obviously")]
