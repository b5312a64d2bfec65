"""Tests that need ../shared skip on a developer's machine but fail in CI, where the folder must be present."""

from __future__ import annotations

import pytest
from conftest import need_shared


def test_missing_shared_folder_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        need_shared("the seed articles")


def test_missing_shared_folder_skips_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="seed articles"):
        need_shared("the seed articles")
