"""Wiring of the LINE simulator: the Messaging API, the control API, the chat page, the webhook sender.

Development and tests only; never deployed to production.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import structlog
from aiohttp import web

from services.simulator import control, messaging_api
from services.simulator.config import SimulatorSettings
from services.simulator.keys import SENDER_KEY, SETTINGS_KEY, STATE_KEY
from services.simulator.state import SimulatorState
from services.simulator.webhooks import WebhookSender

logger = structlog.get_logger(__name__)

# `python -m services simulator` looks for these three names in every service's app module.
Settings = SimulatorSettings
DEFAULT_PORT = 8090
PAGE_DIR = Path(__file__).parent / "page"
# The page has no inline script or style, so the strictest policy holds.
CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


@web.middleware
async def security_headers(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(PAGE_DIR / "index.html")


async def webhook_client(app: web.Application) -> AsyncIterator[None]:
    async with aiohttp.ClientSession() as session:
        app[SENDER_KEY].session = session
        yield
        app[SENDER_KEY].session = None


async def release_long_requests(app: web.Application) -> None:
    # Open SSE streams and slow answers would otherwise hold shutdown until its timeout.
    app[STATE_KEY].stop()


def create_app(settings: SimulatorSettings) -> web.Application:
    app = web.Application(middlewares=[security_headers])
    state = SimulatorState(settings.monthly_push_quota, settings.reply_token_ttl_seconds)
    app[SETTINGS_KEY] = settings
    app[STATE_KEY] = state
    app[SENDER_KEY] = WebhookSender(
        state, settings.line_channel_secret, settings.destination, settings.ingress_webhook_url
    )
    app.cleanup_ctx.append(webhook_client)
    app.on_shutdown.append(release_long_requests)
    messaging_api.add_routes(app)
    control.add_routes(app)
    app.router.add_get("/", index)
    app.router.add_static("/page/", PAGE_DIR)
    return app


async def run(settings: SimulatorSettings, host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> None:
    """Serve the simulator until cancelled."""
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        logger.info("simulator_started", host=host, port=port, ingress=settings.ingress_webhook_url)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
