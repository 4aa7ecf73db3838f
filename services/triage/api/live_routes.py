"""`GET /api/events`: the console's live stream (Server-Sent Events), same origin, same session.

On connecting the stream sends `hello` (with the current event id), then — if the browser sent
`Last-Event-ID` — what it missed, or `resync` when that cannot be known (another process, too old).
Each notice is one `message` event whose `id` the browser sends back when it reconnects; the data
is the view its staff member may see (domain/live.py): ids and codes, never text.

Every `heartbeat_s` a comment line keeps proxies from closing an idle stream and finds out that
the browser has gone; the session is checked then too, without touching it (an open stream is not
activity: the idle timeout still counts the person's own requests), and an ended session closes
the stream with `session_ended`. The proxy must not buffer it (nginx: `proxy_buffering off`).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web

from services.triage.api.access import CASE_ROLES
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.api.sessions import COOKIE_NAME, Sessions
from services.triage.domain.ports import Clock
from services.triage.workflows.live import LiveHub
from shared.web.headers import apply_security_headers

HEADERS = {"Content-Type": "text/event-stream; charset=utf-8", "X-Accel-Buffering": "no"}


def frame(event: str, data: dict[str, Any], event_id: str | None = None) -> bytes:
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


class LiveRoutes:
    def __init__(self, *, hub: LiveHub, sessions: Sessions, clock: Clock, heartbeat_s: float = 15.0) -> None:
        self._hub = hub
        self._sessions = sessions
        self._clock = clock
        self._heartbeat_s = heartbeat_s

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/api/events", self.stream)]

    @describe(
        "Live updates of the caller's queue and cases (Server-Sent Events)",
        tags=("live",),
        roles=CASE_ROLES,
        media="text/event-stream",
    )
    async def stream(self, request: web.Request) -> web.StreamResponse:
        who = require_role(request, *CASE_ROLES)
        response = web.StreamResponse(headers=HEADERS)
        apply_security_headers(response, no_store=True)
        subscriber = self._hub.subscribe(who.id, who.role)
        try:
            await response.prepare(request)
            await response.write(frame("hello", {"stream": self._hub.boot}, self._hub.last_id))
            last = request.headers.get("Last-Event-ID")
            if last and not self._hub.missed(subscriber, last):
                await response.write(frame("resync", {}, self._hub.last_id))
            while True:
                try:
                    item = await asyncio.wait_for(subscriber.queue.get(), self._heartbeat_s)
                except TimeoutError:
                    if not await self._sessions.alive(request.cookies.get(COOKIE_NAME), self._clock()):
                        await response.write(frame("session_ended", {}))
                        break
                    await response.write(b": ping\n\n")
                    continue
                if item is None:  # triage is stopping
                    break
                event_id, view = item
                kind = "resync" if view.get("kind") == "resync" else "message"
                await response.write(frame(kind, view, event_id))
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._hub.unsubscribe(subscriber)
        return response
