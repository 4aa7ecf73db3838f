"""Health, readiness and Prometheus metrics endpoints, the same on every service.

Each service has its own `CollectorRegistry`, so `python -m services all` can run them side by side.
These paths are for operators and their scrapers on the internal network: the console's proxy does
not forward them (deploy/proxy/nginx.conf, services/dev_proxy.py). Every service's app goes through
`add_health_routes`, which also stops answering with the aiohttp version in `Server`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from shared.db_cost import CostCollector

ReadinessCheck = Callable[[], Awaitable[dict[str, Any]]]

REGISTRY_KEY = web.AppKey("metrics_registry", CollectorRegistry)
READINESS_KEY = web.AppKey("readiness_check", object)


def add_health_routes(app: web.Application, registry: CollectorRegistry, readiness: ReadinessCheck) -> None:
    """`GET /healthz` (the process answers), `/readyz` (its dependencies: 503 when not ready), `/metrics`."""
    app[REGISTRY_KEY] = registry
    app[READINESS_KEY] = readiness
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    app.router.add_get("/metrics", _metrics)
    app.on_response_prepare.append(_plain_server_header)
    if not any(isinstance(c, CostCollector) for c in getattr(registry, "_collector_to_names", {})):
        registry.register(CostCollector())


SERVER = "tsunagari"


async def _plain_server_header(_: web.Request, response: web.StreamResponse) -> None:
    # aiohttp would announce its exact version, which only helps someone looking for a known bug.
    response.headers["Server"] = SERVER


async def _healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    check: ReadinessCheck = request.app[READINESS_KEY]  # type: ignore[assignment]
    state = await check()
    return web.json_response(state, status=200 if state.get("ready") else 503)


async def _metrics(request: web.Request) -> web.Response:
    body = generate_latest(request.app[REGISTRY_KEY])
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})
