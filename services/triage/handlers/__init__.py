"""The handler of `triage.line-events`: one LINE event in, its effects stored, its events published.

Order of work, which is what makes at-least-once delivery safe:
1. claim the event in `line_events` (`_id` = webhookEventId): done already → nothing to do;
2. apply its effects with idempotent writes keyed on ids derived from the first envelope;
3. publish the resulting events (ids derived the same way) and wait for the broker's confirms;
4. mark the event done; the consumer then records the envelope in the inbox and acks.
A crash anywhere before 4 redelivers the message and repeats 2–3 with the same ids: no loss, and
consumers de-duplicate the repeated events. Unknown event types are recorded and acked.
"""

from __future__ import annotations

import structlog

from services.triage.adapters.line_events import LineEventLog
from services.triage.domain import line_events as le
from services.triage.domain.ports import Clock, Publisher
from services.triage.handlers.chats import GroupChatReply
from services.triage.handlers.emit import Emitter
from services.triage.handlers.friends import FriendHandler
from services.triage.handlers.messages import MessageHandler
from services.triage.handlers.outcome import Handled
from services.triage.workflows.assign import Assigner
from shared.crypto import Keyring
from shared.events import Envelope, EventData, LineEventReceived
from shared.line_sealing import UnreadableLineEvent, open_line_event
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class LineEventHandler:
    """`Handler` for `EventConsumer` on `triage.line-events`."""

    def __init__(
        self,
        *,
        line_events: LineEventLog,
        messages: MessageHandler,
        friends: FriendHandler,
        group_chat: GroupChatReply,
        assigner: Assigner,
        publisher: Publisher,
        clock: Clock,
        keyring: Keyring,
    ) -> None:
        self._keyring = keyring  # opens the sealed LINE event (shared/line_sealing.py)
        self._line_events = line_events
        self._messages = messages
        self._friends = friends
        self._group_chat = group_chat
        self._assigner = assigner
        self._publisher = publisher
        self._clock = clock

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, LineEventReceived):
            raise Rejected(f"triage.line-events takes line.event.received, not {envelope.type}")
        try:  # opened here only, in memory: on the broker it is sealed
            raw_event = open_line_event(self._keyring, envelope, data)
        except UnreadableLineEvent as exc:
            raise Rejected(str(exc)) from exc  # no retry can open it: dead-lettered, still sealed
        event = le.parse_line_event(raw_event, received_at=data.received_at)
        head, key = event.head, data.webhook_event_id or envelope.id
        claim = await self._line_events.claim(
            key,
            envelope_id=envelope.id,
            event_type=head.event_type[:64],
            source_kind=head.source.kind,
            mode=head.mode,
            at=head.at,
            received_at=data.received_at,
        )
        if claim.done:
            log.info("line_event_already_handled", line_event_type=head.event_type[:64])
            return
        emit = Emitter(cause_id=claim.cause_id, causation_id=envelope.id, correlation_id=key)
        # Handlers bind consulter_id / case_id as they learn them; this scope ends those bindings.
        with structlog.contextvars.bound_contextvars(consulter_id=None, case_id=None):
            handled = await self._dispatch(event, emit, key, data)
            await self._publisher.publish_all(handled.envelopes)
            if handled.assign and handled.case_id is not None:
                # After her events are out: the queue changed (a new case, a higher level).
                await self._assigner.run(
                    self._clock(),
                    event_id=lambda case_id, _counselor, _now: emit.derive(case_id, "case.assigned"),
                    correlation_id=key,
                    correlated_case=handled.case_id,
                    causation_id=envelope.id,
                )
            await self._line_events.finish(
                key, outcome=handled.outcome, consulter_id=handled.consulter_id, case_id=handled.case_id
            )
            log.info(
                "line_event_handled",
                line_event_type=head.event_type[:64],
                outcome=handled.outcome,
                published=len(handled.envelopes),
                consulter_id=handled.consulter_id,
                case_id=handled.case_id,
            )

    async def _dispatch(
        self, event: le.LineInput, emit: Emitter, key: str, data: LineEventReceived
    ) -> Handled:
        match event:
            case le.MessageReceived():
                return await self._messages.on_message(event, emit, data.received_at)
            case le.MessageEdited():
                return await self._messages.on_edit(event, emit)
            case le.Unsent():
                return await self._messages.on_unsend(event)
            case le.Followed() | le.Unfollowed():
                return await self._friends.on_friendship(event, key, emit)
            case le.PostbackReceived():
                return await self._friends.on_postback(event, key, emit)
            case le.JoinedChat():
                return self._group_chat(event.head, emit, data.received_at)
            case le.RecordedOnly():
                return Handled("recorded")
            case _:
                # Recorded in line_events with its type; acked, never retried: retrying cannot help.
                log.warning("unknown_line_event", line_event_type=event.head.event_type[:64])
                return Handled("unknown_event")
