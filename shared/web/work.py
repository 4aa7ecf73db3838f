"""Names each API request as a unit of work for the database cost counts (shared/db_cost.py):
`api:<METHOD> <route>` with the route's pattern (`/api/cases/{case_id}`), never the ids in the path."""

from __future__ import annotations

from aiohttp import web

from shared.db_cost import working_on
from shared.web.headers import Handler


@web.middleware
async def api_work(request: web.Request, handler: Handler) -> web.StreamResponse:
    resource = request.match_info.route.resource
    route = resource.canonical if resource is not None else "?"
    with working_on(f"api:{request.method} {route}"):
        return await handler(request)
