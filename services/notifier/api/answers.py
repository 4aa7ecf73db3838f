"""What every `/api/partners` route shares: who may (roles), how answers and refusals are written,
and the partner id in a path.

Who may: the one login's staff assertion is verified for every request (`app.py`,
shared/web/staff.py; CSRF was checked by triage when it issued the assertion); the registry and
its delivery log need the role `admin`; the final failures are for supervisors too, who must see
an alert that did not arrive (DESIGN §4). A field that is wrong is answered 400
`{"error": "invalid_partner", "field", "message"}` (`invalid_partner` below).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from aiohttp import web

from services.notifier.domain.partners import ID_PATTERN, InvalidPartner
from shared.web.headers import Handler

API_PREFIX = "/api/partners"
ADMIN = ("admin",)
FAILURE_READERS = ("supervisor", "admin")


def answer(data: Any, status: int = 200) -> web.Response:
    text = json.dumps(
        data, ensure_ascii=False, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v)
    )
    return web.json_response(text=text, status=status)


def refusal(status: int, error: str, **extra: Any) -> web.Response:
    return answer({"error": error, **extra}, status)


@web.middleware
async def invalid_partner(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A domain refusal (`InvalidPartner`) as the API's clear 400 naming the field."""
    try:
        return await handler(request)
    except InvalidPartner as exc:
        return refusal(400, "invalid_partner", field=exc.field, message=exc.message)


def partner_id_of(request: web.Request) -> str | None:
    """The id in the path, or None when it cannot be one (then nothing is looked up: 404)."""
    partner_id = request.match_info["partner_id"]
    return partner_id if ID_PATTERN.fullmatch(partner_id) else None
