"""The built triage service: what `bootstrap.build` returns and `app.py` starts and stops.

It holds what the rest needs to reach after wiring — the stores, the handlers, the periodic rounds,
the console API's parts, the broker supervisor — and builds nothing itself.
"""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry

from services.triage.adapters.seeds import Seeds
from services.triage.adapters.stores import TriageStores
from services.triage.api.context import AuthContext
from services.triage.api.mount import RouteGroup
from services.triage.api.session_check import SessionCheck
from services.triage.config import Settings
from services.triage.domain.ports import Clock, Publisher
from services.triage.handlers import LineEventHandler
from services.triage.handlers.appointments import AppointmentHandler
from services.triage.handlers.feedback import FeedbackHandler
from services.triage.workflows.assign import Assigner
from services.triage.workflows.live import LiveHub
from services.triage.workflows.periodic import PeriodicWork
from services.triage.workflows.sla_check import SlaChecker
from shared.messaging import EventConsumer
from shared.service_runtime import BrokerSupervisor


class Triage:
    """The built service. `start()` prepares the database and seeds, starts the periodic rounds and
    connects the broker in the background (retried until it answers; readiness says so)."""

    def __init__(
        self,
        *,
        settings: Settings,
        seeds: Seeds,
        clock: Clock,
        stores: TriageStores,
        publisher: Publisher,
        line_events: LineEventHandler,
        feedback: FeedbackHandler,
        appointments: AppointmentHandler,
        assigner: Assigner,
        sla: SlaChecker,
        periodic: PeriodicWork,
        auth: AuthContext,
        routes: tuple[RouteGroup, ...],
        session_check: SessionCheck,
        live: LiveHub,
        broker: BrokerSupervisor,
        registry: CollectorRegistry,
    ) -> None:
        self.settings = settings
        self.seeds = seeds
        self.clock = clock
        self.stores = stores
        self.publisher = publisher
        self.line_events = line_events
        self.feedback = feedback
        self.appointments = appointments
        self.assigner = assigner
        self.sla = sla
        self.periodic = periodic
        self.auth = auth
        self.routes = routes
        self.session_check = session_check
        self.live = live
        self.broker = broker
        self.registry = registry
        # Set once the consumers run: tests and the benchmark wait on it instead of polling.
        self.broker_ready = broker.ready

    @property
    def consumer(self) -> EventConsumer | None:
        """The `triage.line-events` consumer, once connected."""
        return self.broker.consumers[0] if self.broker.consumers else None

    async def start(self, *, periodic: bool = True) -> None:
        await self.stores.prepare()
        await self.stores.staff.seed(self.seeds.roster)
        await self.stores.programme.store_targets(self.seeds.targets)
        if periodic:
            self.periodic.start()
        self.broker.start()

    async def stop(self) -> None:
        self.live.close()
        await self.periodic.stop()
        await self.broker.stop()

    async def readiness(self) -> dict[str, Any]:
        broker, mongo = self.broker.connected, await self.stores.ping()
        return {"ready": broker and mongo, "broker": broker, "mongodb": mongo}
