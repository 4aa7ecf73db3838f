"""Publishing events with publisher confirms.

`publish` returns only once the broker has confirmed the message (it is on disk in a quorum queue),
and raises if the broker refused it (nack) or, for an event type some service consumes
(`CONSUMED_TYPES`), nothing was bound to take it (`mandatory` with `on_return_raises=True`: such an
event unroutable is an error, never a silent loss).

Two kinds of failure, because a caller that retries must not retry what can never succeed:
`PublishFailed` (not now: a nack, a return, a closed channel, no confirm in time — try again later)
and its subclass `Unpublishable` (never, as it is: an AMQP property or routing key longer than its
255-byte field, a message over the broker's size limit). An unpublishable envelope is found before anything is sent,
and the rest of its batch is still published.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Iterable, Sequence

import aiormq
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractRobustConnection

from shared.events import Envelope
from shared.messaging.topology import CONSUMED_TYPES, Topology

SHORTSTR_MAX_BYTES = 255  # AMQP 0-9-1 short strings: message id, correlation id, routing key
MAX_MESSAGE_BYTES = 16 * 1024 * 1024  # RabbitMQ 4's default `max_message_size`


class PublishFailed(Exception):
    """The broker did not confirm an event (nack, return, closed channel or timeout): try again later."""


class Unpublishable(PublishFailed):
    """Envelopes that can never be published as they are; raised only once every other envelope of
    the batch was confirmed. `refused` pairs each with a short reason (`correlation_id_too_long`, ...)."""

    def __init__(self, refused: Sequence[tuple[Envelope, str]]) -> None:
        super().__init__(f"{len(refused)} unpublishable: {sorted({reason for _, reason in refused})}")
        self.refused = tuple(refused)


def unpublishable_reason(envelope: Envelope, body: bytes) -> str | None:
    """Why the broker could never take this message, or None (checked before sending anything)."""
    for name, value in (
        ("message_id", envelope.id),
        ("correlation_id", envelope.correlation_id),
        ("type", envelope.type),  # also the routing key
    ):
        if len(value.encode("utf-8")) > SHORTSTR_MAX_BYTES:
            return f"{name}_too_long"
    if len(body) > MAX_MESSAGE_BYTES:
        return "too_large"
    return None


class _Unencodable(Exception):
    pass


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
        under one deadline for the whole batch; raises `PublishFailed` if any was not confirmed, or
        `Unpublishable` (after confirming the others) if some can never be."""
        if self._exchange is None:
            raise PublishFailed("publisher not started")
        refused: list[tuple[Envelope, str]] = []
        sendable: list[tuple[Envelope, bytes]] = []
        for envelope in envelopes:
            body = envelope.to_bytes()
            reason = unpublishable_reason(envelope, body)
            if reason is None:
                sendable.append((envelope, body))
            else:
                refused.append((envelope, reason))
        try:
            async with asyncio.timeout(self._confirm_timeout):
                if len(sendable) == 1:
                    # The common case (one LINE event a request): no task, no gather, same outcome.
                    results: list[object] = [await self._send_one(*sendable[0])]
                else:
                    results = await asyncio.gather(
                        *(self._send(envelope, body) for envelope, body in sendable), return_exceptions=True
                    )
        except TimeoutError as exc:
            raise PublishFailed("TimeoutError: no confirm in time") from exc
        for (envelope, _), result in zip(sendable, results, strict=True):
            if isinstance(result, asyncio.CancelledError):
                raise result
            if isinstance(result, _Unencodable):
                refused.append((envelope, "unencodable"))
            elif isinstance(result, BaseException):
                raise PublishFailed(f"{type(result).__name__}: {result}") from result
        if refused:
            raise Unpublishable(refused)

    async def _send_one(self, envelope: Envelope, body: bytes) -> Exception | None:
        """`_send`, with its failure returned as `gather(return_exceptions=True)` would."""
        try:
            await self._send(envelope, body)
        except Exception as exc:
            return exc
        return None

    async def _send(self, envelope: Envelope, body: bytes) -> None:
        assert self._exchange is not None and self._channel is not None
        # What DESIGN §3 names, the correlation id operations search by, and the type, which the
        # dead-letter tool lists and replays by (shared/dead_letters.py; it never opens a body).
        # Producer and time are in the envelope: encoding them again in every header cost more
        # than ingress's own checks of a webhook (issue 16).
        properties = aiormq.spec.Basic.Properties(
            content_type="application/json",
            message_id=envelope.id,
            correlation_id=envelope.correlation_id,
            message_type=envelope.type,
            delivery_mode=2,
        )
        # Straight to aiormq's channel, the one aio-pika's `Exchange.publish` hands to, with the
        # properties built once: no `aio_pika.Message` to build and convert again (a fifth of a
        # publish, counted by benchmarks/ingress_cost.py). The confirm is awaited as before.
        try:
            channel = await self._channel.get_underlay_channel()
            await channel.basic_publish(
                body,
                exchange=self._exchange.name,
                routing_key=envelope.type,
                properties=properties,
                mandatory=envelope.type in CONSUMED_TYPES,
            )
        except (TypeError, OverflowError, struct.error) as exc:
            # pamqp refuses to encode the frame (a field it cannot hold): the same every time.
            raise _Unencodable(str(exc)) from exc

    async def close(self) -> None:
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
