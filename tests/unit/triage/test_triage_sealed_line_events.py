"""Triage's side of the sealed `line.event.received` (v2): it opens what ingress sealed, keeps one
chat's events in order by the pseudonym ingress sends, and dead-letters what does not open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from services.ingress.domain.webhook import to_envelopes
from services.triage.bootstrap import Triage
from services.triage.consumers import consulter_order_key
from shared.crypto import Keyring, generate_key_spec
from shared.events import CaseRiskAssessed, Envelope, read_data
from shared.line_input import read_webhook
from shared.messaging import Rejected
from tests.support.line import body_of
from tests.unit.triage.support_triage import NOW, USER, FakePublisher, line_envelope, text_event


def from_ingress(ctx: Triage, *events: dict[str, Any], keyring: Keyring | None = None) -> list[Envelope]:
    """Envelopes exactly as ingress publishes them, sealed with (by default) triage's own keys."""
    return to_envelopes(
        read_webhook(body_of(list(events))),
        NOW,
        keyring=keyring or Keyring.from_spec(ctx.settings.encryption_keys),  # triage's own keys
        pseudonym_key=ctx.settings.pseudonym_key,
    )


async def test_a_sealed_message_is_opened_and_handled(
    handle: Any, publisher: FakePublisher, ctx: Triage
) -> None:
    [envelope] = from_ingress(ctx, text_event("今夜帰ってきたら殺される"))
    assert "殺".encode() not in envelope.to_bytes()

    await handle(envelope)

    assessed = read_data(publisher.of_type("case.risk.assessed")[0])
    assert isinstance(assessed, CaseRiskAssessed) and assessed.level == "emergency"


async def test_an_event_that_does_not_open_is_rejected_not_retried(handle: Any, ctx: Triage) -> None:
    [foreign] = from_ingress(ctx, text_event("x"), keyring=Keyring.from_spec(generate_key_spec("elsewhere")))
    with pytest.raises(Rejected):
        await handle(foreign)
    [mine, other] = from_ingress(ctx, text_event("a"), text_event("b"))
    swapped = mine.model_copy(update={"data": {**mine.data, "sealed_event": other.data["sealed_event"]}})
    with pytest.raises(Rejected):
        await handle(swapped)


def test_one_chat_keeps_one_order_key_without_its_raw_id(ctx: Triage) -> None:
    hers = from_ingress(ctx, text_event("1"), text_event("2", at=NOW + timedelta(seconds=1)))
    [someone_else] = from_ingress(ctx, text_event("3", user="U" + "c" * 32))
    keys = [consulter_order_key(e) for e in [*hers, someone_else]]
    assert keys[0] == keys[1] != keys[2]
    assert all(key and USER not in key for key in keys)
    assert consulter_order_key(line_envelope(text_event("v1"))) == USER  # the plain (v1) form: its chat id
