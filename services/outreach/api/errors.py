"""A workflow's expected refusal (domain/refusals.py) as its JSON error: `Missing` 404, `Conflict`
409, `Unprocessable` 422, with the refusal's codes beside (`problems`, `staff_id`), never case data."""

from __future__ import annotations

import json

from aiohttp import web

from services.outreach.domain.refusals import Conflict, Missing, Refused, Unprocessable
from shared.web.errors import api_error
from shared.web.headers import Handler

STATUS: dict[type[Refused], int] = {Missing: 404, Conflict: 409, Unprocessable: 422}


@web.middleware
async def refusals_as_http(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refused as exc:
        status = STATUS.get(type(exc), 409)
        if not exc.extra:
            raise api_error(status, exc.code, exc.message) from None
        body = {"error": {"code": exc.code, "message": exc.message, **exc.extra}}
        return web.json_response(body, status=status, dumps=lambda d: json.dumps(d, ensure_ascii=False, default=str))
