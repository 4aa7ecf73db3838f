"""The programme's yearly targets (seeds/targets.yaml), against which the ward's reports measure.

A *consultation* is a case in which a counselor replied; the fiscal year runs from
`fiscal_year_starts` (April 1st in the ward's programme) to the day before a year later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ProgrammeTargets:
    consultations_per_year: int
    outreach_visits_per_year: int
    fiscal_year_start_month: int
    fiscal_year_start_day: int


def parse_targets(doc: Mapping[str, Any]) -> ProgrammeTargets:
    """Targets from the loaded seed; a missing or non-positive target raises ValueError."""
    consultations = int(doc["consultations_per_year"])
    visits = int(doc["outreach_visits_per_year"])
    if consultations <= 0 or visits <= 0:
        raise ValueError("targets must be positive")
    month, day = (int(part) for part in str(doc.get("fiscal_year_starts", "04-01")).split("-"))
    if not (1 <= month <= 12 and 1 <= day <= 28):
        raise ValueError("fiscal_year_starts must be MM-DD with a day of 1-28")
    return ProgrammeTargets(consultations, visits, month, day)
