"""What every case endpoint does first: check the role, find the case the caller may see, and write
the audit entry — and `perform`, the whole shape of an action on a case, written once.

Per-case access (DESIGN §5): a supervisor sees every case; a counselor sees the cases assigned to her
(and the waiting queue, without text). Any other case answers **404**, exactly like a case that does
not exist, so ids cannot be probed; the refused attempt is audited (`case.access_denied`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

from services.triage.adapters.cases import CaseRepository
from services.triage.api.middlewares import require_role
from services.triage.domain.ports import AuditLog
from services.triage.domain.staff import Principal
from shared.web.errors import api_error
from shared.web.json_body import read_model
from shared.web.respond import respond

CASE_ROLES = ("counselor", "supervisor")
M = TypeVar("M", bound=BaseModel)
Case = dict[str, Any]
Result = dict[str, Any]


def may_see(who: Principal, case: Case) -> bool:
    return who.role == "supervisor" or (who.role == "counselor" and case.get("counselor_id") == who.id)


def require_open(case: Case) -> None:
    if not case.get("open"):
        raise api_error(409, "case_closed", "The case is closed.")


class CaseAccess:
    def __init__(self, cases: CaseRepository, audit_log: AuditLog) -> None:
        self._cases = cases
        self._audit = audit_log

    async def audit(self, who: Principal, action: str, case_id: str | None, **detail: Any) -> None:
        """One audit entry: ids and codes only, never text (a failure fails the request, by design)."""
        await self._audit.record(who.id, action, case_id, detail)

    async def case_for(self, request: web.Request, *, action: str) -> tuple[Principal, Case]:
        """The case in the path if the caller may see it; 404 otherwise (a refusal is audited)."""
        who = require_role(request, *CASE_ROLES)
        case_id = request.match_info["case_id"]
        case = await self._cases.get(case_id)
        if case is None or not may_see(who, case):
            if case is not None:
                await self.audit(who, "case.access_denied", case_id, attempted=action)
            raise api_error(404, "case_not_found", "No such case.")
        return who, case

    async def perform(
        self,
        request: web.Request,
        *,
        action: str,
        body: type[M],
        run: Callable[[Principal, Case, M], Awaitable[Result]],
        detail: Callable[[Case, M, Result], dict[str, Any]] = lambda _c, _b, _r: {},
        check: Callable[[M], None] | None = None,
        status: int = 200,
        open_only: bool = True,
    ) -> web.Response:
        """An action on one case: find it, read the body, check it, refuse a closed case, do it,
        audit it (ids and codes from `detail`), answer with what `run` returned."""
        who, case = await self.case_for(request, action=action)
        parsed = await read_model(request, body)
        if check is not None:
            check(parsed)
        if open_only:
            require_open(case)
        result = await run(who, case, parsed)
        await self.audit(who, action, case["_id"], **detail(case, parsed, result))
        return respond(result, status=status)
