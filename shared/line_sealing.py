"""The LINE event inside `line.event.received`, sealed by ingress and opened by triage (DESIGN §5).

What a consulter writes rests in the ingress spool, the broker's queue and, if it comes to that, a
dead-letter queue: everywhere but triage's own decrypting read it is ciphertext. The seal is the
project's keyring (AES-256-GCM, key ids for rotation); its authenticated context is the envelope id,
so a sealed event cannot be moved into another envelope and still open.

Who can read what: ingress and triage hold ENCRYPTION_KEYS and read the event; the broker, its
operators and every other consumer see only the clear metadata (`event_type`, `webhook_event_id`,
`is_redelivery`, `destination`, `received_at`) and `chat_ref`, a keyed pseudonym.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

import pydantic_core
from cryptography.exceptions import InvalidTag

from shared.crypto import Keyring, KeyringError, Sealed
from shared.events import Envelope, LineEventReceived, SealedPayload
from shared.line_input import RefusedInput, read_event


class UnreadableLineEvent(ValueError):
    """A sealed event that no retry can open (unknown key id, altered, not an event). A consumer
    rejects it, so it is dead-lettered as it is, still sealed, for operations to look at."""


def seal_context(envelope_id: str) -> str:
    return f"line.event.received:{envelope_id}"


def seal_line_event(keyring: Keyring, event: dict[str, Any], *, envelope_id: str) -> SealedPayload:
    """Seal an event that `shared.line_input` accepted (so it serialises, and triage can read it)."""
    sealed = keyring.seal_bytes(pydantic_core.to_json(event), context=seal_context(envelope_id))
    return SealedPayload(
        kid=sealed.key_id,
        nonce=binascii.b2a_base64(sealed.nonce, newline=False).decode("ascii"),
        ct=binascii.b2a_base64(sealed.ciphertext, newline=False).decode("ascii"),
    )


def open_line_event(keyring: Keyring, envelope: Envelope, data: LineEventReceived) -> dict[str, Any]:
    """The LINE event of `data` (v2: opened; v1: as it was sent, in plain). Never log what it returns."""
    if data.sealed_event is None:
        assert data.event is not None  # the model holds exactly one of the two
        return data.event
    box = data.sealed_event
    try:
        sealed = Sealed(box.kid, base64.b64decode(box.nonce), base64.b64decode(box.ct))
        plain = keyring.open_bytes(sealed, context=seal_context(envelope.id))
    except KeyringError as exc:
        raise UnreadableLineEvent(f"sealed with key {box.kid!r}, which this service does not have") from exc
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise UnreadableLineEvent(
            "sealed event does not open (altered, or sealed for another envelope)"
        ) from exc
    try:
        return read_event(plain)
    except RefusedInput as exc:
        raise UnreadableLineEvent(f"sealed event is not an acceptable LINE event ({exc.reason})") from exc
