"""Reading respelled curses back: whole words only, never a word that merely contains the letters."""

from __future__ import annotations

import pytest

from coach.analysers.respelled import is_respelled_curse, plain_form, squeeze


def test_squeeze_cuts_runs_of_one_letter():
    assert squeeze("fuuuckk") == "fuck"
    assert squeeze("class") == "clas"


def test_plain_form_reads_leet_swaps_and_spaces():
    assert plain_form("sh1t") == "shit"
    assert plain_form("a$$hole") == "ashole"
    assert plain_form("f u c k") == "fuck"
    assert plain_form("fcukin") == "fuckin"


@pytest.mark.parametrize("word", ["sh1t", "$hit", "5hit", "fcuk", "fvcked", "phuck", "b1tch", "@ss", "a$$", "s.h.i.t"])
def test_respelled_curses(word):
    assert is_respelled_curse(word)


@pytest.mark.parametrize(
    "word",
    [
        "shit",
        "fucking",
        "asshole",
        "ass",
        "Scunthorpe",
        "assess",
        "class",
        "Fukuoka",
        "shiitake",
        "sh1t4me",
        "u s a",
        "p4ss",
    ],
)
def test_plain_words_and_lookalikes_are_not_respelled_curses(word):
    assert not is_respelled_curse(word)
