"""The one-origin reverse proxy of `python -m services all` (compose uses nginx with the same routes).

Routes (DESIGN §2): `/line/webhook` → ingress, `/api/outreach/` → outreach, `/api/partners` →
notifier, everything else → triage.
"""

from __future__ import annotations

from aiohttp import ClientSession, ClientTimeout, web

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
UPSTREAMS = web.AppKey("upstreams", dict)
SESSION = web.AppKey("session", ClientSession)


def route(path: str, upstreams: dict[str, str]) -> str:
    if path == "/line/webhook":
        return upstreams["ingress"]
    if path.startswith("/api/outreach/") or path == "/api/outreach":
        return upstreams["outreach"]
    if path.startswith("/api/partners"):
        return upstreams["notifier"]
    return upstreams["triage"]


async def forward(request: web.Request) -> web.StreamResponse:
    target = route(request.path, request.app[UPSTREAMS]) + request.path_qs
    headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
    headers["X-Forwarded-For"] = request.remote or ""
    body = await request.read()
    async with request.app[SESSION].request(
        request.method, target, headers=headers, data=body, allow_redirects=False
    ) as upstream:
        response = web.StreamResponse(status=upstream.status)
        for key, value in upstream.headers.items():
            if key.lower() not in HOP_BY_HOP:
                response.headers.add(key, value)
        await response.prepare(request)
        async for chunk in upstream.content.iter_any():
            await response.write(chunk)
        await response.write_eof()
        return response


def create_proxy(upstreams: dict[str, str]) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[UPSTREAMS] = upstreams

    async def session(app: web.Application):  # type: ignore[no-untyped-def]
        app[SESSION] = ClientSession(timeout=ClientTimeout(total=None, sock_read=None), auto_decompress=False)
        yield
        await app[SESSION].close()

    app.cleanup_ctx.append(session)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app
