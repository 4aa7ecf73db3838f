"""Keys for tests that seal and open LINE events, as ingress and triage do with ENCRYPTION_KEYS."""

from __future__ import annotations

from typing import Any

from shared.crypto import Keyring, generate_key_spec
from shared.events import Envelope, LineEventReceived, read_data
from shared.line_sealing import open_line_event

TEST_KEYS = generate_key_spec("ktest")
TEST_KEYRING = Keyring.from_spec(TEST_KEYS)


def opened_event(envelope: Envelope, keyring: Keyring = TEST_KEYRING) -> dict[str, Any]:
    """The LINE event inside a `line.event.received` envelope, opened as triage opens it."""
    data = read_data(envelope)
    assert isinstance(data, LineEventReceived)
    return open_line_event(keyring, envelope, data)
