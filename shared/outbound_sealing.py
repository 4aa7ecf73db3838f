"""Sealing what triage asks notifier to send, on the broker (DESIGN §5, issue 15).

`outbound.line.requested` carries a counselor's words and her raw LINE user id; `partner.alert.requested`
may carry personal details a counselor included. From v2 both travel sealed with the project's
keyring (AES-256-GCM, key ids for rotation; `shared/crypto.py`), like the LINE event inside
`line.event.received` (`shared/line_sealing.py`): the authenticated context is the event type and
the envelope id, so a sealed part cannot be moved into another envelope and still open.

- A producer builds the request in plain and publishes through `SealingPublisher`, which seals the
  personal part of every such envelope just before it leaves the process (`seal_outbound`), keeping
  its id: a re-published event is de-duplicated downstream as before.
- Notifier opens it in memory (`open_line_request`, `open_partner_alert`). A v1 event (plain, from
  before the upgrade) is read as it is.

Who can read what: triage (which writes them) and notifier (which sends them) hold ENCRYPTION_KEYS;
the broker, its queues and dead letters, its operators and any other consumer see only the clear
fields: ids, the consulter's pseudonym, purpose, silent, the reply token's time; for an alert the
partner or kind, category, urgency, action, case reference and the staff contact.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag

from shared.crypto import Keyring, KeyringError, Sealed
from shared.events import Envelope, RequestPartnerAlert, SealedPayload, SendLineMessage

LINE_FIELDS = ("line_user_id", "messages", "reply_token")


class UnreadableOutbound(ValueError):
    """A sealed part that no retry can open (unknown key id, altered, another envelope's). A consumer
    rejects it, so it is dead-lettered as it is — still sealed — for operations to look at."""


def seal_context(event_type: str, envelope_id: str) -> str:
    return f"{event_type}:{envelope_id}"


def _seal(keyring: Keyring, value: Any, context: str) -> dict[str, str]:
    plain = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    sealed = keyring.seal_bytes(plain, context=context)
    return SealedPayload(
        kid=sealed.key_id,
        nonce=binascii.b2a_base64(sealed.nonce, newline=False).decode("ascii"),
        ct=binascii.b2a_base64(sealed.ciphertext, newline=False).decode("ascii"),
    ).model_dump()


def _open(keyring: Keyring, box: SealedPayload, context: str) -> Any:
    try:
        sealed = Sealed(box.kid, base64.b64decode(box.nonce), base64.b64decode(box.ct))
        return json.loads(keyring.open_bytes(sealed, context=context))
    except KeyringError as exc:
        raise UnreadableOutbound(f"sealed with key {box.kid!r}, which this service does not have") from exc
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise UnreadableOutbound("sealed part does not open (altered, or sealed for another envelope)") from exc


def seal_outbound(keyring: Keyring, envelope: Envelope) -> Envelope:
    """`envelope` with its personal part sealed (the same id); any other envelope as it is."""
    data = dict(envelope.data)
    context = seal_context(envelope.type, envelope.id)
    if envelope.type == SendLineMessage.TYPE and data.get("sealed") is None:
        content = {name: data.pop(name, None) for name in LINE_FIELDS}
        data["sealed"] = _seal(keyring, content, context)
    elif envelope.type == RequestPartnerAlert.TYPE and data.get("details") is not None:
        data["sealed_details"] = _seal(keyring, data.pop("details"), context)
    else:
        return envelope
    return envelope.model_copy(update={"data": data, "version": max(envelope.version, 2)})


def open_line_request(keyring: Keyring, envelope: Envelope, request: SendLineMessage) -> SendLineMessage:
    """The request with its content in plain (a v1 request is returned as it is). Never log it."""
    if request.sealed is None:
        return request
    content = _open(keyring, request.sealed, seal_context(envelope.type, envelope.id))
    if not isinstance(content, dict) or set(content) - set(LINE_FIELDS):
        raise UnreadableOutbound("sealed part is not an outbound LINE request's content")
    try:
        return SendLineMessage.model_validate(
            {**request.model_dump(exclude={"sealed"}), **content, "sealed": None}
        )
    except ValueError as exc:  # pydantic's ValidationError: what was sealed is not a valid request
        raise UnreadableOutbound("sealed part is not a valid outbound LINE request") from exc


def open_partner_alert(
    keyring: Keyring, envelope: Envelope, alert: RequestPartnerAlert
) -> RequestPartnerAlert:
    """The alert with its details in plain (none sealed, or v1: as it is). Never log them."""
    if alert.sealed_details is None:
        return alert
    details = _open(keyring, alert.sealed_details, seal_context(envelope.type, envelope.id))
    if not isinstance(details, dict) or not all(isinstance(v, str) for v in details.values()):
        raise UnreadableOutbound("sealed part is not an alert's details")
    return alert.model_copy(update={"details": details, "sealed_details": None})


def is_sealed_on_the_wire(envelope: Envelope) -> bool:
    """Whether nothing personal of `envelope` is in plain (what `seal_outbound` guarantees)."""
    if envelope.type == SendLineMessage.TYPE:
        return envelope.data.get("sealed") is not None and all(
            envelope.data.get(name) is None for name in LINE_FIELDS
        )
    if envelope.type == RequestPartnerAlert.TYPE:
        return envelope.data.get("details") is None
    return True


class BatchPublisher(Protocol):
    async def publish_all(self, envelopes: Iterable[Envelope]) -> None: ...


class SealingPublisher:
    """Seals the personal part of `outbound.line.requested` and `partner.alert.requested` before the
    envelopes go to `inner` (the broker); every other envelope passes as it is."""

    def __init__(self, inner: BatchPublisher, keyring: Keyring) -> None:
        self._inner = inner
        self._keyring = keyring

    async def publish(self, envelope: Envelope) -> None:
        await self.publish_all((envelope,))

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        await self._inner.publish_all([seal_outbound(self._keyring, e) for e in envelopes])
