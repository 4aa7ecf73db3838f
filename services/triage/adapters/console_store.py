"""MongoDB stores behind the console's ports: sessions (`console_sessions`) and the audit log
(`audit_log`, insert-only; the service's database user should have no update or delete right on
it). The ports are in domain/ports.py; the session rules in domain/sessions.py and api/sessions.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.triage.domain.sessions import SessionPolicy, SessionRecord
from shared.mongo import IndexSpec

INDEXES = (
    IndexSpec("console_sessions", [("user_id", 1)]),
    # The server removes sessions abandoned past their absolute timeout; expiry is still checked per request.
    IndexSpec("console_sessions", [("expires_at", 1)], options={"expireAfterSeconds": 0}),
    IndexSpec("audit_log", [("case_id", 1), ("at", 1)]),
    IndexSpec("audit_log", [("actor_id", 1), ("at", 1)]),
)


class MongoSessionStore:
    def __init__(self, db: Any, policy: SessionPolicy) -> None:
        self._sessions = db["console_sessions"]
        self._policy = policy

    async def put(self, record: SessionRecord) -> None:
        await self._sessions.insert_one(
            {
                "_id": record.id_hash,
                "user_id": record.user_id,
                "username": record.username,
                "csrf_token": record.csrf_token,
                "created_at": record.created_at,
                "last_seen_at": record.last_seen_at,
                "expires_at": record.created_at + self._policy.absolute_timeout,
            }
        )

    async def get(self, id_hash: str) -> SessionRecord | None:
        doc = await self._sessions.find_one({"_id": id_hash})
        if doc is None:
            return None
        return SessionRecord(
            doc["_id"],
            doc["user_id"],
            doc["username"],
            doc["csrf_token"],
            _aware(doc["created_at"]),
            _aware(doc["last_seen_at"]),
        )

    async def touch(self, id_hash: str, at: datetime) -> None:
        await self._sessions.update_one({"_id": id_hash}, {"$max": {"last_seen_at": at}})

    async def delete(self, id_hash: str) -> None:
        await self._sessions.delete_one({"_id": id_hash})

    async def delete_user(self, user_id: str) -> int:
        result = await self._sessions.delete_many({"user_id": user_id})
        return int(result.deleted_count)


class MongoAuditLog:
    """Append-only; an entry that cannot be stored fails the request (by design)."""

    def __init__(self, db: Any) -> None:
        self._log = db["audit_log"]

    async def record(
        self, actor_id: str | None, action: str, case_id: str | None, detail: dict[str, Any]
    ) -> None:
        await self._log.insert_one(
            {
                "at": datetime.now(UTC),
                "actor_id": actor_id,
                "action": action,
                "case_id": case_id,
                "detail": detail,
            }
        )

    async def for_case(self, case_id: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = (
            await self._log.find({"case_id": case_id}, {"_id": 0}).sort("at", 1).to_list(None)
        )
        return found


def _aware(value: datetime) -> datetime:
    # The substitute (and a client without tz_aware) hands back naive UTC datetimes.
    return value if value.tzinfo else value.replace(tzinfo=UTC)
