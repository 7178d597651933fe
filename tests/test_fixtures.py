"""The bundled fixtures report exactly the defects their header comments list."""

from __future__ import annotations

import re

import pytest

from .conftest import COMPLIANT, FIXTURES

_DEFECT = re.compile(r"^#\s+(POC-[A-Z0-9-]+)\s+(/\S*)", re.M)
DEFECTIVE = sorted(p for p in FIXTURES.rglob("*.yaml") if _DEFECT.search(p.read_text(encoding="utf-8")))
SECTIONS = ["body", "A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]


def test_the_compliant_fixture_has_no_findings(checker):
    result = checker.check(COMPLIANT)
    assert result.error is None
    assert result.findings == ()


def test_there_are_defective_variants():
    assert len(DEFECTIVE) >= 3


@pytest.mark.parametrize("section", SECTIONS)
def test_each_template_section_has_a_fixture_whose_defects_are_all_in_it(checker, section):
    path = FIXTURES / "sections" / f"minuska-2026-{section.lower()}.yaml"
    result = checker.check(path)
    assert result.findings and {f.section for f in result.findings} == {section}


@pytest.mark.parametrize("path", DEFECTIVE, ids=[str(p.relative_to(FIXTURES)) for p in DEFECTIVE])
def test_a_defective_fixture_reports_exactly_its_listed_defects(checker, path):
    listed = sorted(_DEFECT.findall(path.read_text(encoding="utf-8")))
    result = checker.check(path)
    assert result.error is None
    assert sorted((f.rule, f.pointer) for f in result.findings) == listed
    for f in result.findings:  # located in the source, not just by pointer
        assert f.path == str(path) and f.line > _header_lines(path)
        assert f.message[:90] in path.read_text(encoding="utf-8")


def _header_lines(path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines) if not line.startswith("#"))
