"""Console sessions as the domain sees them: what a session record holds and when it ends.

The cookie, hashing and the store live elsewhere (`api/sessions.py`, `adapters/console_store.py`);
this is the part both agree on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    """A session ends after `idle_timeout` without a request and `absolute_timeout` after login."""

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
