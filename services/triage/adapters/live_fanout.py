"""Live notices between triage processes, through the broker (docs/console.md, "Live updates").

A console may be connected to any triage process, and the change it must see may happen in
another one. Each process declares a fanout exchange `<prefix>triage.live` and binds its own
server-named, exclusive, auto-deleting classic queue to it; a notice published to the exchange
reaches every process, this one included, which hands it to its hub.

A departure from the durable quorum queues of DESIGN §3, on purpose: a notice is a hint to re-read
(ids and codes, no text), not work. While a process is away nobody listens to its stream, and a
page that reconnects elsewhere is told to resync. Notices are transient and unconfirmed.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import aio_pika
import structlog
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractIncomingMessage, AbstractRobustConnection

from services.triage.domain.live import CaseState, Notice
from shared.messaging import Topology

log = structlog.get_logger(__name__)
EXCHANGE = "triage.live"


class LiveFanout:
    def __init__(self, topology: Topology, deliver: Callable[[Notice], Awaitable[None]]) -> None:
        """`deliver`: where received notices go (this process's hub)."""
        self._topology = topology
        self._deliver = deliver
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None

    async def start(self, connection: AbstractRobustConnection) -> None:
        self._channel = await connection.channel()
        exchange = await self._channel.declare_exchange(
            f"{self._topology.prefix}{EXCHANGE}", aio_pika.ExchangeType.FANOUT, auto_delete=True
        )
        queue = await self._channel.declare_queue(
            exclusive=True, auto_delete=True, arguments={"x-queue-type": "classic"}
        )
        await queue.bind(exchange)
        await queue.consume(self._on_message, no_ack=True)
        self._exchange = exchange

    async def publish(self, notice: Notice) -> bool:
        exchange, channel = self._exchange, self._channel
        if exchange is None or channel is None or channel.is_closed:
            return False
        state = notice.state.to_json() if notice.state is not None else None
        body = json.dumps(
            {"kind": notice.kind, "case_id": notice.case_id, "detail": dict(notice.detail), "state": state}
        )
        try:
            await exchange.publish(
                aio_pika.Message(body.encode(), delivery_mode=aio_pika.DeliveryMode.NOT_PERSISTENT),
                routing_key="",
            )
        except Exception:  # the broker is going away: this process's hub takes it directly
            log.warning("live_fanout_publish_failed", kind=notice.kind)
            return False
        return True

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        try:
            raw = json.loads(message.body)
            state = raw.get("state")
            notice = Notice(
                str(raw["kind"]),
                str(raw["case_id"]),
                dict(raw.get("detail") or {}),
                CaseState(str(state["status"]), str(state["level"]), state.get("counselor_id")) if state else None,
            )
        except (ValueError, KeyError, TypeError):
            log.warning("live_notice_unreadable")
            return
        try:
            await self._deliver(notice)
        except Exception:  # a hint lost for open pages; they re-read on their next change
            log.exception("live_notice_failed", kind=notice.kind)

    async def close(self) -> None:
        self._exchange = None
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        self._channel = None
