"""Sending one outbound LINE request: reply or push, bounded retries, a record, a result event.

Handling is idempotent: the record in `deliveries` says whether the request was already finished
(then only its result event is published again, with the same id), and a push always carries the
retry key derived from `request_id`, so LINE itself answers 409 to a repeat instead of sending twice.

One ambiguity remains by nature of the reply API: a reply that timed out may have arrived; trying
again meets "Invalid reply token" and falls back to push. We accept a rare duplicate over a loss.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import structlog
from tenacity import (
    AsyncRetrying,
    retry_if_result,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from services.notifier.adapters.line_deliveries import LineDeliveries
from services.notifier.config import Settings
from services.notifier.domain.line_rules import (
    FINAL_FAILURES,
    Method,
    Outcome,
    choose_method,
    classify,
    retry_key,
)
from services.notifier.domain.ports import Answer, Clock, LineSender, Publisher
from services.notifier.metrics import Metrics, status_class
from services.notifier.workflows.results import line_result, line_retry
from shared.events import Envelope, SendLineMessage, utcnow

log = structlog.get_logger(__name__)


@dataclass
class _Progress:
    """Where one handling stands: HTTP attempts (over all handlings), reply refused, last method."""

    attempts: int
    refused: bool
    method: Method = "push"


class RetryLater(Exception):
    """LINE did not take the request in this handling; the consumer nacks and it comes back."""


class LineDelivery:
    def __init__(
        self,
        api: LineSender,
        store: LineDeliveries,
        publisher: Publisher,
        settings: Settings,
        metrics: Metrics,
        clock: Clock = utcnow,
    ) -> None:
        self._api, self._store, self._publisher = api, store, publisher
        self._settings, self._metrics, self._clock = settings, metrics, clock

    async def handle(self, envelope: Envelope, request: SendLineMessage) -> None:
        doc = await self._store.begin(request, self._clock())
        if doc["status"] == "pending":
            try:
                doc = await self._deliver(request, doc)
            except RetryLater as later:  # the console shows "retrying", not "sent" (triage.feedback)
                await self._publisher.publish(line_retry(envelope, request, *later.args[1:]))
                raise
        await self._publisher.publish(line_result(envelope, request, doc))

    async def _deliver(self, request: SendLineMessage, doc: dict[str, Any]) -> dict[str, Any]:
        state = _Progress(int(doc["attempts"]), bool(doc["reply_refused"]))
        answer, outcome = Answer(None), Outcome.RETRY
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._settings.line_attempts)
            | stop_after_delay(self._settings.line_retry_budget_s),
            wait=wait_exponential_jitter(
                multiplier=self._settings.line_backoff_initial_s,
                max=8.0,
                jitter=self._settings.line_backoff_initial_s,
            ),
            retry=retry_if_result(lambda result: result[1] is Outcome.RETRY),
            retry_error_callback=lambda retry_state: None,  # out of attempts: the last answer stands
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                answer, outcome = await self._attempt(request, state)
                if outcome is Outcome.USE_PUSH:  # the token is spent or stale: push at once, no wait
                    state.refused = True
                    answer, outcome = await self._attempt(request, state)
            if attempt.retry_state.outcome and not attempt.retry_state.outcome.failed:
                attempt.retry_state.set_result((answer, outcome))
        now, method = self._clock(), state.method
        common = {"attempts": state.attempts, "last_status": answer.status, "method": method}
        if outcome is Outcome.DELIVERED:
            self._metrics.line_deliveries.labels(method, "delivered").inc()
            log.info("line_delivered", method=method, attempts=state.attempts)
            return await self._store.finish(
                request.request_id,
                status="delivered",
                now=now,
                line_request_id=answer.line_request_id,
                **common,
            )
        if outcome in FINAL_FAILURES or state.attempts >= self._settings.line_max_attempts:
            reason = outcome.value if outcome in FINAL_FAILURES else "retries_exhausted"
            self._metrics.line_deliveries.labels(method, reason).inc()
            log.warning(
                "line_failed", method=method, reason=reason, status=answer.status, attempts=state.attempts
            )
            return await self._store.finish(
                request.request_id, status="failed", now=now, reason=reason, **common
            )
        await self._store.progress(
            request.request_id,
            attempts=state.attempts,
            reply_refused=state.refused,
            last_status=answer.status,
            now=now,
        )
        log.warning("line_retry_later", method=method, status=answer.status, attempts=state.attempts)
        raise RetryLater(f"LINE answered {answer.status or answer.error_class}", state.attempts, answer.status)

    async def _attempt(self, request: SendLineMessage, state: _Progress) -> tuple[Answer, Outcome]:
        method = choose_method(
            reply_token=request.reply_token,
            token_received_at=request.reply_token_received_at,
            now=self._clock(),
            max_age_s=self._settings.reply_token_max_age_s,
            reply_refused=state.refused,
        )
        content = request.content()  # opened by the handler: in memory only, never logged
        started = time.perf_counter()
        answer = await self._api.send(
            method,
            to=content.line_user_id,
            reply_token=content.reply_token,
            messages=list(content.messages),
            silent=request.silent,
            retry_key=retry_key(request.request_id),
        )
        self._metrics.line_attempt_seconds.labels(method, status_class(answer.status)).observe(
            time.perf_counter() - started
        )
        state.attempts += 1
        state.method = method
        return answer, classify(method, answer.status, answer.message)
