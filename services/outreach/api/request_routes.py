"""The coordinator's request queue and one request's detail (`/api/outreach/requests`).

- `GET /api/outreach/requests` — the requests waiting for a visit, most urgent and oldest first, and
  those scheduled (coordinators, supervisors);
- `GET /api/outreach/requests/{id}` — one request: her consent, its visits and history;
- `POST /api/outreach/requests/{id}/cancel` — end a request (coordinators): every visit not done is
  cancelled and the counselor who proposed it told.
"""

from __future__ import annotations

from aiohttp import web

from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.adapters.visits_repo import Visits
from services.outreach.api.bodies import CancelRequestIn
from services.outreach.api.roles import COORDINATOR, QUEUE_READERS, actor
from services.outreach.api.views import Views
from services.outreach.domain.ports import Clock
from services.outreach.domain.queue import queue_order
from services.outreach.domain.refusals import Missing
from services.outreach.workflows.scheduling import Scheduling
from shared.web.json_body import read_model
from shared.web.respond import respond


class RequestRoutes:
    def __init__(
        self,
        *,
        requests: OutreachRequests,
        visits: Visits,
        audit: AuditLog,
        scheduling: Scheduling,
        views: Views,
        clock: Clock,
    ) -> None:
        self._requests = requests
        self._visits = visits
        self._audit = audit
        self._scheduling = scheduling
        self._views = views
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/outreach/requests", self.queue),
            web.get("/api/outreach/requests/{request_id}", self.detail),
            web.post("/api/outreach/requests/{request_id}/cancel", self.cancel),
        ]

    async def queue(self, request: web.Request) -> web.Response:
        actor(request, *QUEUE_READERS)
        now = self._clock()
        waiting = queue_order(await self._requests.listing(("requested", "reschedule_requested")))
        scheduled = sorted(await self._requests.listing(("scheduled",)), key=lambda r: r["consented_at"])
        return respond(
            {
                "waiting": [self._views.request(r, now) for r in waiting],
                "scheduled": [self._views.request(r, now) for r in scheduled],
                "open_requests": len(waiting) + len(scheduled),
            }
        )

    async def detail(self, request: web.Request) -> web.Response:
        actor(request, *QUEUE_READERS)
        found = await self._requests.get(request.match_info["request_id"])
        if found is None or not found.get("consent"):
            raise Missing("no_request", "No such outreach request.")
        visits = await self._visits.of_request(found["_id"])
        return respond(
            {
                "request": self._views.request(found, self._clock()),
                "visits": [self._views.visit(v) for v in visits],
                "history": found.get("history", []),
                "audit": await self._audit.for_request(found["_id"]),
            }
        )

    async def cancel(self, request: web.Request) -> web.Response:
        who = actor(request, COORDINATOR)
        body = await read_model(request, CancelRequestIn)
        return respond(await self._scheduling.cancel_request(who, request.match_info["request_id"], reason=body.reason))
