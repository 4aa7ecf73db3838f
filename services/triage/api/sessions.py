"""Server-side console sessions: an opaque cookie, a hashed id in the store, idle and absolute timeouts.

- The cookie holds only `secrets.token_urlsafe(32)` (256 bits). The store keeps its SHA-256, so a copy
  of the database cannot be replayed as cookies.
- Cookie `__Host-tsunagari`: HttpOnly (no script reads it), Secure, SameSite=Strict (no cross-site
  request carries it), Path=/ and no Domain (the `__Host-` prefix makes browsers insist on all three).
  No Max-Age: closing the browser ends it on a shared office computer.
- A session ends after `idle_timeout` without a request (default 15 min) and, whatever the activity,
  `absolute_timeout` after login (default 8 h). Logout deletes it server-side.

The store is `adapters/console_store.py` (MongoDB, with a TTL index on `expires_at` so abandoned
sessions are removed by the server; timeouts are still checked here on every request) or
`adapters/memory.py` (tests).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import replace
from datetime import datetime

from aiohttp import web

from services.triage.domain.ports import SessionStore
from services.triage.domain.sessions import SessionPolicy, SessionRecord

COOKIE_NAME = "__Host-tsunagari"


def hash_session_id(raw_id: str) -> str:
    return hashlib.sha256(raw_id.encode()).hexdigest()


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

    async def alive(self, raw_id: str | None, now: datetime) -> bool:
        """Whether the session still stands, without touching it (a live stream is not activity)."""
        record = await self.store.get(hash_session_id(raw_id)) if raw_id else None
        return record is not None and not record.expired(now, self.policy)

    async def end(self, raw_id: str | None) -> None:
        if raw_id:
            await self.store.delete(hash_session_id(raw_id))


def set_session_cookie(response: web.StreamResponse, raw_id: str) -> None:
    response.set_cookie(COOKIE_NAME, raw_id, path="/", secure=True, httponly=True, samesite="Strict")


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.set_cookie(COOKIE_NAME, "", path="/", secure=True, httponly=True, samesite="Strict", max_age=0)
