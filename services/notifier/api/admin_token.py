"""Interim authentication of `/api/partners`: a Bearer token from NOTIFIER_ADMIN_TOKEN, until the
console's sessions and roles (in triage) cover this path."""

from __future__ import annotations

import hmac

from aiohttp import web

from shared.web.headers import Handler, Middleware


def admin_token(token: str, *, api_prefix: str) -> Middleware:
    expected = f"Bearer {token}".encode()

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(api_prefix):
            return await handler(request)
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), expected):
            return web.json_response({"error": "unauthorized"}, status=401)
        return await handler(request)

    return middleware
