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

from services.triage.context import Publisher, TriageContext
from services.triage.domain import line_events as le
from services.triage.handlers.chats import group_chat_reply
from services.triage.handlers.emit import Emitter
from services.triage.handlers.friends import on_friendship, on_postback
from services.triage.handlers.messages import on_edit, on_message, on_unsend
from services.triage.handlers.outcome import Handled
from services.triage.workflows.assign import Assigner
from shared.events import Envelope, EventData, LineEventReceived
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class LineEventHandler:
    """`Handler` for `EventConsumer` on `triage.line-events`."""

    def __init__(self, ctx: TriageContext, publisher: Publisher) -> None:
        self._ctx = ctx
        self._publisher = publisher

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, LineEventReceived):
            raise Rejected(f"triage.line-events takes line.event.received, not {envelope.type}")
        event = le.parse_line_event(data.event, received_at=data.received_at)
        head, key = event.head, data.webhook_event_id or envelope.id
        claim = await self._ctx.line_events.claim(
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
                await Assigner(self._ctx, self._publisher).run(
                    self._ctx.clock(),
                    event_id=lambda case_id, _counselor, _now: emit.derive(case_id, "case.assigned"),
                    correlation_id=key,
                    correlated_case=handled.case_id,
                    causation_id=envelope.id,
                )
            await self._ctx.line_events.finish(
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
        ctx = self._ctx
        match event:
            case le.MessageReceived():
                return await on_message(ctx, event, emit, data.received_at)
            case le.MessageEdited():
                return await on_edit(ctx, event, emit)
            case le.Unsent():
                return await on_unsend(ctx, event)
            case le.Followed() | le.Unfollowed():
                return await on_friendship(ctx, event, key)
            case le.PostbackReceived():
                return await on_postback(ctx, event, key)
            case le.JoinedChat():
                return group_chat_reply(ctx, event.head, emit, data.received_at)
            case le.RecordedOnly():
                return Handled("recorded")
            case _:
                # Recorded in line_events with its type; acked, never retried: retrying cannot help.
                log.warning("unknown_line_event", line_event_type=event.head.event_type[:64])
                return Handled("unknown_event")
