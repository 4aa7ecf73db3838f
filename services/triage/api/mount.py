"""Putting the console API on triage's app, once: the security layer, the route groups in order (the
fixed paths such as `/api/cases/mine` before `/api/cases/{case_id}`), the proxy's session check, and
the OpenAPI document at `/api/openapi.json` (public: it lists routes and shapes, no data).
Reference: docs/console-api.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from aiohttp import web

from services.triage.api.auth import install_auth
from services.triage.api.context import AuthConfig, AuthContext
from services.triage.api.openapi import openapi_handler
from services.triage.api.session_check import PATH as SESSION_CHECK_PATH
from services.triage.api.session_check import SessionCheck
from shared.client_address import TrustedProxies

OPENAPI_PATH = "/api/openapi.json"
PUBLIC_PATHS = frozenset({"/api/auth/login", OPENAPI_PATH})


class RouteGroup(Protocol):
    def routes(self) -> list[web.RouteDef]: ...


def mount_api(
    app: web.Application, *, auth: AuthContext, groups: Sequence[RouteGroup], session_check: SessionCheck
) -> None:
    install_auth(app, auth)
    for group in groups:
        app.router.add_routes(group.routes())
    app.router.add_routes(session_check.routes())
    app.router.add_get(OPENAPI_PATH, openapi_handler("tsunagari triage console API", "1"))


def console_auth_config(trusted_proxies: TrustedProxies) -> AuthConfig:
    return AuthConfig(public_paths=PUBLIC_PATHS, trusted_proxies=trusted_proxies)


__all__ = ["OPENAPI_PATH", "SESSION_CHECK_PATH", "RouteGroup", "console_auth_config", "mount_api"]
