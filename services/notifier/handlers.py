"""The two consumers' handlers: one small class per incoming event type.

Each first opens what the producer sealed for the broker (`shared.outbound_sealing`: her LINE id,
the words and the reply token of a LINE request; a partner alert's personal details), in memory
only. A sealed part that does not open (unknown key, altered, another envelope's) is `Rejected`: it
is dead-lettered as it came, still sealed.

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
from shared.crypto import Keyring
from shared.events import Envelope, EventData, RequestPartnerAlert, SendLineMessage
from shared.messaging import Rejected
from shared.outbound_sealing import UnreadableOutbound, open_line_request, open_partner_alert

log = structlog.get_logger(__name__)


class LineRequestHandler:
    def __init__(self, line: LineDelivery, keyring: Keyring) -> None:
        self._line = line
        self._keyring = keyring

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, SendLineMessage):
            raise Rejected(f"unexpected {envelope.type} on the LINE queue")
        with structlog.contextvars.bound_contextvars(
            request_id=data.request_id, consulter_id=data.consulter_id, case_id=data.case_id
        ):
            if data.sealed is None and envelope.version >= 2:
                log.warning("outbound_request_not_sealed", producer=envelope.producer)  # still sent
            try:
                request = open_line_request(self._keyring, envelope, data)
            except UnreadableOutbound as exc:
                raise Rejected(str(exc)) from exc
            await self._line.handle(envelope, request)


class AlertRequestHandler:
    def __init__(self, requests: AlertRequests, keyring: Keyring) -> None:
        self._requests = requests
        self._keyring = keyring

    async def __call__(self, envelope: Envelope, data: EventData) -> None:
        if not isinstance(data, RequestPartnerAlert):
            raise Rejected(f"unexpected {envelope.type} on the partner alert queue")
        with structlog.contextvars.bound_contextvars(alert_id=data.alert_id, urgency=data.urgency):
            if data.details is not None and envelope.version >= 2:
                log.warning("alert_details_not_sealed", producer=envelope.producer)  # still sent
            try:
                alert = open_partner_alert(self._keyring, envelope, data)
            except UnreadableOutbound as exc:
                raise Rejected(str(exc)) from exc
            await self._requests.schedule(envelope, alert)
