"""Notifier's one wiring root: every object is built here, once, in dependency order, and handed to
what uses it at construction — nothing is assigned afterwards (docs/architecture.md).

    settings, keyring, clock
      → the publisher (supervised: it exists before the broker answers; publishing through it
        before then fails, and finished alerts' results wait in MongoDB)
      → stores (adapters/stores.py: every store over the one database handle)
      → the partner URL policy and its resolver (registration and every delivery)
      → the LINE client and the webhook sender (their HTTP sessions open at start, in the loop)
      → workflows: LINE delivery; alert delivery, the scheduler that runs it, accepting alerts
      → handlers (one per incoming event type) → the API's route group
      → the broker supervisor and its consumers

`build(settings)` is what `app.py` runs; tests pass a private database, a clock, a fake LINE client
or a resolver that answers without DNS through the same function.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any, Protocol

from aiohttp import web
from prometheus_client import CollectorRegistry

from services.notifier.adapters.line_api import LineApi
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.adapters.seeds import load_partner_seeds
from services.notifier.adapters.stores import NotifierStores, open_database
from services.notifier.adapters.url_guard import GuardedResolver, UrlGuard
from services.notifier.adapters.webhook_sender import WebhookSender
from services.notifier.api.delivery_routes import DeliveryRoutes
from services.notifier.api.partner_routes import PartnerRoutes
from services.notifier.config import Settings
from services.notifier.consumers import NotifierConsumers
from services.notifier.domain.partner_url import UrlPolicy
from services.notifier.domain.ports import Clock
from services.notifier.handlers import AlertRequestHandler, LineRequestHandler
from services.notifier.metrics import Metrics
from services.notifier.workflows.alert_delivery import AlertDelivery
from services.notifier.workflows.alert_requests import AlertRequests
from services.notifier.workflows.alert_scheduler import AlertScheduler
from services.notifier.workflows.line_delivery import LineDelivery
from shared.crypto import Keyring
from shared.events import utcnow
from shared.service_runtime import BrokerSupervisor, SupervisedPublisher


class RouteGroup(Protocol):
    def routes(self) -> list[web.RouteDef]: ...


class Notifier:
    """The built service. `start()` prepares the database, loads the partner seeds, opens the HTTP
    clients, starts the alert scheduler and connects the broker in the background (retried while it
    is down; readiness says so). Alerts already scheduled keep being sent meanwhile, and their
    result events wait in MongoDB until the broker is back."""

    def __init__(
        self,
        *,
        settings: Settings,
        stores: NotifierStores,
        line_api: LineApi,
        webhooks: WebhookSender,
        urls: UrlGuard,
        scheduler: AlertScheduler,
        routes: tuple[RouteGroup, ...],
        broker: BrokerSupervisor,
        metrics: Metrics,
        clock: Clock,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.stores = stores
        self.line_api = line_api
        self.webhooks = webhooks
        self.urls = urls
        self.scheduler = scheduler
        self.routes = routes
        self.broker = broker
        self.metrics = metrics
        self.registry = metrics.registry
        # Set once the consumers run: tests and the benchmark wait on it instead of polling.
        self.broker_ready = broker.ready
        self._scheduler_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.stores.prepare()
        await load_partner_seeds(self.stores.partners, self.settings.seeds_dir, guard=self.urls)
        self.line_api.start()
        self.webhooks.start()
        self._scheduler_task = asyncio.create_task(self.scheduler.run(), name="alert-scheduler")
        self.broker.start()

    async def stop(self) -> None:
        await self.scheduler.stop()
        # A connection attempt in progress is let finish (bounded) and closed properly.
        await self.broker.stop(grace=self.settings.shutdown_grace_s)
        if self._scheduler_task is not None:
            self._scheduler_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._scheduler_task
        await self.line_api.close()
        await self.webhooks.close()
        if self.settings.mongodb_url:
            await self.stores.close()

    async def readiness(self) -> dict[str, Any]:
        broker, mongo = self.broker.connected, await self.stores.ping()
        return {
            "ready": broker and mongo,
            "broker": "connected" if broker else "unavailable",
            "mongodb": mongo,
        }


def build(
    settings: Settings,
    *,
    db: Any = None,
    clock: Clock | None = None,
    line_api: LineApi | None = None,
    resolver: GuardedResolver | None = None,
    registry: CollectorRegistry | None = None,
) -> Notifier:
    """Build notifier. `db` (a private substitute), `clock`, `line_api` and `resolver` (one that
    answers without DNS) are for tests."""
    clock = clock or utcnow
    metrics = Metrics(registry or CollectorRegistry())
    keyring = Keyring.from_spec(settings.encryption_keys)  # opens what triage sealed; seals alert bodies
    seal = PayloadSeal(keyring)
    publisher = SupervisedPublisher()
    stores = NotifierStores.open(
        db if db is not None else open_database(settings.mongodb_url, settings.mongodb_database)
    )
    line_api = line_api or LineApi(
        settings.line_api_base_url, settings.line_channel_access_token, settings.line_request_timeout_s
    )
    # One partner URL policy, at registration (API, seeds) and at every delivery (issue 15).
    policy = UrlPolicy(allow_loopback=settings.allow_insecure_loopback)
    resolver = resolver or GuardedResolver(policy)
    urls = UrlGuard(policy, resolver)
    webhooks = WebhookSender(settings.alert_timeout_s, policy, resolver)
    owner = f"notifier-{uuid.uuid4().hex[:12]}"  # names this process on the leases it takes

    # Workflows
    line = LineDelivery(line_api, stores.line_deliveries, publisher, settings, metrics, clock)
    delivery = AlertDelivery(
        stores.alerts,
        stores.partners,
        webhooks,
        metrics,
        publisher=publisher,
        owner=owner,
        retry_scale=settings.alert_retry_scale,
        seal=seal,
        clock=clock,
    )
    scheduler = AlertScheduler(
        delivery,
        stores.alerts,
        metrics,
        owner=owner,
        lease_s=settings.alert_lease_s,
        partner_concurrency=settings.alert_partner_concurrency,
        concurrency=settings.alert_concurrency,
        poll_s=settings.alert_poll_s,
        breaker_threshold=settings.breaker_threshold,
        breaker_cooldown_s=settings.breaker_cooldown_s,
        clock=clock,
    )
    requests = AlertRequests(
        partners=stores.partners, alerts=stores.alerts, seal=seal, scheduler=scheduler, clock=clock
    )

    # The API (route groups in mount order: `/api/partners/failures` before `/api/partners/{partner_id}`)
    routes: tuple[RouteGroup, ...] = (
        DeliveryRoutes(partners=stores.partners, alerts=stores.alerts),
        PartnerRoutes(partners=stores.partners, urls=urls, clock=clock),
    )

    # The broker: its consumers run the handlers; once they run, results that waited can go.
    consumers = NotifierConsumers(
        line=LineRequestHandler(line, keyring),
        alerts=AlertRequestHandler(requests, keyring),
        inbox=stores.inbox,
        topology=settings.topology,
        prefetch=settings.prefetch,
        registry=metrics.registry,
        on_started=scheduler.wake,
    )
    broker = BrokerSupervisor(settings, "notifier", consumers, publisher=publisher)
    return Notifier(
        settings=settings,
        stores=stores,
        line_api=line_api,
        webhooks=webhooks,
        urls=urls,
        scheduler=scheduler,
        routes=routes,
        broker=broker,
        metrics=metrics,
        clock=clock,
    )
