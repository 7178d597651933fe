"""The twelve bundled missions differ as real missions do, and report the defects their headers list.

A cross-mission audit is only worth showing if the missions are not one strategy renamed: these
tests fail when two fixtures share armed groups, places or resolutions, when a kind of mission
(hybrid, drawing down, no Protection Cluster, an early draft...) goes missing, or when a header's
"Defects introduced" list stops matching what the checker reports.
"""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from .conftest import AS_OF, FIXTURES

MISSIONS = sorted(p for p in (FIXTURES / "missions").glob("*.yaml") if "corrupted" not in p.name)
_RULE = re.compile(r"\bPOC-[A-Z]+-\d+\b")
_RESOLUTION = re.compile(r"^(\d{4}) \((\d{4})\)$")


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def header(path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(itertools.takewhile(lambda line: line.startswith("#"), lines))


def claimed(path) -> set[str]:
    """The rule ids named in the header's 'Defects introduced' list."""
    text = header(path)
    assert "Defects introduced" in text, f"{path.name}: the header does not list the defects introduced"
    listed = text[text.index("Defects introduced"):]
    return set(_RULE.findall(listed))


DOCS = {p.name: load(p) for p in MISSIONS}


def test_there_are_twelve_missions_named_after_their_acronym():
    assert len(MISSIONS) == 12
    for path in MISSIONS:
        mission = DOCS[path.name]["mission"]
        assert path.name == f"{mission['acronym'].lower()}-2026.yaml"
        assert mission["acronym"].startswith("UNM") and mission["name"].startswith("United Nations")


def _resolutions(doc) -> list[str]:
    numbers = [r["number"] for r in doc["mission"]["mandate"]["resolutions"]]
    return numbers + [e["resolution"] for e in doc.get("history", []) if e["type"] == "mandate_change"]


def _perpetrators(doc) -> set[str]:
    return {p["name"] for t in doc["risk_analysis"]["threats"] for p in t.get("perpetrators", [])}


def _places(doc) -> set[str]:
    return {place for r in doc["risk_analysis"]["risks"] for place in r.get("locations", [])}


@pytest.mark.parametrize("what", [_resolutions, _perpetrators, _places], ids=["resolutions", "perpetrators", "places"])
def test_no_two_missions_share_resolutions_armed_groups_or_places(what):
    for (a, doc_a), (b, doc_b) in itertools.combinations(DOCS.items(), 2):
        shared = set(what(doc_a)) & set(what(doc_b))
        assert not shared, f"{a} and {b} share {sorted(shared)}"


def test_names_and_countries_are_distinct():
    names = [d["mission"]["name"] for d in DOCS.values()]
    countries = [n.rsplit(" in ", 1)[1] for n in names]
    assert len(set(names)) == len(set(countries)) == len(DOCS)


def test_resolution_numbers_cannot_be_mistaken_for_real_ones():
    for name, doc in DOCS.items():
        for number in _resolutions(doc):
            match = _RESOLUTION.match(number)
            assert match and int(match[1]) >= 9000, f"{name}: resolution {number!r} is not a 9xxx (year) number"


def test_the_set_covers_the_kinds_of_mission_a_reviewer_meets():
    missions = [d["mission"] for d in DOCS.values()]
    assert any(m["integrated"] for m in missions) and any(not m["integrated"] for m in missions)
    assert any(m.get("drawdown_planned") for m in missions)
    assert any(m.get("hybrid_partner") for m in missions)
    assert any(not m["mandate"]["imminent_threat"] for m in missions)
    no_cluster = [m["context"] for m in missions if m["context"].get("protection_cluster_active") is False]
    assert no_cluster and all(c.get("no_cluster_reason") for c in no_cluster)
    docs = list(DOCS.values())
    assert any(d.get("status") == "draft" for d in docs)
    assert any(d["period"]["end"] < AS_OF and not d["period"].get("extended_to") for d in docs)  # expired
    threats = [t for d in docs for t in d["risk_analysis"]["threats"]]
    assert any(t.get("no_perpetrator") and not t.get("perpetrators") for t in threats)
    kinds = {p["type"] for t in threats for p in t.get("perpetrators", [])}
    assert {"state", "non_state", "allied_militia", "self_defence_group", "criminal_network"} <= kinds
    assert any(isinstance(r.get("likelihood"), str) for d in docs for r in d["risk_analysis"]["risks"])


def test_sizes_are_those_of_real_strategies():
    for path in MISSIONS:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert 200 <= lines <= 900, f"{path.name} has {lines} lines"


def test_oddities_of_generated_strategies_are_gone():
    for name, doc in DOCS.items():
        consulted = {c["category"] for c in doc.get("consultations", [])}
        assert "security_council" not in consulted, f"{name}: Security Council members are briefed, not consulted"
        named = _perpetrators(doc)
        actors = {a["id"]: a["name"] for a in doc["actors"]}
        for c in doc.get("consultations", []):
            if c["category"] == "non_state_armed_group":
                assert "B" not in c.get("sections", []), f"{name}: an armed group consulted on the risk analysis"
                assert actors[c["actor"]] not in named
        if doc.get("status") == "draft":
            assert not doc.get("endorsements"), f"{name}: a draft is endorsed"
        own = {m["id"]: m for m in doc["coordination"]["mechanisms"] if m["partner"] == "mission"}
        if any(m["level"] == "regional" for m in own.values()):  # local groups report through their region
            for m in own.values():
                if m["level"] == "local" and m.get("reports_to"):
                    assert own[m["reports_to"]]["level"] == "regional", f"{name}: {m['id']} skips its region"


def test_the_reference_mission_lists_no_defects():
    references = [p for p in MISSIONS if claimed(p) == set()]
    assert len(references) == 1


@pytest.mark.parametrize("path", MISSIONS, ids=[p.name for p in MISSIONS])
def test_a_mission_reports_exactly_the_defects_its_header_lists(checker, path):
    result = checker.check(path)
    assert result.error is None
    found = {f.rule for f in result.findings}
    assert not {r for r in found if r.startswith("POC-SCHEMA")}, "a mission fixture must load cleanly"
    assert found == claimed(path), (
        f"{path.name}: the header lists {sorted(claimed(path) - found)} that the checker does not report, "
        f"and the checker reports {sorted(found - claimed(path))} that the header does not list")
