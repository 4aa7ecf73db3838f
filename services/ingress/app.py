"""Ingress: LINE webhooks in, `line.event.received` events out; nothing lost if the broker is away."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from typing import Any

from aiohttp import web
from linebot.v3 import SignatureValidator

from services.ingress.adapters.spool import DiskSpool
from services.ingress.config import Settings
from services.ingress.context import INGRESS, IngressContext
from services.ingress.domain.legacy import sealed_if_legacy
from services.ingress.drain import SpoolDrainer
from services.ingress.handlers import line_webhook
from services.ingress.metrics import IngressMetrics
from shared.crypto import Keyring
from shared.observability import add_health_routes
from shared.service_runtime import BrokerSupervisor

__all__ = ["DEFAULT_PORT", "Settings", "create_app"]

DEFAULT_PORT = 8081


def create_app(settings: Settings) -> web.Application:
    # aiohttp refuses larger bodies with 413 before the handler reads them.
    app = web.Application(client_max_size=settings.max_body_bytes)
    metrics = IngressMetrics()
    keyring = Keyring.from_spec(settings.encryption_keys)
    spool = DiskSpool(settings.spool_dir, settings.spool_max_bytes)
    broker = BrokerSupervisor(settings, "ingress", confirm_timeout=settings.publish_timeout_s, max_delay=5.0)

    def published_from_spool(count: int) -> None:
        metrics.count_published("spool", count)
        ctx.refresh_spool_gauges()

    def quarantined(reason: str, count: int) -> None:
        metrics.quarantined.labels(reason).inc(count)
        ctx.refresh_spool_gauges()

    drainer = SpoolDrainer(
        spool,
        broker,
        on_published=published_from_spool,
        on_quarantined=quarantined,
        on_failed=metrics.drain_failures.inc,
        upgrade=lambda e: sealed_if_legacy(e, keyring=keyring, pseudonym_key=settings.pseudonym_key),
    )
    metrics.watch_stall(drainer.stalled_for)
    ctx = IngressContext(
        settings, SignatureValidator(settings.line_channel_secret), keyring, broker, spool, drainer, metrics
    )
    app[INGRESS] = ctx
    app.router.add_post("/line/webhook", line_webhook)

    async def readiness() -> dict[str, Any]:
        spool_ok = spool.size_bytes < settings.spool_max_bytes
        # Files waiting with nothing drained for a while: the broker is "connected" but refuses them.
        draining = drainer.stalled_for() < settings.spool_stall_s
        return {
            "ready": broker.connected and spool_ok and draining,
            "broker": "connected" if broker.connected else "unavailable",
            "spool": {
                "files": spool.file_count,
                "bytes": spool.size_bytes,
                "cap_bytes": spool.max_bytes,
                "draining": draining,
                "stalled_s": round(drainer.stalled_for(), 1),
                "quarantined_files": spool.quarantined_files,
            },
        }

    add_health_routes(app, metrics.registry, readiness)
    app.cleanup_ctx.append(_background)
    return app


async def _background(app: web.Application) -> AsyncIterator[None]:
    ctx = app[INGRESS]
    ctx.spool.open()
    ctx.refresh_spool_gauges()
    # Everything built so far (modules, line-bot-sdk's models, the app) lives as long as the process.
    # Frozen, the garbage collector stops walking it: its full collections went from ~45 ms to a
    # few, and were the worst of ingress's tail under load (docs/performance.md).
    gc.collect()
    gc.freeze()
    ctx.broker.start()
    tasks = [asyncio.create_task(ctx.drainer.run()), asyncio.create_task(_wake_drainer_on_reconnect(ctx))]
    yield
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    # Lets a connect attempt in progress finish rather than cancelling aio-pika mid-connect.
    await ctx.broker.stop()


async def _wake_drainer_on_reconnect(ctx: IngressContext) -> None:
    while True:
        await ctx.broker.came_back.wait()
        ctx.broker.came_back.clear()
        ctx.drainer.wake()
