"""The result events notifier publishes, with ids derived from what they report.

Publishing the same result twice (a redelivered request, a restart between sending and publishing)
gives the same event id, and consumers de-duplicate on it.
"""

from __future__ import annotations

from typing import Any

from shared.events import (
    Envelope,
    LineMessageDelivered,
    LineMessageFailed,
    LineMessageRetryScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
    PartnerAlertRetryScheduled,
    SendLineMessage,
    derived_event_id,
    envelope_for,
)

PRODUCER = "notifier"


def line_result(cause: Envelope, request: SendLineMessage, doc: dict[str, Any]) -> Envelope:
    """`outbound.line.delivered` or `.failed` for a finished delivery record."""
    data: LineMessageDelivered | LineMessageFailed
    if doc["status"] == "delivered":
        data = LineMessageDelivered(
            request_id=request.request_id,
            consulter_id=request.consulter_id,
            case_id=request.case_id,
            method=doc["method"],
            attempts=max(1, int(doc["attempts"])),
            line_request_id=doc.get("line_request_id"),
        )
    else:
        data = LineMessageFailed(
            request_id=request.request_id,
            consulter_id=request.consulter_id,
            case_id=request.case_id,
            reason=doc["reason"],
            status=doc.get("last_status"),
            attempts=int(doc["attempts"]),
        )
    return envelope_for(
        data,
        producer=PRODUCER,
        correlation_id=cause.correlation_id,
        causation_id=cause.id,
        event_id=derived_event_id(request.request_id, data.TYPE),
    )


def alert_result(doc: dict[str, Any]) -> Envelope:
    """`partner.alert.delivered` or `.failed` for a finished alert delivery (one partner)."""
    data: PartnerAlertDelivered | PartnerAlertFailed
    if doc["status"] == "delivered":
        data = PartnerAlertDelivered(
            alert_id=doc["alert_id"],
            partner_id=doc["partner_id"],
            attempts=doc["attempts"],
            status=doc["last_status"],
        )
    else:
        data = PartnerAlertFailed(
            alert_id=doc["alert_id"],
            partner_id=doc.get("partner_id"),
            reason=doc["reason"],
            attempts=doc.get("attempts", 0),
            last_status=doc.get("last_status"),
        )
    return envelope_for(
        data,
        producer=PRODUCER,
        correlation_id=doc.get("correlation_id") or doc["alert_id"],
        causation_id=doc.get("causation_id"),
        event_id=derived_event_id(doc["alert_id"], doc.get("partner_id") or "-", data.TYPE),
    )


def line_retry(cause: Envelope, request: SendLineMessage, attempts: int, status: int | None) -> Envelope:
    """`outbound.line.retry_scheduled`: not delivered yet, tried again when the broker redelivers it."""
    data = LineMessageRetryScheduled(
        request_id=request.request_id,
        consulter_id=request.consulter_id,
        case_id=request.case_id,
        attempts=max(1, attempts),
        status=status,
    )
    return envelope_for(
        data,
        producer=PRODUCER,
        correlation_id=cause.correlation_id,
        causation_id=cause.id,
        event_id=derived_event_id(request.request_id, data.TYPE, str(attempts)),
    )


def alert_retry(doc: dict[str, Any], attempts: int, status: int | None, next_at: Any) -> Envelope:
    """`partner.alert.retry_scheduled` for one partner's delivery, with when it is tried next."""
    data = PartnerAlertRetryScheduled(
        alert_id=doc["alert_id"],
        partner_id=doc["partner_id"],
        attempts=attempts,
        last_status=status,
        next_attempt_at=next_at,
    )
    return envelope_for(
        data,
        producer=PRODUCER,
        correlation_id=doc.get("correlation_id") or doc["alert_id"],
        causation_id=doc.get("causation_id"),
        event_id=derived_event_id(doc["alert_id"], doc["partner_id"], data.TYPE, str(attempts)),
    )
