"""Ingress's link to RabbitMQ: connects in the background and says whether it can publish now.

Ingress must answer LINE within 2 seconds whether or not the broker is there, so nothing here waits
for a connection: `publisher` is None until the first connect succeeds, and `available` turns false
while aio-pika's robust connection is reconnecting.
"""

from __future__ import annotations

import asyncio

import structlog
from aio_pika.abc import AbstractRobustConnection

from shared.messaging import EventPublisher, Topology, connect

log = structlog.get_logger(__name__)


class BrokerLink:
    def __init__(self, url: str, topology: Topology, *, publish_timeout: float) -> None:
        self._url = url
        self._topology = topology
        self._publish_timeout = publish_timeout
        self.connection: AbstractRobustConnection | None = None
        self.publisher: EventPublisher | None = None
        self.came_back = asyncio.Event()

    @property
    def available(self) -> bool:
        return (
            self.publisher is not None and self.connection is not None and self.connection.connected.is_set()
        )

    async def run(self) -> None:
        """Connect (retrying with backoff up to 5 s), declare the topology, then stay connected."""
        delay = 0.2
        while self.publisher is None:
            try:
                connection = await connect(self._url, name="ingress")
                channel = await connection.channel()
                await self._topology.declare_all(channel)
                await channel.close()
                publisher = EventPublisher(connection, self._topology, confirm_timeout=self._publish_timeout)
                await publisher.start()
                connection.reconnect_callbacks.add(lambda *_: self.came_back.set())
                self.connection, self.publisher = connection, publisher
                self.came_back.set()
                log.info("broker_connected")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("broker_unreachable", error=type(exc).__name__, retry_in_s=delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
