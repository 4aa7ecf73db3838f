"""What triage tells outreach about a request: it was made (her consent recorded), proposed but not
agreed yet, her consent withdrawn, or its case closed.

- `outreach.requested` → stored once (the request id is the document id). If its case closed after
  her consent (the events of one queue may arrive out of order), it is cancelled at once.
- `outreach.proposed` → kept for the funnel (proposed → consented → ...); nothing to schedule.
- `outreach.consent.withdrawn` → the request and every visit not yet done are cancelled and the
  staff's slots freed, audited. A withdrawal that arrives before its request leaves a tombstone, so
  the request is stored cancelled.
- `case.closed` → every open request of the case is cancelled (`case_closed`); `outreach.cancelled`
  names the counselor who proposed it, whom triage tells.
"""

from __future__ import annotations

import structlog

from services.outreach.adapters.audit import AuditLog
from services.outreach.adapters.requests_repo import OutreachRequests
from services.outreach.domain.ports import Clock
from services.outreach.workflows.cancelling import Cancellation
from shared.events import CaseClosed, Envelope, OutreachConsentWithdrawn, OutreachProposed, RequestOutreach

log = structlog.get_logger(__name__)


class RequestIntake:
    def __init__(
        self, *, requests: OutreachRequests, cancellation: Cancellation, audit: AuditLog, clock: Clock
    ) -> None:
        self._requests = requests
        self._cancellation = cancellation
        self._audit = audit
        self._clock = clock

    async def requested(self, envelope: Envelope, data: RequestOutreach) -> None:
        now = self._clock()
        if await self._requests.record(data, now):
            await self._audit.record(data.requested_by, "request.received", now, request_id=data.request_id)
            log.info("outreach_requested", request_id=data.request_id, case_id=data.case_id, urgency=data.urgency)
        closed = await self._requests.closed_at(data.case_id)
        if closed is not None and closed >= data.consent_recorded_at:
            await self._cancellation.cancel_request(
                data.request_id, by="system", reason="case_closed", actor="system", causation_id=envelope.id
            )

    async def proposed(self, data: OutreachProposed) -> None:
        await self._requests.record_proposal(data)
        log.info("outreach_proposed", proposal_id=data.proposal_id, case_id=data.case_id, answer=data.answer)

    async def withdrawn(self, envelope: Envelope, data: OutreachConsentWithdrawn) -> None:
        now = self._clock()
        cancel = {"by": "consulter", "reason": "consent_withdrawn", "at": data.at, "actor": data.recorded_by}
        if await self._requests.get(data.request_id) is None:
            await self._requests.tombstone(data.request_id, data.case_id, cancel)
        else:
            await self._cancellation.cancel_request(
                data.request_id,
                by="consulter",
                reason="consent_withdrawn",
                actor=data.recorded_by,
                causation_id=envelope.id,
            )
        await self._audit.record(data.recorded_by, "consent.withdrawn", now, request_id=data.request_id, via=data.via)
        log.info("outreach_consent_withdrawn", request_id=data.request_id, case_id=data.case_id)

    async def case_closed(self, envelope: Envelope, data: CaseClosed) -> None:
        await self._requests.case_closed(data.case_id, envelope.occurred_at)
        for request in await self._requests.open_for_case(data.case_id):
            await self._cancellation.cancel_request(
                request["_id"], by="system", reason="case_closed", actor=data.closed_by, causation_id=envelope.id
            )
