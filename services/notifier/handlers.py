"""The two consumers' handlers: one small class per incoming event type.

`outbound.line.requested` → send it now (`LineDelivery`); the handler returns once LINE took it and the
result event is confirmed, or raises to have the message come back.
`partner.alert.requested` → resolve the recipients and schedule one delivery per partner in MongoDB
(`AlertRequests`); the scheduler sends them. Acking then is safe: the schedule is durable, the sending
is not tied to this message.
"""

from __future__ import annotations

import structlog

from services.notifier.workflows.alert_requests import AlertRequests
from services.notifier.workflows.line_delivery import LineDelivery
from shared.events import Envelope, EventData, RequestPartnerAlert, SendLineMessage
from shared.messaging import Rejected


class LineRequestHandler:
    def __init__(self, line: LineDelivery) -> None:
        self._line = line

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, SendLineMessage):
            raise Rejected(f"unexpected {envelope.type} on the LINE queue")
        with structlog.contextvars.bound_contextvars(
            request_id=data.request_id, consulter_id=data.consulter_id, case_id=data.case_id
        ):
            await self._line.handle(envelope, data)


class AlertRequestHandler:
    def __init__(self, requests: AlertRequests) -> None:
        self._requests = requests

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, RequestPartnerAlert):
            raise Rejected(f"unexpected {envelope.type} on the partner alert queue")
        with structlog.contextvars.bound_contextvars(alert_id=data.alert_id, urgency=data.urgency):
            await self._requests.schedule(envelope, data)
