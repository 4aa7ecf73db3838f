"""Spooled envelopes written before the event was sealed (`line.event.received` v1, plain text on
disk) are brought to v2 when the spool drains, so no plain event reaches the broker after an upgrade;
they are checked by today's input rules on the way, and what fails them is quarantined."""

from __future__ import annotations

import pydantic_core
from pydantic import ValidationError

from shared.crypto import Keyring
from shared.events import Envelope, LineEventReceived
from shared.line_input import RefusedInput, chat_id, read_event
from shared.line_sealing import seal_line_event
from shared.pseudonym import consulter_pseudonym


class Quarantine(Exception):
    """This spooled envelope must be kept aside, not published; `reason` is a short code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def sealed_if_legacy(envelope: Envelope, *, keyring: Keyring, pseudonym_key: str) -> Envelope:
    """`envelope` as it is, or its v1 LINE event re-checked and sealed under the same envelope id."""
    if envelope.type != LineEventReceived.TYPE or envelope.version >= LineEventReceived.VERSION:
        return envelope
    data = dict(envelope.data)
    try:
        event = read_event(pydantic_core.to_json(data.pop("event", None)))
    except RefusedInput as exc:
        raise Quarantine(exc.reason) from None
    except pydantic_core.PydanticSerializationError:
        raise Quarantine("malformed") from None
    chat = chat_id(event)
    try:
        upgraded = LineEventReceived.model_validate(
            {
                **data,
                "sealed_event": seal_line_event(keyring, event, envelope_id=envelope.id),
                "chat_ref": consulter_pseudonym(chat, pseudonym_key) if chat else None,
            }
        )
    except ValidationError:
        raise Quarantine("malformed") from None
    return envelope.model_copy(
        update={"version": LineEventReceived.VERSION, "data": upgraded.model_dump(mode="json")}
    )
