"""The handler of `triage.feedback`: what became of triage's requests, recorded for the console.

- `outbound.line.delivered` / `failed` → `deliveries` (a counselor's reply shows sent or failed);
- `partner.alert.delivered` / `failed` → `alerts`, per partner (a failed emergency alert is listed
  for supervisors at `GET /api/alerts/failures`);
- `outreach.scheduled` / `completed` / `cancelled` → `outreach_requests` (the referral's outcome).
Upserts keyed by the request id: idempotent, and an outcome that arrives first is not lost.
"""

from __future__ import annotations

import structlog

from services.triage.context import TriageContext
from shared.events import (
    Envelope,
    EventData,
    LineMessageDelivered,
    LineMessageFailed,
    OutreachCancelled,
    OutreachCompleted,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
)
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class FeedbackHandler:
    """`Handler` for `EventConsumer` on `triage.feedback`."""

    def __init__(self, ctx: TriageContext) -> None:
        self._ctx = ctx

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        track, at = self._ctx.tracking, envelope.occurred_at
        match data:
            case LineMessageDelivered():
                await track.outcome(
                    "line",
                    data.request_id,
                    "delivered",
                    at,
                    case_id=data.case_id,
                    method=data.method,
                    attempts=data.attempts,
                )
            case LineMessageFailed():
                log.warning(
                    "line_message_failed",
                    request_id=data.request_id,
                    case_id=data.case_id,
                    reason=data.reason,
                )
                await track.outcome(
                    "line",
                    data.request_id,
                    "failed",
                    at,
                    case_id=data.case_id,
                    reason=data.reason,
                    attempts=data.attempts,
                )
            case PartnerAlertDelivered():
                await track.outcome(
                    "alert",
                    data.alert_id,
                    "delivered",
                    at,
                    partner_id=data.partner_id,
                    attempts=data.attempts,
                )
            case PartnerAlertFailed():
                log.warning("partner_alert_failed", alert_id=data.alert_id, reason=data.reason)
                await track.outcome(
                    "alert",
                    data.alert_id,
                    "failed",
                    at,
                    partner_id=data.partner_id,
                    reason=data.reason,
                    attempts=data.attempts,
                )
            case OutreachScheduled():
                await track.outcome(
                    "outreach",
                    data.request_id,
                    "scheduled",
                    at,
                    case_id=data.case_id,
                    visit_id=data.visit_id,
                    starts_at=data.starts_at,
                )
            case OutreachCompleted():
                await track.outcome("outreach", data.request_id, data.result, at, case_id=data.case_id)
            case OutreachCancelled():
                await track.outcome(
                    "outreach", data.request_id, "cancelled", at, case_id=data.case_id, reason=data.reason
                )
            case _:
                raise Rejected(f"triage.feedback does not take {envelope.type}")
