"""Ingress: LINE webhooks in, `line.event.received` events out; nothing lost if the broker is away."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from linebot.v3 import SignatureValidator

from services.ingress.adapters.spool import DiskSpool
from services.ingress.config import Settings
from services.ingress.context import INGRESS, IngressContext
from services.ingress.drain import SpoolDrainer
from services.ingress.handlers import line_webhook
from services.ingress.metrics import IngressMetrics
from shared.observability import add_health_routes
from shared.service_runtime import BrokerSupervisor

__all__ = ["DEFAULT_PORT", "Settings", "create_app"]

DEFAULT_PORT = 8081


def create_app(settings: Settings) -> web.Application:
    # aiohttp refuses larger bodies with 413 before the handler reads them.
    app = web.Application(client_max_size=settings.max_body_bytes)
    metrics = IngressMetrics()
    spool = DiskSpool(settings.spool_dir, settings.spool_max_bytes)
    broker = BrokerSupervisor(settings, "ingress", confirm_timeout=settings.publish_timeout_s, max_delay=5.0)

    def published_from_spool(count: int) -> None:
        metrics.published.labels("spool").inc(count)
        ctx.refresh_spool_gauges()

    drainer = SpoolDrainer(spool, broker, on_published=published_from_spool)
    ctx = IngressContext(
        settings, SignatureValidator(settings.line_channel_secret), broker, spool, drainer, metrics
    )
    app[INGRESS] = ctx
    app.router.add_post("/line/webhook", line_webhook)

    async def readiness() -> dict[str, Any]:
        spool_ok = spool.size_bytes < settings.spool_max_bytes
        return {
            "ready": broker.connected and spool_ok,
            "broker": "connected" if broker.connected else "unavailable",
            "spool": {"files": spool.file_count, "bytes": spool.size_bytes, "cap_bytes": spool.max_bytes},
        }

    add_health_routes(app, metrics.registry, readiness)
    app.cleanup_ctx.append(_background)
    return app


async def _background(app: web.Application) -> AsyncIterator[None]:
    ctx = app[INGRESS]
    ctx.spool.open()
    ctx.refresh_spool_gauges()
    tasks = [asyncio.create_task(ctx.broker.run()), asyncio.create_task(ctx.drainer.run())]
    tasks.append(asyncio.create_task(_wake_drainer_on_reconnect(ctx)))
    yield
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await ctx.broker.close()


async def _wake_drainer_on_reconnect(ctx: IngressContext) -> None:
    while True:
        await ctx.broker.came_back.wait()
        ctx.broker.came_back.clear()
        ctx.drainer.wake()
