"""The day itself (`/api/outreach/today`, `/api/outreach/visits/{id}/...`): a worker's visits of
today, check-in, check-out and the result. A worker acts on the visits she is on; a coordinator on
any. A result before the visit started is refused (409 `not_started`)."""

from __future__ import annotations

from aiohttp import web

from services.outreach.api.bodies import ResultIn
from services.outreach.api.roles import FIELD_STAFF, SUPERVISOR, actor
from services.outreach.api.views import Views
from services.outreach.domain.refusals import Unprocessable
from services.outreach.workflows.the_day import VisitDay
from shared.web.json_body import read_model
from shared.web.respond import respond


class DayRoutes:
    def __init__(self, *, day: VisitDay, views: Views) -> None:
        self._day = day
        self._views = views

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/outreach/today", self.today),
            web.post("/api/outreach/visits/{visit_id}/check-in", self.check_in),
            web.post("/api/outreach/visits/{visit_id}/check-out", self.check_out),
            web.post("/api/outreach/visits/{visit_id}/result", self.result),
        ]

    async def today(self, request: web.Request) -> web.Response:
        who = actor(request, *FIELD_STAFF, SUPERVISOR)
        start, _ = self._day.today_bounds()
        visits = await self._day.today(who)
        return respond({"date": start.date().isoformat(), "visits": [self._views.visit(v) for v in visits]})

    async def check_in(self, request: web.Request) -> web.Response:
        who = actor(request, *FIELD_STAFF)
        return respond(await self._day.check_in(who, request.match_info["visit_id"]))

    async def check_out(self, request: web.Request) -> web.Response:
        who = actor(request, *FIELD_STAFF)
        return respond(await self._day.check_out(who, request.match_info["visit_id"]))

    async def result(self, request: web.Request) -> web.Response:
        who = actor(request, *FIELD_STAFF)
        body = await read_model(request, ResultIn)
        if body.result == "cancelled" and not (body.cancelled_by and body.cancel_reason):
            raise Unprocessable("cancel_needs_who_and_why", "A cancelled visit needs cancelled_by and cancel_reason.")
        result = await self._day.record_result(
            who,
            request.match_info["visit_id"],
            result=body.result,
            accompanied_to=body.accompanied_to,
            next_steps=body.next_steps,
            notes=body.notes,
            cancelled_by=body.cancelled_by,
            cancel_reason=body.cancel_reason,
        )
        return respond(result)
