"""Lists: the waiting queue, my cases, every active case (supervisors), failed deliveries.

None of them carries message text. The queue is in queue order (risk, then waiting time); its
`missing_skills` are the needs no counselor on shift has right now (a supervisor may bring in an
interpreter). Listing is audited as well (`queue.read`, `cases.read`), with the count shown.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from services.triage.adapters.cases import CaseRepository, aware
from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.tracking import Tracking
from services.triage.api.access import CASE_ROLES, CaseAccess
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from services.triage.domain.sla import SlaTargets, first_response_target
from services.triage.risk.levels import RiskLevel
from shared.web.respond import respond

LIMIT = 500


def summary(doc: dict[str, Any], now: datetime) -> dict[str, Any]:
    since = aware(doc["waiting_since"])
    return {
        "id": doc["_id"],
        "status": doc["status"],
        "level": doc["risk_level"],
        "waiting_since": since,
        "waiting_seconds": None if doc.get("first_response_at") else round((now - since).total_seconds()),
        "needs": doc.get("needs", []),
        "missing_skills": doc.get("missing_skills", []),
        "last_message_at": doc.get("last_message_at"),
        "first_response_at": doc.get("first_response_at"),
    }


class QueueRoutes:
    def __init__(
        self,
        *,
        access: CaseAccess,
        cases: CaseRepository,
        seats: SeatLedger,
        tracking: Tracking,
        clock: Clock,
        targets: SlaTargets,
    ) -> None:
        self._access = access
        self._cases = cases
        self._seats = seats
        self._tracking = tracking
        self._clock = clock
        self._targets = targets

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/queue", self.queue),
            web.get("/api/cases/mine", self.mine),
            web.get("/api/cases", self.all_active),
            web.get("/api/alerts/failures", self.failures),
        ]

    @describe("The waiting queue: risk first, then waiting time (no text)", tags=("cases",), roles=CASE_ROLES)
    async def queue(self, request: web.Request) -> web.Response:
        who, now = require_role(request, *CASE_ROLES), self._clock()
        docs = await self._cases.waiting_queue(LIMIT)
        on_shift = [load for load in await self._seats.loads(now) if load.on_shift]
        skills = frozenset().union(*(load.skills for load in on_shift))
        items = [
            {**summary(d, now), "missing_skills": sorted(set(d.get("needs", [])) - skills)} for d in docs
        ]
        await self._access.audit(who, "queue.read", None, count=len(items))
        return respond({"cases": items})

    @describe("My assigned cases", tags=("cases",), roles=CASE_ROLES)
    async def mine(self, request: web.Request) -> web.Response:
        who = require_role(request, *CASE_ROLES)
        docs = await self._cases.assigned_to(who.id)
        await self._access.audit(who, "cases.read_mine", None, count=len(docs))
        return respond({"cases": [summary(d, self._clock()) for d in docs]})

    @describe("Every active case, with waits and SLA breaches", tags=("supervision",), roles=("supervisor",))
    async def all_active(self, request: web.Request) -> web.Response:
        who, now = require_role(request, "supervisor"), self._clock()
        items = []
        for doc in await self._cases.active(LIMIT):
            item = summary(doc, now)
            target = first_response_target(RiskLevel(doc["risk_level"]), self._targets).total_seconds()
            waited = item["waiting_seconds"]
            item |= {
                "counselor_id": doc.get("counselor_id"),
                "target_seconds": target,
                "overdue": waited is not None and waited >= target,
                "escalated_levels": doc.get("escalated_levels", []),
            }
            items.append(item)
        await self._access.audit(who, "cases.read_all", None, count=len(items))
        return respond({"cases": items})

    @describe("Failed LINE sends and partner alerts", tags=("supervision",), roles=("supervisor",))
    async def failures(self, request: web.Request) -> web.Response:
        who = require_role(request, "supervisor")
        found = await self._tracking.failures()
        await self._access.audit(who, "alerts.failures.read", None, count=len(found))
        return respond({"failures": [{"id": d.pop("_id"), **d} for d in found]})
