"""`/api/partners/failures` and `/api/partners/{id}/deliveries`: what became of the alerts.

- `GET /api/partners/failures` — final failures, newest first (supervisors and admins): an alert
  that did not arrive, with its reason (`retries_exhausted`, `endpoint_disabled`, `no_partner`,
  `url_refused`, ...);
- `GET /api/partners/{id}/deliveries` — a partner's delivery log (admins): every attempt with its
  status, latency and error class.
"""

from __future__ import annotations

from aiohttp import web

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import PartnerStore
from services.notifier.api.answers import ADMIN, FAILURE_READERS, answer, partner_id_of, refusal
from shared.web.staff import require_role


class DeliveryRoutes:
    def __init__(self, *, partners: PartnerStore, alerts: AlertStore) -> None:
        self._partners = partners
        self._alerts = alerts

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/partners/failures", self.failures),
            web.get("/api/partners/{partner_id}/deliveries", self.partner_deliveries),
        ]

    async def partner_deliveries(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = partner_id_of(request)
        if partner_id is None or await self._partners.document(partner_id) is None:
            return refusal(404, "no_such_partner")
        return answer({"partner_id": partner_id, "attempts": await self._alerts.attempts_of_partner(partner_id)})

    async def failures(self, request: web.Request) -> web.Response:
        require_role(request, *FAILURE_READERS)
        docs = await self._alerts.failures()
        return answer({"failures": [{"id": d.pop("_id"), **d} for d in docs]})
