"""Which partner kinds the system alerts by itself, and how urgent each alert is (seeds/alert_routing.yaml).

For a supervisor: two situations raise an automatic alert, and the on-call supervisor gets both,
always (the seed can add kinds, never remove her):

- `emergency_out_of_hours` — an emergency-level message while no intake is open: urgency emergency,
  action `call_back`;
- `sla_breach` — a case waited past its first-response target: urgency by the case's level
  (emergency → emergency, high → high, medium and low → normal), action `take_over`;
- `next_response` — after the first answer, a new message of hers waited past the next-response
  target: urgency by level, action `take_over` (a supervisor may reassign it).

Alerts carry the case reference, category, urgency, action and the service's call-back contact only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from services.triage.risk.levels import RiskLevel
from shared.events import PartnerKind, Urgency

Category = Literal["emergency_out_of_hours", "sla_breach", "next_response"]
CATEGORIES: tuple[Category, ...] = ("emergency_out_of_hours", "sla_breach", "next_response")
ACTIONS: dict[Category, str] = {
    "emergency_out_of_hours": "call_back",
    "sla_breach": "take_over",
    "next_response": "take_over",
}


@dataclass(frozen=True, slots=True)
class AlertRouting:
    """Partner kinds per category; `ON_CALL_SUPERVISOR` is always first."""

    routes: Mapping[str, tuple[PartnerKind, ...]] = field(default_factory=dict)

    def kinds_for(self, category: Category) -> tuple[PartnerKind, ...]:
        extra = tuple(k for k in self.routes.get(category, ()) if k is not PartnerKind.ON_CALL_SUPERVISOR)
        return (PartnerKind.ON_CALL_SUPERVISOR, *dict.fromkeys(extra))


def parse_alert_routing(document: Mapping[str, Any]) -> AlertRouting:
    """From the loaded seed; an unknown category or partner kind raises ValueError (start-up stops)."""
    routes: dict[str, tuple[PartnerKind, ...]] = {}
    for category, kinds in (document.get("routes") or {}).items():
        if category not in CATEGORIES:
            raise ValueError(f"alert_routing: unknown category {category!r} (known: {', '.join(CATEGORIES)})")
        routes[str(category)] = tuple(PartnerKind(str(k)) for k in kinds or ())
    return AlertRouting(routes)


def urgency_for(level: RiskLevel) -> Urgency:
    """Alert urgency for a case's risk level."""
    if level >= RiskLevel.EMERGENCY:
        return "emergency"
    return "high" if level >= RiskLevel.HIGH else "normal"
