"""Pure ingress logic: the webhook's shape, and one envelope per event with a stable id."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.ingress.domain.webhook import MalformedWebhook, parse_webhook, to_envelopes
from tests.support.line import fixture_webhook, text_event

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def test_fixture_gives_one_envelope_per_event_unknown_types_included() -> None:
    document = fixture_webhook()
    envelopes = to_envelopes(parse_webhook(json.dumps(document).encode()), NOW)
    assert len(envelopes) == 28
    assert [e.data["event"] for e in envelopes] == document["events"]
    assert "undefined" in {e.data["event_type"] for e in envelopes}
    assert len({e.id for e in envelopes}) == 28


def test_same_webhook_event_id_gives_same_envelope_id() -> None:
    event = text_event("hi")
    first = to_envelopes(parse_webhook(json.dumps({"destination": "U1", "events": [event]}).encode()), NOW)
    again = to_envelopes(parse_webhook(json.dumps({"destination": "U1", "events": [event]}).encode()), NOW)
    other_channel = to_envelopes(
        parse_webhook(json.dumps({"destination": "U2", "events": [event]}).encode()), NOW
    )
    assert first[0].id == again[0].id != other_channel[0].id


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"events": []}',
        b'{"destination": "U1"}',
        b'{"destination": "U1", "events": {}}',
        b'{"destination": "U1", "events": [1]}',
        b'{"destination": "U1", "events": [{"no": "type"}]}',
        b"\xff\xfe",
    ],
)
def test_malformed_bodies_are_refused(body: bytes) -> None:
    with pytest.raises(MalformedWebhook):
        parse_webhook(body)


def test_verify_button_body_is_valid_and_empty() -> None:
    assert parse_webhook(b'{"destination": "U1", "events": []}').events == ()
