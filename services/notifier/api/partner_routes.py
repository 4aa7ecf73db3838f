"""`/api/partners`: the partner registry for admins, the delivery log and the final failures.

Who may: the one login's staff assertion is verified for every request (`app.py`,
shared/web/staff.py; CSRF was checked by triage when it issued the assertion); the registry and
its delivery log need the role `admin`; the final failures (`GET /api/partners/failures`) are for
supervisors too, who must see an alert that did not arrive (DESIGN §4).

Bodies are read by the shared bounded JSON reader (shared/web/json_body.py: 64 KB, depth 16; not
JSON, too deep, or a lone surrogate → 400 `invalid_json`; too large → 413), so nothing a client
sends can reach the database unchecked. A field that is wrong is answered 400
`{"error": "invalid_partner", "field", "message"}` (`invalid_partner` below); the URL is also held
to the partner URL policy, its host resolved (`adapters/url_guard.py`); no refusal repeats the URL.
Secrets are write-only: no answer ever contains one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiohttp import web

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import PartnerStore, public_view
from services.notifier.adapters.url_guard import UrlGuard
from services.notifier.domain.partner_url import RefusedUrl
from services.notifier.domain.partners import (
    ID_PATTERN,
    InvalidPartner,
    PartnerExists,
    check_fields,
    check_id,
)
from services.notifier.domain.ports import Clock
from shared.events import utcnow
from shared.web.headers import Handler
from shared.web.json_body import read_json
from shared.web.staff import require_role

API_PREFIX = "/api/partners"
ADMIN = ("admin",)
FAILURE_READERS = ("supervisor", "admin")


def _json(data: Any, status: int = 200) -> web.Response:
    text = json.dumps(
        data, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v)
    )
    return web.json_response(text=text, status=status)


def _error(status: int, error: str, **extra: Any) -> web.Response:
    return _json({"error": error, **extra}, status)


@web.middleware
async def invalid_partner(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A domain refusal (`InvalidPartner`) as the API's clear 400 naming the field."""
    try:
        return await handler(request)
    except InvalidPartner as exc:
        return _error(400, "invalid_partner", field=exc.field, message=exc.message)


async def _body(request: web.Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise InvalidPartner("body", "must be a JSON object")
    return body


def _partner_id(request: web.Request) -> str | None:
    """The id in the path, or None when it cannot be one (then nothing is looked up: 404)."""
    partner_id = request.match_info["partner_id"]
    return partner_id if ID_PATTERN.fullmatch(partner_id) else None


class PartnerRoutes:
    def __init__(
        self,
        *,
        partners: PartnerStore,
        alerts: AlertStore,
        urls: UrlGuard,
        clock: Clock = utcnow,
    ) -> None:
        self._partners = partners
        self._alerts = alerts
        self._urls = urls
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/api/partners", self.list_partners),
            web.post("/api/partners", self.create_partner),
            web.get("/api/partners/failures", self.failures),
            web.get("/api/partners/{partner_id}", self.get_partner),
            web.patch("/api/partners/{partner_id}", self.update_partner),
            web.put("/api/partners/{partner_id}", self.update_partner),
            web.delete("/api/partners/{partner_id}", self.deactivate_partner),
            web.post("/api/partners/{partner_id}/deactivate", self.deactivate_partner),
            web.get("/api/partners/{partner_id}/deliveries", self.partner_deliveries),
        ]

    async def list_partners(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        docs = await self._partners.documents()
        return _json({"partners": [public_view(d) for d in docs]})

    async def create_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        body = await _body(request)
        partner_id = check_id(body.get("id"))
        fields = check_fields(body, urls=self._urls.policy, partial=False)
        await self._resolvable(fields)
        try:
            await self._partners.create(partner_id, fields, self._clock())
        except PartnerExists:
            return _error(409, "partner_exists", id=partner_id)
        doc = await self._partners.document(partner_id)
        return _json(public_view(doc or {}), 201)

    async def get_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = _partner_id(request)
        doc = await self._partners.document(partner_id) if partner_id else None
        return _json(public_view(doc)) if doc else _error(404, "no_such_partner")

    async def update_partner(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = _partner_id(request)
        if partner_id is None:
            return _error(404, "no_such_partner")
        body = await _body(request)
        if "id" in body and body["id"] != partner_id:
            raise InvalidPartner("id", "cannot be changed")
        fields = check_fields(body, urls=self._urls.policy, partial=True)
        fields.pop("id", None)
        await self._resolvable(fields)
        doc = await self._partners.update(partner_id, fields, self._clock())
        return _json(public_view(doc)) if doc else _error(404, "no_such_partner")

    async def deactivate_partner(self, request: web.Request) -> web.Response:
        """Deactivate, never delete: the delivery log keeps referring to the partner."""
        require_role(request, *ADMIN)
        partner_id = _partner_id(request)
        if partner_id is None:
            return _error(404, "no_such_partner")
        doc = await self._partners.deactivate(partner_id, "deactivated by admin", self._clock())
        return _json(public_view(doc)) if doc else _error(404, "no_such_partner")

    async def partner_deliveries(self, request: web.Request) -> web.Response:
        require_role(request, *ADMIN)
        partner_id = _partner_id(request)
        if partner_id is None or await self._partners.document(partner_id) is None:
            return _error(404, "no_such_partner")
        return _json({"partner_id": partner_id, "attempts": await self._alerts.attempts_of_partner(partner_id)})

    async def _resolvable(self, fields: dict[str, Any]) -> None:
        """The URL's host must not resolve to an address the policy refuses."""
        if "url" not in fields:
            return
        try:
            await self._urls.check_registration(fields["url"])
        except RefusedUrl as refused:
            raise InvalidPartner("url", refused.message) from None

    async def failures(self, request: web.Request) -> web.Response:
        require_role(request, *FAILURE_READERS)
        docs = await self._alerts.failures()
        return _json({"failures": [{"id": d.pop("_id"), **d} for d in docs]})
