"""Triage's app: `create_app(settings)` for `python -m services triage` (port 8082).

Everything is built once by `bootstrap.build`; this module only puts it on an aiohttp app: the
console API (`/api/...`), health (`/healthz`, `/readyz`, `/metrics`), and the lifecycle — at start
the indexes, the staff roster (idempotent upsert; demo passwords from the environment or generated
and printed once) and the programme targets, the periodic rounds, and the broker in the background,
retried until it answers (readiness says 503 meanwhile). The console's pages are a package of their
own (`services/console/`), served by the proxy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web

from services.triage.adapters.passwords import Passwords
from services.triage.api.mount import mount_api
from services.triage.bootstrap import Triage, build
from services.triage.config import Settings
from services.triage.consumers import consulter_order_key
from services.triage.domain.ports import Clock
from shared.observability import add_health_routes

__all__ = ["DEFAULT_PORT", "TRIAGE", "Settings", "Triage", "consulter_order_key", "create_app"]

DEFAULT_PORT = 8082
TRIAGE = web.AppKey("triage", Triage)


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    periodic: bool = True,
    passwords: Passwords | None = None,
) -> web.Application:
    """The service's app; `clock`, `periodic` and `passwords` (cheap hashing) are for tests."""
    triage = build(settings, clock=clock, passwords=passwords)
    app = web.Application()
    app[TRIAGE] = triage
    mount_api(app, auth=triage.auth, groups=triage.routes, session_check=triage.session_check)

    async def lifecycle(_: web.Application) -> AsyncIterator[None]:
        await triage.start(periodic=periodic)
        yield
        await triage.stop()

    app.cleanup_ctx.append(lifecycle)

    async def end_live_streams(_: web.Application) -> None:
        triage.live.close()  # open consoles reconnect elsewhere; without this, shutdown waits on them

    app.on_shutdown.append(end_live_streams)
    add_health_routes(app, triage.registry, triage.readiness)
    return app
