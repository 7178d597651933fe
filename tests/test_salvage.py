"""The document the rules see once problem entries are left out keeps the original's positions."""

from __future__ import annotations

import yaml

from pocrules import sources
from pocrules.salvage import salvage
from pocrules.sources import yaml_reader

from .conftest import COMPLIANT


def test_the_checked_document_places_each_pointer_where_the_original_has_it():
    data = yaml.safe_load(COMPLIANT.read_text(encoding="utf-8"))
    del data["risk_analysis"]["risks"][0]["title"]  # the first risk is left out: every later one moves up
    data["mission"]["integratd"] = True  # an unknown key, left out of its mapping
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    original = sources.parse(text, "strategy.yaml")
    salvaged = salvage(original)
    assert {p.pointer for p in salvaged.problems} >= {"/risk_analysis/risks/0/title", "/mission/integratd"}
    assert salvaged.origin["/risk_analysis/risks/0"] == "/risk_analysis/risks/1"
    expected = {new: original.positions[old] for new, old in salvaged.origin.items() if old in original.positions}
    assert dict(salvaged.doc.positions) == expected
    assert "/mission/integratd" not in salvaged.doc.positions
    assert dict(salvage(yaml_reader.parse(text, "strategy.yaml")).doc.positions) == expected  # the reference's too
