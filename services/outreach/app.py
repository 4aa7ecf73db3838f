"""Outreach's app: `create_app(settings)` for `python -m services outreach` (port 8083).

Everything is built once by `bootstrap.build`; this module only puts it on an aiohttp app: the
security and JSON-error middlewares, the one login's staff check on `/api/outreach/` (the signed
assertion the proxy forwards; without it every route answers 401), the domain refusals as 4xx, the
route groups, health (`/healthz`, `/readyz`, `/metrics`) and the lifecycle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from services.outreach.api.errors import refusals_as_http
from services.outreach.bootstrap import Outreach, build
from services.outreach.config import Settings
from services.outreach.domain.ports import Clock
from shared.observability import add_health_routes
from shared.web.headers import harden, json_errors
from shared.web.staff import verified_staff
from shared.web.work import api_work

__all__ = ["DEFAULT_PORT", "OUTREACH", "Outreach", "Settings", "create_app", "mount"]

DEFAULT_PORT = 8083
OUTREACH = web.AppKey("outreach", Outreach)
API_PREFIX = "/api/outreach/"


def create_app(settings: Settings, *, clock: Clock | None = None, periodic: bool = True) -> web.Application:
    """The service's app; `clock` and `periodic` are for tests."""
    return mount(build(settings, clock=clock), periodic=periodic)


def mount(outreach: Outreach, *, periodic: bool = True) -> web.Application:
    # The assertion's time is checked on the same clock as everything else (triage signs it on its
    # own: the wall clock in service, the test's clock in the end-to-end tests).
    staff = verified_staff(outreach.settings.staff_assertion_key, api_prefix=API_PREFIX, clock=outreach.clock)
    app = web.Application(middlewares=[harden("/api/"), json_errors("/api/"), staff, refusals_as_http, api_work])
    app[OUTREACH] = outreach
    for group in outreach.routes:
        app.router.add_routes(group.routes())

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await outreach.start(periodic=periodic)
        yield
        await outreach.stop()

    app.cleanup_ctx.append(lifecycle)
    add_health_routes(app, outreach.registry, outreach.readiness)
    return app
