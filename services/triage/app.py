"""Triage's wiring: `create_app(settings)` for `python -m services triage`, and `TriageRuntime`,
which the app, the integration tests and the benchmark use to start the same pieces.

Start-up: MongoDB (client + indexes) first; then the broker in the background, retried until it
answers (readiness says 503 meanwhile): the whole topology is declared, then the publisher and the
consumer of `triage.line-events`, ordered per chat (one consulter's messages are handled in order;
different consulters concurrently).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import structlog
from aio_pika.abc import AbstractRobustConnection
from aiohttp import web
from prometheus_client import CollectorRegistry

from services.triage.adapters import INDEXES
from services.triage.config import Settings
from services.triage.context import TriageContext
from services.triage.domain.line_events import chat_key
from services.triage.handlers import LineEventHandler
from services.triage.risk import RiskAssessor
from shared.events import Envelope
from shared.messaging import EventConsumer, EventPublisher, MongoInbox, connect, service_queue
from shared.mongo import create_client, ensure_indexes
from shared.observability import add_health_routes

__all__ = ["DEFAULT_PORT", "TRIAGE", "Settings", "TriageRuntime", "create_app"]

DEFAULT_PORT = 8082
log = structlog.get_logger(__name__)


class TriageRuntime:
    """The started service: `context` once MongoDB is up, `publisher` once the broker is."""

    def __init__(self, settings: Settings, registry: CollectorRegistry | None = None) -> None:
        self.settings = settings
        self.registry = registry or CollectorRegistry()
        self.context: TriageContext | None = None
        self.publisher: EventPublisher | None = None
        self.consumer: EventConsumer | None = None
        self._client: Any = None
        self._connection: AbstractRobustConnection | None = None
        self._broker_task: asyncio.Task[None] | None = None
        # Set once the consumer runs: tests and the benchmark wait on it instead of polling.
        self.broker_ready = asyncio.Event()

    def require_context(self) -> TriageContext:
        if self.context is None:
            raise RuntimeError("triage has not started")
        return self.context

    async def start(self) -> None:
        self._client = create_client(self.settings.mongodb_url, app_name="triage")
        db = self._client[self.settings.mongodb_database]
        await ensure_indexes(db, INDEXES)
        # Loading the dictionary and rules takes a second or two: do it once, before any message.
        assessor = await asyncio.to_thread(RiskAssessor.default)
        self.context = TriageContext.build(self.settings, db, assessor)
        self._broker_task = asyncio.create_task(self._connect_broker(db), name="triage-broker")

    async def _connect_broker(self, db: Any) -> None:
        delay = 1.0
        while True:
            try:
                await self._start_messaging(db)
                self.broker_ready.set()
                log.info("broker_ready")
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any failure here means "not yet": retry, stay not-ready
                log.warning("broker_unavailable", error=type(exc).__name__, retry_in_s=delay)
                await self._close_messaging()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    async def _start_messaging(self, db: Any) -> None:
        topology = self.settings.topology
        self._connection = await connect(self.settings.amqp_url, name="triage")
        channel = await self._connection.channel()
        await topology.declare_all(channel)
        await channel.close()
        publisher = EventPublisher(self._connection, topology)
        await publisher.start()
        self.publisher = publisher
        self.consumer = EventConsumer(
            self._connection,
            service_queue("triage.line-events"),
            LineEventHandler(self.require_context(), publisher),
            topology=topology,
            inbox=MongoInbox(db),
            prefetch=self.settings.prefetch,
            order_key=consulter_order_key,
            registry=self.registry,
        )
        await self.consumer.start()

    async def _close_messaging(self) -> None:
        if self.consumer is not None:
            await self.consumer.close()
        if self.publisher is not None:
            await self.publisher.close()
        if self._connection is not None:
            await self._connection.close()
        self.consumer, self.publisher, self._connection = None, None, None

    async def stop(self) -> None:
        if self._broker_task is not None:
            self._broker_task.cancel()
            await asyncio.gather(self._broker_task, return_exceptions=True)
        await self._close_messaging()

    async def readiness(self) -> dict[str, Any]:
        connection, broker = self._connection, False
        if connection is not None and self.consumer is not None and not connection.is_closed:
            # A robust connection clears `connected` while it is reconnecting after a loss.
            connected = getattr(connection, "connected", None)
            broker = connected is None or connected.is_set()
        mongo = False
        if self._client is not None:
            try:
                await self._client.admin.command("ping")
                mongo = True
            except Exception:  # any error means "not ready", reported below
                mongo = False
        return {"ready": broker and mongo, "broker": broker, "mongodb": mongo}


TRIAGE = web.AppKey("triage", TriageRuntime)


def create_app(settings: Settings) -> web.Application:
    app = web.Application()
    runtime = TriageRuntime(settings)
    app[TRIAGE] = runtime

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await runtime.start()
        yield
        await runtime.stop()

    app.cleanup_ctx.append(lifecycle)
    add_health_routes(app, runtime.registry, runtime.readiness)
    return app


def consulter_order_key(envelope: Envelope) -> str | None:
    """Order `line.event.received` per chat; the key is used in memory only, never logged."""
    event = envelope.data.get("event")
    return chat_key(event) if isinstance(event, dict) else None
