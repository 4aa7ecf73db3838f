"""One case: read it (conversation, risk reasons with the matched words, notes, deliveries), its
audit trail, and the counselor's own records on it (risk level, notes, intake).

Every read and write is audited (`case.read`, `case.audit.read`, `case.risk.set`, `case.note.add`,
`case.intake.set`) with ids and codes only. A closed case is read-only: notes and intake are
refused (409 `case_closed`) like every other change. The read includes staff names (`staff`), her
two flags (`consulter`: silent channel, abusive), the hand-off summary (`earlier_cases`), her
outreach appointments and answers (`appointments`) and, when the conversation shows outreach would
help, the suggestion with its reasons (`outreach_suggestion`, domain/outreach_advice.py).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.triage.adapters.console_store import MongoAuditLog
from services.triage.adapters.consulters import ConsulterRepository
from services.triage.adapters.conversation import Conversation
from services.triage.adapters.notes import NoteRepository
from services.triage.adapters.outreach_records import OutreachRecords
from services.triage.adapters.staff import StaffDirectory
from services.triage.adapters.tracking import Tracking
from services.triage.api.access import CASE_ROLES, Case, CaseAccess, Result
from services.triage.api.bodies import IntakeIn, LanguageIn, RiskIn, TextIn
from services.triage.api.handoff import Handoff
from services.triage.api.middlewares import require_role
from services.triage.api.openapi import describe
from services.triage.domain.outreach_advice import suggest
from services.triage.domain.staff import Principal
from services.triage.risk.levels import RiskLevel
from services.triage.workflows.case_actions import CaseActions
from shared.web.errors import api_error
from shared.web.respond import respond

ROLES = CASE_ROLES
CASE_FIELDS = (
    *("consulter_id", "status", "risk_level", "risk_set_by", "opened_at", "waiting_since"),
    *("first_response_at", "last_message_at", "counselor_id", "previous_counselor_id", "needs"),
    *("missing_skills", "escalated_levels", "outcome", "closed_at", "reopened_count"),
    *("awaiting_reply_since", "next_escalated_levels", "satisfaction", "closed_by", "assignment_reason"),
)


def _some_intake(body: IntakeIn) -> None:
    if not body.model_dump(exclude_none=True):
        raise api_error(422, "invalid_body", "Give age_band, channel or both.")


class CaseRoutes:
    def __init__(
        self,
        *,
        access: CaseAccess,
        consulters: ConsulterRepository,
        conversation: Conversation,
        notes: NoteRepository,
        tracking: Tracking,
        audit_log: MongoAuditLog,
        actions: CaseActions,
        staff: StaffDirectory,
        handoff: Handoff,
        outreach: OutreachRecords,
    ) -> None:
        self._access = access
        self._consulters = consulters
        self._conversation = conversation
        self._notes = notes
        self._tracking = tracking
        self._audit_log = audit_log
        self._actions = actions
        self._staff = staff
        self._handoff = handoff
        self._outreach = outreach

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/cases/{case_id}", self.read_case),
            web.get("/api/cases/{case_id}/audit", self.case_audit),
            web.put("/api/cases/{case_id}/risk", self.set_risk),
            web.post("/api/cases/{case_id}/notes", self.add_note),
            web.put("/api/cases/{case_id}/intake", self.set_intake),
            web.put("/api/cases/{case_id}/language", self.set_language),
        ]

    @describe(
        "A case with its conversation, risk reasons, notes and deliveries", tags=("cases",), roles=ROLES
    )
    async def read_case(self, request: web.Request) -> web.Response:
        who, case = await self._access.case_for(request, action="case.read")
        case_id = case["_id"]
        consulter = await self._consulters.get(case["consulter_id"]) or {}
        body: dict[str, Any] = {
            "case": {"id": case_id, **{k: case.get(k) for k in CASE_FIELDS}},
            "intake": consulter.get("intake"),
            "language": {"hers": consulter.get("language"), "override": consulter.get("language_override")},
            "messages": await self._conversation.timeline(case_id),
            "notes": await self._notes.for_case(case_id),
            "deliveries": await self._tracking.for_case("line", case_id),
            "referrals": await self._tracking.for_case("alert", case_id),
            "outreach": await self._tracking.for_case("outreach", case_id),
            "consulter": {k: bool(consulter.get(k)) for k in ("silent_channel", "abusive")},
            "staff": await self._staff.names(),
        }
        await self._access.audit(who, "case.read", case_id)
        body["earlier_cases"] = await self._handoff.summary(who, case)
        body["appointments"] = [
            {k: a.get(k) for k in ("visit_id", "revision", "request_id", "sent_at", "answer", "answered_at", "messages")}
            for a in await self._outreach.for_case(case_id)
        ]
        body["outreach_suggestion"] = [
            s.to_json()
            for s in suggest(
                level=case.get("risk_level"),
                needs=case.get("needs") or (),
                messages=body["messages"],
                earlier_cases=body["earlier_cases"],
                referrals=body["referrals"],
                outreach=body["outreach"],
            )
        ]
        return respond(body)

    @describe("Who read or changed this case, and when", tags=("supervision",), roles=("supervisor",))
    async def case_audit(self, request: web.Request) -> web.Response:
        require_role(request, "supervisor")
        who, case = await self._access.case_for(request, action="case.audit.read")
        entries = await self._audit_log.for_case(case["_id"])
        await self._access.audit(who, "case.audit.read", case["_id"])
        return respond({"entries": entries})

    @describe(
        "Set the case's risk level (the counselor's level wins)", tags=("cases",), roles=ROLES, request=RiskIn
    )
    async def set_risk(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: RiskIn) -> Result:
            done = await self._actions.set_risk(who, case, RiskLevel(body.level), body.reason, body.reason_code)
            return {"level": body.level, "published": done.published}

        return await self._access.perform(
            request,
            action="case.risk.set",
            body=RiskIn,
            run=run,
            detail=lambda case, body, _result: {"level": body.level, "previous": case["risk_level"]},
        )

    @describe("Add a note (stored encrypted)", tags=("cases",), roles=ROLES, request=TextIn, status=201)
    async def add_note(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: TextIn) -> Result:
            return {"note_id": await self._actions.add_note(who, case, body.text)}

        return await self._access.perform(
            request,
            action="case.note.add",
            body=TextIn,
            run=run,
            detail=lambda _case, _body, result: {"note_id": result["note_id"]},
            status=201,
        )

    @describe(
        "Choose the language of her automatic replies (null: follow her messages)",
        tags=("cases",),
        roles=ROLES,
        request=LanguageIn,
    )
    async def set_language(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: LanguageIn) -> Result:
            await self._actions.set_language(who, case, body.language)
            return {"language": body.language}

        return await self._access.perform(
            request,
            action="case.language.set",
            body=LanguageIn,
            run=run,
            detail=lambda _case, body, _result: {"language": body.language},
            open_only=False,
        )

    @describe(
        "Record the consulter's age band and publicity channel",
        tags=("cases",),
        roles=ROLES,
        request=IntakeIn,
    )
    async def set_intake(self, request: web.Request) -> web.Response:
        async def run(who: Principal, case: Case, body: IntakeIn) -> Result:
            fields = body.model_dump(exclude_none=True)
            await self._actions.set_intake(who, case, fields)
            return {"intake": fields}

        return await self._access.perform(
            request,
            action="case.intake.set",
            body=IntakeIn,
            check=_some_intake,
            run=run,
            detail=lambda _case, body, _result: body.model_dump(exclude_none=True),
        )
