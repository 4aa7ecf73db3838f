"""Login failure limits, per account and per client address (sliding window, in memory).

Defaults: 5 failures per account and 20 per address within 15 minutes; then 429 with `Retry-After`
until the oldest failure in the window ages out. The address limit is higher because every counselor
at the centre may share one office address: a few typos must not lock the whole team out. A
successful login clears the account's failures, not the address's (a valid account must not let an
attacker reset the address counter). Per process: with several triage replicas each counts alone,
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
    """Keys look like `user:<name>` and `ip:<address>`; the part before `:` picks the limit."""

    MAX_KEYS = 10_000

    def __init__(
        self, limits: Mapping[str, int] | None = None, window: timedelta = timedelta(minutes=15)
    ) -> None:
        self.limits = dict(limits or {"user": 5, "ip": 20})
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
