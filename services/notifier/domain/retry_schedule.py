"""When a partner alert is tried again after a failed attempt (for operators).

The schedule is the Standard Webhooks one: attempt 1 immediately, then after 5 seconds, 5 minutes,
30 minutes, 2 hours, 5 hours, 10 hours, 14 hours, 20 hours and 24 hours — ten attempts over about
three days (76 h 35 min of waiting in all). Each wait gets up to ±10 % random jitter so that alerts
that failed together (a partner's outage) do not all come back at the same second.

A partner answering 429 with `Retry-After` is not tried before that many seconds, even when the
schedule's next step is sooner. After the tenth failed attempt the alert is a final failure:
`partner.alert.failed` is published and supervisors see it in `GET /api/partners/failures`.

The schedule is stored with each delivery (`next_attempt_at` in MongoDB), so a restart of the
notifier neither loses nor repeats a step.
"""

from __future__ import annotations

import random
from collections.abc import Callable

# Waits before attempt 2, 3, ... (attempt 1 is immediate). Seconds.
DELAYS_S: tuple[float, ...] = (
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    14 * 3600,
    20 * 3600,
    24 * 3600,
)
MAX_ATTEMPTS = len(DELAYS_S) + 1
JITTER = 0.1


def next_delay(
    attempts_made: int,
    *,
    retry_after_s: float | None = None,
    scale: float = 1.0,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before the next attempt, or None when `attempts_made` was the last.

    `scale` shrinks the schedule for tests only (0.001 turns 5 s into 5 ms); production uses 1.0.
    `rand` returns a number in [0, 1) and is injectable so tests are deterministic.
    """
    if attempts_made < 1:
        return 0.0
    if attempts_made >= MAX_ATTEMPTS:
        return None
    base = DELAYS_S[attempts_made - 1]
    delay = base * (1 + JITTER * (2 * rand() - 1))
    if retry_after_s is not None:
        delay = max(delay, retry_after_s)
    return delay * scale


def total_schedule_s() -> float:
    """The whole schedule without jitter (about three days)."""
    return float(sum(DELAYS_S))
