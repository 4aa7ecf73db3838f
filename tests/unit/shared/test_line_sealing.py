"""`line.event.received` v2: the event sealed by ingress, opened by triage; v1 still read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shared.crypto import Keyring, generate_key_spec
from shared.events import Envelope, LineEventReceived, envelope_for, read_data
from shared.line_sealing import UnreadableLineEvent, open_line_event, seal_line_event
from tests.support.line import text_event

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
K1 = generate_key_spec("k1")
RING = Keyring.from_spec(K1)


def sealed_envelope(event: dict, keyring: Keyring = RING, envelope_id: str = "e-1") -> Envelope:  # type: ignore[type-arg]
    data = LineEventReceived(
        destination="Ubot",
        sealed_event=seal_line_event(keyring, event, envelope_id=envelope_id),
        webhook_event_id=event["webhookEventId"],
        is_redelivery=False,
        event_type=event["type"],
        received_at=NOW,
    )
    return envelope_for(
        data, producer="ingress", correlation_id=event["webhookEventId"], event_id=envelope_id
    )


def test_round_trip_through_bytes_and_a_key_rotation() -> None:
    event = text_event("死にたい")
    envelope = Envelope.from_bytes(sealed_envelope(event).to_bytes())
    rotated = Keyring.from_spec(f"{generate_key_spec('k2')},{K1}")  # k2 seals now, k1 still opens
    data = read_data(envelope)
    assert isinstance(data, LineEventReceived)
    assert open_line_event(RING, envelope, data) == event
    assert open_line_event(rotated, envelope, data) == event


def test_what_does_not_open_is_named_as_such() -> None:
    event = text_event("x")
    envelope = sealed_envelope(event)
    data = read_data(envelope)
    assert isinstance(data, LineEventReceived)
    moved = envelope.model_copy(update={"id": "e-2"})
    with pytest.raises(UnreadableLineEvent) as moved_error:
        open_line_event(RING, moved, data)
    with pytest.raises(UnreadableLineEvent) as no_key:
        open_line_event(Keyring.from_spec(generate_key_spec("other")), envelope, data)
    assert "another envelope" in str(moved_error.value) and "k1" in str(no_key.value)


def test_v1_events_in_plain_are_read_through_the_upcaster() -> None:
    event = text_event("v1 text")
    v1 = Envelope(
        id="e-old",
        type="line.event.received",
        version=1,
        occurred_at=NOW,
        producer="ingress",
        correlation_id=event["webhookEventId"],
        data={
            "destination": "Ubot",
            "event": event,
            "webhook_event_id": event["webhookEventId"],
            "is_redelivery": False,
            "event_type": "message",
            "received_at": NOW.isoformat(),
        },
    )
    data = read_data(v1)
    assert isinstance(data, LineEventReceived) and data.sealed_event is None and data.chat_ref is None
    assert open_line_event(RING, v1, data) == event


def test_exactly_one_form_of_the_event() -> None:
    common = {"destination": "U", "webhook_event_id": None, "is_redelivery": False, "event_type": "m"}
    with pytest.raises(ValidationError):
        LineEventReceived(received_at=NOW, **common)  # type: ignore[arg-type]
    sealed = seal_line_event(RING, {"type": "m"}, envelope_id="e")
    with pytest.raises(ValidationError):
        LineEventReceived(received_at=NOW, sealed_event=sealed, event={"type": "m"}, **common)  # type: ignore[arg-type]
