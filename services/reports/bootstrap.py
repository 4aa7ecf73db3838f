"""The reports service's one wiring root: every object built here, once, in order, and handed to
what uses it at construction (docs/architecture.md).

    settings, seeds (targets, channels), clock
      → stores (adapters/: archive, facts, yearly reports, link visits, inbox over one database)
      → workflows (summarise, rebuild, the refresh round)
      → the event handler, the API's route groups, the public channel links
      → the broker supervisor and its consumer

`build(settings)` is what `app.py` runs; tests pass a private database and a clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry

from services.reports.adapters.seeds import ReportSeeds, load_report_seeds
from services.reports.adapters.stores import ReportStores, open_database
from services.reports.api.channel_routes import ChannelRoutes
from services.reports.api.links import ChannelLinks
from services.reports.api.report_routes import ReportRoutes
from services.reports.config import Settings
from services.reports.consumers import report_consumers
from services.reports.domain.projection import PROJECTION_VERSION
from services.reports.handlers import ReportEventHandler
from services.reports.workflows.periodic import RefreshRound
from services.reports.workflows.rebuild import Rebuild
from services.reports.workflows.summarise import Summariser
from shared.events import utcnow
from shared.service_runtime import BrokerSupervisor

Clock = Callable[[], datetime]


class RouteGroup(Protocol):
    def routes(self) -> list[web.RouteDef]: ...


class Reports:
    """The built service. `start()` rebuilds if the projection changed, starts the refresh round and
    connects the broker in the background (retried until it answers; readiness says so)."""

    def __init__(
        self,
        *,
        settings: Settings,
        seeds: ReportSeeds,
        stores: ReportStores,
        handler: ReportEventHandler,
        summariser: Summariser,
        rebuild: Rebuild,
        refresh: RefreshRound,
        routes: tuple[RouteGroup, ...],
        broker: BrokerSupervisor,
        registry: CollectorRegistry,
    ) -> None:
        self.settings = settings
        self.seeds = seeds
        self.stores = stores
        self.handler = handler
        self.summariser = summariser
        self.rebuild = rebuild
        self.refresh = refresh
        self.routes = routes
        self.broker = broker
        self.registry = registry
        self.broker_ready = broker.ready

    async def start(self, *, periodic: bool = True) -> None:
        summaries = self.stores.summaries
        if await summaries.projection_version() != PROJECTION_VERSION:
            if await self.stores.archive.count():
                await self.rebuild.run()
            await summaries.set_projection_version(PROJECTION_VERSION)
        if periodic:
            self.refresh.start()
        self.broker.start()

    async def stop(self) -> None:
        await self.refresh.stop()
        await self.broker.stop()  # lets a connection attempt finish rather than cancelling aio-pika mid-connect

    async def readiness(self) -> dict[str, Any]:
        broker, mongo = self.broker.connected, await self.stores.ping()
        return {"ready": broker and mongo, "broker": broker, "mongodb": mongo}


def build(
    settings: Settings,
    *,
    db: Any = None,
    clock: Clock | None = None,
    seeds: ReportSeeds | None = None,
    registry: CollectorRegistry | None = None,
) -> Reports:
    seeds = seeds or load_report_seeds(settings.seeds_dir)
    clock = clock or utcnow
    registry = registry or CollectorRegistry()
    stores = ReportStores.open(
        db if db is not None else open_database(settings.mongodb_url, settings.mongodb_database)
    )
    summariser = Summariser(stores, seeds.targets, seeds.channels, clock)
    rebuild = Rebuild(stores, summariser)
    handler = ReportEventHandler(stores, accept_demo=settings.reports_accept_demo_events)
    routes: tuple[RouteGroup, ...] = (
        ReportRoutes(
            summaries=stores.summaries,
            summariser=summariser,
            calendar=seeds.targets.calendar,
            threshold=settings.reports_publication_threshold,
            clock=clock,
        ),
        ChannelRoutes(channels=seeds.channels, public_base_url=settings.reports_public_base_url),
        ChannelLinks(
            channels=seeds.channels,
            visits=stores.visits,
            add_friend_url=settings.line_add_friend_url,
            calendar=seeds.targets.calendar,
            clock=clock,
        ),
    )
    consumers = report_consumers(
        handler=handler,
        inbox=stores.inbox,
        topology=settings.topology,
        prefetch=settings.prefetch,
        registry=registry,
    )
    broker = BrokerSupervisor(settings, "reports", consumers)
    return Reports(
        settings=settings,
        seeds=seeds,
        stores=stores,
        handler=handler,
        summariser=summariser,
        rebuild=rebuild,
        refresh=RefreshRound(summariser, settings.reports_refresh_s),
        routes=routes,
        broker=broker,
        registry=registry,
    )
