"""Capturing the events a test causes: a private queue bound to the test's own exchange."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterable, Sequence

import aio_pika
from aio_pika.abc import AbstractRobustConnection

from shared.events import Envelope
from shared.messaging import Topology


class EventSink:
    """Collects envelopes with the given routing keys; `wait_for` waits on a deadline, never a sleep."""

    def __init__(self, connection: AbstractRobustConnection, topology: Topology, keys: Sequence[str]) -> None:
        self._connection = connection
        self._topology = topology
        self._keys = keys
        self.received: list[Envelope] = []
        self._changed = asyncio.Condition()

    async def start(self) -> None:
        channel = await self._connection.channel()
        events, _ = await self._topology.declare_exchanges(channel)
        queue = await channel.declare_queue(
            f"{self._topology.prefix}sink.{uuid.uuid4().hex[:8]}", exclusive=True
        )
        for key in self._keys:
            await queue.bind(events, routing_key=key)
        await queue.consume(self._on_message, no_ack=True)

    async def _on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        async with self._changed:
            self.received.append(Envelope.from_bytes(message.body))
            self._changed.notify_all()

    def of_type(self, event_type: str) -> list[Envelope]:
        return [e for e in self.received if e.type == event_type]

    async def wait_for(
        self, predicate: Callable[[list[Envelope]], bool], timeout: float = 10.0
    ) -> list[Envelope]:
        async def satisfied() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: predicate(self.received))

        await asyncio.wait_for(satisfied(), timeout)
        return self.received

    async def wait_count(self, event_type: str, count: int, timeout: float = 10.0) -> list[Envelope]:
        await self.wait_for(lambda _: len(self.of_type(event_type)) >= count, timeout)
        return self.of_type(event_type)


async def delete_topology(
    connection: AbstractRobustConnection, topology: Topology, queues: Iterable[str]
) -> None:
    """Remove a test's queues and exchanges from the shared broker."""
    channel = await connection.channel()
    await topology.delete_all(channel, queues)
    await channel.close()
