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
