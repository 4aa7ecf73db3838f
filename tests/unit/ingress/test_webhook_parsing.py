"""Pure ingress logic: one sealed envelope per event, with a stable id, from a checked webhook."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from services.ingress.domain.webhook import to_envelopes
from shared.crypto import Keyring, generate_key_spec
from shared.events import Envelope
from shared.line_input import read_webhook
from shared.line_sealing import UnreadableLineEvent
from shared.pseudonym import consulter_pseudonym
from tests.support.line import fixture_webhook, text_event
from tests.support.sealing import TEST_KEYRING, opened_event

NOW = datetime(2026, 11, 28, tzinfo=UTC)
PSEUDONYM_KEY = "unit-pseudonym-key-0123"


def envelopes_of(document: dict, keyring: Keyring = TEST_KEYRING) -> list[Envelope]:  # type: ignore[type-arg]
    webhook = read_webhook(json.dumps(document, ensure_ascii=False).encode())
    return to_envelopes(webhook, NOW, keyring=keyring, pseudonym_key=PSEUDONYM_KEY)


def test_fixture_gives_one_envelope_per_event_unknown_types_included() -> None:
    document = fixture_webhook()
    envelopes = envelopes_of(document)
    assert len(envelopes) == 28
    assert [opened_event(e) for e in envelopes] == document["events"]
    assert "undefined" in {e.data["event_type"] for e in envelopes}
    assert len({e.id for e in envelopes}) == 28
    assert {e.version for e in envelopes} == {2}


def test_the_event_is_sealed_and_only_metadata_is_clear() -> None:
    user = "U" + "b" * 32
    event = text_event("今夜帰ってきたら殺される", user_id=user)
    [envelope] = envelopes_of({"destination": "Ubot", "events": [event]})
    raw = envelope.to_bytes()
    for secret in ("今夜帰ってきたら殺される", user, event["replyToken"]):
        assert secret.encode() not in raw
        assert secret.encode("unicode_escape") not in raw
    assert envelope.data["event"] is None
    assert envelope.data["sealed_event"]["kid"] == "ktest"
    assert envelope.data["chat_ref"] == consulter_pseudonym(user, PSEUDONYM_KEY)
    assert envelope.data["event_type"] == "message"
    assert envelope.correlation_id == event["webhookEventId"]


def test_a_sealed_event_opens_only_in_its_own_envelope_and_with_the_keys() -> None:
    [first, second] = envelopes_of({"destination": "Ubot", "events": [text_event("a"), text_event("b")]})
    swapped = first.model_copy(update={"data": {**first.data, "sealed_event": second.data["sealed_event"]}})
    with pytest.raises(UnreadableLineEvent):
        opened_event(swapped)
    with pytest.raises(UnreadableLineEvent):  # another keyring has no key "ktest"
        opened_event(first, Keyring.from_spec(generate_key_spec("other")))


def test_same_webhook_event_id_gives_same_envelope_id() -> None:
    event = text_event("hi")
    first = envelopes_of({"destination": "U1", "events": [event]})
    again = envelopes_of({"destination": "U1", "events": [event]})
    other_channel = envelopes_of({"destination": "U2", "events": [event]})
    assert first[0].id == again[0].id != other_channel[0].id
    assert first[0].data["sealed_event"] != again[0].data["sealed_event"]  # fresh nonce each time


def test_verify_button_body_is_valid_and_empty() -> None:
    assert read_webhook(b'{"destination": "U1", "events": []}').events == ()
