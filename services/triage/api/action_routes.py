"""What a counselor does with a case: reply, close, propose outreach, refer to a partner, take a
waiting case; and a supervisor's (re)assignment. Each writes an audit entry (ids and codes only)."""

from __future__ import annotations

from aiohttp import web

from services.triage.api.access import audit, case_for, refused_as_http, require_open, triage
from services.triage.api.bodies import AssignIn, CloseIn, OutreachIn, ReferralIn, TextIn, read_body, respond
from services.triage.api.errors import api_error
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.workflows import case_actions, handover, referrals
from services.triage.workflows.reply import reply as send_reply

ROLES = ("counselor", "supervisor")


@describe("Reply to the consulter (1–5000 characters)", tags=("cases",), roles=ROLES, request=TextIn)
@refused_as_http
async def reply(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.reply")
    body = await read_body(request, TextIn)
    require_open(case)
    sent = await send_reply(ctx, who, case, body.text)
    await audit(ctx, who, "case.reply", case["_id"], message_id=sent["message_id"], method=sent["method"])
    return respond(sent, status=201)


@describe("Close the case with a coded outcome", tags=("cases",), roles=ROLES, request=CloseIn)
@refused_as_http
async def close(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.close")
    body = await read_body(request, CloseIn)
    require_open(case)
    done = await case_actions.close(ctx, who, case, body.outcome)
    await audit(ctx, who, "case.close", case["_id"], outcome=body.outcome.value)
    return respond({"status": "closed", "outcome": body.outcome.value, "published": done.published})


@describe(
    "Propose an outreach visit (her consent must be recorded)",
    tags=("cases",),
    roles=ROLES,
    request=OutreachIn,
)
@refused_as_http
async def outreach(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.outreach.request")
    body = await read_body(request, OutreachIn)
    if body.consent is not True:
        raise api_error(422, "consent_required", "Outreach needs her consent: send consent: true.")
    require_open(case)
    request_id = await referrals.request_outreach(ctx, who, case, body)
    await audit(ctx, who, "case.outreach.request", case["_id"], request_id=request_id, urgency=body.urgency)
    return respond({"request_id": request_id}, status=201)


@describe("Refer the case to a partner agency", tags=("cases",), roles=ROLES, request=ReferralIn)
@refused_as_http
async def referral(request: web.Request) -> web.Response:
    ctx, who, case = await case_for(request, action="case.referral")
    body = await read_body(request, ReferralIn)
    if bool(body.details) != body.include_personal_details:
        raise api_error(
            422, "details_consent", "Send details together with include_personal_details: true, or neither."
        )
    require_open(case)
    alert_id = await referrals.refer(ctx, who, case, body)
    await audit(
        ctx,
        who,
        "case.referral",
        case["_id"],
        alert_id=alert_id,
        partner_kind=body.partner_kind.value,
        category=body.category,
        personal_details=body.include_personal_details,
    )
    return respond({"alert_id": alert_id}, status=201)


@describe("Take a waiting case", tags=("cases",), roles=ROLES)
@refused_as_http
async def take(request: web.Request) -> web.Response:
    who, ctx = require_role(request, *ROLES), triage(request)
    case = await ctx.cases.get(request.match_info["case_id"])
    if case is None or (case["status"] != "waiting" and case.get("counselor_id") != who.id):
        raise api_error(404, "case_not_found", "No such waiting case.")
    doc = await handover.take(ctx, who, case)
    await audit(ctx, who, "case.take", case["_id"])
    return respond({"status": doc["status"], "counselor_id": doc["counselor_id"]})


@describe(
    "Assign or reassign a case (capacity respected)",
    tags=("supervision",),
    roles=("supervisor",),
    request=AssignIn,
)
@refused_as_http
async def assign(request: web.Request) -> web.Response:
    require_role(request, "supervisor")
    ctx, who, case = await case_for(request, action="case.assign")
    body = await read_body(request, AssignIn)
    doc = await handover.assign(ctx, case, body.counselor_id)
    await audit(
        ctx,
        who,
        "case.assign",
        case["_id"],
        counselor_id=body.counselor_id,
        previous=case.get("counselor_id"),
    )
    return respond({"status": doc["status"], "counselor_id": doc["counselor_id"]})
