"""The event contract between the services (DESIGN §3): envelope, catalogue, versions."""

from __future__ import annotations

from typing import TypeVar

from shared.events import upcasters as _upcasters  # noqa: F401  (registers the upcasters)
from shared.events.catalogue import (
    CATALOGUE,
    AlertContact,
    AppointmentAnswer,
    AppointmentAnswered,
    CaseAssigned,
    CaseClosed,
    CaseEscalated,
    CaseMessageAppended,
    CaseOpened,
    CaseOutcome,
    CaseReferred,
    CaseRiskAssessed,
    ConsulterMessageReceived,
    ContactWindow,
    EventData,
    FirstResponseGiven,
    FriendChange,
    FriendshipChanged,
    HelpKind,
    IntakeRecorded,
    LineContent,
    LineEventReceived,
    LineMessageDelivered,
    LineMessageFailed,
    LineMessageRetryScheduled,
    NextStep,
    OutreachCancelled,
    OutreachCompleted,
    OutreachConsent,
    OutreachConsentWithdrawn,
    OutreachProposed,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
    PartnerAlertRetryScheduled,
    PartnerKind,
    RequestOutreach,
    RequestPartnerAlert,
    RiskLevelName,
    RiskReasonRef,
    SafeContact,
    SealedContent,
    SealedPayload,
    SendAppointmentMessage,
    SendLineMessage,
    Urgency,
    Weekday,
)
from shared.events.envelope import Envelope, derived_event_id, utcnow
from shared.events.versions import UnsupportedVersion, register_upcaster, upcast

__all__ = [
    "CATALOGUE",
    "AlertContact",
    "AppointmentAnswer",
    "AppointmentAnswered",
    "CaseAssigned",
    "CaseClosed",
    "CaseEscalated",
    "CaseMessageAppended",
    "CaseOpened",
    "CaseOutcome",
    "CaseReferred",
    "CaseRiskAssessed",
    "ConsulterMessageReceived",
    "ContactWindow",
    "Envelope",
    "EventData",
    "FirstResponseGiven",
    "FriendChange",
    "FriendshipChanged",
    "HelpKind",
    "IntakeRecorded",
    "LineContent",
    "LineEventReceived",
    "LineMessageDelivered",
    "LineMessageFailed",
    "LineMessageRetryScheduled",
    "NextStep",
    "OutreachCancelled",
    "OutreachCompleted",
    "OutreachConsent",
    "OutreachConsentWithdrawn",
    "OutreachProposed",
    "OutreachScheduled",
    "PartnerAlertDelivered",
    "PartnerAlertFailed",
    "PartnerAlertRetryScheduled",
    "PartnerKind",
    "RequestOutreach",
    "RequestPartnerAlert",
    "RiskLevelName",
    "RiskReasonRef",
    "SafeContact",
    "SealedContent",
    "SealedPayload",
    "SendAppointmentMessage",
    "SendLineMessage",
    "UnknownEventType",
    "UnsupportedVersion",
    "Urgency",
    "Weekday",
    "derived_event_id",
    "envelope_for",
    "read_data",
    "register_upcaster",
    "upcast",
    "utcnow",
]

D = TypeVar("D", bound=EventData)


class UnknownEventType(ValueError):
    """An envelope whose `type` is not in the catalogue."""


def envelope_for(
    data: EventData,
    *,
    producer: str,
    correlation_id: str,
    causation_id: str | None = None,
    event_id: str | None = None,
) -> Envelope:
    """Wrap `data` in an envelope. Pass `event_id` (see `derived_event_id`) to make re-publishing
    the same effect idempotent downstream; otherwise a random uuid4 is used."""
    import uuid

    return Envelope(
        id=event_id or str(uuid.uuid4()),
        type=data.TYPE,
        version=data.VERSION,
        occurred_at=utcnow(),
        producer=producer,
        correlation_id=correlation_id,
        causation_id=causation_id,
        data=data.model_dump(mode="json"),
    )


def read_data(envelope: Envelope, expected: type[D] | None = None) -> EventData:
    """The typed payload of `envelope`, upcast from older versions; validates against the catalogue."""
    model = CATALOGUE.get(envelope.type)
    if model is None:
        raise UnknownEventType(envelope.type)
    if expected is not None and model is not expected:
        raise UnknownEventType(f"expected {expected.TYPE}, got {envelope.type}")
    data = upcast(envelope.type, envelope.version, envelope.data, model.VERSION)
    return model.model_validate(data)
