"""Keys for tests that seal and open LINE events (as ingress and triage do with ENCRYPTION_KEYS), and
openers for what triage seals for notifier on the broker."""

from __future__ import annotations

from typing import Any

from shared.crypto import Keyring, generate_key_spec
from shared.events import Envelope, LineEventReceived, RequestPartnerAlert, SendLineMessage, read_data
from shared.line_sealing import open_line_event
from shared.outbound_sealing import is_sealed_on_the_wire, open_line_request, open_partner_alert

TEST_KEYS = generate_key_spec("ktest")
TEST_KEYRING = Keyring.from_spec(TEST_KEYS)


def opened_event(envelope: Envelope, keyring: Keyring = TEST_KEYRING) -> dict[str, Any]:
    """The LINE event inside a `line.event.received` envelope, opened as triage opens it."""
    data = read_data(envelope)
    assert isinstance(data, LineEventReceived)
    return open_line_event(keyring, envelope, data)


def keyring_of(spec: str) -> Keyring:
    return Keyring.from_spec(spec)


def opened_request(envelope: Envelope, keyring: Keyring) -> SendLineMessage:
    """An `outbound.line.requested` from the broker, opened as notifier opens it — after checking that
    nothing personal travelled in plain."""
    assert is_sealed_on_the_wire(envelope), "an outbound LINE request went to the broker in plain"
    data = read_data(envelope)
    assert isinstance(data, SendLineMessage)
    return open_line_request(keyring, envelope, data)


def opened_alert(envelope: Envelope, keyring: Keyring) -> RequestPartnerAlert:
    """A `partner.alert.requested` from the broker, opened as notifier opens it (details sealed)."""
    assert is_sealed_on_the_wire(envelope), "a partner alert's details went to the broker in plain"
    data = read_data(envelope)
    assert isinstance(data, RequestPartnerAlert)
    return open_partner_alert(keyring, envelope, data)
