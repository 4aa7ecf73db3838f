"""A raw LINE webhook event (as ingress forwarded it) turned into a typed input for the handlers.

LINE adds event types and fields over time, and ingress passes on whatever it received, so parsing
never raises: anything it cannot make sense of becomes an `UnknownEvent`, which is recorded and acked.
The values of `Source.user_id`, `Source.chat_id`, `reply_token` and `text` are personal: never log them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from services.triage.domain.line_inputs import (
    EventHead,
    Followed,
    JoinedChat,
    LineInput,
    MessageEdited,
    MessageReceived,
    Mode,
    PostbackReceived,
    RecordedOnly,
    Source,
    SourceKind,
    Unfollowed,
    UnknownEvent,
    Unsent,
)

__all__ = [
    "MESSAGE_KINDS",
    "RECORDED_ONLY",
    "EventHead",
    "Followed",
    "JoinedChat",
    "LineInput",
    "MessageEdited",
    "MessageReceived",
    "Mode",
    "PostbackReceived",
    "RecordedOnly",
    "Source",
    "SourceKind",
    "Unfollowed",
    "UnknownEvent",
    "Unsent",
    "parse_line_event",
]

# Message kinds a case records; for all but text only the kind is kept (no content, no location).
MESSAGE_KINDS = frozenset({"text", "sticker", "image", "video", "audio", "file", "location"})
# Event types LINE documents that need nothing from triage beyond being recorded.
RECORDED_ONLY = frozenset(
    {"leave", "beacon", "accountLink", "memberJoined", "memberLeft", "videoPlayComplete", "things"}
)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _source(raw: Any) -> Source:
    src = _dict(raw)
    kind = src.get("type")
    user_id = _str(src.get("userId"))
    if kind == "user":
        return Source("user", user_id, None)
    if kind == "group":
        return Source("group", user_id, _str(src.get("groupId")))
    if kind == "room":
        return Source("room", user_id, _str(src.get("roomId")))
    return Source("unknown", user_id, None)


def _time(raw: Any, fallback: datetime) -> datetime:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 0:
        try:
            return datetime.fromtimestamp(raw / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return fallback
    return fallback


def parse_line_event(event: dict[str, Any], *, received_at: datetime) -> LineInput:
    """The typed input for one LINE event; `received_at` stands in for a missing or bad timestamp."""
    event_type = _str(event.get("type")) or "unknown"
    mode: Mode = "standby" if event.get("mode") == "standby" else "active"
    head = EventHead(
        event_type,
        _source(event.get("source")),
        _time(event.get("timestamp"), received_at),
        mode,
        _str(event.get("replyToken")),
    )
    message = _dict(event.get("message"))
    message_id = _str(message.get("id"))
    if event_type == "message" and message_id:
        kind = message.get("type")
        kind = kind if isinstance(kind, str) and kind in MESSAGE_KINDS else "unknown"
        text = message.get("text") if kind == "text" and isinstance(message.get("text"), str) else None
        if kind == "text" and text is None:
            return UnknownEvent(head)
        return MessageReceived(head, message_id, kind, text)
    if event_type == "messageEdited" and message_id and isinstance(message.get("text"), str):
        return MessageEdited(head, message_id, message["text"])
    if event_type == "follow":
        return Followed(head, _dict(event.get("follow")).get("isUnblocked") is True)
    if event_type == "unfollow":
        return Unfollowed(head)
    unsent_id = _str(_dict(event.get("unsend")).get("messageId"))
    if event_type == "unsend" and unsent_id:
        return Unsent(head, unsent_id)
    postback = _dict(event.get("postback"))
    if event_type == "postback" and isinstance(postback.get("data"), str):
        return PostbackReceived(head, postback["data"])
    if event_type == "join":
        return JoinedChat(head)
    if event_type in RECORDED_ONLY:
        return RecordedOnly(head)
    return UnknownEvent(head)


def chat_key(event: Mapping[str, Any]) -> str | None:
    """The chat a LINE event belongs to (user, group or room id): its messages are handled in order."""
    source = event.get("source")
    if not isinstance(source, Mapping):
        return None
    for field in ("userId", "groupId", "roomId"):
        value = source.get(field)
        if isinstance(value, str) and value:
            return value
    return None
