"""`GET /api/risk/corrections`: how counselors corrected the automatic level, as counts only (by
level pair, reason code and rule id; risk/feedback.py) — for admins, who grow the labelled corpus
from real disagreements. No text ever leaves this way."""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from services.triage.adapters.risk_corrections import RiskCorrections
from services.triage.api.access import CaseAccess
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from services.triage.risk.feedback import aggregate
from shared.web.errors import api_error
from shared.web.respond import respond


class RiskFeedbackRoutes:
    def __init__(self, *, access: CaseAccess, corrections: RiskCorrections, clock: Clock) -> None:
        self._access = access
        self._corrections = corrections
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/api/risk/corrections", self.corrections)]

    @describe("Counselors' corrections of the automatic level, counts only", tags=("admin",), roles=("admin",))
    async def corrections(self, request: web.Request) -> web.Response:
        who = require_role(request, "admin")
        try:
            days = int(request.query.get("days", "365"))
        except ValueError:
            raise api_error(400, "bad_request", "days must be a whole number.") from None
        if not 1 <= days <= 3660:
            raise api_error(400, "bad_request", "days must be between 1 and 3660.")
        found = await self._corrections.since(self._clock() - timedelta(days=days))
        await self._access.audit(who, "risk.corrections.read", None, count=len(found))
        return respond({"days": days, **aggregate(found)})
