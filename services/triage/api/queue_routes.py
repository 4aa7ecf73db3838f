"""Lists: the waiting queue, my cases, every active case (supervisors), failed deliveries.

None of them carries message text. The queue is in queue order (risk, then waiting time); its
`missing_skills` are the needs no counselor on shift has right now (a supervisor may bring in an
interpreter). Listing is audited as well (`queue.read`, `cases.read`), with the count shown.
Staff appear by name (`counselor_name`); `reply_waiting_seconds` is the next-response wait of an
answered case (her newest message not yet answered), against `reply_target_seconds`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiohttp import web

from services.triage.adapters.cases import CaseRepository, aware
from services.triage.adapters.seats import SeatLedger
from services.triage.adapters.staff import StaffDirectory
from services.triage.adapters.tracking import Tracking
from services.triage.api.access import CASE_ROLES, CaseAccess
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from services.triage.domain.sla import SlaTargets, first_response_target
from services.triage.risk.levels import RiskLevel
from shared.web.respond import respond

LIMIT = 500


def _seconds_since(value: datetime | None, now: datetime) -> int | None:
    return None if value is None else round((now - aware(value)).total_seconds())


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
        "reply_waiting_seconds": _seconds_since(doc.get("awaiting_reply_since"), now),
        "next_escalated_levels": doc.get("next_escalated_levels") or [],
    }


class QueueRoutes:
    def __init__(
        self,
        *,
        access: CaseAccess,
        cases: CaseRepository,
        seats: SeatLedger,
        staff: StaffDirectory,
        tracking: Tracking,
        clock: Clock,
        targets: SlaTargets,
        next_targets: SlaTargets,
    ) -> None:
        self._access = access
        self._cases = cases
        self._seats = seats
        self._staff = staff
        self._tracking = tracking
        self._clock = clock
        self._targets = targets
        self._next_targets = next_targets

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
        names, items = await self._staff.names(), []
        for doc in await self._cases.active(LIMIT):
            item, level = summary(doc, now), RiskLevel(doc["risk_level"])
            target = first_response_target(level, self._targets).total_seconds()
            reply_target = first_response_target(level, self._next_targets).total_seconds()
            waited, reply_waited = item["waiting_seconds"], item["reply_waiting_seconds"]
            item |= {
                "counselor_id": doc.get("counselor_id"),
                "counselor_name": names.get(doc.get("counselor_id") or ""),
                "target_seconds": target,
                "overdue": waited is not None and waited >= target,
                "reply_target_seconds": reply_target,
                "reply_overdue": reply_waited is not None and reply_waited >= reply_target,
                "escalated_levels": doc.get("escalated_levels", []),
            }
            items.append(item)
        await self._access.audit(who, "cases.read_all", None, count=len(items))
        return respond({"cases": items})

    @describe(
        "LINE sends and partner alerts that failed or are still retrying", tags=("supervision",), roles=("supervisor",)
    )
    async def failures(self, request: web.Request) -> web.Response:
        who = require_role(request, "supervisor")
        found = await self._tracking.failures()
        await self._access.audit(who, "alerts.failures.read", None, count=len(found))
        items = [
            {"id": d.pop("_id"), "attention": "failed" if d.get("failed") else "retrying", **d} for d in found
        ]
        return respond({"failures": items})
