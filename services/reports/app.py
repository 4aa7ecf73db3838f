"""The reports service's app: `create_app(settings)` for `python -m services reports` (port 8085).

Everything is built once by `bootstrap.build`; this module only puts it on an aiohttp app: the
security and JSON-error middlewares, the one login's staff check on `/api/reports/`, the route
groups, the public channel links `/r/<link>`, health (`/healthz`, `/readyz`, `/metrics`) and the
lifecycle.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

from aiohttp import web

from services.reports.bootstrap import Reports, build
from services.reports.config import Settings
from shared.observability import add_health_routes
from shared.web.headers import harden, json_errors
from shared.web.staff import verified_staff

__all__ = ["DEFAULT_PORT", "REPORTS", "Settings", "create_app"]

DEFAULT_PORT = 8085
REPORTS = web.AppKey("reports", Reports)


def create_app(
    settings: Settings, *, clock: Callable[[], datetime] | None = None, periodic: bool = True
) -> web.Application:
    """The service's app; `clock` and `periodic` are for tests."""
    reports = build(settings, clock=clock)
    return mount(reports, periodic=periodic, clock=clock)


def mount(
    reports: Reports, *, periodic: bool = True, clock: Callable[[], datetime] | None = None
) -> web.Application:
    key = reports.settings.staff_assertion_key
    staff = verified_staff(key, api_prefix="/api/reports/", clock=clock) if clock else verified_staff(
        key, api_prefix="/api/reports/"
    )
    app = web.Application(middlewares=[harden("/api/"), json_errors("/api/"), staff])
    app[REPORTS] = reports
    for group in reports.routes:
        app.router.add_routes(group.routes())

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await reports.start(periodic=periodic)
        yield
        await reports.stop()

    app.cleanup_ctx.append(lifecycle)
    add_health_routes(app, reports.registry, reports.readiness)
    return app
