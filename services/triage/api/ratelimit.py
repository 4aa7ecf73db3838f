"""Login failure limits (sliding window, in memory), so that guessing is slow and nobody can lock
the team out:

- **account from one address** (`pair:`): 5 failures in 15 minutes. Someone guessing a counselor's
  password from her own address is stopped; the counselor herself, from the office, is not (a lock
  per account alone let one person lock any account from anywhere for 15 minutes);
- **address** (`ip:`): 20 failures in 15 minutes across accounts (every counselor at the centre may
  share one office address: a few typos must not lock the team out). The address is the client's,
  not the proxy's (`TRUSTED_PROXIES`);
- **account** (`user:`): 100 failures in 15 minutes from any number of addresses, the last guard
  against guessing spread over many machines.
Then 429 with `Retry-After` until the oldest failure in the window ages out. A successful login
clears its account-and-address failures only (a valid account must not let an attacker reset the
address counter). Per process: with several triage replicas each counts alone,
so the effective limit is multiplied by the replica count — a Mongo-backed limiter can replace it
behind `LoginLimiter`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Protocol


class LoginLimiter(Protocol):
    async def retry_after(self, keys: Sequence[str], now: datetime) -> timedelta | None:
        """How long until a login for these keys may be tried again; None if it may now."""

    async def record_failure(self, keys: Sequence[str], now: datetime) -> None: ...
    async def reset(self, key: str) -> None: ...


class InMemoryLoginLimiter:
    """Keys look like `pair:<name>|<address>`, `ip:<address>`, `user:<name>`; the part before `:`
    picks the limit."""

    MAX_KEYS = 10_000

    def __init__(
        self, limits: Mapping[str, int] | None = None, window: timedelta = timedelta(minutes=15)
    ) -> None:
        self.limits = dict(limits or {"pair": 5, "ip": 20, "user": 100})
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        failures = self._failures.get(key, deque())
        while failures and now - failures[0] >= self.window:
            failures.popleft()
        return failures

    async def retry_after(self, keys: Sequence[str], now: datetime) -> timedelta | None:
        waits = []
        for key in keys:
            failures = self._recent(key, now)
            limit = self.limits.get(key.split(":", 1)[0])
            if limit is not None and len(failures) >= limit:
                waits.append(failures[-limit] + self.window - now)
        return max(waits, default=None)

    async def record_failure(self, keys: Sequence[str], now: datetime) -> None:
        if len(self._failures) > self.MAX_KEYS:  # a spray of usernames must not grow memory forever
            for key in list(self._failures):
                if not self._recent(key, now):
                    del self._failures[key]
        for key in keys:
            self._failures[key] = self._recent(key, now)
            self._failures[key].append(now)

    async def reset(self, key: str) -> None:
        self._failures.pop(key, None)


def login_keys(username: str, address: str) -> tuple[str, str, str]:
    """The limiter keys of one login attempt; the first is cleared by a success."""
    name = username.casefold()
    return (f"pair:{name}|{address}", f"ip:{address}", f"user:{name}")
