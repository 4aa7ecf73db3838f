"""Accepting a partner alert: resolve its recipients and store one pending delivery per partner.

The body each partner receives is built once here and stored sealed (`PayloadSeal`), so every retry
sends the same bytes; the scheduler then sends them, the first attempt at once. An alert that
resolves to nobody is stored as a final failure (`no_partner`), so it is reported and shown to
supervisors like any other. Storing is idempotent per (alert, partner): a redelivered request
schedules nothing new.
"""

from __future__ import annotations

from typing import Any

import structlog

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import PartnerStore
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.domain.alert_payload import alert_payload, encode_payload
from services.notifier.domain.ports import Clock
from services.notifier.domain.recipients import resolve_recipients
from services.notifier.workflows.alert_scheduler import AlertScheduler
from shared.events import Envelope, RequestPartnerAlert, utcnow

log = structlog.get_logger(__name__)


class AlertRequests:
    def __init__(
        self,
        *,
        partners: PartnerStore,
        alerts: AlertStore,
        seal: PayloadSeal,
        scheduler: AlertScheduler,
        clock: Clock = utcnow,
    ) -> None:
        self._partners = partners
        self._alerts = alerts
        self._seal = seal
        self._scheduler = scheduler
        self._clock = clock

    async def schedule(self, envelope: Envelope, alert: RequestPartnerAlert) -> None:
        now = self._clock()
        recipients = resolve_recipients(
            await self._partners.all(),
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
            await self._alerts.add_final(
                {**common, "partner_id": alert.partner_id, "status": "failed", "reason": "no_partner"}, now
            )
        body = encode_payload(alert_payload(alert, envelope.occurred_at))
        fresh = []
        for partner in recipients:
            added = await self._alerts.add_pending(
                {
                    **common,
                    "partner_id": partner.id,
                    "payload": self._seal.seal(alert.alert_id, partner.id, body),
                },
                now,
            )
            log.info("alert_scheduled", partner_id=partner.id, new=added is not None)
            if added is not None:
                fresh.append(added)
        # The first attempt is immediate (or the no_partner result is published).
        self._scheduler.scheduled(fresh)
