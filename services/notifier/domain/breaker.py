"""A circuit breaker per partner: one dead endpoint must not cost the others time.

After `threshold` consecutive failed attempts the breaker opens: for `cooldown_s` no delivery to that
partner is attempted (its due alerts wait in MongoDB, nothing is lost). Then it is half-open: one
trial delivery goes; success closes it, failure opens it again for another cool-down.
Times are passed in (monotonic seconds), so the rule is tested without a clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass
class CircuitBreaker:
    threshold: int = 5
    cooldown_s: float = 30.0
    failures: int = 0
    opened_at: float | None = None
    trial_in_flight: bool = False

    def state(self, now: float) -> BreakerState:
        if self.opened_at is None:
            return BreakerState.CLOSED
        if now - self.opened_at < self.cooldown_s:
            return BreakerState.OPEN
        return BreakerState.HALF_OPEN

    def allows(self, now: float) -> bool:
        """May a delivery start now? In half-open, only one trial at a time."""
        state = self.state(now)
        if state is BreakerState.CLOSED:
            return True
        return state is BreakerState.HALF_OPEN and not self.trial_in_flight

    def started(self, now: float) -> None:
        if self.state(now) is BreakerState.HALF_OPEN:
            self.trial_in_flight = True

    def succeeded(self) -> None:
        self.failures, self.opened_at, self.trial_in_flight = 0, None, False

    def failed(self, now: float) -> None:
        self.failures += 1
        half_open_trial = self.trial_in_flight
        self.trial_in_flight = False
        if half_open_trial or self.failures >= self.threshold:
            self.opened_at = now

    def reopens_in(self, now: float) -> float:
        """Seconds until a trial may go (0 when closed or half-open)."""
        if self.opened_at is None:
            return 0.0
        return max(0.0, self.cooldown_s - (now - self.opened_at))
