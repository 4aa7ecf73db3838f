"""What every case endpoint does first: find the triage context, check the role, find the case the
caller may see, and write the audit entry.

Per-case access (DESIGN §5): a supervisor sees every case; a counselor sees the cases assigned to her
(and the waiting queue, without text). Any other case answers **404**, exactly like a case that does
not exist, so ids cannot be probed; the refused attempt is audited (`case.access_denied`).
"""

from __future__ import annotations

from functools import wraps
from typing import Any, Protocol

from aiohttp import web

from services.triage.api.errors import api_error
from services.triage.api.middlewares import Handler, require_role
from services.triage.api.security import Principal
from services.triage.context import TriageContext
from services.triage.workflows.commit import ActionRefused

CASE_ROLES = ("counselor", "supervisor")


class ContextProvider(Protocol):
    def require_context(self) -> TriageContext: ...


CONTEXT_PROVIDER = web.AppKey("triage_context_provider", ContextProvider)


def triage(request: web.Request) -> TriageContext:
    try:
        return request.config_dict[CONTEXT_PROVIDER].require_context()
    except RuntimeError:
        raise api_error_503() from None


def api_error_503() -> web.HTTPException:
    return web.HTTPServiceUnavailable(
        text='{"error": {"code": "starting", "message": "Triage is starting; try again shortly."}}',
        content_type="application/json",
    )


async def audit(ctx: TriageContext, who: Principal, action: str, case_id: str | None, **detail: Any) -> None:
    """One audit entry: ids and codes only, never text (a failure fails the request, by design)."""
    await ctx.audit.record(who.id, action, case_id, detail)


def may_see(who: Principal, case: dict[str, Any]) -> bool:
    return who.role == "supervisor" or (who.role == "counselor" and case.get("counselor_id") == who.id)


async def case_for(request: web.Request, *, action: str) -> tuple[TriageContext, Principal, dict[str, Any]]:
    """The case in the path if the caller may see it; 404 otherwise (audited either way by the caller)."""
    who = require_role(request, *CASE_ROLES)
    ctx = triage(request)
    case_id = request.match_info["case_id"]
    case = await ctx.cases.get(case_id)
    if case is None or not may_see(who, case):
        if case is not None:
            await audit(ctx, who, "case.access_denied", case_id, attempted=action)
        raise api_error(404, "case_not_found", "No such case.")
    return ctx, who, case


def require_open(case: dict[str, Any]) -> None:
    if not case.get("open"):
        raise api_error(409, "case_closed", "The case is closed.")


def refused_as_http(handler: Handler) -> Handler:
    """Turn a workflow's `ActionRefused` into the JSON error it names."""

    @wraps(handler)
    async def wrapped(request: web.Request) -> web.StreamResponse:
        try:
            return await handler(request)
        except ActionRefused as exc:
            raise api_error(exc.status, exc.code, exc.message) from None

    return wrapped
