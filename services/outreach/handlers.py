"""Outreach's event handlers: record requests; a closed case cancels what was not scheduled."""

from __future__ import annotations

import structlog

from services.outreach.adapters.requests_repo import OutreachRequests
from shared.events import CaseClosed, Envelope, EventData, RequestOutreach
from shared.messaging import Rejected

log = structlog.get_logger(__name__)


class OutreachHandlers:
    def __init__(self, requests: OutreachRequests) -> None:
        self._requests = requests

    async def handle(self, envelope: Envelope, data: EventData) -> None:
        if isinstance(data, RequestOutreach):
            await self._requests.record(data)
            log.info("outreach_requested", request_id=data.request_id, case_id=data.case_id)
        elif isinstance(data, CaseClosed):
            cancelled = await self._requests.close_for_case(data.case_id)
            if cancelled:
                log.info("outreach_cancelled_by_case_closure", case_id=data.case_id, requests=cancelled)
        else:
            raise Rejected(f"outreach does not handle {envelope.type}")
