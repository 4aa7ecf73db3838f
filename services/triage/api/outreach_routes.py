"""A counselor's outreach actions on a case, and what became of her proposals.

- `POST /api/cases/{id}/outreach` — request outreach with her consent recorded (`consent: true`
  and `consent_record`): 201; 422 `consent_required`, `consent_record_required`,
  `withdrawal_not_explained`, `home_not_confirmed`, `accompaniment_needs_destination`;
- `POST /api/cases/{id}/outreach/proposals` — she declined or has not decided (`answer`): 201;
- `POST /api/cases/{id}/outreach/{request_id}/withdraw` — she withdrew her consent: 200;
- `GET /api/me/outreach` — the proposals this counselor made and what became of them (a closing
  case, her cancelling, a visit done), newest first.
Each action is audited (`case.outreach.request`, `.propose`, `.withdraw`) with ids and codes.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.triage.adapters.outreach_records import OutreachRecords
from services.triage.api.access import CASE_ROLES, Case, CaseAccess, Result
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.api.outreach_bodies import OutreachIn, ProposalIn, WithdrawIn
from services.triage.domain.staff import Principal
from services.triage.workflows.outreach import OutreachProposals
from shared.web.errors import api_error
from shared.web.respond import respond

ROLES = CASE_ROLES


def _consent_record(body: OutreachIn) -> dict[str, Any]:
    if body.consent is not True:
        raise api_error(422, "consent_required", "Outreach needs her consent: send consent: true.")
    record = body.consent_record
    if record is None:
        raise api_error(422, "consent_record_required", "Record what she agreed to (consent_record).")
    if not record.withdrawal_explained:
        raise api_error(422, "withdrawal_not_explained", "Tell her she can withdraw at any time, then record it.")
    if record.home_requested != record.home_confirmed_safe:
        raise api_error(422, "home_not_confirmed", "Her home only when she asked and you confirmed it is safe.")
    if "accompany" in record.help and not record.accompany_to:
        raise api_error(422, "accompaniment_needs_destination", "Say where she is to be accompanied.")
    fields = record.model_dump(exclude={"home_requested", "home_confirmed_safe"})
    return {**fields, "home": record.home_requested and record.home_confirmed_safe}


def _checked(body: OutreachIn) -> None:
    _consent_record(body)


class OutreachRoutes:
    def __init__(self, *, access: CaseAccess, proposals: OutreachProposals, records: OutreachRecords) -> None:
        self._access = access
        self._proposals = proposals
        self._records = records

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/me/outreach", self.my_proposals),
            web.post("/api/cases/{case_id}/outreach", self.request_outreach),
            web.post("/api/cases/{case_id}/outreach/proposals", self.propose),
            web.post("/api/cases/{case_id}/outreach/{request_id}/withdraw", self.withdraw),
        ]

    @describe(
        "Request outreach with her consent recorded", tags=("cases",), roles=ROLES, request=OutreachIn, status=201
    )
    async def request_outreach(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: OutreachIn) -> Result:
            request_id = await self._proposals.request(
                who,
                case,
                consent=_consent_record(body),
                urgency=body.urgency,
                accompaniment=body.accompaniment,
                area=body.area,
                proposal_id=body.proposal_id,
            )
            return {"request_id": request_id}

        return await self._access.perform(
            request,
            action="case.outreach.request",
            body=OutreachIn,
            check=_checked,
            run=run,
            detail=lambda _case, body, result: {"request_id": result["request_id"], "urgency": body.urgency},
            status=201,
        )

    @describe(
        "Record an outreach proposal she declined or has not decided",
        tags=("cases",),
        roles=ROLES,
        request=ProposalIn,
        status=201,
    )
    async def propose(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: ProposalIn) -> Result:
            return {"proposal_id": await self._proposals.propose(who, case, answer=body.answer, reasons=body.reasons)}

        return await self._access.perform(
            request,
            action="case.outreach.propose",
            body=ProposalIn,
            run=run,
            detail=lambda _case, body, result: {"proposal_id": result["proposal_id"], "answer": body.answer},
            status=201,
        )

    @describe("She withdrew her consent to outreach", tags=("cases",), roles=ROLES, request=WithdrawIn)
    async def withdraw(self, request: web.Request) -> web.Response:
        request_id = request.match_info["request_id"]

        async def run(who: Principal, case: Case, body: WithdrawIn) -> Result:
            await self._proposals.withdraw(who, case, request_id, via=body.via)
            return {"request_id": request_id, "withdrawn": True}

        return await self._access.perform(
            request,
            action="case.outreach.withdraw",
            body=WithdrawIn,
            run=run,
            detail=lambda _case, body, _result: {"request_id": request_id, "via": body.via},
        )

    @describe("The outreach proposals I made and what became of them", tags=("cases",), roles=ROLES)
    async def my_proposals(self, request: web.Request) -> web.Response:
        who = require_role(request, *ROLES)
        found = await self._records.proposals_of(who.id)
        keep = ("case_id", "status", "urgency", "requested_at", "updated_at", "reason", "cancelled_by")
        return respond({"proposals": [{"id": d["_id"], **{k: d.get(k) for k in keep}} for d in found]})
