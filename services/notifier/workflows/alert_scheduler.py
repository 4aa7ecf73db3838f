"""The background loop that sends due partner alerts, concurrently, without one partner slowing another.

Each round claims due deliveries one by one (an atomic claim with a lease, see `AlertStore`) and runs
each as its own task. Partners whose breaker is open, or that already have
`alert_partner_concurrency` deliveries in flight, are left out of the claim itself: their backlog
waits in MongoDB and never occupies a slot another partner could use. The loop sleeps until the next
delivery is due, or until woken (`wake`) by a new alert or a finished task.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict, deque
from datetime import timedelta
from typing import Any

import structlog

from services.notifier.adapters.alert_store import AlertStore
from services.notifier.domain.breaker import BreakerState, CircuitBreaker
from services.notifier.domain.ports import Clock
from services.notifier.metrics import Metrics
from services.notifier.workflows.alert_delivery import AlertDelivery
from shared.events import utcnow

log = structlog.get_logger(__name__)
SCAN_INTERVAL_S = 0.05


class AlertScheduler:
    def __init__(
        self,
        delivery: AlertDelivery,
        store: AlertStore,
        metrics: Metrics,
        *,
        owner: str,
        lease_s: float,
        partner_concurrency: int,
        concurrency: int,
        poll_s: float,
        breaker_threshold: int,
        breaker_cooldown_s: float,
        clock: Clock = utcnow,
    ) -> None:
        self._delivery, self._store, self._metrics, self._owner = delivery, store, metrics, owner
        self._wake = asyncio.Event()
        self._clock = clock
        self._lease_s, self._per_partner, self._concurrency, self._poll_s = (
            lease_s,
            partner_concurrency,
            concurrency,
            poll_s,
        )
        self._breakers: defaultdict[str, CircuitBreaker] = defaultdict(
            lambda: CircuitBreaker(breaker_threshold, breaker_cooldown_s)
        )
        self._in_flight: defaultdict[str, int] = defaultdict(int)
        self._tasks: set[asyncio.Task[None]] = set()
        self._stopping = False
        self._last_scan = self._last_outbox = 0.0
        self._fresh: deque[dict[str, Any]] = deque()  # scheduled here, not yet claimed

    def scheduled(self, deliveries: list[dict[str, Any]]) -> None:
        """Deliveries just stored by this notifier: claimed by id for an immediate first attempt."""
        self._fresh.extend(deliveries)
        self._wake.set()

    def wake(self) -> None:
        """Run a round now (a result may be waiting to be published, or a delivery due)."""
        self._wake.set()

    def breaker_state(self, partner_id: str) -> BreakerState:
        return self._breakers[partner_id].state(time.monotonic())

    async def run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                claimed = await self._claim_round()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("alert_scheduler_round_failed")  # MongoDB hiccup: try again after a pause
                claimed = False
            if claimed:
                continue
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation when the
            # event is set at the same moment, and the loop would never stop.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(await self._idle_time()):
                    await self._wake.wait()

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _held_back(self, now: float) -> list[str]:
        held = {p for p, n in self._in_flight.items() if n >= self._per_partner}
        held |= {p for p, b in self._breakers.items() if not b.allows(now)}
        return sorted(held)

    async def _claim_round(self) -> bool:
        claimed = await self._claim_fresh()
        now = time.monotonic()
        # The search for due deliveries scans; when fresh ones keep coming, it runs at most every 50 ms.
        if not claimed or now - self._last_scan > SCAN_INTERVAL_S:
            self._last_scan = now
            claimed |= await self._claim_scan()
        # The outbox runs at most every poll interval, counted from the first run the broker allowed.
        if now - self._last_outbox > self._poll_s and await self._delivery.publish_waiting(self._lease_s):
            self._last_outbox = now
        return claimed

    async def _claim_fresh(self) -> bool:
        """Deliveries this notifier just scheduled: claimed by id, the first attempt at once."""
        claimed, waiting = False, []
        while self._fresh and len(self._tasks) < self._concurrency:
            doc = self._fresh.popleft()
            if doc["partner_id"] in self._held_back(time.monotonic()):
                waiting.append(doc)  # its partner is busy or its breaker open: try again next round
                continue
            taken = await self._store.claim(doc, self._clock(), self._lease_s, self._owner)
            if taken is not None:
                self._launch(taken)
                claimed = True
        self._fresh.extendleft(reversed(waiting))
        return claimed

    async def _claim_scan(self) -> bool:
        claimed = False
        while len(self._tasks) < self._concurrency:
            held = self._held_back(time.monotonic())
            doc = await self._store.claim_due(self._clock(), self._lease_s, self._owner, held)
            if doc is None:
                break
            self._launch(doc)
            claimed = True
        return claimed

    def _launch(self, doc: dict[str, Any]) -> None:
        partner_id = doc["partner_id"]
        self._breakers[partner_id].started(time.monotonic())
        self._in_flight[partner_id] += 1
        self._tasks.add(asyncio.create_task(self._run_one(doc)))

    async def _run_one(self, doc: dict[str, Any]) -> None:
        partner_id = str(doc["partner_id"])
        breaker = self._breakers[partner_id]
        structlog.contextvars.bind_contextvars(alert_id=doc["alert_id"], partner_id=partner_id)
        try:
            decision = await self._delivery.attempt(doc)
            if decision.counts_as_failure:
                breaker.failed(time.monotonic())
            else:
                breaker.succeeded()
        except asyncio.CancelledError:
            raise
        except Exception:
            breaker.failed(time.monotonic())
            log.exception("alert_attempt_crashed")  # the lease expires and the delivery is claimed again
        finally:
            self._metrics.breaker_open.labels(partner_id).set(
                0 if breaker.state(time.monotonic()) is BreakerState.CLOSED else 1
            )
            self._in_flight[partner_id] -= 1
            self._tasks.discard(asyncio.current_task())  # type: ignore[arg-type, unused-ignore]
            self._wake.set()

    async def _idle_time(self) -> float:
        """Until the next due delivery, bounded by the poll interval and the next breaker trial."""
        next_due = await self._store.next_due_at()
        wait = self._poll_s
        if next_due is not None:
            until_due = (next_due - self._clock()) / timedelta(seconds=1)
            if until_due > 0:
                wait = min(wait, until_due)
        now = time.monotonic()
        reopening = [b.reopens_in(now) for b in self._breakers.values() if b.opened_at is not None]
        if reopening:
            wait = min(wait, max(0.001, min(reopening)))
        return max(0.001, wait)
