"""`/api/partners`: the partner registry, for admins (roles and answers: `answers.py`).

Bodies are read by the shared bounded JSON reader (shared/web/json_body.py: 64 KB, depth 16; not
JSON, too deep, or a lone surrogate → 400 `invalid_json`; too large → 413), so nothing a client
sends can reach the database unchecked. Fields are checked by the domain (`domain/partners.py`);
the URL is also held to the partner URL policy with its host resolved (`adapters/url_guard.py`).
No refusal repeats the URL. Secrets are write-only: no answer ever contains one.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.notifier.adapters.partner_store import PartnerStore, public_view
from services.notifier.adapters.url_guard import UrlGuard
from services.notifier.api.answers import ADMIN, answer, partner_id_of, refusal
from services.notifier.domain.partner_url import RefusedUrl
from services.notifier.domain.partners import InvalidPartner, PartnerExists, check_fields, check_id
from services.notifier.domain.ports import Clock
from shared.events import utcnow
from shared.web.json_body import read_json
from shared.web.staff import require_role


async def _body(request: web.Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise InvalidPartner("body", "must be a JSON object")
    return body


class PartnerRoutes:
    def __init__(
        self,
        *,
        partners: PartnerStore,
        urls: UrlGuard,
        clock: Clock = utcnow,
    ) -> None:
        self._partners = partners
        self._urls = urls
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/partners", self.list_partners),
            web.post("/api/partners", self.create_partner),
            web.get("/api/partners/{partner_id}", self.get_partner),
            web.patch("/api/partners/{partner_id}", self.update_partner),
            web.put("/api/partners/{partner_id}", self.update_partner),
            web.delete("/api/partners/{partner_id}", self.deactivate_partner),
            web.post("/api/partners/{partner_id}/deactivate", self.deactivate_partner),
        ]

    async def list_partners(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        docs = await self._partners.documents()
        return answer({"partners": [public_view(d) for d in docs]})

    async def create_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        body = await _body(request)
        partner_id = check_id(body.get("id"))
        fields = check_fields(body, urls=self._urls.policy, partial=False)
        await self._resolvable(fields)
        try:
            await self._partners.create(partner_id, fields, self._clock())
        except PartnerExists:
            return refusal(409, "partner_exists", id=partner_id)
        doc = await self._partners.document(partner_id)
        return answer(public_view(doc or {}), 201)

    async def get_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = partner_id_of(request)
        doc = await self._partners.document(partner_id) if partner_id else None
        return answer(public_view(doc)) if doc else refusal(404, "no_such_partner")

    async def update_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = partner_id_of(request)
        if partner_id is None:
            return refusal(404, "no_such_partner")
        body = await _body(request)
        if "id" in body and body["id"] != partner_id:
            raise InvalidPartner("id", "cannot be changed")
        fields = check_fields(body, urls=self._urls.policy, partial=True)
        fields.pop("id", None)
        await self._resolvable(fields)
        doc = await self._partners.update(partner_id, fields, self._clock())
        return answer(public_view(doc)) if doc else refusal(404, "no_such_partner")

    async def deactivate_partner(self, request: web.Request) -> web.Response:
        """Deactivate, never delete: the delivery log keeps referring to the partner."""
        require_role(request, *ADMIN)
        partner_id = partner_id_of(request)
        if partner_id is None:
            return refusal(404, "no_such_partner")
        doc = await self._partners.deactivate(partner_id, "deactivated by admin", self._clock())
        return answer(public_view(doc)) if doc else refusal(404, "no_such_partner")

    async def _resolvable(self, fields: dict[str, Any]) -> None:
        """The URL's host must not resolve to an address the policy refuses."""
        if "url" not in fields:
            return
        try:
            await self._urls.check_registration(fields["url"])
        except RefusedUrl as refused:
            raise InvalidPartner("url", refused.message) from None
