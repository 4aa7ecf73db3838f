"""Outreach: records outreach requests (scheduling visits comes with its own issue)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry

from services.outreach.adapters.requests_repo import INDEXES, OutreachRequests
from services.outreach.config import Settings
from services.outreach.handlers import OutreachHandlers
from shared.messaging import EventConsumer, MongoInbox, service_queue
from shared.mongo import create_client, ensure_indexes
from shared.service_runtime import BrokerSupervisor

__all__ = ["DEFAULT_PORT", "Settings", "create_app"]

DEFAULT_PORT = 8083
REQUESTS = web.AppKey("outreach_requests", OutreachRequests)


def create_app(settings: Settings) -> web.Application:
    app = web.Application()
    registry = CollectorRegistry()
    db = create_client(settings.mongodb_url)[settings.mongodb_database]
    requests = OutreachRequests(db)
    app[REQUESTS] = requests
    handlers = OutreachHandlers(requests)

    async def start_consumers(connection: Any) -> list[EventConsumer]:
        consumer = EventConsumer(
            connection,
            service_queue("outreach.requests"),
            handlers.handle,
            topology=settings.topology,
            inbox=MongoInbox(db),
            prefetch=settings.prefetch,
            registry=registry,
        )
        await consumer.start()
        return [consumer]

    broker = BrokerSupervisor(settings, "outreach", start_consumers)

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await ensure_indexes(db, INDEXES)
        task = asyncio.create_task(broker.run())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await broker.close()

    app.cleanup_ctx.append(lifecycle)
    from shared.observability import add_health_routes

    async def readiness() -> dict[str, Any]:
        return {"ready": broker.connected, "broker": "connected" if broker.connected else "unavailable"}

    add_health_routes(app, registry, readiness)
    app.router.add_get("/api/outreach/requests", _list_requests)
    return app


async def _list_requests(request: web.Request) -> web.Response:
    # Counts only until the outreach console lands with its own issue: no case data leaves here.
    open_requests = await request.app[REQUESTS].list_open()
    return web.json_response({"open_requests": len(open_requests)}, headers={"Cache-Control": "no-store"})
