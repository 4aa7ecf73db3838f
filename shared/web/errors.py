"""JSON error bodies of every API: `{"error": {"code": "...", "message": "..."}}`.

`code` is stable and machine-readable (the console translates it); `message` is a short English hint
for developers. Neither ever contains case data, message text, what a client sent, or whether a
username exists.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from aiohttp import web

DEFAULT_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_body",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}
_CLASSES: dict[int, type[web.HTTPException]] = {
    cls.status_code: cls
    for cls in (
        web.HTTPBadRequest,
        web.HTTPUnauthorized,
        web.HTTPForbidden,
        web.HTTPNotFound,
        web.HTTPConflict,
        web.HTTPRequestEntityTooLarge,
        web.HTTPUnsupportedMediaType,
        web.HTTPUnprocessableEntity,
        web.HTTPTooManyRequests,
        web.HTTPServiceUnavailable,
    )
}


def error_body(status: int, code: str | None = None, message: str | None = None) -> str:
    payload = {"code": code or DEFAULT_CODES.get(status, "error"), "message": message or ""}
    return json.dumps({"error": payload}, ensure_ascii=False)


def api_error(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> web.HTTPException:
    """An exception to raise from a handler or middleware; the body is already the JSON error."""
    cls = _CLASSES[status]
    if cls is web.HTTPRequestEntityTooLarge:
        return web.HTTPRequestEntityTooLarge(
            max_size=0, actual_size=0, text=error_body(status, code, message), content_type="application/json"
        )
    return cls(text=error_body(status, code, message), content_type="application/json", headers=headers)


def json_error_response(status: int, code: str | None, message: str) -> web.Response:
    return web.Response(status=status, text=error_body(status, code, message), content_type="application/json")
