"""Server-side console sessions: an opaque cookie, a hashed id in the store, idle and absolute timeouts.

- The cookie holds only `secrets.token_urlsafe(32)` (256 bits). The store keeps its SHA-256, so a copy
  of the database cannot be replayed as cookies.
- Cookie `__Host-tsunagari`: HttpOnly (no script reads it), Secure, SameSite=Strict (no cross-site
  request carries it), Path=/ and no Domain (the `__Host-` prefix makes browsers insist on all three).
  No Max-Age: closing the browser ends it on a shared office computer.
- A session ends after `idle_timeout` without a request (default 15 min) and, whatever the activity,
  `absolute_timeout` after login (default 8 h). Logout deletes it server-side.

MongoDB recipe for a `SessionStore` (collection `console_sessions`): `_id` = the id hash; `put` =
`insert_one`; `get` = `find_one({"_id"})`; `touch` = `update_one({"_id"}, {"$set": {"last_seen_at"}})`;
`delete` = `delete_one`; `delete_user` = `delete_many({"user_id"})`. Add a TTL index
`create_index("expires_at", expireAfterSeconds=0)` with `expires_at = created_at + absolute_timeout`
so abandoned sessions are removed by the server; timeouts are still checked here on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from aiohttp import web

COOKIE_NAME = "__Host-tsunagari"


def hash_session_id(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle_timeout: timedelta = timedelta(minutes=15)
    absolute_timeout: timedelta = timedelta(hours=8)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """What the store keeps; never the raw id."""

    id_hash: str
    user_id: str
    username: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime

    def expired(self, now: datetime, policy: SessionPolicy) -> bool:
        return (
            now - self.last_seen_at >= policy.idle_timeout or now - self.created_at >= policy.absolute_timeout
        )


class SessionStore(Protocol):
    """Persistence of sessions, keyed by the id hash."""

    async def put(self, record: SessionRecord) -> None: ...
    async def get(self, id_hash: str) -> SessionRecord | None: ...
    async def touch(self, id_hash: str, at: datetime) -> None: ...
    async def delete(self, id_hash: str) -> None: ...
    async def delete_user(self, user_id: str) -> int: ...


class InMemorySessionStore:
    """A `SessionStore` for tests and a single development process."""

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


class Sessions:
    """Starts, resolves and ends sessions under a policy; the only code that sees raw ids."""

    def __init__(self, store: SessionStore, policy: SessionPolicy | None = None) -> None:
        self.store = store
        self.policy = policy or SessionPolicy()

    async def start(self, user_id: str, username: str, now: datetime) -> tuple[str, SessionRecord]:
        raw_id = secrets.token_urlsafe(32)
        record = SessionRecord(
            hash_session_id(raw_id), user_id, username, secrets.token_urlsafe(32), now, now
        )
        await self.store.put(record)
        return raw_id, record

    async def resolve(self, raw_id: str | None, now: datetime) -> SessionRecord | None:
        """The live session for this cookie value, touched; an expired one is deleted."""
        if not raw_id:
            return None
        record = await self.store.get(hash_session_id(raw_id))
        if record is None:
            return None
        if record.expired(now, self.policy):
            await self.store.delete(record.id_hash)
            return None
        await self.store.touch(record.id_hash, now)
        return replace(record, last_seen_at=now)

    async def end(self, raw_id: str | None) -> None:
        if raw_id:
            await self.store.delete(hash_session_id(raw_id))


def set_session_cookie(response: web.StreamResponse, raw_id: str) -> None:
    response.set_cookie(COOKIE_NAME, raw_id, path="/", secure=True, httponly=True, samesite="Strict")


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.set_cookie(COOKIE_NAME, "", path="/", secure=True, httponly=True, samesite="Strict", max_age=0)
