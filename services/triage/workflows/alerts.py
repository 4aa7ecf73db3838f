"""Alerts the system raises by itself (domain/alert_routing.py): one `partner.alert.requested` per
partner kind routed for the category, the on-call supervisor always first. Each is recorded in
`alerts` (tracking) before it is published, so its delivery or failure lands on the case."""

from __future__ import annotations

from collections.abc import Callable

from services.triage.context import TriageContext
from services.triage.domain.alert_routing import ACTIONS, Category, urgency_for
from services.triage.risk.levels import RiskLevel
from shared.events import AlertContact, RequestPartnerAlert


def service_contact(ctx: TriageContext) -> AlertContact:
    """The service's duty desk: system alerts name no individual counselor."""
    return AlertContact(
        name=ctx.settings.service_contact_name, role="supervisor", phone=ctx.settings.service_contact_phone
    )


def system_alerts(
    ctx: TriageContext, category: Category, *, case_id: str, level: RiskLevel, alert_id: Callable[[str], str]
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
            contact=service_contact(ctx),
        )
        for kind in ctx.seeds.routing.kinds_for(category)
    ]


async def track_alerts(
    ctx: TriageContext, alerts: list[RequestPartnerAlert], case_id: str, source: str
) -> None:
    now = ctx.clock()
    for alert in alerts:
        await ctx.tracking.requested(
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
