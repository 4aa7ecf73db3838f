"""The programme's yearly targets (seeds/targets.yaml), against which the ward's report measures.

The same seed triage reads; reports parses it itself (services never import each other), with the
same rules: both targets positive, the fiscal year's first day as MM-DD (1 April in the programme).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.reports.domain.fiscal import FiscalCalendar


@dataclass(frozen=True, slots=True)
class Targets:
    consultations_per_year: int
    outreach_visits_per_year: int
    calendar: FiscalCalendar


def parse_targets(doc: Mapping[str, Any]) -> Targets:
    """From the loaded seed; a missing or non-positive target raises ValueError."""
    consultations = int(doc["consultations_per_year"])
    visits = int(doc["outreach_visits_per_year"])
    if consultations <= 0 or visits <= 0:
        raise ValueError("targets must be positive")
    month, day = (int(part) for part in str(doc.get("fiscal_year_starts", "04-01")).split("-"))
    if not (1 <= month <= 12 and 1 <= day <= 28):
        raise ValueError("fiscal_year_starts must be MM-DD with a day of 1-28")
    return Targets(consultations, visits, FiscalCalendar(month, day))
