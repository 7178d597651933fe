"""Synthetic but realistic strategies, for benchmarks, load tests and audit samples.

Each strategy is grown from the bundled compliant example (fictional MINUSKA):
its risks, matrix rows, consultations, coordination mechanisms and indicators
are cloned across fictional provinces until the document has the size of a
large mission's strategy, and the mission is renamed. Then each defect in
:data:`DEFECTS` is introduced with probability ``defect_rate``, so a rate of 0
yields a compliant strategy and a rate of 1 one with every listed defect.
Generation is deterministic for a given seed.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

COUNTRIES = ["Ostravia", "Velmora", "Tarsenia", "Quorland", "Belmarra", "Sundravia", "Nerevia",
             "Caldoria", "Ambaria", "Lusimbe", "Keravel", "Torrenza", "Marvessa", "Oldania", "Zembara"]
PROVINCES = ["North Basin", "Upper Lomé Valley", "Sirra Hills", "Eastern Marshes", "Red River",
             "Kanta Plateau", "Dunmore Corridor", "Lake Ivo", "Southern Savannah", "Border Triangle"]
SIZE = {"risks": 20, "matrix_rows": 60, "consultations": 30, "mechanisms": 20, "indicators": 40}

Strategy = dict[str, Any]


@cache
def _example_text() -> str:
    here = Path(__file__).resolve().parent
    installed = here / "data" / "example-strategy.yaml"
    path = installed if installed.is_file() else here.parent / "fixtures" / "minuska-2026.yaml"
    return path.read_text(encoding="utf-8")


def _load(text: str) -> Strategy:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _grow(data: Strategy, rng: random.Random) -> None:
    """Clone elements across provinces up to :data:`SIZE`, keeping every cross-reference valid."""
    risks = data["risk_analysis"]["risks"]
    rows = data["implementation_matrix"]
    base_risks, base_rows = list(risks), list(rows)
    n = 0
    while len(risks) < SIZE["risks"]:
        source = base_risks[n % len(base_risks)]
        province = PROVINCES[n % len(PROVINCES)]
        n += 1
        clone = copy.deepcopy(source)
        clone["id"] = f"{source['id']}-{n}"
        clone["title"] = f"{source['title']} ({province})"
        clone["locations"] = [province]
        # Provincial variants are rated lower, so the priorities stay few (as the Framework asks).
        clone["gravity"], clone["likelihood"], clone["priority"] = min(clone.get("gravity", 3), 3), 3, False
        risks.append(clone)
        for row in base_rows:
            if row["risk"] == source["id"] and len(rows) < SIZE["matrix_rows"]:
                rows.append({**copy.deepcopy(row), "risk": clone["id"]})
    n = 0
    while len(rows) < SIZE["matrix_rows"]:  # further activities against the priority risks
        source = copy.deepcopy(rng.choice(base_rows))
        n += 1
        source["activity"] = f"{source['activity']} Extended to {PROVINCES[n % len(PROVINCES)]}."
        rows.append(source)
    consultations = data["consultations"]
    community = [c for c in consultations if c["category"] in ("local_population", "un_agency", "ngo")]
    while len(consultations) < SIZE["consultations"] and community:
        clone = copy.deepcopy(rng.choice(community))
        clone["notes"] = f"Field consultation in {rng.choice(PROVINCES)}."
        consultations.append(clone)
    mechanisms = data["coordination"]["mechanisms"]
    local = [m for m in mechanisms if m["level"] == "local"]
    n = 0
    while len(mechanisms) < SIZE["mechanisms"] and local:
        source = local[n % len(local)]
        province = PROVINCES[n % len(PROVINCES)]
        n += 1
        mechanisms.append({**copy.deepcopy(source), "id": f"{source['id']}-{n}",
                           "name": f"{source['name']} ({province})"})
    indicators = data["monitoring"]["indicators"]
    base_indicators = list(indicators)
    n = 0
    while len(indicators) < SIZE["indicators"] and base_indicators:
        source = base_indicators[n % len(base_indicators)]
        n += 1
        indicators.append({**copy.deepcopy(source),
                           "description": f"{source['description']} ({PROVINCES[n % len(PROVINCES)]})"})


def _drop(items: list, keep: Callable[[Any], bool]) -> list:
    return [i for i in items if keep(i)]


def _consultations_without(*categories: str) -> Callable[[Strategy, random.Random], None]:
    def defect(data: Strategy, rng: random.Random) -> None:
        data["consultations"] = _drop(data["consultations"], lambda c: c["category"] not in categories)
    return defect


def _unlead_rows(data: Strategy, rng: random.Random) -> None:
    for row in rng.sample(data["implementation_matrix"], k=3):
        row.pop("lead", None)


def _unsupported_rows(data: Strategy, rng: random.Random) -> None:
    for row in rng.sample(data["implementation_matrix"], k=4):
        row["supporting"] = []


def _orphan_priority_risk(data: Strategy, rng: random.Random) -> None:
    risk = rng.choice([r for r in data["risk_analysis"]["risks"] if r.get("priority")])
    data["implementation_matrix"] = _drop(data["implementation_matrix"], lambda r: r["risk"] != risk["id"])


def _unrated_risk(data: Strategy, rng: random.Random) -> None:
    rng.choice(data["risk_analysis"]["risks"]).pop("likelihood", None)


def _no_reviews(data: Strategy, rng: random.Random) -> None:
    data["history"] = _drop(data["history"], lambda e: e["type"] != "review")


def _long_period(data: Strategy, rng: random.Random) -> None:
    data["period"]["end"] = data["period"]["start"] + dt.timedelta(days=547)


def _no_isf_link(data: Strategy, rng: random.Random) -> None:
    scope = data["purpose_scope"]
    scope["linked_strategies"] = _drop(scope["linked_strategies"], lambda s: s["type"] != "isf")


def _indicators_without_target(data: Strategy, rng: random.Random) -> None:
    for indicator in rng.sample(data["monitoring"]["indicators"], k=5):
        indicator.pop("target", None)


def _no_unct_endorsement(data: Strategy, rng: random.Random) -> None:
    data["endorsements"] = _drop(data["endorsements"], lambda e: e["by"] != "unct")


def _no_do_no_harm(data: Strategy, rng: random.Random) -> None:
    data["early_warning"].pop("do_no_harm", None)


def _no_crisis_process(data: Strategy, rng: random.Random) -> None:
    data["crisis_response"].pop("decision_process", None)


def _no_frank_limits(data: Strategy, rng: random.Random) -> None:
    data["capacities"].pop("beyond_capacity", None)


def _gap_without_option(data: Strategy, rng: random.Random) -> None:
    if data["capacities"].get("gaps"):
        rng.choice(data["capacities"]["gaps"])["options"] = []


def _slow_drafting(data: Strategy, rng: random.Random) -> None:
    drafting = data["drafting"]
    drafting["started"] = drafting["finalized"] - dt.timedelta(days=150)


def _no_cannot_do(data: Strategy, rng: random.Random) -> None:
    data["expectations"]["cannot_do"] = []


DEFECTS: dict[str, Callable[[Strategy, random.Random], None]] = {
    "no host-government consultation": _consultations_without("host_government"),
    "no consultation with women": _consultations_without("women"),
    "Protection Cluster not consulted": _consultations_without("protection_cluster"),
    "activities without a lead": _unlead_rows,
    "activities without supporting actors": _unsupported_rows,
    "a priority risk without activities": _orphan_priority_risk,
    "a risk not rated for likelihood": _unrated_risk,
    "no review recorded": _no_reviews,
    "an eighteen-month period": _long_period,
    "no ISF link": _no_isf_link,
    "indicators without target": _indicators_without_target,
    "no UNCT endorsement": _no_unct_endorsement,
    "no do-no-harm measures": _no_do_no_harm,
    "no crisis decision process": _no_crisis_process,
    "no statement of what is beyond capacity": _no_frank_limits,
    "a capacity gap without options": _gap_without_option,
    "drafting took five months": _slow_drafting,
    "no 'cannot do' messages": _no_cannot_do,
}


def generate(seed: int, defect_rate: float = 0.1) -> tuple[Strategy, list[str]]:
    """A strategy and the names of the defects introduced into it."""
    rng = random.Random(seed)
    country = COUNTRIES[seed % len(COUNTRIES)]
    acronym = f"UNM{country[:3].upper()}{'' if seed < len(COUNTRIES) else seed // len(COUNTRIES)}"
    text = _example_text().replace("Karthalian", f"{country}n").replace("Karthalia", country)
    data = _load(text.replace("MINUSKA", acronym))
    data["mission"]["name"] = f"United Nations Multidimensional Stabilization Mission in {country}"
    _grow(data, rng)
    introduced = [name for name in DEFECTS if rng.random() < defect_rate]
    for name in introduced:
        DEFECTS[name](data, rng)
    return data, introduced


def dump(data: Strategy, introduced: list[str], seed: int) -> str:
    header = [f"# Synthetic POC strategy (pocrules generate, seed {seed}); fictional mission."]
    header.append("# Defects introduced: " + (", ".join(introduced) if introduced else "none"))
    body = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False,
                     allow_unicode=True, width=100)
    return "\n".join(header) + "\n" + body
