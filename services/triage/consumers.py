"""Triage's consumers: `triage.line-events` (ordered per chat: one consulter's messages in order,
different consulters concurrently), `triage.feedback` (delivery and outcome reports) and
`triage.appointments` (outreach's appointment messages to send her). `triage.feedback` and
`triage.appointments` de-duplicate by envelope id through the Mongo inbox; `triage.line-events` needs
no inbox: its handler's ledger (`line_events`, `_id` = webhookEventId) already tells a redelivered
or re-sent event from a new one, so an inbox there would cost two more round trips per message for
nothing (issue 16). On each connection the console's live
fan-out starts first (adapters/live_fanout.py), so no notice of the consumers' work is missed."""

from __future__ import annotations

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from services.triage.adapters.live_fanout import LiveFanout
from services.triage.domain.line_events import chat_key
from services.triage.handlers import LineEventHandler
from services.triage.handlers.appointments import AppointmentHandler
from services.triage.handlers.feedback import FeedbackHandler
from shared.events import Envelope
from shared.messaging import EventConsumer, Inbox, Topology, service_queue


def consulter_order_key(envelope: Envelope) -> str | None:
    """Order `line.event.received` per chat; the key is used in memory only, never logged.
    v2 names the chat by a pseudonym (its event is sealed); v1 carried the event in plain."""
    chat_ref = envelope.data.get("chat_ref")
    if isinstance(chat_ref, str):
        return chat_ref
    event = envelope.data.get("event")
    return chat_key(event) if isinstance(event, dict) else None


class TriageConsumers:
    """What the broker supervisor starts on each fresh connection."""

    def __init__(
        self,
        *,
        line_events: LineEventHandler,
        feedback: FeedbackHandler,
        appointments: AppointmentHandler,
        live: LiveFanout,
        inbox: Inbox,
        topology: Topology,
        prefetch: int,
        registry: CollectorRegistry,
    ) -> None:
        self._line_events = line_events
        self._feedback = feedback
        self._appointments = appointments
        self._live = live
        self._inbox = inbox
        self._topology = topology
        self._prefetch = prefetch
        self._registry = registry

    async def __call__(self, connection: AbstractRobustConnection) -> list[EventConsumer]:
        """(line events, feedback, appointments); the feedback consumer starts first, so no report
        waits on a slow chat."""
        await self._live.start(connection)
        feedback = EventConsumer(
            connection,
            service_queue("triage.feedback"),
            self._feedback,
            topology=self._topology,
            inbox=self._inbox,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await feedback.start()
        line_events = EventConsumer(
            connection,
            service_queue("triage.line-events"),
            self._line_events,
            order_key=consulter_order_key,
            topology=self._topology,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await line_events.start()
        appointments = EventConsumer(
            connection,
            service_queue("triage.appointments"),
            self._appointments,
            topology=self._topology,
            inbox=self._inbox,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await appointments.start()
        return [line_events, feedback, appointments]
