"""The one definition of acceptable LINE input: the probe's cases, the repair, and that what ingress
accepts (`read_webhook`) triage reads back (`read_event`) unchanged."""

from __future__ import annotations

import json

import pydantic_core
import pytest

from shared.line_input import (
    KNOWN_EVENT_TYPES,
    MAX_DEPTH,
    RefusedInput,
    event_type_label,
    read_event,
    read_webhook,
)
from tests.support.line import fixture_webhook


def body(event_json: str, destination: str = '"Ubot"') -> bytes:
    return f'{{"destination": {destination}, "events": [{event_json}]}}'.encode()


def nested(depth: int) -> str:
    """An event whose `x` holds `depth` nested lists: the body is then 3 + depth deep."""
    return '{"type": "message", "x": ' + "[" * depth + "]" * depth + "}"


REFUSED = {
    "integer over 4,300 digits": (
        body('{"type": "message", "x": ' + "9" * 4301 + "}"),
        "number_out_of_range",
    ),
    "integer over 64 bits": (body('{"type": "message", "x": 9223372036854775808}'), "number_out_of_range"),
    "float overflowing to infinity": (body('{"type": "message", "x": 1e400}'), "number_out_of_range"),
    "NaN": (body('{"type": "message", "x": NaN}'), "not_json"),
    "nesting 500": (body(nested(500)), "too_deep"),
    "nesting 100,000": (body(nested(100_000)), "too_deep"),
    "depth 200 (triage's parser stops here)": (body(nested(197)), "too_deep"),
    "one over the limit": (body(nested(MAX_DEPTH - 2)), "too_deep"),
    "webhookEventId over 255 bytes": (
        body(json.dumps({"type": "message", "webhookEventId": "0" * 300})),
        "field_too_long",
    ),
    "webhookEventId not ASCII": (
        body(json.dumps({"type": "message", "webhookEventId": "é"}, ensure_ascii=False)),
        "field_too_long",
    ),
    "webhookEventId not a string": (body('{"type": "message", "webhookEventId": 7}'), "malformed"),
    "replyToken of 10,000": (
        body(json.dumps({"type": "message", "replyToken": "t" * 10_000})),
        "field_too_long",
    ),
    "nested userId of 10,000": (
        body(json.dumps({"type": "message", "source": {"type": "user", "userId": "U" * 10_000}})),
        "field_too_long",
    ),
    "type of 1,000": (body(json.dumps({"type": "m" * 1000})), "field_too_long"),
    "destination over 128": (
        body('{"type": "message"}', destination=json.dumps("U" * 129)),
        "field_too_long",
    ),
    "destination missing": (b'{"events": []}', "malformed"),
    "not UTF-8": (b"\xff\xfe", "not_json"),
    "not JSON": (b'{"destination": "U1", "events": [', "not_json"),
    "an array": (b"[]", "malformed"),
    "events not a list": (b'{"destination": "U1", "events": {}}', "malformed"),
    "event not an object": (b'{"destination": "U1", "events": [1]}', "malformed"),
    "event without type": (b'{"destination": "U1", "events": [{"no": "type"}]}', "malformed"),
}


@pytest.mark.parametrize(("raw", "reason"), REFUSED.values(), ids=REFUSED.keys())
def test_unacceptable_input_is_refused_with_a_reason_and_no_content(raw: bytes, reason: str) -> None:
    with pytest.raises(RefusedInput) as refused:
        read_webhook(raw)
    assert refused.value.reason == reason
    assert len(refused.value.detail) < 120 and "0000" not in refused.value.detail


def test_what_line_sends_is_accepted_as_it_is() -> None:
    document = fixture_webhook()
    webhook = read_webhook(json.dumps(document).encode())
    assert list(webhook.events) == document["events"] and webhook.repaired_strings == 0
    deepest_allowed = read_webhook(body(nested(MAX_DEPTH - 3)))
    assert len(deepest_allowed.events) == 1
    assert read_webhook(body('{"type": "message", "x": -9223372036854775808}')).events[0]["x"] == -(2**63)


def test_lone_surrogates_are_repaired_not_refused_and_pairs_kept() -> None:
    raw = body(
        '{"type": "message", "message": {"type": "text", "text": "助けて\\ud800 \\ud83d\\ude22"}, "k\\udfff": 1}'
    )
    webhook = read_webhook(raw)
    event = webhook.events[0]
    assert event["message"]["text"] == "助けて\ufffd 😢"
    assert "k\ufffd" in event
    assert webhook.repaired_strings == 2
    pydantic_core.to_json(event)  # now encodable as UTF-8


def test_what_ingress_accepts_triage_reads_back_unchanged() -> None:
    for event in [*fixture_webhook()["events"], json.loads(nested(MAX_DEPTH - 3))]:
        accepted = read_webhook(json.dumps({"destination": "U1", "events": [event]}).encode()).events[0]
        assert read_event(pydantic_core.to_json(accepted)) == accepted


def test_metric_labels_are_bounded() -> None:
    assert event_type_label("message") == "message"
    assert event_type_label("x" * 60) == "other"
    assert {event_type_label(f"made-up-{n}") for n in range(20)} == {"other"}
    assert {e["type"] for e in fixture_webhook()["events"]} - KNOWN_EVENT_TYPES == {"undefined"}
