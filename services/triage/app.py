"""Triage's wiring: `create_app(settings)` for `python -m services triage`, and `TriageRuntime`,
which the app, the integration tests and the benchmark use to start the same pieces.

Start-up: the seeds (`SEEDS_DIR`; a wrong or unsafe seed stops start-up), MongoDB (client + indexes),
the staff roster (idempotent upsert; demo passwords from the environment or generated and printed
once), the periodic work (assignment and outbox sweep, SLA checker, seat reconciliation); then the
broker in the background, retried until it answers (readiness says 503 meanwhile): the whole
topology is declared, then the publisher and the consumers of `triage.line-events` (ordered per
chat: one consulter's messages in order, different consulters concurrently) and `triage.feedback`.
The console API (`/api/...`) is mounted on the same app.
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
from services.triage.adapters.seeds import load_seeds
from services.triage.api.console import setup_console
from services.triage.api.security import Passwords
from services.triage.config import Settings
from services.triage.console import add_console_routes
from services.triage.consumers import consulter_order_key, start_consumers
from services.triage.context import TriageContext, system_clock
from services.triage.ports import Clock
from services.triage.risk import RiskAssessor
from services.triage.workflows.periodic import PeriodicWork
from shared.messaging import EventConsumer, EventPublisher, connect
from shared.mongo import create_client, ensure_indexes
from shared.observability import add_health_routes

__all__ = ["DEFAULT_PORT", "TRIAGE", "Settings", "TriageRuntime", "consulter_order_key", "create_app"]

DEFAULT_PORT = 8082
log = structlog.get_logger(__name__)


class TriageRuntime:
    """The started service: `context` once MongoDB is up, `publisher` once the broker is."""

    def __init__(
        self,
        settings: Settings,
        registry: CollectorRegistry | None = None,
        *,
        clock: Clock | None = None,
        periodic: bool = True,
    ) -> None:
        self.settings = settings
        self.registry = registry or CollectorRegistry()
        self.clock: Clock = clock or system_clock
        self.context: TriageContext | None = None
        self.publisher: EventPublisher | None = None
        self.consumer: EventConsumer | None = None
        self.feedback: EventConsumer | None = None
        # The client connects lazily: creating it here lets the console's stores exist before start.
        self._client: Any = create_client(settings.mongodb_url, app_name="triage")
        self.db: Any = self._client[settings.mongodb_database]
        self.seeds = load_seeds(settings.seeds_dir)
        self.periodic: PeriodicWork | None = None
        self._run_periodic = periodic
        self._connection: AbstractRobustConnection | None = None
        self._broker_task: asyncio.Task[None] | None = None
        # Set once the consumer runs: tests and the benchmark wait on it instead of polling.
        self.broker_ready = asyncio.Event()

    def require_context(self) -> TriageContext:
        if self.context is None:
            raise RuntimeError("triage has not started")
        return self.context

    async def start(self) -> None:
        db = self.db
        await ensure_indexes(db, INDEXES)
        # Loading the dictionary and rules takes a second or two: do it once, before any message.
        assessor = await asyncio.to_thread(RiskAssessor.default)
        self.context = TriageContext.build(self.settings, db, assessor, seeds=self.seeds, clock=self.clock)
        await self.context.staff.seed(self.seeds.roster)
        if self._run_periodic:
            self.periodic = PeriodicWork(self.context)
            self.periodic.start()
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
        self.require_context().publisher = publisher
        self.consumer, self.feedback = await start_consumers(
            self._connection, self.require_context(), publisher, self.settings, db, self.registry
        )

    async def _close_messaging(self) -> None:
        if self.context is not None:
            self.context.publisher = None
        for consumer in (self.consumer, self.feedback):
            if consumer is not None:
                await consumer.close()
        if self.publisher is not None:
            await self.publisher.close()
        if self._connection is not None:
            await self._connection.close()
        self.consumer, self.feedback, self.publisher, self._connection = None, None, None, None

    async def stop(self) -> None:
        if self.periodic is not None:
            await self.periodic.stop()
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


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    periodic: bool = True,
    passwords: Passwords | None = None,
) -> web.Application:
    """The service's app; `clock`, `periodic` and `passwords` (cheap hashing) are for tests."""
    app = web.Application()
    runtime = TriageRuntime(settings, clock=clock, periodic=periodic)
    app[TRIAGE] = runtime
    setup_console(app, runtime, settings, runtime.db, clock=runtime.clock, passwords=passwords)
    add_console_routes(app)

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await runtime.start()
        yield
        await runtime.stop()

    app.cleanup_ctx.append(lifecycle)
    add_health_routes(app, runtime.registry, runtime.readiness)
    return app
