"""Upcasters of the catalogue's older versions (registered on import by `shared.events`)."""

from __future__ import annotations

from typing import Any

from shared.events.versions import register_upcaster


@register_upcaster("line.event.received", 1)
def line_event_received_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 carried the LINE event in plain `event`; v2 keeps that field for exactly this, so the data is
    read as it is (no `sealed_event`, no `chat_ref`: triage orders it by the plain event's chat)."""
    return dict(data)


@register_upcaster("outbound.line.requested", 1)
def line_request_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 carried `line_user_id`, `messages` and `reply_token` in plain; v2 keeps those fields for
    exactly this (and for the producer's own plain form), so the data is read as it is."""
    return dict(data)


@register_upcaster("partner.alert.requested", 1)
def partner_alert_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 carried `details` in plain; v2 keeps the field for exactly this: read as it is."""
    return dict(data)


@register_upcaster("outreach.requested", 1)
def outreach_requested_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v1 recorded only when consent was given. Read it with the safest contact rules (this LINE
    account only, never a call) and `given_via: unrecorded`, so nobody reads more into it."""
    accompaniment = data.get("accompaniment")
    consent = {
        "help": ["accompany"] if accompaniment else ["meet_and_talk"],
        "accompany_to": accompaniment,
        "contact": {"line_only": True, "never_call": True, "windows": []},
        "meet_at": [],
        "avoid": [],
        "home": False,
        "given_at": data["consent_recorded_at"],
        "given_via": "unrecorded",
        "withdrawal_explained": False,
    }
    return {**data, "consent": consent}


@register_upcaster("outreach.scheduled", 1)
def outreach_scheduled_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v2 adds the revision (a v1 event was a first scheduling), the place, the destination and the
    coordinator; the missing ones read as unknown (None)."""
    return {"revision": 1, **data}


@register_upcaster("outreach.completed", 1)
def outreach_completed_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v2 adds where she was accompanied and the next steps: unknown (None, none listed) in v1."""
    return dict(data)


@register_upcaster("outreach.cancelled", 1)
def outreach_cancelled_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """v2 says who cancelled: from v1's reason (a closed case: the system; a withdrawal: her)."""
    by = {"case_closed": "system", "consent_withdrawn": "consulter"}.get(str(data.get("reason")), "coordinator")
    return {"cancelled_by": by, **data}
