"""Connecting a service to RabbitMQ: retry until the broker answers, then declare the topology,
start a confirmed publisher and the service's consumers.

A service starts (and answers /healthz) even while the broker is down; /readyz says so. A failed
attempt closes whatever it had opened before the next one, with backoff. Once connected, aio-pika's
robust connection restores channels and consumers after a loss, and `came_back` is set each time,
so work that waited for the broker (ingress's spool, deferred results) can resume.

The supervisor's `publisher` exists from construction, so a service's wiring root builds every
handler with it once, before the broker has answered (nothing is patched in later); publishing
through it before the broker is connected raises `PublishFailed`, which callers treat as "not now".
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import structlog
from aio_pika.abc import AbstractRobustConnection

from shared.config import CommonSettings
from shared.events import Envelope
from shared.messaging import (
    EventConsumer,
    EventPublisher,
    Inbox,
    PublishFailed,
    Topology,
    connect,
    service_queue,
)
from shared.messaging.consumer import Handler

log = structlog.get_logger(__name__)

OnConnected = Callable[[AbstractRobustConnection], Awaitable[list[EventConsumer]]]


class OneQueue:
    """The `OnConnected` of a service that consumes one queue, de-duplicated by envelope id through
    its inbox (outreach, reports): its consumer, started on each fresh connection."""

    def __init__(self, queue: str, handler: Handler, *, inbox: Inbox, topology: Topology, prefetch: int, registry: Any) -> None:
        self._queue, self._handler = queue, handler
        self._inbox, self._topology, self._prefetch, self._registry = inbox, topology, prefetch, registry

    async def __call__(self, connection: AbstractRobustConnection) -> list[EventConsumer]:
        consumer = EventConsumer(
            connection,
            service_queue(self._queue),
            self._handler,
            topology=self._topology,
            inbox=self._inbox,
            prefetch=self._prefetch,
            registry=self._registry,
        )
        await consumer.start()
        return [consumer]
"""Starts the service's consumers on a fresh connection; returns them so the supervisor closes them."""


class SupervisedPublisher:
    """Publishes with confirms through the channel its `BrokerSupervisor` has open right now."""

    def __init__(self) -> None:
        self._current: EventPublisher | None = None

    @property
    def connected(self) -> bool:
        return self._current is not None

    async def publish(self, envelope: Envelope) -> None:
        await self.publish_all((envelope,))

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        """Returns once the broker confirmed every envelope; `PublishFailed` otherwise."""
        current = self._current
        if current is None:
            raise PublishFailed("broker not connected")
        await current.publish_all(envelopes)

    def _use(self, current: EventPublisher | None) -> None:
        # Only BrokerSupervisor switches channels: on connecting, and to None on closing.
        self._current = current


class BrokerSupervisor:
    def __init__(
        self,
        settings: CommonSettings,
        name: str,
        on_connected: OnConnected | None = None,
        *,
        confirm_timeout: float = 10.0,
        max_delay: float = 15.0,
        publisher: SupervisedPublisher | None = None,
    ) -> None:
        """`publisher`: the one the service's wiring already handed to its handlers (else a new one)."""
        self._settings = settings
        self._name = name
        self._on_connected = on_connected
        self._confirm_timeout = confirm_timeout
        self._max_delay = max_delay
        self.connection: AbstractRobustConnection | None = None
        self.publisher = publisher or SupervisedPublisher()
        self._channel_publisher: EventPublisher | None = None
        self.consumers: list[EventConsumer] = []
        self.ready = asyncio.Event()
        self.came_back = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        return self.ready.is_set() and self.connection is not None and self.connection.connected.is_set()

    def start(self) -> None:
        """Connect in the background (`run`), until connected or `stop`."""
        self._task = asyncio.create_task(self.run(), name=f"{self._name}-broker")

    async def stop(self, grace: float = 5.0) -> None:
        """Stop trying and close. An attempt in progress is let finish (bounded by `grace`) rather
        than cancelled: cancelling aio-pika mid-connect can leave its reconnect task behind, and the
        process would never exit."""
        self._stopping.set()
        if self._task is not None:
            done, _ = await asyncio.wait({self._task}, timeout=grace)
            if not done:
                self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self.close()

    async def run(self) -> None:
        """Connect with backoff (0.2 s doubling up to `max_delay`); returns once connected or stopped."""
        delay = 0.2
        while not self.ready.is_set() and not self._stopping.is_set():
            try:
                await self._start()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure here means "not yet": close, wait, retry
                log.warning(
                    "broker_unreachable", service=self._name, error=type(exc).__name__, retry_in_s=delay
                )
                await self.close()
                with contextlib.suppress(TimeoutError):  # wakes at once on stop()
                    await asyncio.wait_for(self._stopping.wait(), delay)
                delay = min(delay * 2, self._max_delay)

    async def _start(self) -> None:
        topology = self._settings.topology
        self.connection = await connect(self._settings.amqp_url, name=self._name)
        channel = await self.connection.channel()
        await topology.declare_all(channel)
        await channel.close()
        self._channel_publisher = EventPublisher(
            self.connection, topology, confirm_timeout=self._confirm_timeout
        )
        await self._channel_publisher.start()
        self.publisher._use(self._channel_publisher)
        if self._on_connected is not None:
            self.consumers = await self._on_connected(self.connection)
        self.connection.reconnect_callbacks.add(lambda *_: self.came_back.set())
        self.ready.set()
        self.came_back.set()
        log.info("broker_connected", service=self._name, consumers=[c.queue_name for c in self.consumers])

    async def close(self) -> None:
        """Close what is open; after a failed attempt parts may be half dead, so nothing here raises."""
        self.ready.clear()
        for consumer in self.consumers:
            with contextlib.suppress(Exception):
                await consumer.close()
        self.consumers = []
        self.publisher._use(None)
        if self._channel_publisher is not None:
            with contextlib.suppress(Exception):
                await self._channel_publisher.close()
        if self.connection is not None and not self.connection.is_closed:
            with contextlib.suppress(Exception):
                await self.connection.close()
        self.connection, self._channel_publisher = None, None
