"""What triage asks notifier to send is sealed on the broker (shared/outbound_sealing.py): the personal
part of `outbound.line.requested` and `partner.alert.requested` is ciphertext bound to its envelope,
opened only with the keys; v1 events are still read; everything else passes untouched."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from shared.crypto import Keyring, generate_key_spec
from shared.events import (
    AlertContact,
    CaseOpened,
    Envelope,
    RequestPartnerAlert,
    SealedContent,
    SealedPayload,
    SendLineMessage,
    envelope_for,
    read_data,
)
from shared.outbound_sealing import (
    SealingPublisher,
    UnreadableOutbound,
    is_sealed_on_the_wire,
    open_line_request,
    open_partner_alert,
    seal_outbound,
)

KEYS = Keyring.from_spec(generate_key_spec("k2"))
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
USER = "U" + "1234abcd" * 4
WORDS = "今夜は駅前の交番にいてください"


def request() -> SendLineMessage:
    return SendLineMessage(
        request_id="r-1",
        consulter_id="c_1",
        line_user_id=USER,
        messages=({"type": "text", "text": WORDS},),
        reply_token="reply-token-1",
        reply_token_received_at=NOW,
        case_id="case-1",
    )


def alert(**extra: object) -> RequestPartnerAlert:
    return RequestPartnerAlert(
        alert_id="a-1",
        partner_kind="police",
        category="dv_imminent",
        urgency="emergency",
        action="call_back",
        case_ref="C-1",
        contact=AlertContact(name="相談員 田中", role="counselor", phone="03-0000-0000"),
        **extra,  # type: ignore[arg-type]
    )


def on_the_wire(envelope: Envelope) -> Envelope:
    """What the broker holds: the bytes a sealed envelope becomes, read back."""
    return Envelope.from_bytes(seal_outbound(KEYS, envelope).to_bytes())


def test_a_line_request_is_sealed_and_opens_to_what_was_asked() -> None:
    envelope = envelope_for(request(), producer="triage", correlation_id="x")
    wire = on_the_wire(envelope)
    raw = wire.to_bytes().decode()
    assert USER not in raw and WORDS not in raw and "reply-token-1" not in raw
    assert wire.id == envelope.id and wire.version == 2 and is_sealed_on_the_wire(wire)
    data = read_data(wire)
    assert isinstance(data, SendLineMessage) and data.sealed is not None
    assert (data.request_id, data.consulter_id, data.case_id) == ("r-1", "c_1", "case-1")
    with pytest.raises(SealedContent):
        data.content()
    assert open_line_request(KEYS, wire, data) == request()


def test_alert_details_are_sealed_and_the_rest_stays_readable() -> None:
    details = {"name": "山田花子", "phone": "090-1234-5678"}
    wire = on_the_wire(envelope_for(alert(details=details), producer="triage", correlation_id="x"))
    raw = wire.to_bytes().decode()
    assert "山田" not in raw and "090-1234-5678" not in raw and "C-1" in raw
    data = read_data(wire)
    assert isinstance(data, RequestPartnerAlert) and data.details is None
    assert open_partner_alert(KEYS, wire, data) == alert(details=details)


def test_an_alert_without_details_and_other_events_pass_as_they_are() -> None:
    plain = envelope_for(alert(), producer="triage", correlation_id="x")
    assert seal_outbound(KEYS, plain) == plain
    opened = CaseOpened(case_id="k", consulter_id="c", reopened=False, opened_at=NOW)
    other = envelope_for(opened, producer="triage", correlation_id="x")
    assert seal_outbound(KEYS, other) == other


def test_sealing_twice_changes_nothing_more() -> None:
    once = seal_outbound(KEYS, envelope_for(request(), producer="triage", correlation_id="x"))
    assert seal_outbound(KEYS, once) == once


def test_a_sealed_part_opens_only_in_its_own_envelope_and_with_a_known_key() -> None:
    wire = on_the_wire(envelope_for(request(), producer="triage", correlation_id="x"))
    data = read_data(wire)
    assert isinstance(data, SendLineMessage)
    moved = wire.model_copy(update={"id": "another-envelope"})
    with pytest.raises(UnreadableOutbound):
        open_line_request(KEYS, moved, data)
    with pytest.raises(UnreadableOutbound, match="k2"):
        open_line_request(Keyring.from_spec(generate_key_spec("k9")), wire, data)
    box = data.sealed
    assert box is not None
    altered = data.model_copy(update={"sealed": SealedPayload(kid=box.kid, nonce=box.nonce, ct=box.ct[:-4] + "AAAA")})
    with pytest.raises(UnreadableOutbound):
        open_line_request(KEYS, wire, altered)


def test_v1_events_in_plain_are_still_read() -> None:
    v2 = envelope_for(request(), producer="triage", correlation_id="x")
    v1 = v2.model_copy(update={"version": 1})
    data = read_data(v1)
    assert isinstance(data, SendLineMessage) and open_line_request(KEYS, v1, data) == request()
    details = {"name": "山田花子"}
    old_alert = envelope_for(alert(details=details), producer="triage", correlation_id="x")
    data_alert = read_data(old_alert.model_copy(update={"version": 1}))
    assert isinstance(data_alert, RequestPartnerAlert) and data_alert.details == details


def test_a_request_is_either_plain_or_sealed() -> None:
    box = SealedPayload(kid="k2", nonce="AA==", ct="AA==")
    with pytest.raises(ValidationError):
        SendLineMessage(request_id="r", consulter_id="c", line_user_id=USER, messages=({"type": "text"},), sealed=box)
    with pytest.raises(ValidationError):
        SendLineMessage(request_id="r", consulter_id="c")
    with pytest.raises(ValidationError):
        alert(details={"a": "b"}, sealed_details=box)


class Recorder:
    def __init__(self) -> None:
        self.sent: list[Envelope] = []

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        self.sent.extend(envelopes)


async def test_the_sealing_publisher_seals_what_it_passes_on() -> None:
    inner = Recorder()
    publisher = SealingPublisher(inner, KEYS)
    opened = CaseOpened(case_id="k", consulter_id="c", reopened=False, opened_at=NOW)
    await publisher.publish_all(
        [
            envelope_for(request(), producer="triage", correlation_id="x"),
            envelope_for(opened, producer="triage", correlation_id="x"),
        ]
    )
    await publisher.publish(envelope_for(alert(details={"name": "山田花子"}), producer="triage", correlation_id="x"))
    assert [e.type for e in inner.sent] == ["outbound.line.requested", "case.opened", "partner.alert.requested"]
    assert all(is_sealed_on_the_wire(e) for e in inner.sent)
    assert USER not in str([e.data for e in inner.sent]) and "山田" not in str([e.data for e in inner.sent])
