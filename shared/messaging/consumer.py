"""Running a handler on a queue, with an explicit choice for every outcome.

- the handler returns → the event is marked in the inbox, then acked;
- the handler raises `Rejected` (an expected domain failure that no retry can fix) → dead-lettered;
- the body is not a valid envelope of a known type and version (a poison message) → dead-lettered;
- anything else (a bug, a database or broker hiccup) → retried in process with backoff, then nacked
  back to the queue; after `delivery_limit` deliveries RabbitMQ dead-letters it.
An event already in the inbox is acked without running the handler again.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable

import structlog
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection
from prometheus_client import REGISTRY, CollectorRegistry, Counter
from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_not_exception_type, stop_after_attempt, wait_exponential_jitter

from shared.db_cost import working_on
from shared.events import Envelope, EventData, UnknownEventType, UnsupportedVersion, read_data
from shared.messaging.inbox import Inbox
from shared.messaging.topology import QueueSpec, Topology

log = structlog.get_logger(__name__)

Handler = Callable[[Envelope, EventData], Awaitable[None]]


# Keyed by the registry itself (weakly): an `id()` can be reused once a registry is gone, which would
# hand a new service a counter registered somewhere else.
_COUNTERS: weakref.WeakKeyDictionary[CollectorRegistry, Counter] = weakref.WeakKeyDictionary()


def _outcome_counter(registry: CollectorRegistry | None) -> Counter:
    """One counter per registry, shared by that service's consumers."""
    target = registry if registry is not None else REGISTRY
    if target not in _COUNTERS:
        _COUNTERS[target] = Counter(
            "events_consumed",
            "Events taken from a queue, by outcome (handled, duplicate, rejected, poison, retried).",
            ["queue", "outcome"],
            registry=target,
        )
    return _COUNTERS[target]


class Rejected(Exception):
    """Raised by a handler for an event that can never be processed; it goes to the dead-letter queue."""


class EventConsumer:
    """Consumes one queue with manual acks, prefetch, idempotency and dead-lettering."""

    def __init__(
        self,
        connection: AbstractRobustConnection,
        spec: QueueSpec,
        handler: Handler,
        *,
        topology: Topology | None = None,
        inbox: Inbox | None = None,
        prefetch: int = 32,
        serial: bool = False,
        order_key: Callable[[Envelope], str | None] | None = None,
        attempts: int = 3,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self._connection = connection
        self.spec = spec
        self._handler = handler
        self._topology = topology or Topology()
        self.queue_name = self._topology.queue_name(spec)
        self._inbox = inbox
        self._prefetch = prefetch
        # aio-pika runs each delivery as its own task (up to `prefetch` at once). `serial` keeps the
        # whole queue in delivery order; `order_key` only messages with the same key (one consulter's),
        # so different keys proceed concurrently. asyncio locks are FIFO, hence delivery order.
        self._lock = asyncio.Lock() if serial else None
        self._order_key = order_key
        self._key_locks: dict[str, asyncio.Lock] = {}
        self._key_waiters: dict[str, int] = {}
        self._attempts = attempts
        self._channel: AbstractChannel | None = None
        self.outcomes = _outcome_counter(registry)

    async def start(self) -> None:
        self._channel = await self._connection.channel()
        await self._channel.set_qos(prefetch_count=self._prefetch)
        queue = await self._topology.declare_queue(self._channel, self.spec)
        await queue.consume(self._on_message)

    async def close(self) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        try:
            envelope = Envelope.from_bytes(message.body)
            data = read_data(envelope)
        except (ValidationError, UnknownEventType, UnsupportedVersion, ValueError) as exc:
            log.error(
                "poison_message",
                queue=self.queue_name,
                message_id=message.message_id,
                error=type(exc).__name__,
            )
            self.outcomes.labels(self.queue_name, "poison").inc()
            await message.reject(requeue=False)
            return
        if self._lock is not None:
            async with self._lock:
                await self._process(message, envelope, data)
            return
        key = self._order_key(envelope) if self._order_key is not None else None
        if key is None:
            await self._process(message, envelope, data)
            return
        lock = self._key_locks.setdefault(key, asyncio.Lock())
        self._key_waiters[key] = self._key_waiters.get(key, 0) + 1
        try:
            async with lock:
                await self._process(message, envelope, data)
        finally:
            self._key_waiters[key] -= 1
            if self._key_waiters[key] == 0:
                del self._key_waiters[key], self._key_locks[key]

    async def _process(self, message: AbstractIncomingMessage, envelope: Envelope, data: EventData) -> None:
        with (
            structlog.contextvars.bound_contextvars(
                event_id=envelope.id, event_type=envelope.type, correlation_id=envelope.correlation_id
            ),
            working_on(envelope.type),  # the database commands it costs are counted under its type
        ):
            await self._handle(message, envelope, data)

    async def _handle(self, message: AbstractIncomingMessage, envelope: Envelope, data: EventData) -> None:
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self._attempts),
                wait=wait_exponential_jitter(multiplier=0.1, max=2.0),
                retry=retry_if_not_exception_type(Rejected),
                reraise=True,
            ):
                with attempt:
                    if self._inbox is not None and await self._inbox.seen(envelope.id):
                        self.outcomes.labels(self.queue_name, "duplicate").inc()
                        await message.ack()
                        return
                    await self._handler(envelope, data)
                    if self._inbox is not None:
                        await self._inbox.mark(envelope.id, envelope.type)
        except Rejected as exc:
            log.warning("event_rejected", queue=self.queue_name, reason=str(exc))
            self.outcomes.labels(self.queue_name, "rejected").inc()
            await message.reject(requeue=False)
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("event_handler_failed", queue=self.queue_name, redelivered=message.redelivered)
            self.outcomes.labels(self.queue_name, "retried").inc()
            await message.nack(requeue=True)
            return
        self.outcomes.labels(self.queue_name, "handled").inc()
        await message.ack()
