"""The handler of `triage.feedback`: what became of triage's requests, recorded for the console.

- `outbound.line.delivered` / `failed` / `retry_scheduled` → `deliveries` (a counselor's reply
  shows delivered, failed — retried in one click — or retrying);
- `partner.alert.delivered` / `failed` / `retry_scheduled` → `alerts`, per partner (a failed or
  still-retrying emergency alert is listed for supervisors at `GET /api/alerts/failures`);
- `outreach.scheduled` / `completed` / `cancelled` → `outreach_requests` (the referral's outcome).
Upserts keyed by the request id: idempotent, and an outcome that arrives first is not lost.
Each stored report is announced to the console's live stream (`delivery`, `alert`, `outreach`); an
outreach report also to the counselor who proposed it (a closing case, her cancelling, a visit done
reach her even when the case is no longer hers).

`OUTCOMES` is the whole mapping, one row per event type: which record, which status, which of the
event's fields are kept, and whether a failure is logged (ids and codes only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import structlog

from services.triage.adapters.tracking import Tracking
from services.triage.domain.live import Notice
from services.triage.workflows.live import LiveNotices
from shared.events import (
    Envelope,
    EventData,
    LineMessageDelivered,
    LineMessageFailed,
    LineMessageRetryScheduled,
    OutreachCancelled,
    OutreachCompleted,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
    PartnerAlertRetryScheduled,
)
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # line, alert, outreach (tracking.COLLECTIONS)
    id_field: str  # the request's id in the event
    status: str | None  # the recorded status; None: the event's own `result_field`
    fields: tuple[str, ...]  # kept beside the status
    by_partner: bool = False  # alerts keep one status per partner
    warn: str | None = None  # the log line of a failure
    result_field: str = "result"
    partner_field: str = "partner_id"


OUTCOMES: dict[type[EventData], Outcome] = {
    LineMessageDelivered: Outcome("line", "request_id", "delivered", ("case_id", "method", "attempts")),
    LineMessageFailed: Outcome(
        "line", "request_id", "failed", ("case_id", "reason", "attempts"), warn="line_message_failed"
    ),
    LineMessageRetryScheduled: Outcome(
        "line", "request_id", "retrying", ("case_id", "attempts", "next_attempt_at"), warn="line_message_retrying"
    ),
    PartnerAlertDelivered: Outcome("alert", "alert_id", "delivered", ("attempts",), by_partner=True),
    PartnerAlertRetryScheduled: Outcome(
        "alert", "alert_id", "retrying", ("attempts", "last_status", "next_attempt_at"), by_partner=True
    ),
    PartnerAlertFailed: Outcome(
        "alert", "alert_id", "failed", ("reason", "attempts"), by_partner=True, warn="partner_alert_failed"
    ),
    OutreachScheduled: Outcome("outreach", "request_id", "scheduled", ("case_id", "visit_id", "starts_at")),
    OutreachCompleted: Outcome("outreach", "request_id", None, ("case_id",)),
    OutreachCancelled: Outcome("outreach", "request_id", "cancelled", ("case_id", "reason", "cancelled_by")),
}


KINDS = {"line": "delivery", "alert": "alert", "outreach": "outreach"}


class FeedbackHandler:
    """`Handler` for `EventConsumer` on `triage.feedback`."""

    def __init__(self, tracking: Tracking, live: LiveNotices) -> None:
        self._tracking = tracking
        self._live = live

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        rule = OUTCOMES.get(type(data))
        if rule is None:
            raise Rejected(f"triage.feedback does not take {envelope.type}")
        request_id = getattr(data, rule.id_field)
        status = rule.status or str(getattr(data, rule.result_field))
        detail: dict[str, Any] = {name: getattr(data, name) for name in rule.fields}
        if rule.warn:
            log.warning(
                rule.warn,
                **{rule.id_field: request_id},
                **{k: v for k, v in detail.items() if k in ("case_id", "reason")},
            )
        if rule.by_partner:
            detail["partner_id"] = getattr(data, rule.partner_field)
        record = await self._tracking.outcome(rule.kind, request_id, status, envelope.occurred_at, **detail)
        case_id = (record or {}).get("case_id")
        if isinstance(case_id, str):
            codes = {"request_id": request_id, "status": status, "partner_id": detail.get("partner_id")}
            if rule.kind == "outreach":  # told to the counselor who proposed it (domain/live.py)
                proposer = (record or {}).get("by") or getattr(data, "proposed_by", None)
                codes |= {"outcome": status, "reason": detail.get("reason"), "proposed_by": proposer}
            await self._live.announce([Notice(KINDS[rule.kind], case_id, {k: v for k, v in codes.items() if v})])
