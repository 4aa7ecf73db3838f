"""Every event of the SDK's webhook fixture, and malformed ones, become a typed input; none raises."""

from datetime import UTC, datetime
from typing import Any

import pytest

from services.triage.domain import line_events as le
from tests.unit.triage.support_triage import fixture_events

RECEIVED = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

# (input type, source kind, message kind or None) for each of the 28 events, in file order.
EXPECTED: list[tuple[type, str, str | None]] = [
    (le.MessageReceived, "user", "text"),
    (le.MessageReceived, "room", "image"),
    (le.MessageReceived, "user", "video"),
    (le.MessageReceived, "user", "audio"),
    (le.MessageReceived, "user", "location"),
    (le.MessageReceived, "user", "sticker"),
    (le.Followed, "user", None),
    (le.Unfollowed, "user", None),
    (le.JoinedChat, "group", None),
    (le.RecordedOnly, "group", None),  # leave
    (le.PostbackReceived, "user", None),
    (le.RecordedOnly, "user", None),  # beacon
    (le.RecordedOnly, "user", None),  # beacon with dm
    (le.RecordedOnly, "user", None),  # accountLink
    (le.MessageReceived, "group", "text"),
    (le.MessageReceived, "room", "text"),
    (le.PostbackReceived, "user", None),
    (le.PostbackReceived, "user", None),
    (le.PostbackReceived, "user", None),
    (le.RecordedOnly, "group", None),  # memberJoined
    (le.RecordedOnly, "group", None),  # memberLeft
    (le.MessageReceived, "user", "file"),
    (le.Unsent, "group", None),
    (le.RecordedOnly, "user", None),  # videoPlayComplete
    (le.MessageReceived, "user", "image"),  # image set, content from LINE
    (le.MessageReceived, "user", "text"),  # a redelivery
    (le.MessageEdited, "user", None),
    (le.UnknownEvent, "user", None),  # type "undefined"
]


def test_fixture_has_28_events_with_distinct_ids() -> None:
    events = fixture_events()
    assert len(events) == len(EXPECTED) == 28
    assert len({e["webhookEventId"] for e in events}) == 28


@pytest.mark.parametrize(("index", "expected"), list(enumerate(EXPECTED)))
def test_fixture_event_maps(index: int, expected: tuple[type, str, str | None]) -> None:
    kind_type, source_kind, message_kind = expected
    parsed = le.parse_line_event(fixture_events()[index], received_at=RECEIVED)
    assert type(parsed) is kind_type
    assert parsed.head.source.kind == source_kind
    assert parsed.head.at == datetime.fromtimestamp(fixture_events()[index]["timestamp"] / 1000, tz=UTC)
    if message_kind is not None:
        assert isinstance(parsed, le.MessageReceived) and parsed.kind == message_kind


def test_only_text_keeps_content() -> None:
    parsed = [le.parse_line_event(e, received_at=RECEIVED) for e in fixture_events()]
    messages = [p for p in parsed if isinstance(p, le.MessageReceived)]
    assert {m.kind for m in messages if m.text is not None} == {"text"}
    sticker = next(m for m in messages if m.kind == "sticker")
    assert sticker.text is None  # the sticker's own "text" (its keywords) is not kept


def test_follow_unblocked_group_ids_and_unsend_target() -> None:
    events = fixture_events()
    follow = le.parse_line_event(events[6], received_at=RECEIVED)
    assert isinstance(follow, le.Followed) and follow.unblocked is True
    group_text = le.parse_line_event(events[14], received_at=RECEIVED)
    assert group_text.head.source.chat_id == "Ca56f94637cc4347f90a25382909b24b9"
    unsend = le.parse_line_event(events[22], received_at=RECEIVED)
    assert isinstance(unsend, le.Unsent) and unsend.line_message_id == "325708"
    unfollow = le.parse_line_event(events[7], received_at=RECEIVED)
    assert unfollow.head.reply_token is None


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"type": None},
        {"type": "message"},
        {"type": "message", "message": {"id": "1", "type": "text"}},  # text without text
        {"type": "message", "message": "not a dict", "source": "nor this"},
        {"type": "unsend", "unsend": {}},
        {"type": "follow", "timestamp": "yesterday"},
        {"type": "message", "timestamp": 10**20, "message": {"id": "1", "type": "hologram"}},
        {"type": "postback", "postback": {"data": 5}},
    ],
)
def test_malformed_events_never_raise(event: dict[str, Any]) -> None:
    parsed = le.parse_line_event(event, received_at=RECEIVED)
    assert parsed.head.at in (RECEIVED, parsed.head.at)
    assert isinstance(parsed, le.UnknownEvent | le.MessageReceived | le.Followed)


def test_future_message_type_is_recorded_as_unknown_kind() -> None:
    event = {
        "type": "message",
        "source": {"type": "user", "userId": "U1"},
        "message": {"id": "9", "type": "hologram"},
    }
    parsed = le.parse_line_event(event, received_at=RECEIVED)
    assert isinstance(parsed, le.MessageReceived) and parsed.kind == "unknown" and parsed.text is None
    assert parsed.head.at == RECEIVED  # no timestamp: the time ingress received it


def test_standby_mode() -> None:
    event = {**fixture_events()[0], "mode": "standby"}
    assert le.parse_line_event(event, received_at=RECEIVED).head.mode == "standby"
