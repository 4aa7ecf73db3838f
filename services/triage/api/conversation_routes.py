"""Her channel and her conduct, and a failed reply sent again:

- `POST /api/cases/{id}/messages/{message_id}/resend` — a counselor's reply whose send failed,
  sent again in one click (workflows/resend.py); audited `case.reply.resend`;
- `PUT /api/cases/{id}/channel {"silent"}` — her phone may be seen (replies without sound, words
  checked before sending); audited `case.channel.set`;
- `PUT /api/cases/{id}/abusive {"abusive"}` — supervisors: no automatic replies to her any more (her
  messages are still stored, assessed and read); audited `consulter.abusive.set`.
"""

from __future__ import annotations

from aiohttp import web

from services.triage.adapters.consulters import ConsulterRepository
from services.triage.api.access import CASE_ROLES, Case, CaseAccess, Result
from services.triage.api.bodies import AbusiveIn, Body, ChannelIn
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.ports import Clock
from services.triage.domain.staff import Principal
from services.triage.workflows.resend import Resends


class Empty(Body):
    pass


class ConversationRoutes:
    def __init__(
        self, *, access: CaseAccess, resends: Resends, consulters: ConsulterRepository, clock: Clock
    ) -> None:
        self._access = access
        self._resends = resends
        self._consulters = consulters
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/api/cases/{case_id}/messages/{message_id}/resend", self.resend),
            web.put("/api/cases/{case_id}/channel", self.channel),
            web.put("/api/cases/{case_id}/abusive", self.abusive),
        ]

    @describe("Send a failed reply again", tags=("cases",), roles=CASE_ROLES, request=Empty, status=201)
    async def resend(self, request: web.Request) -> web.Response:
        message_id = request.match_info["message_id"]
        return await self._access.perform(
            request,
            action="case.reply.resend",
            body=Empty,
            run=lambda who, case, _body: self._resends.resend(who, case, message_id),
            detail=lambda _case, _body, sent: {"message_id": message_id, "request_id": sent["request_id"]},
            status=201,
        )

    @describe("Mark her channel silent (or not)", tags=("cases",), roles=CASE_ROLES, request=ChannelIn)
    async def channel(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: ChannelIn) -> Result:
            await self._consulters.set_flag(case["consulter_id"], "silent_channel", body.silent, self._clock(), who.id)
            return {"silent_channel": body.silent}

        return await self._access.perform(
            request,
            action="case.channel.set",
            body=ChannelIn,
            run=run,
            detail=lambda _case, body, _result: {"silent": body.silent},
        )

    @describe("Mark the consulter abusive (or not)", tags=("supervision",), roles=("supervisor",), request=AbusiveIn)
    async def abusive(self, request: web.Request) -> web.Response:
        require_role(request, "supervisor")

        async def run(who: Principal, case: Case, body: AbusiveIn) -> Result:
            await self._consulters.set_flag(case["consulter_id"], "abusive", body.abusive, self._clock(), who.id)
            return {"abusive": body.abusive}

        return await self._access.perform(
            request,
            action="consulter.abusive.set",
            body=AbusiveIn,
            run=run,
            detail=lambda case, body, _result: {"abusive": body.abusive, "consulter_id": case["consulter_id"]},
            open_only=False,
        )
