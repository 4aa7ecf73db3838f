"""Which facts each event records (the read model's only input). One row per event type.

Facts are four kinds of small document, each keyed by an id the events carry:
- `cases` (case id): her pseudonym, when it first opened, its highest risk rank, each first
  response, each closure and escalation, and each of her messages' time and hours flag;
- `consulters` (pseudonym): first contact, her consultations (case → first counselor reply), her
  friend events, her intake records;
- `alerts` (alert id): a referral's partner kind and time, and which partners received it or not;
- `outreach` (request or proposal id): when it was proposed, when consent was recorded, its visits
  and their results, cancellations, a withdrawal of her consent.
Nothing else is kept: no text, no LINE id, no names; the figures are computed from these facts
(domain/figures.py). Events of a type not listed here are not consumed (topology: reports.events).

A proposal she declined or has not decided (`outreach.proposed`) is an `outreach` fact without
`requested_at`; if she agrees later the request carries the same id, so it is one fact.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from services.reports.domain.levels import RANKS
from services.reports.domain.writes import Write
from shared.events import (
    CaseClosed,
    CaseEscalated,
    CaseOpened,
    CaseReferred,
    CaseRiskAssessed,
    ConsulterMessageReceived,
    EventData,
    FirstResponseGiven,
    FriendshipChanged,
    IntakeRecorded,
    OutreachCancelled,
    OutreachCompleted,
    OutreachConsentWithdrawn,
    OutreachProposed,
    OutreachScheduled,
    PartnerAlertDelivered,
    PartnerAlertFailed,
    RequestOutreach,
)

Projector = Callable[[str, datetime, EventData], list[Write]]

PROJECTION_VERSION = 2
"""Raise it whenever what an event records changes: the service then rebuilds from the archive at start."""


def _opened(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, CaseOpened)
    writes = [
        Write("cases", d.case_id, "set", "consulter_id", d.consulter_id),
        Write("consulters", d.consulter_id, "min", "first_contact_at", d.opened_at),
    ]
    if d.reopened:
        writes.append(Write("cases", d.case_id, "set", f"reopens.{event_id}", d.opened_at))
    else:
        writes.append(Write("cases", d.case_id, "min", "opened_at", d.opened_at))
    return writes


def _risk(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, CaseRiskAssessed)
    return [
        Write("cases", d.case_id, "set", "consulter_id", d.consulter_id),
        Write("cases", d.case_id, "max", "max_rank", RANKS[d.level]),
    ]


def _responded(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, FirstResponseGiven)
    response = {"at": d.at, "waited_s": d.waited_seconds, "rank": RANKS[d.level], "target_s": d.target_seconds}
    writes = [
        Write("cases", d.case_id, "set", "consulter_id", d.consulter_id),
        Write("cases", d.case_id, "set", f"responses.{event_id}", response),
    ]
    if d.consultation:
        writes += [
            Write("cases", d.case_id, "min", "consultation_at", d.at),
            Write("consulters", d.consulter_id, "min", f"consultations.{d.case_id}", d.at),
        ]
    return writes


def _escalated(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, CaseEscalated)
    value = {"reason": d.reason, "rank": RANKS[d.level], "at": at}
    return [Write("cases", d.case_id, "set", f"escalations.{event_id}", value)]


def _closed(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, CaseClosed)
    value = {"outcome": d.outcome.value, "at": at, "consultation": d.consultation}
    return [
        Write("cases", d.case_id, "set", "consulter_id", d.consulter_id),
        Write("cases", d.case_id, "set", f"closures.{event_id}", value),
    ]


def _message(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, ConsulterMessageReceived)
    value = {"at": d.at, "wd": d.weekday, "h": d.hour, "in": d.in_hours}
    return [
        Write("cases", d.case_id, "set", "consulter_id", d.consulter_id),
        Write("cases", d.case_id, "set", f"msgs.{d.message_id}", value),
    ]


def _friendship(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, FriendshipChanged)
    value = {"change": d.change, "at": d.at}
    return [Write("consulters", d.consulter_id, "set", f"friend.{event_id}", value)]


def _intake(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, IntakeRecorded)
    value = {"source": d.source, "age_band": d.age_band, "channel": d.channel, "at": d.at}
    return [Write("consulters", d.consulter_id, "set", f"intake.{event_id}", value)]


def _referred(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, CaseReferred)
    value = {"kind": d.partner_kind.value, "category": d.category, "at": d.at, "case_id": d.case_id}
    return [Write("alerts", d.alert_id, "set", "referral", value)]


def _alert_delivered(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, PartnerAlertDelivered)
    return [Write("alerts", d.alert_id, "min", f"delivered.{d.partner_id}", at)]


def _alert_failed(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, PartnerAlertFailed)
    return [Write("alerts", d.alert_id, "set", f"failed.{d.partner_id or 'none'}", {"reason": d.reason, "at": at})]


def _outreach_requested(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, RequestOutreach)
    return [
        Write("outreach", d.request_id, "set", "case_id", d.case_id),
        Write("outreach", d.request_id, "min", "requested_at", d.consent_recorded_at),
        Write("outreach", d.request_id, "min", "proposed_at", d.consent_recorded_at),
    ]


def _proposed(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, OutreachProposed)
    return [
        Write("outreach", d.proposal_id, "set", "case_id", d.case_id),
        Write("outreach", d.proposal_id, "min", "proposed_at", d.at),
    ]


def _withdrawn(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, OutreachConsentWithdrawn)
    return [Write("outreach", d.request_id, "min", "withdrawn_at", d.at)]


def _scheduled(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, OutreachScheduled)
    # A reschedule repeats the visit id with a new time: the latest scheduling event wins (figures).
    value = {"at": at, "starts_at": d.starts_at}
    return [Write("outreach", d.request_id, "set", f"visits.{d.visit_id}.scheduled.{event_id}", value)]


def _completed(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, OutreachCompleted)
    return [Write("outreach", d.request_id, "set", f"visits.{d.visit_id}.result", {"result": d.result, "at": at})]


def _cancelled(event_id: str, at: datetime, d: EventData) -> list[Write]:
    assert isinstance(d, OutreachCancelled)
    value = {"reason": d.reason, "at": at, "visit_id": d.visit_id}
    return [Write("outreach", d.request_id, "set", f"cancelled.{event_id}", value)]


PROJECTIONS: dict[type[EventData], Projector] = {
    CaseOpened: _opened,
    CaseRiskAssessed: _risk,
    FirstResponseGiven: _responded,
    CaseEscalated: _escalated,
    CaseClosed: _closed,
    ConsulterMessageReceived: _message,
    FriendshipChanged: _friendship,
    IntakeRecorded: _intake,
    CaseReferred: _referred,
    PartnerAlertDelivered: _alert_delivered,
    PartnerAlertFailed: _alert_failed,
    OutreachProposed: _proposed,
    RequestOutreach: _outreach_requested,
    OutreachConsentWithdrawn: _withdrawn,
    OutreachScheduled: _scheduled,
    OutreachCompleted: _completed,
    OutreachCancelled: _cancelled,
}
"""Event model → what it records. `shared.messaging.topology`'s `reports.events` binds exactly these."""


def project(event_id: str, occurred_at: datetime, data: EventData) -> list[Write]:
    """The facts one event records; `occurred_at` dates events that carry no time of their own."""
    projector = PROJECTIONS.get(type(data))
    return projector(event_id, occurred_at, data) if projector else []
