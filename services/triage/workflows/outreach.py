"""A counselor's outreach actions on a case (DESIGN §4 "Outreach"; docs/outreach.md, "Consent").

- **Request** (`outreach.requested`): only with her consent, as a record — what she agreed to (meet
  and talk, be accompanied and where), how and when she may be contacted safely, the places she
  would or would not meet at (her home only when she asked and the counselor confirmed it is safe),
  when and how she gave it, and that she was told she may withdraw at any time. A proposal she
  agrees to later keeps its id, so the funnel counts it once.
- **Proposal** (`outreach.proposed`): she declined or has not decided; the funnel's first stage.
- **Withdrawal** (`outreach.consent.withdrawn`): outreach cancels everything not yet done.
Each is tracked (`outreach_requests`, with the proposing counselor) so what becomes of it shows on
the case and the counselor is told; each is one conditional commit with the case still open.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from services.triage.adapters.tracking import Tracking
from services.triage.domain.ports import Clock
from services.triage.domain.refusals import Conflict, Unprocessable, case_changed
from services.triage.domain.staff import Principal
from services.triage.workflows.commit import CaseCommitter
from services.triage.workflows.events import system_envelope
from shared.events import (
    EventData,
    OutreachConsent,
    OutreachConsentWithdrawn,
    OutreachProposed,
    RequestOutreach,
    Urgency,
    derived_event_id,
)

OPEN = ("requested", "scheduled", "reschedule_requested")
Via = Literal["line_chat", "phone", "in_person"]


class OutreachProposals:
    def __init__(self, *, committer: CaseCommitter, tracking: Tracking, clock: Clock) -> None:
        self._committer = committer
        self._tracking = tracking
        self._clock = clock

    async def request(
        self,
        who: Principal,
        case: dict[str, Any],
        *,
        consent: dict[str, Any],
        urgency: Urgency,
        accompaniment: str | None,
        area: str | None,
        proposal_id: str | None = None,
    ) -> str:
        """`consent`: the checked record without its time (given now); returns the request id."""
        now = self._clock()
        earlier = await self._tracking.get("outreach", proposal_id) if proposal_id else None
        if proposal_id and (
            earlier is None or earlier.get("case_id") != case["_id"] or earlier.get("status") not in ("declined", "undecided")
        ):
            raise Unprocessable("unknown_proposal", "No such open proposal on this case.")
        request_id = proposal_id or str(uuid.uuid4())
        try:
            record = OutreachConsent.model_validate({**consent, "given_at": now})
        except ValueError:
            raise Unprocessable("consent_incomplete", "The consent record is incomplete.") from None
        data = RequestOutreach(
            request_id=request_id,
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            consent_recorded_at=now,
            requested_by=who.id,
            urgency=urgency,
            accompaniment=accompaniment or record.accompany_to,
            area=area,
            consent=record,
        )
        if earlier is not None:
            await self._tracking.outcome("outreach", request_id, "requested", now, urgency=urgency)
        else:
            await self._tracking.requested("outreach", request_id, now, case_id=case["_id"], urgency=urgency, by=who.id)
        await self._commit(case, data, request_id)
        return request_id

    async def propose(
        self, who: Principal, case: dict[str, Any], *, answer: Literal["declined", "undecided"], reasons: list[str]
    ) -> str:
        now, proposal_id = self._clock(), str(uuid.uuid4())
        data = OutreachProposed(
            proposal_id=proposal_id,
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            proposed_by=who.id,
            answer=answer,
            reasons=tuple(reasons),
            at=now,
        )
        await self._tracking.requested("outreach", proposal_id, now, case_id=case["_id"], status=answer, by=who.id)
        await self._commit(case, data, proposal_id)
        return proposal_id

    async def withdraw(self, who: Principal, case: dict[str, Any], request_id: str, *, via: Via) -> None:
        record = await self._tracking.get("outreach", request_id)
        if record is None or record.get("case_id") != case["_id"]:
            raise Unprocessable("unknown_request", "No such outreach request on this case.")
        if record.get("status") not in OPEN:
            raise Conflict("outreach_not_open", "That outreach request has already ended.")
        data = OutreachConsentWithdrawn(
            request_id=request_id,
            case_id=case["_id"],
            consulter_id=case["consulter_id"],
            recorded_by=who.id,
            via=via,
            at=self._clock(),
        )
        await self._commit(case, data, request_id)

    async def _commit(self, case: dict[str, Any], data: EventData, key: str) -> None:
        envelope = system_envelope(data, event_id=derived_event_id(key, data.TYPE), correlation_id=case["_id"])
        if await self._committer.commit(case["_id"], {"open": True}, {}, [envelope]) is None:
            raise case_changed("The case was closed meanwhile; nothing was sent.")
