"""`GET /api/auth/check`: the proxy's question "who is this browser?" for another service's API
(one login for the whole console; shared/staff_auth.py, docs/architecture.md).

The proxy (nginx `auth_request`, or services/dev_proxy.py) sends the browser's own headers — its
session cookie, `X-CSRF-Token`, `Sec-Fetch-Site` — plus `X-Original-Method` and `X-Original-URI` of
the request it is about to forward. The session was resolved (and touched: the idle timeout counts
work in every service) by `authenticate`; for a request that changes something the CSRF checks of
`csrf.py` apply here, exactly as for triage's own API. The answer is 204 with the signed, short-lived
assertion in `X-Tsunagari-Staff`, bound to that method and path; or the JSON error 401/403.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from aiohttp import web

from services.triage.api.context import SESSION_KEY
from services.triage.api.csrf import SAFE_METHODS, check_token
from services.triage.api.middlewares import principal
from services.triage.domain.ports import Clock
from shared.staff_auth import HEADER, StaffClaims, sign_assertion
from shared.web.errors import api_error

PATH = "/api/auth/check"
ORIGINAL_METHOD = "X-Original-Method"
ORIGINAL_URI = "X-Original-URI"
# The services whose API this assertion may open; triage's own API checks the session itself.
FORWARDED_PREFIXES = ("/api/outreach", "/api/partners", "/api/reports")


class SessionCheck:
    def __init__(self, key: str, clock: Clock) -> None:
        self._key = key
        self._clock = clock

    def routes(self) -> list[web.RouteDef]:
        return [web.get(PATH, self.check)]

    async def check(self, request: web.Request) -> web.Response:
        who = principal(request)
        method = request.headers.get(ORIGINAL_METHOD, "GET").upper()
        path = urlsplit(request.headers.get(ORIGINAL_URI, "")).path
        if not path.startswith(FORWARDED_PREFIXES):
            raise api_error(403, "forbidden", "Assertions are only issued for the other services' APIs.")
        if method not in SAFE_METHODS:
            if request.headers.get("Sec-Fetch-Site", "same-origin") in ("cross-site", "same-site"):
                raise api_error(403, "cross_site_request", "Requests from other sites are refused.")
            check_token(request, request[SESSION_KEY].csrf_token)
        staff = StaffClaims(who.id, who.username, who.role, who.display_name)
        now: datetime = self._clock()
        assertion = sign_assertion(self._key, staff, method=method, path=path, now=now)
        return web.Response(status=204, headers={HEADER: assertion})
