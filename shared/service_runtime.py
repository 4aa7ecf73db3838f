"""Connecting a service to RabbitMQ: retry until the broker answers, then declare the topology,
start a confirmed publisher and the service's consumers.

A service starts (and answers /healthz) even while the broker is down; /readyz says so. A failed
attempt closes whatever it had opened before the next one, with backoff. Once connected, aio-pika's
robust connection restores channels and consumers after a loss, and `came_back` is set each time,
so work that waited for the broker (ingress's spool, deferred results) can resume.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

import structlog
from aio_pika.abc import AbstractRobustConnection

from shared.config import CommonSettings
from shared.messaging import EventConsumer, EventPublisher, connect

log = structlog.get_logger(__name__)

OnConnected = Callable[[AbstractRobustConnection, EventPublisher], Awaitable[list[EventConsumer]]]


class BrokerSupervisor:
    def __init__(
        self,
        settings: CommonSettings,
        name: str,
        on_connected: OnConnected | None = None,
        *,
        confirm_timeout: float = 10.0,
        max_delay: float = 15.0,
    ) -> None:
        self._settings = settings
        self._name = name
        self._on_connected = on_connected
        self._confirm_timeout = confirm_timeout
        self._max_delay = max_delay
        self.connection: AbstractRobustConnection | None = None
        self.publisher: EventPublisher | None = None
        self.consumers: list[EventConsumer] = []
        self.ready = asyncio.Event()
        self.came_back = asyncio.Event()

    @property
    def connected(self) -> bool:
        return self.ready.is_set() and self.connection is not None and self.connection.connected.is_set()

    async def run(self) -> None:
        """Connect with backoff (0.2 s doubling up to `max_delay`); returns once connected."""
        delay = 0.2
        while not self.ready.is_set():
            try:
                await self._start()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure here means "not yet": close, wait, retry
                log.warning(
                    "broker_unreachable", service=self._name, error=type(exc).__name__, retry_in_s=delay
                )
                await self.close()
                await asyncio.sleep(delay)  # a background reconnect loop, not a test wait
                delay = min(delay * 2, self._max_delay)

    async def _start(self) -> None:
        topology = self._settings.topology
        self.connection = await connect(self._settings.amqp_url, name=self._name)
        channel = await self.connection.channel()
        await topology.declare_all(channel)
        await channel.close()
        self.publisher = EventPublisher(self.connection, topology, confirm_timeout=self._confirm_timeout)
        await self.publisher.start()
        if self._on_connected is not None:
            self.consumers = await self._on_connected(self.connection, self.publisher)
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
        if self.publisher is not None:
            with contextlib.suppress(Exception):
                await self.publisher.close()
        if self.connection is not None and not self.connection.is_closed:
            with contextlib.suppress(Exception):
                await self.connection.close()
        self.connection, self.publisher = None, None
