"""VADER with the same scores in linear time: its negation and idiom checks read only the words they need.

vaderSentiment 3.3.2 lower-cases every word of the text for each sentiment word it checks
(`_negation_check`, `_special_idioms_check`), so a long email costs time in proportion to the
square of its length. Both checks read at most three words before the sentiment word and two
after it; here they are handed just that window, with the index moved to match. Near the start
of the text (fewer than three words before) they get the whole list, as before, so VADER's own
wrap-around to the text's last words there is kept. tests/test_vader_window.py checks the scores
are those of the stock analyser.
"""

from __future__ import annotations

from typing import Any

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

BEFORE = 3  # words the checks read before the sentiment word
AFTER = 2  # and after it


def _window(words: list[Any], i: int) -> tuple[list[Any], int]:
    """Return the words the checks read around index i, and i's index in them."""
    if i < BEFORE:
        return words, i
    return words[i - BEFORE : i + AFTER + 1], BEFORE


class WindowedVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
    """SentimentIntensityAnalyzer whose negation and idiom checks see only a window of words."""

    @staticmethod
    def _negation_check(valence: float, words_and_emoticons: list[Any], start_i: int, i: int) -> float:
        """Return the valence after VADER's negation check, read on the window around i."""
        words, j = _window(words_and_emoticons, i)
        return float(SentimentIntensityAnalyzer._negation_check(valence, words, start_i, j))

    @staticmethod
    def _special_idioms_check(valence: float, words_and_emoticons: list[Any], i: int) -> float:
        """Return the valence after VADER's idiom and booster-bigram check, read on the window around i."""
        words, j = _window(words_and_emoticons, i)
        return float(SentimentIntensityAnalyzer._special_idioms_check(valence, words, j))
