"""Notifier's app: `create_app(settings)` for `python -m services notifier` (port 8084).

Everything is built once by `bootstrap.build`; this module only puts it on an aiohttp app: the
partner API (`/api/partners`) behind its authentication, health (`/healthz`, `/readyz`, `/metrics`)
and the lifecycle — at start the indexes, the partner seeds, the HTTP clients, the alert scheduler
and the broker in the background, retried until it answers (`/readyz` says 503 meanwhile).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from services.notifier.api.admin_token import admin_token
from services.notifier.api.partner_routes import invalid_partner
from services.notifier.bootstrap import Notifier, build
from services.notifier.config import Settings
from shared.observability import add_health_routes

__all__ = ["DEFAULT_PORT", "NOTIFIER", "Settings", "create_app"]

DEFAULT_PORT = 8084
NOTIFIER = web.AppKey("notifier", Notifier)


def create_app(settings: Settings) -> web.Application:
    return mount(build(settings))


def mount(notifier: Notifier) -> web.Application:
    """The aiohttp app of a built notifier (tests build theirs with a private database or fakes)."""
    token = admin_token(notifier.settings.notifier_admin_token, api_prefix="/api/partners")
    app = web.Application(middlewares=[token, invalid_partner])
    app[NOTIFIER] = notifier
    for group in notifier.routes:
        app.router.add_routes(group.routes())

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await notifier.start()
        yield
        await notifier.stop()

    app.cleanup_ctx.append(lifecycle)
    add_health_routes(app, notifier.registry, notifier.readiness)
    return app
