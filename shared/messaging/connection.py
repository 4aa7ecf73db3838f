"""A robust AMQP connection: aio-pika reconnects and restores channels, queues and consumers."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractRobustConnection


async def connect(url: str, *, name: str) -> AbstractRobustConnection:
    """Connect with aio-pika's robust connection (reconnects every few seconds after a loss)."""
    # A bounded first attempt: a broker that does not answer (filtered port, DNS) must not hold a
    # service's start-up or shutdown; the supervisor retries with backoff.
    return await aio_pika.connect_robust(
        url, client_properties={"connection_name": name}, reconnect_interval=1, timeout=10
    )
