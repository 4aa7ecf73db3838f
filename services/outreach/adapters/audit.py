"""Outreach's audit log: who did what to which request or visit, and when — ids and codes only.
Every scheduling, reschedule, cancellation, check-in, check-out and result, her answers, and a
withdrawal of her consent (which the counselor also audits in triage)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("audit", [("request_id", 1), ("at", 1)], name="audit_request"),
    IndexSpec("audit", [("visit_id", 1), ("at", 1)], name="audit_visit"),
)


class AuditLog:
    def __init__(self, db: Any) -> None:
        self._audit = db["audit"]

    async def record(
        self,
        who: str,
        action: str,
        at: datetime,
        *,
        request_id: str | None = None,
        visit_id: str | None = None,
        **detail: Any,
    ) -> None:
        await self._audit.insert_one(
            {"who": who, "action": action, "at": at, "request_id": request_id, "visit_id": visit_id, "detail": detail}
        )

    async def for_request(self, request_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._audit.find({"request_id": request_id}, {"_id": 0}).sort("at", 1).to_list(None)
        )
        return found
