"""The typed inputs a LINE webhook event becomes (see `line_events.parse_line_event`).

The values of `Source.user_id`, `Source.chat_id`, `EventHead.reply_token` and any `text` or `data`
are personal: never log them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

SourceKind = Literal["user", "group", "room", "unknown"]
Mode = Literal["active", "standby"]


@dataclass(frozen=True, slots=True)
class Source:
    """Who the event came from: a one-to-one chat with a user, or a group or room."""

    kind: SourceKind
    user_id: str | None
    chat_id: str | None


@dataclass(frozen=True, slots=True)
class EventHead:
    """What every event has: its LINE type, source, time, mode and (maybe) a reply token."""

    event_type: str
    source: Source
    at: datetime
    mode: Mode
    reply_token: str | None


@dataclass(frozen=True, slots=True)
class MessageReceived:
    head: EventHead
    line_message_id: str
    kind: str  # one of MESSAGE_KINDS, or "unknown" for a message type LINE adds later
    text: str | None  # only for kind == "text"


@dataclass(frozen=True, slots=True)
class Followed:
    head: EventHead
    unblocked: bool  # `follow.isUnblocked`: a returning friend, not a new one


@dataclass(frozen=True, slots=True)
class Unfollowed:
    head: EventHead


@dataclass(frozen=True, slots=True)
class Unsent:
    head: EventHead
    line_message_id: str


@dataclass(frozen=True, slots=True)
class MessageEdited:
    head: EventHead
    line_message_id: str
    text: str


@dataclass(frozen=True, slots=True)
class PostbackReceived:
    head: EventHead
    data: str


@dataclass(frozen=True, slots=True)
class JoinedChat:
    """The account was added to a group or room."""

    head: EventHead


@dataclass(frozen=True, slots=True)
class RecordedOnly:
    """A documented event triage has no use for (beacon, leave, memberJoined, ...)."""

    head: EventHead


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    """An event of a type we do not know, or one missing what its type needs."""

    head: EventHead


LineInput = (
    MessageReceived
    | Followed
    | Unfollowed
    | Unsent
    | MessageEdited
    | PostbackReceived
    | JoinedChat
    | RecordedOnly
    | UnknownEvent
)
