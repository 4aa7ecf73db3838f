"""The audit log port: who read or changed which case, when (DESIGN §5).

Every handler that reads or writes a case records one entry: `actor_id` (staff id, or None for an
anonymous login failure), `action` (e.g. `case.read`, `case.reply`, `case.risk.set`, `auth.login`),
`case_id` (None for account events) and `detail` (ids and codes only — never message text or notes).

MongoDB recipe (later, in adapters): collection `audit_log`, insert-only — `insert_one` with `at`;
the service's database user should have no update or delete right on it; index `(case_id, at)` and
`(actor_id, at)` for the supervisor's "who looked at this case" view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor_id: str | None
    action: str
    case_id: str | None
    detail: dict[str, Any] = field(default_factory=dict)


class AuditLog(Protocol):
    async def record(
        self, actor_id: str | None, action: str, case_id: str | None, detail: dict[str, Any]
    ) -> None:
        """Append one entry; raise if it cannot be stored (the request then fails, by design)."""


class InMemoryAuditLog:
    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self.entries: list[AuditEntry] = []

    async def record(
        self, actor_id: str | None, action: str, case_id: str | None, detail: dict[str, Any]
    ) -> None:
        self.entries.append(AuditEntry(self.clock(), actor_id, action, case_id, dict(detail)))
