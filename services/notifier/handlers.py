"""The two consumers' handlers: one small function per incoming event type.

`outbound.line.requested` → send it now (`LineDelivery`); the handler returns once LINE took it and the
result event is confirmed, or raises to have the message come back.
`partner.alert.requested` → resolve the recipients and schedule one delivery per partner in MongoDB;
the scheduler sends them. Acking then is safe: the schedule is durable, the sending is not tied to
this message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import PartnerStore
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.alert_scheduler import AlertScheduler
from services.notifier.domain.alert_payload import alert_payload, encode_payload
from services.notifier.domain.recipients import resolve_recipients
from services.notifier.line_delivery import LineDelivery
from shared.events import Envelope, EventData, RequestPartnerAlert, SendLineMessage, utcnow
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


@dataclass
class Handlers:
    line: LineDelivery
    partners: PartnerStore
    alerts: AlertStore
    scheduler: AlertScheduler
    seal: PayloadSeal

    async def on_line_requested(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, SendLineMessage):
            raise Rejected(f"unexpected {envelope.type} on the LINE queue")
        with structlog.contextvars.bound_contextvars(
            request_id=data.request_id, consulter_id=data.consulter_id, case_id=data.case_id
        ):
            await self.line.handle(envelope, data)

    async def on_alert_requested(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, RequestPartnerAlert):
            raise Rejected(f"unexpected {envelope.type} on the partner alert queue")
        with structlog.contextvars.bound_contextvars(alert_id=data.alert_id, urgency=data.urgency):
            await self._schedule(envelope, data)

    async def _schedule(self, envelope: Envelope, alert: RequestPartnerAlert) -> None:
        now = utcnow()
        recipients = resolve_recipients(
            await self.partners.all(),
            partner_id=alert.partner_id,
            partner_kind=alert.partner_kind,
            category=alert.category,
        )
        common: dict[str, Any] = {
            "alert_id": alert.alert_id,
            "category": alert.category,
            "urgency": alert.urgency,
            "correlation_id": envelope.correlation_id,
            "causation_id": envelope.id,
        }
        if not recipients:
            log.error("alert_has_no_partner", partner_id=alert.partner_id, partner_kind=alert.partner_kind)
            await self.alerts.add_final(
                {**common, "partner_id": alert.partner_id, "status": "failed", "reason": "no_partner"}, now
            )
        body = encode_payload(alert_payload(alert, envelope.occurred_at))
        for partner in recipients:
            added = await self.alerts.add_pending(
                {
                    **common,
                    "partner_id": partner.id,
                    "payload": self.seal.seal(alert.alert_id, partner.id, body),
                },
                now,
            )
            log.info("alert_scheduled", partner_id=partner.id, new=added is not None)
            if added is not None:
                self.scheduler.fresh.append(added)
        self.scheduler.wake.set()  # the first attempt is immediate (or the no_partner result is published)
