"""What handling one LINE event came to: a short outcome code (kept in `line_events`, logged) and
the events to publish once the database writes are done."""

from __future__ import annotations

from dataclasses import dataclass, field

from shared.events import Envelope


@dataclass(frozen=True, slots=True)
class Handled:
    outcome: str  # e.g. case_message, group_chat_reply, standby, unknown_event (never content)
    envelopes: list[Envelope] = field(default_factory=list)
    consulter_id: str | None = None
    case_id: str | None = None
    assign: bool = False  # the case opened or its level changed: run assignment after publishing
