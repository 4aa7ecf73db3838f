"""Alerts the system raises by itself (domain/alert_routing.py): one `partner.alert.requested` per
partner kind routed for the category, the on-call supervisor always first. Each is recorded in
`alerts` (tracking) before it is published, so its delivery or failure lands on the case."""

from __future__ import annotations

from collections.abc import Callable

from services.triage.adapters.tracking import Tracking
from services.triage.domain.alert_routing import ACTIONS, AlertRouting, Category, urgency_for
from services.triage.domain.ports import Clock
from services.triage.risk.levels import RiskLevel
from shared.events import AlertContact, RequestPartnerAlert


class SystemAlerts:
    def __init__(
        self, routing: AlertRouting, contact: AlertContact, tracking: Tracking, clock: Clock
    ) -> None:
        """`contact`: the service's duty desk; system alerts name no individual counselor."""
        self._routing = routing
        self._contact = contact
        self._tracking = tracking
        self._clock = clock

    def for_case(
        self, category: Category, *, case_id: str, level: RiskLevel, alert_id: Callable[[str], str]
    ) -> list[RequestPartnerAlert]:
        """`alert_id(kind)` gives each alert a derived id; no personal details, ever."""
        urgency = "emergency" if category == "emergency_out_of_hours" else urgency_for(level)
        return [
            RequestPartnerAlert(
                alert_id=alert_id(kind.value),
                partner_kind=kind,
                category=category,
                urgency=urgency,
                action=ACTIONS[category],
                case_ref=case_id,
                contact=self._contact,
            )
            for kind in self._routing.kinds_for(category)
        ]

    async def track(self, alerts: list[RequestPartnerAlert], case_id: str, source: str) -> None:
        now = self._clock()
        for alert in alerts:
            await self._tracking.requested(
                "alert",
                alert.alert_id,
                now,
                case_id=case_id,
                category=alert.category,
                urgency=alert.urgency,
                partner_kind=alert.partner_kind.value if alert.partner_kind else None,
                partner_id=alert.partner_id,
                source=source,
            )
