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
from services.triage.adapters.seeds import load_seeds, store_targets
from services.triage.api.console import setup_console
from services.triage.api.security import Passwords
from services.triage.config import Settings
from services.triage.console import add_console_routes
from services.triage.consumers import consulter_order_key, start_consumers
from services.triage.context import TriageContext, system_clock
from services.triage.ports import Clock
from services.triage.risk import RiskAssessor
from services.triage.workflows.periodic import PeriodicWork
from shared.messaging import EventConsumer, EventPublisher
from shared.mongo import create_client, ensure_indexes
from shared.observability import add_health_routes
from shared.service_runtime import BrokerSupervisor

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
        # The client connects lazily: creating it here lets the console's stores exist before start.
        self._client: Any = create_client(settings.mongodb_url, app_name="triage")
        self.db: Any = self._client[settings.mongodb_database]
        self.seeds = load_seeds(settings.seeds_dir)
        self.periodic: PeriodicWork | None = None
        self._run_periodic = periodic
        self.broker = BrokerSupervisor(settings, "triage", self._on_broker_connected)
        self._broker_task: asyncio.Task[None] | None = None
        # Set once the consumers run: tests and the benchmark wait on it instead of polling.
        self.broker_ready = self.broker.ready

    @property
    def publisher(self) -> EventPublisher | None:
        return self.broker.publisher

    @property
    def consumer(self) -> EventConsumer | None:
        return self.broker.consumers[0] if self.broker.consumers else None

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
        await store_targets(db, self.seeds.targets)
        if self._run_periodic:
            self.periodic = PeriodicWork(self.context)
            self.periodic.start()
        self._broker_task = asyncio.create_task(self.broker.run(), name="triage-broker")

    async def _on_broker_connected(
        self, connection: AbstractRobustConnection, publisher: EventPublisher
    ) -> list[EventConsumer]:
        self.require_context().publisher = publisher
        consumer, feedback = await start_consumers(
            connection, self.require_context(), publisher, self.settings, self.db, self.registry
        )
        return [consumer, feedback]

    async def stop(self) -> None:
        if self.periodic is not None:
            await self.periodic.stop()
        if self._broker_task is not None:
            self._broker_task.cancel()
            await asyncio.gather(self._broker_task, return_exceptions=True)
        if self.context is not None:
            self.context.publisher = None
        await self.broker.close()

    async def readiness(self) -> dict[str, Any]:
        broker = self.broker.connected
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
