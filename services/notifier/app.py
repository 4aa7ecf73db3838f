"""Notifier's wiring: `create_app(settings)`, started by `python -m services notifier` (port 8084).

At start (cleanup_ctx, inside the running loop): MongoDB and its indexes, the partner seeds, the LINE
client, the webhook session and the alert scheduler. The broker is connected in the background and
retried while it is down; `/readyz` answers 503 until both consumers run. Alerts already scheduled
keep being sent meanwhile, and their result events wait in MongoDB until the broker is back.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from services.notifier import api
from services.notifier.adapters import alert_store, line_deliveries
from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.line_api import LineApi
from services.notifier.adapters.line_deliveries import LineDeliveries
from services.notifier.adapters.partner_store import PartnerStore
from services.notifier.adapters.payload_seal import PayloadSeal
from services.notifier.adapters.webhook_sender import WebhookSender
from services.notifier.alert_delivery import AlertDelivery
from services.notifier.alert_scheduler import AlertScheduler
from services.notifier.broker import DeferredPublisher, consumers_on_connect
from services.notifier.config import Settings
from services.notifier.handlers import Handlers
from services.notifier.line_delivery import LineDelivery
from services.notifier.metrics import Metrics
from services.notifier.seeds import load_partner_seeds
from shared.crypto import Keyring
from shared.mongo import create_client, ensure_indexes
from shared.observability import add_health_routes
from shared.service_runtime import BrokerSupervisor, SupervisedPublisher

__all__ = ["DEFAULT_PORT", "Settings", "create_app"]

DEFAULT_PORT = 8084


@dataclass
class Running:
    """What a running notifier is made of, for tests and the benchmark to look into."""

    scheduler: AlertScheduler | None = None
    db: Any = None


RUNNING_KEY = web.AppKey("notifier_running", Running)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(middlewares=[api.admin_only])
    metrics = Metrics()
    deps = api.ApiDeps(settings.notifier_admin_token, settings.allow_insecure_loopback)
    link: list[BrokerSupervisor] = []  # set in the lifecycle, once the database is open
    running = Running()
    app[api.API_KEY] = deps
    app[RUNNING_KEY] = running

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        client = create_client(settings.mongodb_url, app_name="tsunagari-notifier")
        db = client[settings.mongodb_database]
        await ensure_indexes(db, [*line_deliveries.INDEXES, *alert_store.INDEXES])
        deps.partners, deps.alerts = PartnerStore(db), AlertStore(db)
        await load_partner_seeds(
            deps.partners, settings.seeds_dir, allow_insecure_loopback=settings.allow_insecure_loopback
        )
        line_api = LineApi(
            settings.line_api_base_url, settings.line_channel_access_token, settings.line_request_timeout_s
        )
        session = aiohttp.ClientSession()
        seal = PayloadSeal(Keyring.from_spec(settings.encryption_keys))
        delivery = AlertDelivery(
            deps.alerts,
            deps.partners,
            WebhookSender(session, settings.alert_timeout_s),
            metrics,
            owner=f"notifier-{uuid.uuid4().hex[:12]}",
            retry_scale=settings.alert_retry_scale,
            seal=seal,
        )
        scheduler = AlertScheduler(
            delivery,
            lease_s=settings.alert_lease_s,
            partner_concurrency=settings.alert_partner_concurrency,
            concurrency=settings.alert_concurrency,
            poll_s=settings.alert_poll_s,
            breaker_threshold=settings.breaker_threshold,
            breaker_cooldown_s=settings.breaker_cooldown_s,
        )
        publisher = DeferredPublisher()
        line = LineDelivery(line_api, LineDeliveries(db), publisher, settings, metrics)
        handlers = Handlers(line, deps.partners, deps.alerts, scheduler, seal)
        supervised = SupervisedPublisher()
        broker = BrokerSupervisor(
            settings,
            "notifier",
            consumers_on_connect(
                settings, metrics, db, handlers, publisher, delivery, scheduler.wake, supervised
            ),
            publisher=supervised,
        )
        link.append(broker)
        scheduler_task = asyncio.create_task(scheduler.run(), name="alert-scheduler")
        broker_task = asyncio.create_task(broker.run(), name="broker")
        running.scheduler, running.db = scheduler, db
        try:
            yield
        finally:
            await scheduler.stop()
            # Cancelling aio-pika mid-connect can leave its reconnect task behind; let a connection
            # attempt in progress finish (bounded) and close it properly instead.
            await asyncio.wait({broker_task}, timeout=settings.shutdown_grace_s)
            broker_task.cancel()
            scheduler_task.cancel()
            await asyncio.gather(broker_task, scheduler_task, return_exceptions=True)
            await broker.close()
            link.clear()
            await line_api.close()
            await session.close()
            if settings.mongodb_url:
                await client.close()

    app.cleanup_ctx.append(lifecycle)

    async def readiness() -> dict[str, Any]:
        connected = bool(link) and link[0].connected
        return {
            "ready": connected,
            "broker": "connected" if connected else "unavailable",
            "mongodb": bool(link),
        }

    add_health_routes(app, metrics.registry, readiness)
    api.add_routes(app)
    return app
