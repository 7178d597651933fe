"""One file's check runs with the cyclic garbage collector paused, and always gives it back."""

from __future__ import annotations

import gc

import pytest

from pocrules import check

from .conftest import COMPLIANT


def test_a_check_runs_without_the_cycle_collector_and_gives_it_back(checker, monkeypatch):
    seen = []
    salvage = check.salvage

    def watched(doc):  # noqa: ANN001, ANN202
        seen.append(gc.isenabled())
        return salvage(doc)

    monkeypatch.setattr(check, "salvage", watched)
    assert gc.isenabled()
    assert checker.check(COMPLIANT).error is None
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_unusable_file(checker, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("mission: [1, 2\n", encoding="utf-8")
    assert checker.check(broken).error is not None
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_crash(checker, monkeypatch):
    def crash(doc):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "salvage", crash)
    with pytest.raises(RuntimeError):
        checker.check(COMPLIANT)
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_finds_it_paused(checker):
    gc.disable()
    try:
        checker.check(COMPLIANT)
        assert not gc.isenabled()
    finally:
        gc.enable()
