"""Names and declarations of the broker's topology (DESIGN §3).

- `tsunagari.events`: topic exchange, durable; routing key = event type.
- `<service>.<purpose>`: quorum queues with an explicit delivery limit (Debian's RabbitMQ 3.10 has none
  by default; 4.x defaults to 20), dead-lettering to `tsunagari.dead` with the queue's own name as
  routing key, so each queue's rejects land in `<queue>.dead`, where operations see them.

`SERVICE_QUEUES` lists every queue of every service. Each service declares all of them at start, so
an event published before its consumer first ran is kept, not returned as unroutable. A `prefix`
(empty in production) gives tests and side-by-side environments their own names on one broker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue

EVENTS_EXCHANGE = "tsunagari.events"
DEAD_EXCHANGE = "tsunagari.dead"


@dataclass(frozen=True)
class QueueSpec:
    """A consumer's queue: its name (`<service>.<purpose>`) and the event types it takes."""

    name: str
    routing_keys: Sequence[str]
    delivery_limit: int | None = None
    """Deliveries before RabbitMQ dead-letters a message; None takes the deployment's DELIVERY_LIMIT."""


# Who consumes what. Keep docs/events.md and deploy/rabbitmq/definitions.json in step.
SERVICE_QUEUES: tuple[QueueSpec, ...] = (
    QueueSpec("triage.line-events", ["line.event.received"]),
    QueueSpec(
        "triage.feedback",
        [
            "outbound.line.delivered",
            "outbound.line.failed",
            "outbound.line.retry_scheduled",
            "partner.alert.delivered",
            "partner.alert.failed",
            "partner.alert.retry_scheduled",
            "outreach.scheduled",
            "outreach.completed",
            "outreach.cancelled",
        ],
    ),
    # Her appointment messages, which outreach asks for: sent by triage, so the conversation stays whole.
    QueueSpec("triage.appointments", ["outreach.message.requested"]),
    QueueSpec(
        "outreach.requests",
        [
            "outreach.requested",
            "outreach.proposed",
            "outreach.consent.withdrawn",
            "outreach.reply.received",
            "case.closed",
        ],
    ),
    QueueSpec("notifier.line-outbound", ["outbound.line.requested"]),
    QueueSpec("notifier.partner-alerts", ["partner.alert.requested"]),
    # Everything the programme's figures are made of (services/reports/domain/projection.py says
    # what each one feeds).
    QueueSpec(
        "reports.events",
        [
            "consulter.friendship.changed",
            "consulter.intake.recorded",
            "consulter.message.received",
            "case.opened",
            "case.risk.assessed",
            "case.first_response.given",
            "case.escalated",
            "case.closed",
            "case.referred",
            "partner.alert.delivered",
            "partner.alert.failed",
            "outreach.proposed",
            "outreach.requested",
            "outreach.consent.withdrawn",
            "outreach.scheduled",
            "outreach.completed",
            "outreach.cancelled",
        ],
    ),
)


CONSUMED_TYPES: frozenset[str] = frozenset(key for spec in SERVICE_QUEUES for key in spec.routing_keys)
"""Event types some service must act on. They are published `mandatory`: if no queue would take one,
the publish fails instead of the event vanishing. The other events (`case.opened`, `case.assigned`,
...) are notifications nobody consumes yet; the broker still confirms them, and drops them until a
queue binds to them."""


def service_queue(name: str) -> QueueSpec:
    for spec in SERVICE_QUEUES:
        if spec.name == name:
            return spec
    raise KeyError(name)


@dataclass(frozen=True)
class Topology:
    """The exchange and queue names in force; `prefix` is empty in production."""

    prefix: str = ""
    delivery_limit: int = 10
    # Quorum in every deployment. Test suites may choose classic queues, which a broker creates and
    # deletes far more cheaply (hundreds of short-lived quorum queues wedged Debian's RabbitMQ 3.10);
    # the tests of quorum-only behaviour (the delivery limit) ask for quorum explicitly.
    queue_type: Literal["quorum", "classic"] = "quorum"
    declared: set[str] = field(default_factory=set, compare=False, repr=False)
    """Queue names this instance declared (so a test can remove exactly what it made)."""

    @property
    def events_exchange(self) -> str:
        return f"{self.prefix}{EVENTS_EXCHANGE}"

    @property
    def dead_exchange(self) -> str:
        return f"{self.prefix}{DEAD_EXCHANGE}"

    def delivery_limit_of(self, spec: QueueSpec) -> int:
        return spec.delivery_limit if spec.delivery_limit is not None else self.delivery_limit

    def queue_name(self, spec: QueueSpec) -> str:
        return f"{self.prefix}{spec.name}"

    def dead_queue_name(self, spec: QueueSpec) -> str:
        return f"{self.queue_name(spec)}.dead"

    async def declare_exchanges(self, channel: AbstractChannel) -> tuple[AbstractExchange, AbstractExchange]:
        events = await channel.declare_exchange(
            self.events_exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        dead = await channel.declare_exchange(self.dead_exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        return events, dead

    async def declare_queue(self, channel: AbstractChannel, spec: QueueSpec) -> AbstractQueue:
        """Declare `spec`'s queue, its bindings, and its dead-letter queue; returns the work queue."""
        events, dead = await self.declare_exchanges(channel)
        name = self.queue_name(spec)
        dead_queue = await channel.declare_queue(
            self.dead_queue_name(spec), durable=True, arguments={"x-queue-type": self.queue_type}
        )
        await dead_queue.bind(dead, routing_key=name)
        arguments: dict[str, Any] = {
            "x-queue-type": self.queue_type,
            "x-dead-letter-exchange": self.dead_exchange,
            "x-dead-letter-routing-key": name,
        }
        if self.queue_type == "quorum":
            arguments["x-delivery-limit"] = self.delivery_limit_of(spec)
        queue = await channel.declare_queue(name, durable=True, arguments=arguments)
        self.declared.add(name)
        for key in spec.routing_keys:
            await queue.bind(events, routing_key=key)
        return queue

    async def declare_all(
        self, channel: AbstractChannel, specs: Sequence[QueueSpec] = SERVICE_QUEUES
    ) -> None:
        """Declare the whole topology (idempotent; arguments must match what already exists)."""
        for spec in specs:
            await self.declare_queue(channel, spec)

    async def delete_all(self, channel: AbstractChannel, queue_names: Iterable[str] | None = None) -> None:
        """Remove queues (each with its `.dead` queue) and both exchanges: for tests and benchmarks,
        which run under a prefix of their own on a shared broker. Default: every service queue."""
        names = set(queue_names) if queue_names is not None else {self.queue_name(s) for s in SERVICE_QUEUES}
        for name in sorted(names):
            await channel.queue_delete(name)
            await channel.queue_delete(f"{name}.dead")
        await channel.exchange_delete(self.events_exchange)
        await channel.exchange_delete(self.dead_exchange)
