"""The one-origin reverse proxy of `python -m services all` (compose uses nginx with the same routes,
deploy/proxy/nginx.conf).

Routes (DESIGN §2): `/line/webhook` → ingress; `/` and `/console/...` → the console's static files
(services/console/); `/r/<link>` → reports (a channel's public friend-add link, no login);
`/api/outreach/` → outreach, `/api/partners` → notifier, `/api/reports/` → reports, each behind
the one login: before forwarding, the proxy asks triage's `/api/auth/check`
about the browser's session (as nginx's `auth_request` does) and forwards the signed staff assertion
it answers with, replacing any the browser sent; the rest of `/api/` → triage; any other path → the
console's Japanese 404 page. `/api/auth/check` itself is internal, and so are every service's
`/healthz`, `/readyz` and `/metrics` (operators scrape the services directly): the proxy answers
them 404.

Responses are streamed chunk by chunk as they arrive (the console's live stream, `GET /api/events`,
is Server-Sent Events), and the client pool has no connection limit: every open console holds one
upstream connection for its stream (nginx: `proxy_buffering off`, long read timeouts).
"""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import ClientSession, ClientTimeout, TCPConnector, web

from services.console import add_console_routes, not_found_page
from shared.staff_auth import HEADER as STAFF_HEADER
from shared.web.errors import json_error_response

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
SESSION_CHECK = "/api/auth/check"
INTERNAL = frozenset({SESSION_CHECK, "/healthz", "/readyz", "/metrics"})
# Headers of the browser's request the session check reads (the rest stays with the request).
CHECK_HEADERS = ("cookie", "x-csrf-token", "sec-fetch-site", "origin")
GUARDED = {"/api/outreach": "outreach", "/api/partners": "notifier", "/api/reports": "reports"}
FORWARDED = ("/api/", "/line/webhook")


def guarded_service(path: str) -> str | None:
    """The service behind the one login whose API this path is, if any."""
    for prefix, name in GUARDED.items():
        if path == prefix or path.startswith(prefix + "/"):
            return name
    return None


PUBLIC = {"/r": "reports"}  # the channels' friend-add links: no login, counted in aggregate only


def route(path: str, upstreams: Mapping[str, str]) -> str:
    if path == "/line/webhook":
        return upstreams["ingress"]
    if path.startswith("/r/"):
        return upstreams[PUBLIC["/r"]]
    service = guarded_service(path)
    return upstreams[service] if service else upstreams["triage"]


async def staff_assertion(request: web.Request) -> tuple[str | None, web.Response | None]:
    """Ask triage who this browser is for this request: (assertion, None) or (None, the refusal)."""
    headers = {k: v for k, v in request.headers.items() if k.lower() in CHECK_HEADERS}
    headers |= {"X-Original-Method": request.method, "X-Original-URI": request.path_qs}
    url = request.app[UPSTREAMS]["triage"] + SESSION_CHECK
    async with request.app[SESSION].get(url, headers=headers, allow_redirects=False) as answer:
        if answer.status == 204 and answer.headers.get(STAFF_HEADER):
            return answer.headers[STAFF_HEADER], None
        refusal = web.Response(status=answer.status, body=await answer.read())
        refusal.content_type = answer.content_type
        return None, refusal


async def forward(request: web.Request) -> web.StreamResponse:
    if request.path in INTERNAL:
        return json_error_response(404, "not_found", "")
    if not request.path.startswith(FORWARDED):
        return not_found_page()
    upstreams = request.app[UPSTREAMS]
    if guarded_service(request.path) and guarded_service(request.path) not in upstreams:
        return json_error_response(503, "unavailable", "That service is not running.")
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() not in HOP_BY_HOP and k.lower() != STAFF_HEADER.lower()
    }
    if guarded_service(request.path):
        assertion, refusal = await staff_assertion(request)
        if refusal is not None:
            return refusal
        headers[STAFF_HEADER] = str(assertion)
    headers["X-Forwarded-For"] = request.remote or ""
    target = route(request.path, upstreams) + request.path_qs
    body = await request.read()
    async with request.app[SESSION].request(
        request.method, target, headers=headers, data=body, allow_redirects=False
    ) as upstream:
        response = web.StreamResponse(status=upstream.status)
        for key, value in upstream.headers.items():
            if key.lower() not in HOP_BY_HOP:
                response.headers.add(key, value)
        await response.prepare(request)
        try:
            async for chunk in upstream.content.iter_any():
                await response.write(chunk)
            await response.write_eof()
        except ConnectionResetError:
            pass  # the browser went away (a live stream closed with its page): nothing left to send
        return response


def create_proxy(upstreams: dict[str, str]) -> web.Application:
    app = web.Application(client_max_size=1024 * 1024)
    app[UPSTREAMS] = upstreams

    async def session(app: web.Application):  # type: ignore[no-untyped-def]
        app[SESSION] = ClientSession(
            connector=TCPConnector(limit=0),  # one long-lived stream per open console
            timeout=ClientTimeout(total=None, sock_read=None),
            auto_decompress=False,
        )
        yield
        await app[SESSION].close()

    app.cleanup_ctx.append(session)

    async def end_streams(app: web.Application) -> None:
        await app[SESSION].close()  # live streams end now instead of holding the shutdown

    app.on_shutdown.append(end_streams)
    add_console_routes(app)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app
