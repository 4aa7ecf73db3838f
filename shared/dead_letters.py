"""Dead-lettered messages, seen and handled without ever reading their bodies.

A message in `<queue>.dead` could not be processed (docs/operations.md, "Dead letters"). Operations
need to know which event, from which queue, when and why — never what it says: bodies carry message
text (sealed where they rest, but still never printed). So a listing reports AMQP properties and
RabbitMQ's `x-death` header only.

Reading a queue without consuming it is done by rotation: each message is taken, an identical copy
(same body, properties and headers) is published back to the same queue and confirmed, then the
original is acked. Requeueing instead (nack) would count as a failed delivery, and a RabbitMQ 4
quorum queue drops a message after 20 of those when it has nowhere to dead-letter it: listing the
dead letters must never be what loses them. A crash between the confirm and the ack leaves one copy
too many — harmless, consumers de-duplicate by event id.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage

from shared.messaging.topology import SERVICE_QUEUES, Topology


@dataclass(frozen=True)
class DeadLetter:
    """What an operator may see of a dead-lettered message."""

    queue: str
    message_id: str | None
    type: str | None
    reason: str | None
    from_queue: str | None
    died_at: datetime | None
    deaths: int

    def as_row(self) -> dict[str, Any]:
        return {
            "queue": self.queue,
            "message_id": self.message_id,
            "type": self.type,
            "reason": self.reason,
            "from_queue": self.from_queue,
            "died_at": self.died_at.isoformat() if self.died_at else None,
            "deaths": self.deaths,
        }


def describe(queue: str, message: AbstractIncomingMessage) -> DeadLetter:
    raw = (message.headers or {}).get("x-death")
    deaths: list[Any] = list(raw) if isinstance(raw, list) else []
    first: dict[str, Any] = dict(deaths[0]) if deaths else {}
    died = first.get("time")
    return DeadLetter(
        queue=queue,
        message_id=message.message_id,
        type=message.type,
        reason=str(first["reason"]) if "reason" in first else None,
        from_queue=str(first["queue"]) if "queue" in first else None,
        died_at=died if isinstance(died, datetime) else None,
        deaths=sum(int(d.get("count", 1)) for d in deaths),
    )


def _copy(message: AbstractIncomingMessage) -> aio_pika.Message:
    return aio_pika.Message(
        body=message.body,
        headers=dict(message.headers or {}),
        content_type=message.content_type,
        content_encoding=message.content_encoding,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        type=message.type,
        timestamp=message.timestamp,
        app_id=message.app_id,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
    )


Decision = Callable[[AbstractIncomingMessage], Awaitable[bool]]
"""Called for each message of a rotation: True if it was dealt with (it is then acked, not kept)."""


class DeadLetters:
    def __init__(self, channel: AbstractChannel, topology: Topology) -> None:
        # The channel must have publisher confirms on: a copy is acked away only once confirmed.
        self._channel = channel
        self._topology = topology

    def queues(self) -> list[str]:
        return [self._topology.dead_queue_name(spec) for spec in SERVICE_QUEUES]

    async def _rotate(self, queue_name: str, decide: Decision) -> None:
        queue = await self._channel.declare_queue(queue_name, passive=True)
        waiting = queue.declaration_result.message_count or 0
        for _ in range(waiting):  # each message once; copies go to the back, behind the rest
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                return
            if not await decide(message):
                await self._channel.default_exchange.publish(_copy(message), routing_key=queue_name)
            await message.ack()

    async def list(self) -> list[DeadLetter]:
        found: list[DeadLetter] = []
        for name in self.queues():

            async def note(message: AbstractIncomingMessage, name: str = name) -> bool:
                found.append(describe(name, message))
                return False

            await self._rotate(name, note)
        return found

    async def replay(self, queue_name: str, message_id: str | None) -> int:
        """Publish to the events exchange under its original routing key (the event type); `None`:
        every message of the queue. Returns how many were replayed."""
        events = await self._channel.get_exchange(self._topology.events_exchange, ensure=True)
        replayed = 0

        async def send(message: AbstractIncomingMessage) -> bool:
            nonlocal replayed
            if (message_id is not None and message.message_id != message_id) or not message.type:
                return False
            await events.publish(_copy(message), routing_key=message.type, mandatory=True)
            replayed += 1
            return True

        await self._rotate(self._checked(queue_name), send)
        return replayed

    async def discard(self, queue_name: str, message_id: str) -> int:
        """Drop one dead letter for good (after its cause is understood). Returns 1 or 0."""
        dropped = 0

        async def drop(message: AbstractIncomingMessage) -> bool:
            nonlocal dropped
            if message.message_id != message_id:
                return False
            dropped += 1
            return True

        await self._rotate(self._checked(queue_name), drop)
        return dropped

    def _checked(self, queue_name: str) -> str:
        if queue_name not in self.queues():
            raise ValueError(f"not a dead-letter queue: {queue_name} (one of {', '.join(self.queues())})")
        return queue_name
