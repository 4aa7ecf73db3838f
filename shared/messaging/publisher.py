"""Publishing events with publisher confirms.

`publish` returns only once the broker has confirmed the message (it is on disk in a quorum queue),
and raises if the broker refused it (nack) or, for an event type some service consumes
(`CONSUMED_TYPES`), nothing was bound to take it (`mandatory` with `on_return_raises=True`: such an
event unroutable is an error, never a silent loss).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection

from shared.events import Envelope
from shared.messaging.topology import CONSUMED_TYPES, Topology


class PublishFailed(Exception):
    """The broker did not confirm an event (nack, return, closed channel or timeout)."""


class EventPublisher:
    """Publishes envelopes to `tsunagari.events` on its own confirm channel."""

    def __init__(
        self,
        connection: AbstractRobustConnection,
        topology: Topology | None = None,
        *,
        confirm_timeout: float = 10.0,
    ) -> None:
        self._connection = connection
        self._topology = topology or Topology()
        self._confirm_timeout = confirm_timeout
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None

    async def start(self) -> None:
        self._channel = await self._connection.channel(publisher_confirms=True, on_return_raises=True)
        self._exchange, _ = await self._topology.declare_exchanges(self._channel)

    async def publish(self, envelope: Envelope) -> None:
        """Publish one envelope and wait for its confirm; raises `PublishFailed` otherwise."""
        await self.publish_all((envelope,))

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None:
        """Publish concurrently and await every confirm together (much faster than one by one),
        under one deadline for the whole batch; raises `PublishFailed` if any was not confirmed."""
        if self._exchange is None:
            raise PublishFailed("publisher not started")
        try:
            async with asyncio.timeout(self._confirm_timeout):
                results = await asyncio.gather(
                    *(self._send(envelope) for envelope in envelopes), return_exceptions=True
                )
        except TimeoutError as exc:
            raise PublishFailed("TimeoutError: no confirm in time") from exc
        for result in results:
            if isinstance(result, asyncio.CancelledError):
                raise result
            if isinstance(result, BaseException):
                raise PublishFailed(f"{type(result).__name__}: {result}") from result

    async def _send(self, envelope: Envelope) -> None:
        assert self._exchange is not None
        message = aio_pika.Message(
            body=envelope.to_bytes(),
            content_type="application/json",
            content_encoding="utf-8",
            message_id=envelope.id,
            correlation_id=envelope.correlation_id,
            type=envelope.type,
            timestamp=envelope.occurred_at,
            app_id=envelope.producer,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await self._exchange.publish(
            message, routing_key=envelope.type, mandatory=envelope.type in CONSUMED_TYPES
        )

    async def close(self) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
