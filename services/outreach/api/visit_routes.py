"""Visits: the week calendar, the clash check the form asks before saving, scheduling, rescheduling
and cancelling (`/api/outreach/visits`).

- `GET /api/outreach/visits?from=YYYY-MM-DD&days=7` — the visits of those days with their staff,
  and who works each day (everyone who reads the calendar);
- `POST /api/outreach/visits/check` — a plan's problems and clashes, nothing stored (coordinators);
- `POST /api/outreach/visits` — schedule a request's visit: 201, or 422 with the plan's problems,
  409 `staff_booked` (naming who) / `request_taken` / `request_cancelled`;
- `GET /api/outreach/visits/{id}` — one visit with its history (and, for its staff, coordinators
  and supervisors, the sealed details and notes);
- `PUT /api/outreach/visits/{id}` — reschedule (`revision`: the one replaced; 409 `visit_changed`);
- `POST /api/outreach/visits/{id}/cancel` — cancel it (`whole_request`: end the request too).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from aiohttp import web

from services.outreach.adapters.visits_repo import Visits
from services.outreach.api.bodies import CancelIn, CheckIn, RescheduleIn, ScheduleIn
from services.outreach.api.roles import COORDINATOR, READERS, actor
from services.outreach.api.views import Views
from services.outreach.domain.ports import Clock
from services.outreach.domain.refusals import Missing, Unprocessable
from services.outreach.domain.roster import DAYS, Roster
from services.outreach.workflows.scheduling import Scheduling
from shared.web.json_body import read_model
from shared.web.respond import respond

MAX_DAYS = 31


class VisitRoutes:
    def __init__(
        self, *, visits: Visits, scheduling: Scheduling, views: Views, roster: Roster, tz: tzinfo, clock: Clock
    ) -> None:
        self._visits = visits
        self._scheduling = scheduling
        self._views = views
        self._roster = roster
        self._tz = tz
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/outreach/visits", self.calendar),
            web.post("/api/outreach/visits/check", self.check),
            web.post("/api/outreach/visits", self.schedule),
            web.get("/api/outreach/visits/{visit_id}", self.detail),
            web.put("/api/outreach/visits/{visit_id}", self.reschedule),
            web.post("/api/outreach/visits/{visit_id}/cancel", self.cancel),
        ]

    def _first_day(self, request: web.Request) -> date:
        raw = request.query.get("from")
        today = self._clock().astimezone(self._tz).date()
        if not raw:
            return today - timedelta(days=today.weekday())  # this week's Monday
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise Unprocessable("invalid_date", "from: expected YYYY-MM-DD.") from None

    async def calendar(self, request: web.Request) -> web.Response:
        actor(request, *READERS)
        first = self._first_day(request)
        try:
            days = max(1, min(MAX_DAYS, int(request.query.get("days", "7"))))
        except ValueError:
            raise Unprocessable("invalid_days", "days: expected a number of days.") from None
        start = datetime.combine(first, datetime.min.time(), tzinfo=self._tz)
        visits = await self._visits.between(start, start + timedelta(days=days))
        dates = [first + timedelta(days=n) for n in range(days)]
        working = {
            d.isoformat(): [{"id": s.id, "name": s.name} for s in self._roster.on(DAYS[d.weekday()])] for d in dates
        }
        return respond(
            {
                "from": first.isoformat(),
                "days": [d.isoformat() for d in dates],
                "today": self._clock().astimezone(self._tz).date().isoformat(),
                "visits": [self._views.visit(v) for v in visits],
                "working": working,
            }
        )

    async def check(self, request: web.Request) -> web.Response:
        actor(request, COORDINATOR)
        body = await read_model(request, CheckIn)
        return respond(await self._scheduling.preview(body.plan(), request_id=body.request_id, visit_id=body.visit_id))

    async def schedule(self, request: web.Request) -> web.Response:
        who = actor(request, COORDINATOR)
        body = await read_model(request, ScheduleIn)
        result = await self._scheduling.schedule(who, body.request_id, body.plan(), details=body.details)
        return respond(result, status=201)

    async def detail(self, request: web.Request) -> web.Response:
        who = actor(request, *READERS)
        visit = await self._visits.get(request.match_info["visit_id"])
        if visit is None or not visit.get("committed"):
            raise Missing("no_visit", "No such visit.")
        sealed = who.role != "outreach_worker" or who.id in visit["staff_ids"]
        return respond({"visit": self._views.visit(visit, sealed=sealed)})

    async def reschedule(self, request: web.Request) -> web.Response:
        who = actor(request, COORDINATOR)
        body = await read_model(request, RescheduleIn)
        result = await self._scheduling.reschedule(
            who, request.match_info["visit_id"], body.revision, body.plan(), details=body.details
        )
        return respond(result)

    async def cancel(self, request: web.Request) -> web.Response:
        who = actor(request, COORDINATOR)
        body = await read_model(request, CancelIn)
        result = await self._scheduling.cancel(
            who, request.match_info["visit_id"], reason=body.reason, whole_request=body.whole_request
        )
        return respond(result)
