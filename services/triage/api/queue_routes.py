"""Lists: the waiting queue, my cases, every active case (supervisors), failed deliveries.

None of them carries message text. The queue is in queue order (risk, then waiting time); its
`missing_skills` are the needs no counselor on shift has right now (a supervisor may bring in an
interpreter). Listing is audited as well (`queue.read`, `cases.read`), with the count shown.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from services.triage.api.access import CASE_ROLES, audit, triage
from services.triage.api.bodies import respond
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.queue_order import MONGO_QUEUE_SORT
from services.triage.domain.sla import first_response_target
from services.triage.risk.levels import RiskLevel

LIMIT = 500


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def summary(doc: dict[str, Any], now: datetime) -> dict[str, Any]:
    since = _aware(doc["waiting_since"])
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


@describe("The waiting queue: risk first, then waiting time (no text)", tags=("cases",), roles=CASE_ROLES)
async def queue(request: web.Request) -> web.Response:
    who, ctx = require_role(request, *CASE_ROLES), triage(request)
    now = ctx.clock()
    docs = await ctx.db["cases"].find({"status": "waiting"}).sort(MONGO_QUEUE_SORT).limit(LIMIT).to_list(None)
    on_shift = [load for load in await ctx.seats.loads(now) if load.on_shift]
    skills = frozenset().union(*(load.skills for load in on_shift))
    items = [{**summary(d, now), "missing_skills": sorted(set(d.get("needs", [])) - skills)} for d in docs]
    await audit(ctx, who, "queue.read", None, count=len(items))
    return respond({"cases": items})


@describe("My assigned cases", tags=("cases",), roles=CASE_ROLES)
async def mine(request: web.Request) -> web.Response:
    who, ctx = require_role(request, *CASE_ROLES), triage(request)
    docs = await ctx.db["cases"].find({"status": "assigned", "counselor_id": who.id}).to_list(None)
    await audit(ctx, who, "cases.read_mine", None, count=len(docs))
    return respond({"cases": [summary(d, ctx.clock()) for d in docs]})


@describe("Every active case, with waits and SLA breaches", tags=("supervision",), roles=("supervisor",))
async def all_active(request: web.Request) -> web.Response:
    who, ctx = require_role(request, "supervisor"), triage(request)
    now, targets = ctx.clock(), ctx.sla_targets
    docs = await ctx.db["cases"].find({"open": True}).sort(MONGO_QUEUE_SORT).limit(LIMIT).to_list(None)
    items = []
    for doc in docs:
        item = summary(doc, now)
        target = first_response_target(RiskLevel(doc["risk_level"]), targets).total_seconds()
        waited = item["waiting_seconds"]
        item |= {
            "counselor_id": doc.get("counselor_id"),
            "target_seconds": target,
            "overdue": waited is not None and waited >= target,
            "escalated_levels": doc.get("escalated_levels", []),
        }
        items.append(item)
    await audit(ctx, who, "cases.read_all", None, count=len(items))
    return respond({"cases": items})


@describe("Failed LINE sends and partner alerts", tags=("supervision",), roles=("supervisor",))
async def failures(request: web.Request) -> web.Response:
    who, ctx = require_role(request, "supervisor"), triage(request)
    found = await ctx.tracking.failures()
    await audit(ctx, who, "alerts.failures.read", None, count=len(found))
    items = [{"id": d.pop("_id"), **d} for d in found]
    return respond({"failures": items})
