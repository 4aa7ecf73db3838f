"""In-memory implementations of the console's ports (sessions, staff accounts, audit log), for
tests and a single development process; MongoDB's are in `console_store.py` and `staff.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from services.triage.domain.ports import AuditEntry
from services.triage.domain.sessions import SessionRecord
from services.triage.domain.staff import StaffUser


class InMemorySessionStore:
    def __init__(self) -> None:
        self.records: dict[str, SessionRecord] = {}

    async def put(self, record: SessionRecord) -> None:
        self.records[record.id_hash] = record

    async def get(self, id_hash: str) -> SessionRecord | None:
        return self.records.get(id_hash)

    async def touch(self, id_hash: str, at: datetime) -> None:
        if id_hash in self.records:
            self.records[id_hash] = replace(self.records[id_hash], last_seen_at=at)

    async def delete(self, id_hash: str) -> None:
        self.records.pop(id_hash, None)

    async def delete_user(self, user_id: str) -> int:
        doomed = [h for h, r in self.records.items() if r.user_id == user_id]
        for h in doomed:
            del self.records[h]
        return len(doomed)


class InMemoryUserDirectory:
    def __init__(self, users: list[StaffUser] | None = None) -> None:
        self.users = {u.username.casefold(): u for u in users or []}

    async def find(self, username: str) -> StaffUser | None:
        return self.users.get(username.casefold())

    async def find_by_id(self, user_id: str) -> StaffUser | None:
        return next((u for u in self.users.values() if u.id == user_id), None)

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        for key, user in self.users.items():
            if user.id == user_id:
                self.users[key] = replace(user, password_hash=password_hash)


class InMemoryAuditLog:
    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self.entries: list[AuditEntry] = []

    async def record(
        self, actor_id: str | None, action: str, case_id: str | None, detail: dict[str, Any]
    ) -> None:
        self.entries.append(AuditEntry(self.clock(), actor_id, action, case_id, dict(detail)))
