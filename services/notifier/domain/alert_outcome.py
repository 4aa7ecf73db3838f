"""What one webhook attempt's answer means for the alert's delivery to that partner.

Only 2xx is success. 410 Gone means the partner removed the endpoint: the partner is deactivated and
the alert fails at once (`endpoint_disabled`) — supervisors must find another way to reach it.
A URL the partner URL policy refuses at delivery time (its host now resolves to a private address,
say) fails the alert at once too (`url_refused`): nothing was sent, and retrying the same URL
cannot help until an admin corrects it.
Anything else (another status, a timeout, a refused connection) is tried again on the retry schedule;
a 429's `Retry-After` is honoured. After the last attempt the alert fails (`retries_exhausted`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from services.notifier.domain.retry_schedule import next_delay

Kind = Literal["delivered", "retry", "failed", "disabled"]


@dataclass(frozen=True)
class Decision:
    kind: Kind
    delay_s: float = 0.0
    reason: str | None = None

    @property
    def counts_as_failure(self) -> bool:
        """For the circuit breaker: an endpoint that does not take alerts (a refused URL was never
        contacted, so it says nothing about the endpoint)."""
        return self.kind != "delivered" and self.reason != "url_refused"


def decide(
    status: int | None,
    attempts_made: int,
    *,
    retry_after_s: float | None = None,
    scale: float = 1.0,
    rand: Callable[[], float] = random.random,
    refused: bool = False,
) -> Decision:
    if refused:
        return Decision("failed", reason="url_refused")
    if status is not None and 200 <= status < 300:
        return Decision("delivered")
    if status == 410:
        return Decision("disabled", reason="endpoint_disabled")
    delay = next_delay(
        attempts_made, retry_after_s=retry_after_s if status == 429 else None, scale=scale, rand=rand
    )
    if delay is None:
        return Decision("failed", reason="retries_exhausted")
    return Decision("retry", delay_s=delay)
