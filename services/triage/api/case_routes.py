"""One case: read it (conversation, risk reasons with the matched words, notes, deliveries), its
audit trail, and the counselor's own records on it (risk level, notes, intake).

Every read and write is audited (`case.read`, `case.audit.read`, `case.risk.set`, `case.note.add`,
`case.intake.set`) with ids and codes only.
"""

from __future__ import annotations

from aiohttp import web

from services.triage.api.access import audit, case_for, refused_as_http, require_open
from services.triage.api.bodies import IntakeIn, RiskIn, TextIn, read_body, respond
from services.triage.api.errors import api_error
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.risk.levels import RiskLevel
from services.triage.workflows import case_actions

ROLES = ("counselor", "supervisor")
CASE_FIELDS = (
    *("consulter_id", "status", "risk_level", "risk_set_by", "opened_at", "waiting_since"),
    *("first_response_at", "last_message_at", "counselor_id", "previous_counselor_id", "needs"),
    *("missing_skills", "escalated_levels", "outcome", "closed_at", "reopened_count"),
)


@describe("A case with its conversation, risk reasons, notes and deliveries", tags=("cases",), roles=ROLES)
async def read_case(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.read")
    case_id = case["_id"]
    consulter = await ctx.consulters.get(case["consulter_id"]) or {}
    body = {
        "case": {"id": case_id, **{k: case.get(k) for k in CASE_FIELDS}},
        "intake": consulter.get("intake"),
        "messages": await ctx.conversation.timeline(case_id),
        "notes": await ctx.notes.for_case(case_id),
        "deliveries": await ctx.tracking.for_case("line", case_id),
        "referrals": await ctx.tracking.for_case("alert", case_id),
        "outreach": await ctx.tracking.for_case("outreach", case_id),
    }
    await audit(ctx, who, "case.read", case_id)
    return respond(body)


@describe("Who read or changed this case, and when", tags=("supervision",), roles=("supervisor",))
async def case_audit(request: web.Request) -> web.Response:
    require_role(request, "supervisor")
    ctx, who, case = await case_for(request, action="case.audit.read")
    entries = await ctx.audit.for_case(case["_id"])
    await audit(ctx, who, "case.audit.read", case["_id"])
    return respond({"entries": entries})


@describe(
    "Set the case's risk level (the counselor's level wins)", tags=("cases",), roles=ROLES, request=RiskIn
)
@refused_as_http
async def set_risk(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.risk.set")
    body = await read_body(request, RiskIn)
    require_open(case)
    done = await case_actions.set_risk(ctx, who, case, RiskLevel(body.level), body.reason)
    await audit(ctx, who, "case.risk.set", case["_id"], level=body.level, previous=case["risk_level"])
    return respond({"level": body.level, "published": done.published})


@describe("Add a note (stored encrypted)", tags=("cases",), roles=ROLES, request=TextIn)
async def add_note(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.note.add")
    body = await read_body(request, TextIn)
    note_id = await ctx.notes.add(case["_id"], who.id, body.text, ctx.clock())
    await audit(ctx, who, "case.note.add", case["_id"], note_id=note_id)
    return respond({"note_id": note_id}, status=201)


@describe(
    "Record the consulter's age band and publicity channel", tags=("cases",), roles=ROLES, request=IntakeIn
)
async def set_intake(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.intake.set")
    body = await read_body(request, IntakeIn)
    fields = body.model_dump(exclude_none=True)
    if not fields:
        raise api_error(422, "invalid_body", "Give age_band, channel or both.")
    await case_actions.set_intake(ctx, who, case, fields)
    await audit(ctx, who, "case.intake.set", case["_id"], **fields)
    return respond({"intake": fields})
