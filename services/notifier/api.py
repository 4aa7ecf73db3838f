"""`/api/partners`: the partner registry for admins, the delivery log and the final failures.

Interim authentication: a Bearer token from NOTIFIER_ADMIN_TOKEN, until the console's sessions and
roles (in triage) cover this path. Secrets are write-only: no answer ever contains one.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aiohttp import web
from pymongo.errors import DuplicateKeyError

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.adapters.partner_store import PartnerStore, public_view
from services.notifier.domain.partners import InvalidPartner, check_fields, check_id
from shared.events import utcnow


@dataclass
class ApiDeps:
    """What the API needs; the stores are set once MongoDB is connected (at start-up)."""

    admin_token: str
    allow_insecure_loopback: bool
    partners: PartnerStore | None = None
    alerts: AlertStore | None = None

    def stores(self) -> tuple[PartnerStore, AlertStore]:
        if self.partners is None or self.alerts is None:
            raise web.HTTPServiceUnavailable(text='{"error": "starting"}', content_type="application/json")
        return self.partners, self.alerts


API_KEY = web.AppKey("notifier_api", ApiDeps)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _partners(request: web.Request) -> PartnerStore:
    return request.app[API_KEY].stores()[0]


def _alerts(request: web.Request) -> AlertStore:
    return request.app[API_KEY].stores()[1]


def _json(data: Any, status: int = 200) -> web.Response:
    text = json.dumps(
        data, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v)
    )
    return web.json_response(text=text, status=status)


def _error(status: int, error: str, **extra: Any) -> web.Response:
    return _json({"error": error, **extra}, status)


@web.middleware
async def admin_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/api/partners"):
        return await handler(request)
    given = request.headers.get("Authorization", "")
    expected = f"Bearer {request.app[API_KEY].admin_token}"
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return _error(401, "unauthorized")
    try:
        return await handler(request)
    except InvalidPartner as exc:
        return _error(400, "invalid_partner", field=exc.field, message=exc.message)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise InvalidPartner("body", "must be a JSON object") from None
    if not isinstance(body, dict):
        raise InvalidPartner("body", "must be a JSON object")
    return body


async def list_partners(request: web.Request) -> web.Response:
    docs = await _partners(request).documents()
    return _json({"partners": [public_view(d) for d in docs]})


async def create_partner(request: web.Request) -> web.Response:
    body = await _body(request)
    partner_id = check_id(body.get("id"))
    fields = check_fields(
        body, allow_insecure_loopback=request.app[API_KEY].allow_insecure_loopback, partial=False
    )
    try:
        await _partners(request).create(partner_id, fields, utcnow())
    except DuplicateKeyError:
        return _error(409, "partner_exists", id=partner_id)
    doc = await _partners(request).document(partner_id)
    return _json(public_view(doc or {}), 201)


async def get_partner(request: web.Request) -> web.Response:
    doc = await _partners(request).document(request.match_info["partner_id"])
    return _json(public_view(doc)) if doc else _error(404, "no_such_partner")


async def update_partner(request: web.Request) -> web.Response:
    body = await _body(request)
    if "id" in body and body["id"] != request.match_info["partner_id"]:
        raise InvalidPartner("id", "cannot be changed")
    fields = check_fields(
        body, allow_insecure_loopback=request.app[API_KEY].allow_insecure_loopback, partial=True
    )
    fields.pop("id", None)
    doc = await _partners(request).update(request.match_info["partner_id"], fields, utcnow())
    return _json(public_view(doc)) if doc else _error(404, "no_such_partner")


async def deactivate_partner(request: web.Request) -> web.Response:
    """Deactivate, never delete: the delivery log keeps referring to the partner."""
    doc = await _partners(request).deactivate(
        request.match_info["partner_id"], "deactivated by admin", utcnow()
    )
    return _json(public_view(doc)) if doc else _error(404, "no_such_partner")


async def partner_deliveries(request: web.Request) -> web.Response:
    partner_id = request.match_info["partner_id"]
    if await _partners(request).document(partner_id) is None:
        return _error(404, "no_such_partner")
    return _json(
        {"partner_id": partner_id, "attempts": await _alerts(request).attempts_of_partner(partner_id)}
    )


async def failures(request: web.Request) -> web.Response:
    docs = await _alerts(request).failures()
    return _json({"failures": [{"id": d.pop("_id"), **d} for d in docs]})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/partners", list_partners)
    app.router.add_post("/api/partners", create_partner)
    app.router.add_get("/api/partners/failures", failures)
    app.router.add_get("/api/partners/{partner_id}", get_partner)
    app.router.add_patch("/api/partners/{partner_id}", update_partner)
    app.router.add_put("/api/partners/{partner_id}", update_partner)
    app.router.add_delete("/api/partners/{partner_id}", deactivate_partner)
    app.router.add_post("/api/partners/{partner_id}/deactivate", deactivate_partner)
    app.router.add_get("/api/partners/{partner_id}/deliveries", partner_deliveries)
