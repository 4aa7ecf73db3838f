"""Outreach's one wiring root: every object built here, once, in order, and handed to what uses it at
construction (docs/architecture.md, docs/outreach.md).

    settings, seeds (places, roster, targets, counseling days), keyring, clock
      → the publisher (supervised: it exists before the broker answers)
      → stores (adapters/: requests, visits, reservations, alerts, audit, outbox, inbox)
      → workflows (cancelling, intake, scheduling, her answers, the day, figures, the rounds)
      → the event handler, the API's route groups, the periodic work
      → the broker supervisor and its consumer

`build(settings)` is what `app.py` runs; tests pass a private database, a clock, seeds or a fake
publisher through the same function.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any, Protocol

import structlog
from aiohttp import web
from prometheus_client import CollectorRegistry

from services.outreach.adapters.seeds import OutreachSeeds, load_outreach_seeds
from services.outreach.adapters.stores import OutreachStores, database
from services.outreach.api.day_routes import DayRoutes
from services.outreach.api.request_routes import RequestRoutes
from services.outreach.api.roster_routes import RosterRoutes
from services.outreach.api.views import Views
from services.outreach.api.visit_routes import VisitRoutes
from services.outreach.config import Settings
from services.outreach.consumers import outreach_consumers
from services.outreach.domain.ports import Clock, Publisher
from services.outreach.domain.reminders import ReminderPolicy
from services.outreach.domain.roster import uncovered_days
from services.outreach.handlers import OutreachHandlers
from services.outreach.workflows.answers import HerAnswers
from services.outreach.workflows.cancelling import Cancellation
from services.outreach.workflows.figures import Figures
from services.outreach.workflows.intake import RequestIntake
from services.outreach.workflows.messages import AppointmentMessages
from services.outreach.workflows.periodic import PeriodicWork
from services.outreach.workflows.rounds import OverdueRound, ReminderRound, Sweep
from services.outreach.workflows.scheduling import Scheduling
from services.outreach.workflows.the_day import VisitDay
from shared.crypto import Keyring
from shared.events import utcnow
from shared.outbound_sealing import SealingPublisher
from shared.service_runtime import BrokerSupervisor, SupervisedPublisher

log = structlog.get_logger(__name__)


class RouteGroup(Protocol):
    def routes(self) -> list[web.RouteDef]: ...


class Outreach:
    """The built service. `start()` creates the indexes, starts the rounds and connects the broker
    in the background (retried until it answers; readiness says so)."""

    def __init__(
        self,
        *,
        settings: Settings,
        seeds: OutreachSeeds,
        clock: Clock,
        stores: OutreachStores,
        handlers: OutreachHandlers,
        scheduling: Scheduling,
        day: VisitDay,
        figures: Figures,
        periodic: PeriodicWork,
        routes: tuple[RouteGroup, ...],
        broker: BrokerSupervisor,
        registry: CollectorRegistry,
    ) -> None:
        self.settings = settings
        self.seeds = seeds
        self.clock = clock
        self.stores = stores
        self.handlers = handlers
        self.scheduling = scheduling
        self.day = day
        self.figures = figures
        self.periodic = periodic
        self.routes = routes
        self.broker = broker
        self.registry = registry
        self.broker_ready = broker.ready

    async def start(self, *, periodic: bool = True) -> None:
        await self.stores.prepare()
        missing = uncovered_days(self.seeds.roster, self.seeds.counseling_days)
        if missing:
            log.warning("outreach_roster_gaps", days=missing, detail="fewer than two outreach staff on these counseling days")
        if periodic:
            self.periodic.start()
        self.broker.start()

    async def stop(self) -> None:
        await self.periodic.stop()
        await self.broker.stop()  # lets a connection attempt finish rather than cancelling aio-pika mid-connect

    async def readiness(self) -> dict[str, Any]:
        broker, mongo = self.broker.connected, await self.stores.ping()
        return {"ready": broker and mongo, "broker": broker, "mongodb": mongo}


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def build(
    settings: Settings,
    *,
    db: Any = None,
    clock: Clock | None = None,
    seeds: OutreachSeeds | None = None,
    publisher: Publisher | None = None,
    registry: CollectorRegistry | None = None,
) -> Outreach:
    """Build outreach. `db` (a private or interleaving database), `clock`, `seeds` and `publisher` (a
    fake) are for tests and the benchmark."""
    seeds = seeds or load_outreach_seeds(settings.seeds_dir)
    clock = clock or utcnow
    registry = registry or CollectorRegistry()
    keyring = Keyring.from_spec(settings.encryption_keys)
    supervised = SupervisedPublisher()
    tz = seeds.years.tz
    stores = OutreachStores.open(
        db if db is not None else database(settings.mongodb_url, settings.mongodb_database),
        keyring,
        # Its partner alerts carry no personal details; sealing is still the producers' one way out.
        publisher or SealingPublisher(supervised, keyring),
    )

    # Workflows
    messages = AppointmentMessages(seeds.places)
    cancellation = Cancellation(
        requests=stores.requests,
        visits=stores.visits,
        reservations=stores.reservations,
        outbox=stores.outbox,
        audit=stores.audit,
        clock=clock,
    )
    intake = RequestIntake(requests=stores.requests, cancellation=cancellation, audit=stores.audit, clock=clock)
    answers = HerAnswers(
        requests=stores.requests,
        visits=stores.visits,
        cancellation=cancellation,
        alerts=stores.alerts,
        audit=stores.audit,
        clock=clock,
    )
    scheduling = Scheduling(
        requests=stores.requests,
        visits=stores.visits,
        reservations=stores.reservations,
        outbox=stores.outbox,
        audit=stores.audit,
        cancellation=cancellation,
        messages=messages,
        places=seeds.places,
        roster=seeds.roster,
        tz=tz,
        clock=clock,
    )
    day = VisitDay(
        requests=stores.requests,
        visits=stores.visits,
        reservations=stores.reservations,
        outbox=stores.outbox,
        audit=stores.audit,
        cancellation=cancellation,
        tz=tz,
        clock=clock,
    )
    figures = Figures(
        requests=stores.requests, visits=stores.visits, years=seeds.years, target=seeds.visits_per_year, clock=clock
    )
    policy = ReminderPolicy(
        _time(settings.outreach_reminder_day_before_at), settings.outreach_reminder_hours_before, tz
    )
    periodic = PeriodicWork(
        reminders=ReminderRound(
            visits=stores.visits, outbox=stores.outbox, messages=messages, policy=policy, clock=clock
        ),
        overdue=OverdueRound(
            visits=stores.visits,
            alerts=stores.alerts,
            outbox=stores.outbox,
            roster=seeds.roster,
            grace=timedelta(minutes=settings.outreach_checkout_grace_min),
            partner_alert=settings.outreach_overdue_partner_alert,
            contact_phone=settings.service_contact_phone,
            clock=clock,
        ),
        sweep=Sweep(
            requests=stores.requests,
            visits=stores.visits,
            reservations=stores.reservations,
            outbox=stores.outbox,
            grace=timedelta(seconds=settings.outreach_outbox_grace_s),
            clock=clock,
        ),
        interval_s=settings.outreach_round_s,
    )

    # Handlers and the API
    handlers = OutreachHandlers(intake, answers)
    views = Views(roster=seeds.roster, places=seeds.places, visits=stores.visits)
    routes: tuple[RouteGroup, ...] = (
        RequestRoutes(
            requests=stores.requests,
            visits=stores.visits,
            audit=stores.audit,
            scheduling=scheduling,
            views=views,
            clock=clock,
        ),
        DayRoutes(day=day, views=views),  # /api/outreach/visits/{id}/check-in before /{id}
        VisitRoutes(visits=stores.visits, scheduling=scheduling, views=views, roster=seeds.roster, tz=tz, clock=clock),
        RosterRoutes(roster=seeds.roster, places=seeds.places, alerts=stores.alerts, figures=figures, clock=clock),
    )

    # The broker: its consumer runs the handlers above.
    consumers = outreach_consumers(
        handlers=handlers,
        inbox=stores.inbox,
        topology=settings.topology,
        prefetch=settings.prefetch,
        registry=registry,
    )
    broker = BrokerSupervisor(settings, "outreach", consumers, publisher=supervised)
    return Outreach(
        settings=settings,
        seeds=seeds,
        clock=clock,
        stores=stores,
        handlers=handlers,
        scheduling=scheduling,
        day=day,
        figures=figures,
        periodic=periodic,
        routes=routes,
        broker=broker,
        registry=registry,
    )
