"""The small interfaces triage's workflows and HTTP layer depend on, implemented by adapters (or by
tests' fakes): the clock, the publisher, the audit log, the session store and the staff directory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from services.triage.domain.sessions import SessionRecord
from services.triage.domain.staff import StaffUser
from shared.events import Envelope

Clock = Callable[[], datetime]
"""Returns the current, timezone-aware time; tests inject a fixed or stepped one."""


class Publisher(Protocol):
    """Publishes envelopes and returns once the broker confirmed every one; raises otherwise."""

    async def publish_all(self, envelopes: Iterable[Envelope]) -> None: ...


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor_id: str | None
    action: str
    case_id: str | None
    detail: dict[str, Any] = field(default_factory=dict)


class AuditLog(Protocol):
    """Who read or changed which case, when (DESIGN §5): `actor_id` (staff id, or None for an
    anonymous login failure), `action` (`case.read`, `case.reply`, `auth.login` ...), `case_id`
    (None for account events) and `detail` (ids and codes only — never message text or notes)."""

    async def record(
        self, actor_id: str | None, action: str, case_id: str | None, detail: dict[str, Any]
    ) -> None:
        """Append one entry; raise if it cannot be stored (the request then fails, by design)."""


class SessionStore(Protocol):
    """Persistence of console sessions, keyed by the hash of the cookie's id."""

    async def put(self, record: SessionRecord) -> None: ...
    async def get(self, id_hash: str) -> SessionRecord | None: ...
    async def touch(self, id_hash: str, at: datetime) -> None: ...
    async def delete(self, id_hash: str) -> None: ...
    async def delete_user(self, user_id: str) -> int: ...


class UserDirectory(Protocol):
    """Where staff accounts live (`staff` in triage's database; in memory in tests)."""

    async def find(self, username: str) -> StaffUser | None:
        """The account with this username (compared case-insensitively), or None."""

    async def find_by_id(self, user_id: str) -> StaffUser | None:
        """The account with this id, or None."""

    async def set_password_hash(self, user_id: str, password_hash: str) -> None:
        """Store an upgraded hash after a successful login."""
