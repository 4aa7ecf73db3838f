"""Notifier's app: `create_app(settings)` for `python -m services notifier` (port 8084).

Everything is built once by `bootstrap.build`; this module only puts it on an aiohttp app: the
security and JSON-error middlewares, the one login's staff check on `/api/partners` (the signed
staff assertion the proxy forwards; shared/web/staff.py), the partner API's routes, health
(`/healthz`, `/readyz`, `/metrics`) and the lifecycle — at start the indexes, the partner seeds, the HTTP clients, the alert scheduler
and the broker in the background, retried until it answers (`/readyz` says 503 meanwhile).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from services.notifier.api.answers import API_PREFIX, invalid_partner
from services.notifier.bootstrap import Notifier, build
from services.notifier.config import Settings
from services.notifier.domain.ports import Clock
from shared.observability import add_health_routes
from shared.web.headers import harden, json_errors
from shared.web.staff import verified_staff

__all__ = ["DEFAULT_PORT", "NOTIFIER", "Settings", "create_app"]

DEFAULT_PORT = 8084
NOTIFIER = web.AppKey("notifier", Notifier)


def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    """The service's app; `clock` is for tests (the login's assertions are checked against it too)."""
    return mount(build(settings, clock=clock))


def mount(notifier: Notifier) -> web.Application:
    """The aiohttp app of a built notifier (tests build theirs with a private database or fakes)."""
    staff = verified_staff(notifier.settings.staff_assertion_key, api_prefix=API_PREFIX, clock=notifier.clock)
    app = web.Application(middlewares=[harden("/api/"), json_errors("/api/"), staff, invalid_partner])
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
