"""Connecting a consuming service to RabbitMQ: retry until the broker answers, then start consumers.

A service starts (and answers /healthz) even while the broker is down; /readyz says so. Once
connected, aio-pika's robust connection restores channels and consumers after a loss.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aio_pika.abc import AbstractRobustConnection

from shared.config import CommonSettings
from shared.messaging import EventConsumer, connect

log = structlog.get_logger(__name__)

StartConsumers = Callable[[AbstractRobustConnection], Awaitable[list[EventConsumer]]]


class BrokerSupervisor:
    def __init__(
        self, settings: CommonSettings, name: str, start_consumers: StartConsumers | None = None
    ) -> None:
        self._settings = settings
        self._name = name
        self._start_consumers = start_consumers
        self.connection: AbstractRobustConnection | None = None
        self.consumers: list[EventConsumer] = []
        self.ready = asyncio.Event()

    @property
    def connected(self) -> bool:
        return self.connection is not None and self.connection.connected.is_set() and self.ready.is_set()

    async def run(self) -> None:
        delay = 0.2
        while self.connection is None:
            try:
                connection = await connect(self._settings.amqp_url, name=self._name)
                channel = await connection.channel()
                await self._settings.topology.declare_all(channel)
                await channel.close()
                if self._start_consumers is not None:
                    self.consumers = await self._start_consumers(connection)
                self.connection = connection
                self.ready.set()
                log.info("broker_connected", consumers=[c.queue_name for c in self.consumers])
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("broker_unreachable", error=type(exc).__name__, retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def close(self) -> None:
        for consumer in self.consumers:
            await consumer.close()
        if self.connection is not None:
            await self.connection.close()

    def describe(self) -> dict[str, Any]:
        return {"broker": "connected" if self.connected else "unavailable"}
