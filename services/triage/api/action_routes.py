"""What a counselor does with a case: reply, close, refer to a partner, take a waiting case; and a
supervisor's (re)assignment (outreach: outreach_routes.py). Each writes an audit entry (ids and
codes only)."""

from __future__ import annotations

from aiohttp import web

from services.triage.adapters.cases import CaseRepository
from services.triage.api.access import CASE_ROLES, Case, CaseAccess, Result
from services.triage.api.bodies import AssignIn, CloseIn, ReferralIn, ReplyIn
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.staff import Principal
from services.triage.workflows.case_actions import CaseActions
from services.triage.workflows.handover import Handover
from services.triage.workflows.referrals import Referrals
from services.triage.workflows.reply import Replies
from shared.web.errors import api_error
from shared.web.json_body import read_model
from shared.web.respond import respond

ROLES = CASE_ROLES


def _details_only_with_consent(body: ReferralIn) -> None:
    if bool(body.details) != body.include_personal_details:
        raise api_error(
            422, "details_consent", "Send details together with include_personal_details: true, or neither."
        )


class ActionRoutes:
    def __init__(
        self,
        *,
        access: CaseAccess,
        cases: CaseRepository,
        replies: Replies,
        actions: CaseActions,
        referrals: Referrals,
        handover: Handover,
    ) -> None:
        self._access = access
        self._cases = cases
        self._replies = replies
        self._actions = actions
        self._referrals = referrals
        self._handover = handover

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/api/cases/{case_id}/reply", self.reply),
            web.post("/api/cases/{case_id}/close", self.close),
            web.post("/api/cases/{case_id}/referrals", self.referral),
            web.post("/api/cases/{case_id}/take", self.take),
            web.post("/api/cases/{case_id}/assign", self.assign),
        ]

    @describe(
        "Reply to the consulter (1–5000 characters)", tags=("cases",), roles=ROLES, request=ReplyIn, status=201
    )
    async def reply(self, request: web.Request) -> web.Response:
        return await self._access.perform(
            request,
            action="case.reply",
            body=ReplyIn,
            run=lambda who, case, body: self._replies.reply(who, case, body.text, confirm_unsafe=body.confirm_unsafe),
            detail=lambda _case, body, sent: {
                "message_id": sent["message_id"],
                "method": sent["method"],
                **({"took": True} if sent["took"] else {}),
                **({"unsafe_confirmed": True} if body.confirm_unsafe and sent["silent"] else {}),
            },
            status=201,
        )

    @describe("Close the case with a coded outcome", tags=("cases",), roles=ROLES, request=CloseIn)
    async def close(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: CloseIn) -> Result:
            done, extra = await self._actions.close(who, case, body.outcome, cancel_outreach=body.cancel_outreach)
            return {"status": "closed", "outcome": body.outcome.value, "published": done.published, **extra}

        return await self._access.perform(
            request,
            action="case.close",
            body=CloseIn,
            run=run,
            detail=lambda _case, body, result: {
                "outcome": body.outcome.value,
                "outreach_cancelled": result["outreach_cancelled"],
                "satisfaction_asked": result["satisfaction_asked"],
            },
        )

    @describe(
        "Refer the case to a partner agency", tags=("cases",), roles=ROLES, request=ReferralIn, status=201
    )
    async def referral(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: ReferralIn) -> Result:
            alert_id = await self._referrals.refer(
                who,
                case,
                partner_kind=body.partner_kind,
                category=body.category,
                urgency=body.urgency,
                action=body.action,
                details=body.details if body.include_personal_details else None,
            )
            return {"alert_id": alert_id}

        return await self._access.perform(
            request,
            action="case.referral",
            body=ReferralIn,
            check=_details_only_with_consent,
            run=run,
            detail=lambda _case, body, result: {
                "alert_id": result["alert_id"],
                "partner_kind": body.partner_kind.value,
                "category": body.category,
                "personal_details": body.include_personal_details,
            },
            status=201,
        )

    @describe("Take a waiting case", tags=("cases",), roles=ROLES)
    async def take(self, request: web.Request) -> web.Response:
        who = require_role(request, *ROLES)
        case = await self._cases.get(request.match_info["case_id"])
        if case is None:
            raise api_error(404, "case_not_found", "No such waiting case.")
        if case["status"] != "waiting" and case.get("counselor_id") != who.id:
            # She saw it in the queue a moment ago: say it was taken rather than that it vanished.
            raise api_error(409, "already_taken", "Someone else took the case or it was closed.")
        doc = await self._handover.take(who, case)
        await self._access.audit(who, "case.take", case["_id"])
        return respond({"status": doc["status"], "counselor_id": doc["counselor_id"]})

    @describe(
        "Assign or reassign a case (capacity respected)",
        tags=("supervision",),
        roles=("supervisor",),
        request=AssignIn,
    )
    async def assign(self, request: web.Request) -> web.Response:
        require_role(request, "supervisor")
        who, case = await self._access.case_for(request, action="case.assign")
        body = await read_model(request, AssignIn)
        doc = await self._handover.assign(case, body.counselor_id)
        await self._access.audit(
            who, "case.assign", case["_id"], counselor_id=body.counselor_id, previous=case.get("counselor_id")
        )
        return respond({"status": doc["status"], "counselor_id": doc["counselor_id"]})
